/**
 * Short phrases for messages. They name statements, operators and condition keys and quote
 * request values, never whole documents; text taken from a document is shortened.
 */
import { SecretValues } from "../secret-values";
import { isUnknownValue } from "../value";
import type { ConditionOutcome } from "./conditions";
import type { Verdict } from "../verdict";
import type { StatementMatch, StatementRef } from "./evaluate";
import type { ContextRead, Request } from "./request-context";
import type { Ternary } from "./ternary";

const MAX_QUOTED_LENGTH = 120;

/**
 * `text` cut to `maxLength`. Secrets are redacted first: a secret cut short is no longer found
 * whole in the message, and its first characters would be quoted.
 */
export function abbreviate(text: string, secrets: SecretValues, maxLength = MAX_QUOTED_LENGTH): string {
    const redacted = secrets.redact(text);
    return redacted.length <= maxLength ? redacted : `${redacted.slice(0, maxLength - 1)}…`;
}

/** A request value (action, resource, principal), which may be the unknown sentinel. */
export function describeValue(value: string, secrets: SecretValues): string {
    return isUnknownValue(value) ? "a value unknown until deployment" : abbreviate(value, secrets);
}

/**
 * `statement 3` (numbered from 1 within its document), with its Sid when it has one and, when
 * several documents were evaluated, the document's number (from 1).
 */
export function describeStatement(ref: StatementRef, secrets: SecretValues, withDocument = false): string {
    const number = `statement ${ref.statement + 1}`;
    const named = ref.sid === undefined || ref.sid === "" ? number : `${number} ("${abbreviate(ref.sid, secrets, 64)}")`;
    return withDocument ? `${named} of policy ${ref.document + 1}` : named;
}

export function describeRequestValue(read: ContextRead, secrets: SecretValues): string {
    switch (read.state) {
        case "absent":
            return "a request without that key";
        case "unknown":
            return "a value unknown until deployment";
        case "single":
            return describeValue(read.value, secrets);
        case "multi":
            return abbreviate(`[${read.values.known.concat(read.values.hasUnknown ? ["(unknown)"] : []).join(", ")}]`, secrets, 2 * MAX_QUOTED_LENGTH);
    }
}

/** E.g. `condition StringLike kms:EncryptionContext:aws:s3:arn does not match arn:aws:s3:::bucket`. */
export function describeConditionOutcome(outcome: ConditionOutcome, secrets: SecretValues): string {
    const clause = `condition ${abbreviate(outcome.operator, secrets, 64)} ${abbreviate(outcome.key, secrets)}`;
    const value = describeRequestValue(outcome.requestValue, secrets);
    if (outcome.result === "unknown") {
        return `${clause} cannot be decided for ${value}: ${outcome.undecidedBecause ?? "a value is unknown"}`;
    }
    return `${clause} ${outcome.result ? "matches" : "does not match"} ${value}`;
}

/** The parts of a statement that cannot be decided, e.g. `Resource` or a condition clause. */
export function undecidedParts(match: StatementMatch, secrets: SecretValues): string[] {
    const { statement } = match;
    const parts: string[] = [];
    if (match.effect === "unknown") {
        parts.push("Effect");
    }
    const elements: [Ternary, string][] = [
        [match.principal, statement.principals?.negated ? "NotPrincipal" : "Principal"],
        [match.action, statement.actions.negated ? "NotAction" : "Action"],
        [match.resource, statement.resources?.negated ? "NotResource" : "Resource"],
    ];
    for (const [result, name] of elements) {
        if (result === "unknown") {
            parts.push(name);
        }
    }
    for (const outcome of match.conditionOutcomes) {
        if (outcome.result === "unknown") {
            parts.push(describeConditionOutcome(outcome, secrets));
        }
    }
    if (statement.condition.hasUnknown) {
        parts.push("Condition (unknown until deployment)");
    }
    return parts;
}

/** Why `documents` (`documentCount` of them) give `verdict` on the request, in one sentence. */
export function describeVerdict(request: Request, verdict: Verdict<StatementMatch>, documentCount: number, secrets: SecretValues): string {
    const target = `${describeValue(request.action, secrets)} on ${describeValue(request.resource, secrets)}`;
    const name = (match: StatementMatch | undefined) => (match ? describeStatement(match.ref, secrets, documentCount > 1) : "a statement");
    const undecided = (match: StatementMatch | undefined, verb: string) =>
        `${name(match)} might ${verb} ${target}; undecidable: ${match ? undecidedParts(match, secrets).join("; ") : "unknown"}`;
    switch (verdict.kind) {
        case "denied":
            return verdict.explicit ? `${name(verdict.denying[0])} denies ${target}` : `no statement allows ${target}`;
        case "allowed":
            return `${name(verdict.allowing?.[0])} allows ${target}`;
        case "undecidable": {
            const [first] = verdict.undecided ?? [];
            return verdict.allowing?.length ? `${name(verdict.allowing[0])} allows ${target}, but ${undecided(first, "deny")}` : undecided(first, "allow");
        }
        case "unverifiable":
            return `no statement that can be read allows ${target}`;
    }
}
