/**
 * `check`'s report for people: per file, findings grouped by resource, the most serious first;
 * each policy's description once, in a legend after the findings; a summary saying what the
 * exit code means. Everything from a stack file or the pack is escaped and shortened
 * (terminal-text.ts); lines wrap at `width` (Infinity when piped).
 */
import * as path from "path";

import { EnforcementLevel, parseUrn, shortUrn, Stack, StackAnalysis } from "../../driver";
import { safeText, shortenToken, wrap } from "../terminal-text";
import {
    changedByRemediation,
    CheckedStack,
    CheckSummary,
    countLevel,
    EXIT_INCOMPLETE,
    EXIT_MANDATORY_VIOLATION,
    exitCodeOf,
    incompleteness,
    LEVEL_RANK,
    plural,
    RERUN_PREVIEW,
    STACK_GROUP,
    summarize,
} from "./checked";
import { splitSnippets } from "./snippets";
import { matrixLines } from "./matrix-text";

export interface TextReportOptions {
    /** Terminal columns; Infinity for no wrapping. */
    width: number;
}

const LEVEL_COLUMN = 11;
const FINDING_INDENT = " ".repeat(4 + LEVEL_COLUMN);
const SNIPPET_INDENT = FINDING_INDENT + "  ";

interface Finding {
    urn: string;
    level: EnforcementLevel;
    policyName: string;
    message: string;
}

export function textReport(checked: readonly CheckedStack[], options: TextReportOptions): string {
    const summary = summarize(checked);
    const blocks = checked.map((stack) => stackSection(stack, options.width));
    const legend = legendSection(checked, options.width);
    if (legend) {
        blocks.push(legend);
    }
    blocks.push(summarySection(summary, options.width));
    return blocks.join("\n\n") + "\n";
}

function stackSection({ stack, analysis, matrix }: CheckedStack, width: number): string {
    const lines = [safeText(displayPath(stack.file), false), ...wrap(`${describeStack(stack)}: ${describeOutcome(analysis)}`, width, "  ", "    ")];
    const incomplete = incompleteness(stack);
    if (incomplete) {
        lines.push(...wrap(incomplete, width, "  ", "    "));
    }
    for (const [urn, findings] of groupByResource(stack, analysis)) {
        lines.push("", `  ${safeText(urn === STACK_GROUP ? urn : displayResource(urn), false)}`);
        for (const finding of findings) {
            lines.push(`    ${finding.level.padEnd(LEVEL_COLUMN)}${safeText(finding.policyName, false)}`);
            lines.push(...messageLines(finding.message, width));
        }
    }
    lines.push(...matrixLines(matrix ?? [], analysis.diagnostics, width));
    return lines.join("\n");
}

/**
 * A resource as a program names it: `aws.s3.BucketServerSideEncryptionConfiguration "source-encryption"`
 * for `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration`.
 */
function displayResource(urn: string): string {
    const parts = parseUrn(urn);
    if (!parts) {
        return shortUrn(urn);
    }
    const [pkg, modulePath, name] = parts.type.split(":");
    if (!pkg || !modulePath || !name || pkg === "pulumi") {
        return `${parts.type} "${parts.name}"`;
    }
    return `${pkg}.${modulePath.split("/")[0]}.${name} "${parts.name}"`;
}

/** Relative to the working directory when under it, as the user would type it. */
function displayPath(file: string | undefined): string {
    if (file === undefined) {
        return "(stack)";
    }
    const relative = path.relative(process.cwd(), file);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function describeStack(stack: Stack): string {
    const what = stack.source === "preview" ? "preview" : "deployment";
    const count = plural(stack.resources.length, "resource");
    const name = [stack.organization, stack.project, stack.stackName].filter((part) => part !== undefined).join("/");
    return stack.stackName ? `${what} of ${safeText(name, false)}, ${count}` : `${what}, ${count}`;
}

function describeOutcome(analysis: StackAnalysis): string {
    const mandatory = countLevel(analysis, "mandatory");
    const advisory = countLevel(analysis, "advisory");
    const remediations = analysis.remediations.length;
    const extras = [...(advisory > 0 ? [plural(advisory, "advisory finding")] : []), ...(remediations > 0 ? [plural(remediations, "remediation")] : [])];
    if (mandatory > 0) {
        return [plural(mandatory, "mandatory violation"), ...extras].join(", ");
    }
    if (extras.length === 0) {
        return "no findings";
    }
    return `no mandatory violation; ${extras.join(", ")} (advisory findings do not fail the check)`;
}

/** Findings per resource, resources in stack order, the most serious findings first. */
function groupByResource(stack: Stack, analysis: StackAnalysis): Map<string, Finding[]> {
    const findings: Finding[] = [];
    for (const remediation of analysis.remediations) {
        const changed = changedByRemediation(stack, remediation);
        const message = changed.length > 0 ? `fixes ${changed.join(", ")} (applied before the policies judge the resource)` : "rewrites the inputs unchanged";
        findings.push({ urn: remediation.urn, level: "remediate", policyName: remediation.policyName, message });
    }
    for (const diagnostic of analysis.diagnostics) {
        const { policyName, enforcementLevel: level } = diagnostic;
        findings.push({ urn: diagnostic.urn ?? STACK_GROUP, level, policyName, message: withoutDescription(diagnostic) });
    }
    const resourceOrder = new Map(stack.resources.map((resource, index) => [resource.urn, index]));
    const resourceRank = (urn: string) => resourceOrder.get(urn) ?? Number.MAX_SAFE_INTEGER;
    findings.sort((a, b) => resourceRank(a.urn) - resourceRank(b.urn) || LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
    const groups = new Map<string, Finding[]>();
    for (const finding of findings) {
        groups.set(finding.urn, [...(groups.get(finding.urn) ?? []), finding]);
    }
    return groups;
}

/** @pulumi/policy starts every message with the policy's description; the legend has it once. */
function withoutDescription({ message, description }: { message: string; description: string }): string {
    return description !== "" && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
}

/** The message wrapped under the policy name; JSON it quotes (a statement to add) on lines of its own. */
function messageLines(message: string, width: number): string[] {
    const lines: string[] = [];
    for (const part of splitSnippets(message)) {
        if (part.kind === "text") {
            const text = safeText(part.text).trim();
            if (text !== "") {
                lines.push(...wrap(text, width, FINDING_INDENT, FINDING_INDENT));
            }
        } else {
            lines.push(...snippetLines(part.value, width));
        }
    }
    return lines;
}

/** One line when it fits (or when not wrapping), else indented JSON: valid JSON to copy either way. */
function snippetLines(value: Record<string, unknown>, width: number): string[] {
    const shortened = JSON.parse(JSON.stringify(value, (_key, element) => (typeof element === "string" ? shortenToken(element) : element))) as unknown;
    const oneLine = escapeSnippet(JSON.stringify(shortened));
    if (SNIPPET_INDENT.length + oneLine.length <= width) {
        return [SNIPPET_INDENT + oneLine];
    }
    return escapeSnippet(JSON.stringify(shortened, null, 2))
        .split("\n")
        .map((line) => SNIPPET_INDENT + line);
}

/** JSON.stringify escapes C0 controls already; C1 and bidi characters stay, so escape them as JSON does. */
function escapeSnippet(json: string): string {
    return json.replace(
        /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
        (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

/** Each reported policy's description, once. */
function legendSection(checked: readonly CheckedStack[], width: number): string | undefined {
    const descriptions = new Map<string, string>();
    for (const { analysis } of checked) {
        for (const finding of [...analysis.diagnostics, ...analysis.remediations]) {
            if (!descriptions.has(finding.policyName)) {
                descriptions.set(finding.policyName, finding.description);
            }
        }
    }
    if (descriptions.size === 0) {
        return undefined;
    }
    const lines = ["Policies reported above:"];
    for (const [name, description] of [...descriptions].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`  ${safeText(name, false)}`);
        lines.push(...wrap(safeText(description, false), width, "      ", "      "));
    }
    return lines.join("\n");
}

function summarySection(summary: CheckSummary, width: number): string {
    const counts = [
        summary.mandatory > 0 ? `${plural(summary.mandatory, "mandatory violation")} in ${plural(summary.failingFiles, "file")}` : "no mandatory violation",
        plural(summary.advisory, "advisory finding"),
        ...(summary.remediations > 0 ? [plural(summary.remediations, "remediation")] : []),
    ];
    const scope = `${plural(summary.files, "file")}, ${plural(summary.resources, "resource")}`;
    const meanings: Record<number, string> = {
        [EXIT_MANDATORY_VIOLATION]: "Exit code 1: a mandatory policy is violated, so `pulumi preview` and `pulumi up` with this pack would fail.",
        [EXIT_INCOMPLETE]: `Exit code 3: no mandatory violation in what the files contain, but ${plural(summary.incompleteFiles, "file")} ${summary.incompleteFiles === 1 ? "leaves" : "leave"} resources out, so this is not a clean result; rerun \`${RERUN_PREVIEW}\`.`,
    };
    const meaning = meanings[exitCodeOf(summary)] ?? "Exit code 0: no mandatory policy is violated.";
    const advisories = "Advisory findings are shown for review and never fail the check.";
    const remediations =
        summary.remediations > 0
            ? " Remediations are fixes the pack applies to resource inputs during `pulumi preview` and `pulumi up`, before the policies judge them; the findings above are those left after them."
            : "";
    return [...wrap(`Summary: ${counts.join(", ")} (${scope}).`, width, "", "  "), ...wrap(`${meaning} ${advisories}${remediations}`, width, "", "")].join(
        "\n",
    );
}
