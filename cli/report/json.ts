/** `check --json`: the machine-readable report. */
import { shortUrn } from "../../driver";
import { jsonMatrix } from "./matrix-json";
import { changedByRemediation, CheckedStack, exitCodeOf, incompleteness, STACK_GROUP, summarize } from "./checked";

export function jsonReport(checked: readonly CheckedStack[]): string {
    const summary = summarize(checked);
    const report = {
        files: checked.map(({ stack, analysis, matrix }) => ({
            file: stack.file,
            source: stack.source,
            stack: stack.stackName ?? null,
            project: stack.project ?? null,
            resourceCount: stack.resources.length,
            ...(stack.omittedResources ? { omittedResources: stack.omittedResources, incomplete: incompleteness(stack) } : {}),
            diagnostics: analysis.diagnostics.map((diagnostic) => ({
                ...diagnostic,
                urn: diagnostic.urn ?? null,
                resource: diagnostic.urn ? shortUrn(diagnostic.urn) : STACK_GROUP,
            })),
            remediations: analysis.remediations.map((remediation) => ({
                ...remediation,
                resource: shortUrn(remediation.urn),
                changedProperties: changedByRemediation(stack, remediation),
            })),
            // docs/verdict-matrix.md documents this shape.
            whatReplicates: (matrix ?? []).map(jsonMatrix),
        })),
        summary,
        exitCode: exitCodeOf(summary),
    };
    // Secrets print as "[secret]" and unknowns as "[unknown]" (their toJSON).
    return JSON.stringify(report, null, 2) + "\n";
}
