/**
 * What the user must confirm about a statement the stack cannot decide, when nothing but facts the
 * stack never shows leaves it open: a condition on a key S3's request carries with a value the
 * stack cannot know (`aws:PrincipalOrgID`, `aws:PrincipalTag/*`, ...), a principal naming a
 * session of the role (which session S3 uses is not in the stack), or a `NotPrincipal`. A
 * statement also open for a value that is merely unknown until deployment gives nothing to
 * confirm: the next preview decides it.
 */
import { isUnknownValue } from "./value";
import type { Request, StatementMatch } from "./iam";
import { Confirmation, UNDECIDABLE, Verdict } from "./verdict";

/**
 * What to confirm for the statement to decide the request as replication needs; undefined when
 * something else leaves it open. `modelled`: the condition keys (lower-cased) whose values the
 * request carries or will carry once deployed.
 */
export function whatToConfirm(match: StatementMatch, modelled: ReadonlySet<string>): string | undefined {
    const { statement } = match;
    if (match.action === "unknown" || match.resource === "unknown" || match.effect === "unknown" || statement.condition.hasUnknown) {
        return undefined;
    }
    const parts: string[] = [];
    const allows = match.effect === "Allow";
    if (match.principal === "unknown") {
        if (statement.principals?.negated) {
            parts.push(`that its NotPrincipal ${allows ? "covers" : "spares"} the session of the role S3 uses (its name is not in the stack)`);
        } else if (
            statement.principals?.value.kind === "listed" &&
            !statement.principals.value.byType.get("AWS")?.hasUnknown &&
            (statement.principals.value.byType.get("AWS")?.known.some((entry) => /^arn:[^:]+:sts::\d{12}:assumed-role\//.test(entry)) ?? false)
        ) {
            parts.push(`that the role session it names ${allows ? "is" : "is not"} the one S3 uses (the session name is not in the stack)`);
        } else {
            return undefined;
        }
    }
    for (const outcome of match.conditionOutcomes) {
        if (outcome.result !== "unknown") {
            continue;
        }
        if (isUnknownValue(outcome.key) || modelled.has(outcome.key.toLowerCase())) {
            return undefined;
        }
        parts.push(`that its condition ${outcome.operator} ${outcome.key} ${allows ? "holds" : "does not hold"} for the replication role's requests`);
    }
    return parts.length > 0 ? parts.join(", and ") : undefined;
}

/** The keys a replication request carries: its context's, and the caller's own. */
export function modelledKeys(context: Readonly<Record<string, unknown>> | undefined): Set<string> {
    return new Set([...Object.keys(context ?? {}), "kms:CallerAccount", "aws:PrincipalAccount", "aws:PrincipalArn"].map((key) => key.toLowerCase()));
}

/** Undecidable, with what to confirm when only facts the stack never shows leave the statements open. */
export function withConfirmations<At>(undecided: readonly StatementMatch[], request: Request, at: (match: StatementMatch) => At): Verdict<At> {
    const modelled = modelledKeys(request.context);
    const confirm: Confirmation<At>[] = [];
    for (const match of undecided) {
        const what = whatToConfirm(match, modelled);
        if (what === undefined) {
            return UNDECIDABLE;
        }
        confirm.push({ at: at(match), what, denies: match.effect === "Deny" });
    }
    return confirm.length > 0 ? { kind: "undecidable", confirm } : UNDECIDABLE;
}
