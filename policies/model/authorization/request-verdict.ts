/**
 * The per-request answer of the authorization module: may the replication role (or S3) make this
 * request, which statements decide it, which could not be decided, and the one change that would
 * let it through. Everything a policy reports about authorization is read from these; a policy
 * only chooses which verdicts it reports (e.g. the S3 ones, or the KMS ones).
 *
 * A verdict is about one request: an action, on a resource (as a statement names it: a bucket ARN,
 * `<bucket ARN>/<prefix>*`, or a key ARN), made by a principal (the role, by ARN or account).
 */
import type { ConditionOutcome } from "../iam";
import type { Caller } from "../key-policy";
import type { GrantLacking } from "./key-access";
import type { Permission } from "../role/replication-permissions";
import type { PolicyResource } from "../stack";
import type { StatementLocation, UnmetCondition, Verdict } from "../verdict";

export type Outcome = "allowed" | "denied" | "undecided";

/** The one change that lets the request through; never one that widens access beyond it. */
export type Fix =
    /** Add `statement` (one line of JSON) to the policy `to` names (the role's policies, its boundary, a key or bucket policy). */
    | { readonly kind: "add-statement"; readonly to: string; readonly statement: string; readonly declaredBy?: PolicyResource }
    /** The statement `at` nearly lets the request in: correct these of its conditions (not a new, broader statement). */
    | {
          readonly kind: "correct-condition";
          readonly at: StatementLocation;
          readonly conditions: readonly ConditionOutcome[];
          readonly declaredBy?: PolicyResource;
      }
    /** An explicit Deny overrides any Allow: narrow or remove these statements. */
    | { readonly kind: "narrow-deny"; readonly statements: readonly StatementLocation[] }
    /** Undecided: what the user must confirm for the request to be allowed. */
    | { readonly kind: "confirm"; readonly what: string };

/** Why a request is decided the way it is, beyond its statements. */
export interface RequestVerdict {
    /** The request: action, resource, request context, the bucket or key it is on, and what else would serve. */
    readonly permission: Permission;
    /** The principal making it. */
    readonly principal: Caller;
    readonly outcome: Outcome;
    /** The detailed answer (a `Denial` says explicit or implicit, the unmet conditions, the boundary). */
    readonly verdict: Verdict;
    /** The statements that decide it: the Deny statements, the Allow statements that came close, or those that allow it (when told). */
    readonly deciding: readonly StatementLocation[];
    /** The statements that could change the answer but cannot be decided from the stack. */
    readonly undecided: readonly StatementLocation[];
    /** A denial on a bucket or key outside the stack: a policy of it the pack cannot see may allow the role. */
    readonly unseen?: "bucket" | "key";
    /** The key policy lets in neither the role nor its account (or a `*` statement whose conditions fail is the only way in). */
    readonly blocked?: KeyPolicyBlock;
    /** The resource whose own policy decides the denial (a key or bucket policy): findings are reported on it. */
    readonly decidedBy?: PolicyResource;
    /** Denied by a `Deny` with `NotPrincipal` in a bucket or key policy, because the role has a permissions boundary. */
    readonly notPrincipal?: boolean;
    /** Denied on an in-stack key: the stack's grants that may be the role's on it but do not give this operation. */
    readonly grantsLacking?: readonly GrantLacking[];
    readonly fix?: Fix;
}

/** A key policy that lets in neither the role nor its account. */
export interface KeyPolicyBlock {
    /** The resource that sets the key policy: the key, or an `aws.kms.KeyPolicy`. */
    readonly declaredBy: PolicyResource;
    readonly origin: string;
    /** The key's partition, for the statement to add. */
    readonly partition: string;
    readonly unmet: readonly UnmetCondition[];
}

/** The outcome of a detailed verdict. */
export function outcomeOf(verdict: Verdict): Outcome {
    switch (verdict.kind) {
        case "allowed":
            return "allowed";
        case "denied":
            return "denied";
        default:
            return "undecided";
    }
}

/** The statements that decide a verdict, and those that could not be decided. */
export function statementsOf(verdict: Verdict): { deciding: readonly StatementLocation[]; undecided: readonly StatementLocation[] } {
    switch (verdict.kind) {
        case "allowed":
            return { deciding: verdict.allowing ?? [], undecided: [] };
        case "denied":
            return { deciding: verdict.explicit ? verdict.denying : verdict.unmet.map((u) => u.at), undecided: [] };
        case "undecidable":
            return { deciding: verdict.allowing ?? [], undecided: verdict.undecided ?? verdict.confirm?.map((c) => c.at) ?? [] };
        case "unverifiable":
            return { deciding: [], undecided: [] };
    }
}
