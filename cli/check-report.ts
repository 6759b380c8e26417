/** The report `check` prints: text grouped by resource, or JSON. */
import {
    EnforcementLevel,
    PropertyMap,
    shortUrn,
    Stack,
    StackAnalysis,
    StackDiagnostic,
    StackRemediation,
} from "../driver";

export interface CheckedStack {
    stack: Stack;
    analysis: StackAnalysis;
}

export interface CheckSummary {
    files: number;
    resources: number;
    mandatory: number;
    advisory: number;
    remediations: number;
}

/** Findings of stack policies that name no resource, on a stack without a root resource. */
const STACK_GROUP = "(stack)";
const LEVEL_COLUMN = 11;
const LEVEL_RANK: Record<EnforcementLevel, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

export function summarize(checked: readonly CheckedStack[]): CheckSummary {
    const diagnostics = checked.flatMap(({ analysis }) => analysis.diagnostics);
    return {
        files: checked.length,
        resources: checked.reduce((total, { stack }) => total + stack.resources.length, 0),
        mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory").length,
        advisory: diagnostics.filter((d) => d.enforcementLevel === "advisory").length,
        remediations: checked.reduce((total, { analysis }) => total + analysis.remediations.length, 0),
    };
}

export function textReport(checked: readonly CheckedStack[]): string {
    const sections = checked.map(stackSection);
    return [...sections, summaryLine(summarize(checked))].join("\n\n") + "\n";
}

function stackSection({ stack, analysis }: CheckedStack): string {
    const lines = [`${stack.file} — ${describeStack(stack)}`];
    const groups = groupByResource(stack, analysis);
    if (groups.size === 0) {
        lines.push("  no findings");
    }
    for (const [urn, findings] of groups) {
        lines.push(`  ${urn === STACK_GROUP ? urn : shortUrn(urn)}`);
        lines.push(...findings.map((finding) => `    ${finding}`));
    }
    return lines.join("\n");
}

function describeStack(stack: Stack): string {
    const what = stack.source === "preview" ? "preview" : "deployment";
    const count = `${stack.resources.length} resource${stack.resources.length === 1 ? "" : "s"}`;
    return stack.stackName ? `${what} of ${stack.project}/${stack.stackName}, ${count}` : `${what}, ${count}`;
}

/** Report lines per resource, resources in stack order, the most serious findings first. */
function groupByResource(stack: Stack, analysis: StackAnalysis): Map<string, string[]> {
    const findings: Array<{ urn: string; level: EnforcementLevel; line: string }> = [];
    for (const remediation of analysis.remediations) {
        findings.push({ urn: remediation.urn, level: "remediate", line: remediationLine(stack, remediation) });
    }
    for (const diagnostic of analysis.diagnostics) {
        const urn = diagnostic.urn ?? STACK_GROUP;
        findings.push({ urn, level: diagnostic.enforcementLevel, line: diagnosticLine(diagnostic) });
    }

    const resourceOrder = new Map(stack.resources.map((resource, index) => [resource.urn, index]));
    const resourceRank = (urn: string) => resourceOrder.get(urn) ?? Number.MAX_SAFE_INTEGER;
    findings.sort((a, b) => resourceRank(a.urn) - resourceRank(b.urn) || LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
    const groups = new Map<string, string[]>();
    for (const { urn, line } of findings) {
        groups.set(urn, [...(groups.get(urn) ?? []), line]);
    }
    return groups;
}

function diagnosticLine(diagnostic: StackDiagnostic): string {
    return findingLine(diagnostic.enforcementLevel, diagnostic.policyName, diagnostic.message);
}

function remediationLine(stack: Stack, remediation: StackRemediation): string {
    const changed = changedByRemediation(stack, remediation);
    const what = changed.length > 0 ? `would change ${changed.join(", ")}` : "would rewrite the inputs unchanged";
    return findingLine("remediate", remediation.policyName, what);
}

/** `level  policy: message`, continuation lines of the message aligned under its first. */
function findingLine(level: EnforcementLevel, policyName: string, message: string): string {
    const indent = " ".repeat(4 + LEVEL_COLUMN + 2);
    const [first, ...rest] = message.split("\n");
    return [`${level.padEnd(LEVEL_COLUMN)}${policyName}: ${first}`, ...rest.map((line) => indent + line)].join("\n");
}

/** The top-level inputs a remediation would change. */
function changedByRemediation(stack: Stack, remediation: StackRemediation): string[] {
    const inputs = stack.resources.find((resource) => resource.urn === remediation.urn)?.inputs ?? {};
    return changedProperties(inputs, remediation.properties);
}

function changedProperties(before: PropertyMap, after: PropertyMap): string[] {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

function summaryLine(summary: CheckSummary): string {
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
    const findings = [
        plural(summary.mandatory, "mandatory violation"),
        plural(summary.advisory, "advisory violation"),
        plural(summary.remediations, "remediation"),
    ];
    const scope = `${plural(summary.files, "file")} (${plural(summary.resources, "resource")})`;
    return `Summary: ${findings.join(", ")} in ${scope}`;
}

export function jsonReport(checked: readonly CheckedStack[]): string {
    const report = {
        files: checked.map(({ stack, analysis }) => ({
            file: stack.file,
            source: stack.source,
            stack: stack.stackName ?? null,
            project: stack.project ?? null,
            resourceCount: stack.resources.length,
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
        })),
        summary: summarize(checked),
    };
    // Secrets print as "[secret]" and unknowns as "[unknown]" (their toJSON).
    return JSON.stringify(report, null, 2) + "\n";
}
