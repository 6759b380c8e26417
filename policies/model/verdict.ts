/**
 * The one answer the model gives to "may this principal make this request?", whoever decides it:
 * the IAM evaluator on a list of documents (statements as `StatementMatch`), the replication
 * role's policies with its permissions boundary, or a KMS key policy (statements as
 * `StatementLocation`). IAM user guide, "Policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit Deny wins, otherwise an Allow allows, otherwise the request is implicitly denied.
 *
 * Statement positions are from 0 everywhere in the model; messages number them from 1.
 */
import type { ConditionOutcome } from "./iam/conditions";

/** A statement by the document it is in (how messages name that document) and its position in the document's `Statement` list, from 0. */
export interface StatementLocation {
    readonly origin: string;
    readonly statement: number;
}

/** The `statement` of a location that is a whole resource (an `aws.kms.Grant`), not a statement of a policy document. */
export const WHOLE_RESOURCE = -1;

/** How messages name a location: a statement by its number (from 1) and document; a whole resource (an `aws.kms.Grant`) by its name. */
export function locationText(at: StatementLocation): string {
    return at.statement === WHOLE_RESOURCE ? at.origin : `statement ${at.statement + 1} of ${at.origin}`;
}

/** An Allow statement covering the principal, action and resource whose conditions do not hold. */
export interface UnmetCondition<At = StatementLocation> {
    readonly at: At;
    /** The clauses that do not hold. */
    readonly conditions: readonly ConditionOutcome[];
}

/** The role's permissions boundary does not allow what is denied (the denial's `unmet` conditions include the boundary's). */
export interface BoundaryDenial {
    /** How messages name the boundary policy. */
    readonly origin: string;
    /** Whether the identity policies do not allow it either. */
    readonly identityToo: boolean;
}

export type UnreadableReason =
    /** Unknown until deployment. */
    | "unknown"
    /** A managed policy that is not in the stack (an AWS managed policy, or one managed elsewhere). */
    | "outside-stack"
    /** An attachment that may or may not name this role. */
    | "attachment-unknown"
    /** A document AWS would reject: it cannot be deployed as written. */
    | "invalid";

/** A policy that might decide the request but cannot be read, and why. */
export interface UnreadablePolicy {
    readonly origin: string;
    readonly reason: UnreadableReason;
}

/** Denied whatever the unknowns. */
export interface Denial<At = StatementLocation> {
    readonly kind: "denied";
    /** By the Deny statements `denying`; otherwise for want of an Allow. */
    readonly explicit: boolean;
    /** The Deny statements that surely apply (empty unless `explicit`). */
    readonly denying: readonly At[];
    /** For want of an Allow: the Allow statements that came close, with the conditions that fail. */
    readonly unmet: readonly UnmetCondition<At>[];
    /** For want of an Allow: when the permissions boundary is what does not allow it. */
    readonly boundary?: BoundaryDenial;
}

export type Verdict<At = StatementLocation> =
    | {
          readonly kind: "allowed";
          /** The Allow statements that surely apply, when the decider tells them (the IAM evaluator does). */
          readonly allowing?: readonly At[];
          /** A key policy's: whether it lets in the caller itself, or only its account ("account": the caller's identity policies decide). */
          readonly through?: "caller" | "account";
          /**
           * A resource policy's that lets in the caller itself: whether an implicit deny in the
           * caller's permissions boundary limits that grant (authorization/boundary-reach.ts).
           */
          readonly limitedByBoundary?: boolean | "unknown";
      }
    | Denial<At>
    /** No readable document allows it; one of `unreadable` might. */
    | { readonly kind: "unverifiable"; readonly unreadable: readonly UnreadablePolicy[] }
    | {
          readonly kind: "undecidable";
          /** The statements that cannot be decided and could change the answer, when the decider tells them (the IAM evaluator does). */
          readonly undecided?: readonly At[];
          /** The Allow statements that surely apply, when one of `undecided` might deny. */
          readonly allowing?: readonly At[];
          /**
           * When only facts the stack never shows leave it open (model/undecided.ts): each
           * undecided statement and what the user must confirm about it.
           */
          readonly confirm?: readonly Confirmation<At>[];
      };

/** A statement the stack cannot decide, and what to confirm about it. */
export interface Confirmation<At = StatementLocation> {
    readonly at: At;
    readonly what: string;
    /** A Deny that may apply (else an Allow that may). */
    readonly denies: boolean;
}

export const ALLOWED: Verdict<never> = Object.freeze({ kind: "allowed" });
export const UNDECIDABLE: Verdict<never> = Object.freeze({ kind: "undecidable" });

export function isDenial<At>(verdict: Verdict<At>): verdict is Denial<At> {
    return verdict.kind === "denied";
}

/** The same denial with its statements named another way (e.g. a match by where it is). */
export function relocateDenial<From, To>(denial: Denial<From>, at: (statement: From) => To): Denial<To> {
    return {
        kind: "denied",
        explicit: denial.explicit,
        denying: denial.denying.map(at),
        unmet: denial.unmet.map((unmet) => ({ at: at(unmet.at), conditions: unmet.conditions })),
        ...(denial.boundary ? { boundary: denial.boundary } : {}),
    };
}
