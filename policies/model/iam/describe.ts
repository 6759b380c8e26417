/**
 * Short phrases for messages. They name statements, operators and condition keys and quote
 * request values, never whole documents; text taken from a document is shortened.
 */
import { isUnknownValue } from "../value";
import type { ConditionOutcome } from "./conditions";
import type { StatementRef } from "./evaluate";
import type { ContextRead } from "./request";

const MAX_QUOTED_LENGTH = 120;

export function abbreviate(text: string, maxLength = MAX_QUOTED_LENGTH): string {
    return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

/** A request value (action, resource, principal), which may be the unknown sentinel. */
export function describeValue(value: string): string {
    return isUnknownValue(value) ? "a value unknown until deployment" : abbreviate(value);
}

/**
 * `statement 3` (numbered from 1 within its document), with its Sid when it has one and, when
 * several documents were evaluated, the document's number (from 1).
 */
export function describeStatement(ref: StatementRef, withDocument = false): string {
    const number = `statement ${ref.statement + 1}`;
    const named = ref.sid === undefined || ref.sid === "" ? number : `${number} ("${abbreviate(ref.sid, 64)}")`;
    return withDocument ? `${named} of policy ${ref.document + 1}` : named;
}

export function describeRequestValue(read: ContextRead): string {
    switch (read.state) {
        case "absent":
            return "a request without that key";
        case "unknown":
            return "a value unknown until deployment";
        case "single":
            return describeValue(read.value);
        case "multi":
            return abbreviate(
                `[${read.values.known.concat(read.values.hasUnknown ? ["(unknown)"] : []).join(", ")}]`,
                2 * MAX_QUOTED_LENGTH,
            );
    }
}

/** E.g. `condition StringLike kms:EncryptionContext:aws:s3:arn does not match arn:aws:s3:::bucket`. */
export function describeConditionOutcome(outcome: ConditionOutcome): string {
    const clause = `condition ${abbreviate(outcome.operator, 64)} ${abbreviate(outcome.key)}`;
    const value = describeRequestValue(outcome.requestValue);
    if (outcome.result === "unknown") {
        return `${clause} cannot be decided for ${value}: ${outcome.undecidedBecause ?? "a value is unknown"}`;
    }
    return `${clause} ${outcome.result ? "matches" : "does not match"} ${value}`;
}
