/**
 * The loop of the stack policies that judge one replication rule at a time: every rule S3 applies
 * (status known to be `Enabled`) is checked alone, and a problem that several rules of one
 * resource share is reported once, naming all of them.
 */
import { ReplicationInStack, StackIndex, stackIndex } from "../model/stack";
import { Finding } from "./define";
import { groupedFindings, isEnabledRule, RuleProblem } from "./stack-rules";

/** What one rule shows: nothing, one problem, or several (undefined entries are skipped). */
export type RuleCheck = (replication: ReplicationInStack, index: StackIndex) => RuleProblem | ReadonlyArray<RuleProblem | undefined> | undefined;

/** The replication rules of the stack that S3 applies, in stack order (computed once per index). */
export function enabledReplications(index: StackIndex): readonly ReplicationInStack[] {
    return index.memo("each-rule/enabled-replications", () => index.replications().filter((replication) => isEnabledRule(replication.rule)));
}

/** `check` over every enabled rule of the stack's `resources`, its problems grouped per resource into findings. */
export function eachEnabledRule(resources: readonly unknown[], check: RuleCheck): Finding[] {
    const index = stackIndex(resources);
    const problems = enabledReplications(index).flatMap((replication) => {
        const found = check(replication, index);
        return found === undefined ? [] : isProblemList(found) ? found.filter((p): p is RuleProblem => p !== undefined) : [found];
    });
    return groupedFindings(problems);
}

function isProblemList(found: RuleProblem | ReadonlyArray<RuleProblem | undefined>): found is ReadonlyArray<RuleProblem | undefined> {
    return Array.isArray(found);
}
