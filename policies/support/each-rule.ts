/**
 * The loop of the stack policies that judge one replication rule at a time: every rule S3 applies
 * (status known to be `Enabled`) is checked alone, and a problem that several rules of one
 * resource share is reported once, naming all of them.
 */
import { activeWorkBound } from "../model/iam/work-bound";
import { isEnabledRule } from "../model/replication";
import { ReplicationInStack, StackIndex } from "../model/stack";
import { StackAnalysis } from "./analysis";
import { Finding } from "./define";
import { configurationLabel, groupKey } from "../wording/labels";
import { MAX_LISTED_ITEMS } from "../wording/messages";

/** A problem of one rule; rules of one resource with the same problem are reported together. */
export interface RuleProblem {
    urn: string;
    /** Identifies the problem within the resource (e.g. the KMS key and what is wrong with it); see `groupKey`. */
    problemId: string;
    ruleLabel: string;
    message(rules: string): string;
    advisoryOnly?: boolean;
    /** The replication requests the problem is about (`requestKey`s), for the verdict matrix. */
    about?: readonly string[];
}

/** What one rule shows: nothing, one problem, or several (undefined entries are skipped). */
export type RuleProblems = RuleProblem | ReadonlyArray<RuleProblem | undefined> | undefined;

export type RuleCheck = (replication: ReplicationInStack, index: StackIndex) => RuleProblems;

/** The replication rules of the stack that S3 applies, in stack order (computed once per index). */
export function enabledReplications(index: StackIndex): readonly ReplicationInStack[] {
    return index.memo("each-rule/enabled-replications", () => index.replications().filter((replication) => isEnabledRule(replication.rule)));
}

/**
 * `check` over every enabled rule of the stack, its problems grouped per resource
 * into findings; with one advisory naming the rules whose requests were not all evaluated, the
 * bound on matching work being reached (iam/work-bound.ts). `matchesPolicies`: the check is about
 * what policies allow, nothing else, so that past the bound it is not run at all.
 */
export function eachEnabledRule({ index }: Pick<StackAnalysis, "index">, check: RuleCheck, options: { matchesPolicies?: boolean } = {}): Finding[] {
    // Rules some of whose matching was refused, by any policy of the stack (their results are shared through the index).
    const unevaluated = index.memo("each-rule/unevaluated-rules", () => new Set<ReplicationInStack>());
    const bound = activeWorkBound();
    const problems: RuleProblem[] = [];
    const affected: ReplicationInStack[] = [];
    for (const replication of enabledReplications(index)) {
        const refusedBefore = bound?.refused ?? 0;
        // A check that only matches policies learns nothing once the bound is reached: the rule is not evaluated at all.
        if (!(options.matchesPolicies && bound?.exhausted)) {
            problems.push(...problemList(check(replication, index)));
        }
        if ((bound?.refused ?? 0) > refusedBefore || (options.matchesPolicies && bound?.exhausted)) {
            unevaluated.add(replication);
        }
        if (unevaluated.has(replication)) {
            affected.push(replication);
        }
    }
    return [...groupedFindings(problems), ...unevaluatedFinding(affected)];
}

/** Past the bound on matching work, what was not evaluated: advisory, as what it leaves undecided is. */
function unevaluatedFinding(affected: readonly ReplicationInStack[]): Finding[] {
    if (affected.length === 0) {
        return [];
    }
    const rules = ruleList(affected.map((replication) => replication.rule.label));
    return [
        {
            urn: affected[0].configurationResource.urn,
            message:
                `${configurationLabel(affected[0])} (${rules}): the pack bounds the work of matching policy patterns per stack, and this stack's ` +
                `rules and policies reached the bound, so some requests of these rules were not evaluated against the role's, buckets' and keys' policies ` +
                `and are reported neither as allowed nor as denied. Confirm by hand that the replication role may make these rules' requests, ` +
                `or check the rules in smaller stacks.`,
            advisoryOnly: true,
        },
    ];
}

/**
 * A problem of the rule's configuration, reported on the resource that holds it unless `urn`
 * says otherwise: `BucketReplicationConfig "replication" (rule "a", rule "b") <text>`.
 */
export function ruleProblem(
    replication: Pick<ReplicationInStack, "configuration" | "configurationResource" | "rule">,
    problemId: string,
    text: string,
    options: { urn?: string; advisoryOnly?: boolean } = {},
): RuleProblem {
    return {
        urn: options.urn ?? replication.configurationResource.urn,
        problemId,
        ruleLabel: replication.rule.label,
        message: (rules) => `${configurationLabel(replication)} (${rules}) ${text}`,
        ...(options.advisoryOnly ? { advisoryOnly: true } : {}),
    };
}

/** Findings of the problems, one per resource and problem, naming every rule that has it (in the order first seen). */
export function groupedFindings(problems: readonly RuleProblem[]): Finding[] {
    const groups = new Map<string, { problem: RuleProblem; labels: Set<string> }>();
    for (const problem of problems) {
        const id = groupKey(problem.urn, problem.problemId);
        const group = groups.get(id);
        if (group) {
            group.labels.add(problem.ruleLabel);
        } else {
            groups.set(id, { problem, labels: new Set([problem.ruleLabel]) });
        }
    }
    return [...groups.values()].map(({ problem, labels }) => ({
        message: problem.message(ruleList([...labels])),
        urn: problem.urn,
        ...(problem.advisoryOnly ? { advisoryOnly: true } : {}),
    }));
}

/** The rules' labels, at most `MAX_LISTED_ITEMS` of them named: a configuration holds up to 1,000 rules. */
function ruleList(labels: readonly string[]): string {
    return labels.length > MAX_LISTED_ITEMS
        ? `${labels.slice(0, MAX_LISTED_ITEMS).join(", ")} and ${labels.length - MAX_LISTED_ITEMS} more rules`
        : labels.join(", ");
}

function problemList(found: RuleProblems): RuleProblem[] {
    if (found === undefined) {
        return [];
    }
    return isProblemList(found) ? found.filter((p): p is RuleProblem => p !== undefined) : [found];
}

function isProblemList(found: RuleProblem | ReadonlyArray<RuleProblem | undefined>): found is ReadonlyArray<RuleProblem | undefined> {
    return Array.isArray(found);
}
