/** What `check` found, and the facts both reports (text and JSON) are made of. */
import { EnforcementLevel, PropertyMap, Stack, StackAnalysis, StackRemediation } from "../../driver";
import type { RuleMatrix } from "../../policies/support/verdict-matrix";

export interface CheckedStack {
    stack: Stack;
    analysis: StackAnalysis;
    /** What replicates under each enabled replication rule (matrix.ts), when worked out. */
    matrix?: RuleMatrix[];
}

export interface CheckSummary {
    files: number;
    resources: number;
    mandatory: number;
    advisory: number;
    remediations: number;
    /** Files with at least one mandatory violation. */
    failingFiles: number;
    /** Files that leave resources out (a preview without --show-sames): their analysis is incomplete. */
    incompleteFiles: number;
}

export const EXIT_OK = 0;
export const EXIT_MANDATORY_VIOLATION = 1;
export const EXIT_CANNOT_CHECK = 2;
/** Nothing mandatory found, but a file leaves resources out: never reported as a clean result. */
export const EXIT_INCOMPLETE = 3;

/** What to run instead of a preview that leaves unchanged resources out. */
export const RERUN_PREVIEW = "pulumi preview --json --show-sames > preview.json";

/** Findings of stack policies that name no resource, on a stack without a root resource. */
export const STACK_GROUP = "(stack)";

export const LEVEL_RANK: Record<EnforcementLevel, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

export function countLevel(analysis: StackAnalysis, level: EnforcementLevel): number {
    return analysis.diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === level).length;
}

export function summarize(checked: readonly CheckedStack[]): CheckSummary {
    return {
        files: checked.length,
        resources: checked.reduce((total, { stack }) => total + stack.resources.length, 0),
        mandatory: checked.reduce((total, { analysis }) => total + countLevel(analysis, "mandatory"), 0),
        advisory: checked.reduce((total, { analysis }) => total + countLevel(analysis, "advisory"), 0),
        remediations: checked.reduce((total, { analysis }) => total + analysis.remediations.length, 0),
        failingFiles: checked.filter(({ analysis }) => countLevel(analysis, "mandatory") > 0).length,
        incompleteFiles: checked.filter(({ stack }) => (stack.omittedResources ?? 0) > 0).length,
    };
}

/** A mandatory violation fails the check even where the files are incomplete; otherwise an incomplete file does. */
export function exitCodeOf(summary: CheckSummary): number {
    if (summary.mandatory > 0) {
        return EXIT_MANDATORY_VIOLATION;
    }
    return summary.incompleteFiles > 0 ? EXIT_INCOMPLETE : EXIT_OK;
}

/** Why a file's analysis is incomplete and how to rerun, or undefined when it is complete. */
export function incompleteness(stack: Stack): string | undefined {
    const omitted = stack.omittedResources ?? 0;
    if (omitted === 0) {
        return undefined;
    }
    return `incomplete: the preview counts ${plural(omitted, "unchanged resource")} it does not contain (it ran without --show-sames), so the stack policies could not see ${omitted === 1 ? "it" : "them"}; rerun \`${RERUN_PREVIEW}\` and check that file`;
}

/** The top-level inputs a remediation would change. */
export function changedByRemediation(stack: Stack, remediation: StackRemediation): string[] {
    const inputs = stack.resources.find((resource) => resource.urn === remediation.urn)?.inputs ?? {};
    return changedProperties(inputs, remediation.properties);
}

function changedProperties(before: PropertyMap, after: PropertyMap): string[] {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

export function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
}
