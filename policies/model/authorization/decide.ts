/**
 * `decide(request, parties)`: one request of the replication role as AWS decides it, over every
 * party that takes part: the role's identity policies and permissions boundary, the policy of the
 * bucket or key the request is on (bucket policy, key policy, grants), and what cannot be seen.
 *
 * IAM user guide, "Policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an
 * explicit Deny in the identity policies, the permissions boundary or the policy of the bucket or
 * key denies; a key policy that lets in neither the role nor its account denies; otherwise a
 * resource policy allowing the role itself is enough (within the boundary), else the identity
 * policies and the boundary must both allow. What cannot be told is undecided.
 */
import { ExternalFacts, NO_FACTS } from "../external-facts";
import { decideBoundary, decideForRole } from "../role/decide";
import { Permission, ReplicationRequests } from "../role/replication-permissions";
import { StackIndex } from "../stack";
import { ALLOWED, locationText, UNDECIDABLE, Verdict } from "../verdict";
import { resourceSide } from "./resource-side";
import { decideOnAliasKey } from "./alias-key";
import { GrantLacking, grantsLacking } from "./key-access";
import { KeyPolicyBlock, outcomeOf, RequestVerdict, statementsOf } from "./request-verdict";
import { PolicyResource } from "../stack";

/** Who takes part in deciding a rule's requests: the stack, the rule's requests (role, caller, the buckets and keys whose own policies take part), facts about what is outside the stack. */
export interface Parties {
    readonly index: StackIndex;
    readonly requests: ReplicationRequests;
    readonly facts?: ExternalFacts;
}

interface Decided {
    verdict: Verdict;
    notPrincipal?: boolean;
    unseen?: "bucket" | "key";
    blocked?: KeyPolicyBlock;
    decidedBy?: PolicyResource;
}

function decideAction({ index, requests, facts = NO_FACTS }: Parties, permission: Permission): Decided {
    const verdict = permission.alias ? decideOnAliasKey(permission, permission.alias, requests.role) : decideForRole(permission.request, requests.role);
    const side = resourceSide(index, requests, permission, facts);
    if (side.kind === "denies") {
        const own = verdict.kind === "denied" && verdict.explicit ? verdict.denying : [];
        return {
            verdict: { kind: "denied", explicit: true, denying: [...own, ...side.denying], unmet: [] },
            decidedBy: side.declaredBy,
            ...(side.notPrincipal ? { notPrincipal: true } : {}),
        };
    }
    if (side.kind === "blocks") {
        if (verdict.kind === "denied" && verdict.explicit) {
            return { verdict };
        }
        return { verdict: { kind: "denied", explicit: false, denying: [], unmet: side.block.unmet }, blocked: side.block, decidedBy: side.block.declaredBy };
    }
    if ((side.kind === "unknown" || side.kind === "defers") && side.confirm && (verdict.kind === "allowed" || openForKeyArn(permission, verdict))) {
        // A key policy is a gate (an Allow it may not give leaves the request open); a bucket policy only by a Deny that may apply.
        const deciding = permission.resourceWithPolicy.kind === "key" ? side.confirm : side.confirm.filter((c) => c.denies);
        if (deciding.length > 0) {
            return { verdict: { kind: "undecidable", confirm: deciding } };
        }
    }
    if (!(verdict.kind === "unverifiable" || (verdict.kind === "denied" && !verdict.explicit))) {
        return { verdict };
    }
    switch (side.kind) {
        case "grants":
            return { verdict: withinBoundary(permission, requests, side.limitedByBoundary) };
        case "unknown":
            return { verdict: side.confirm ? { kind: "undecidable", confirm: side.confirm } : UNDECIDABLE };
        case "unseen":
            return { verdict, unseen: side.resource };
        case "defers":
            return { verdict };
    }
}

/**
 * In a first preview an in-stack key's ARN is unknown, so an identity statement naming the key
 * leaves the request open until the next preview; its key policy, though, names the key as
 * `Resource: "*"` and is decided now. A key policy is a gate (KMS developer guide, "Key policies in
 * AWS KMS": "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access
 * to a KMS key"): when it lets the role in only on what the stack never shows, that decides the
 * request whatever the identity statement turns out to say, in a first preview as after deployment.
 * The first preview stays silent only where it lacks what is needed: a key policy computed from
 * outputs (unknown), a statement open on a value deployment tells (a bucket name Pulumi picks, so
 * the encryption context), a grant whose grantee is computed from the role.
 */
function openForKeyArn(permission: Permission, verdict: Verdict): boolean {
    return permission.keyArnUnknown === true && permission.resourceWithPolicy.kind === "key" && verdict.kind === "undecidable" && verdict.confirm === undefined;
}

/**
 * A request a resource policy grants the role itself, as the role's permissions boundary leaves it
 * (boundary-reach.ts): a grant naming the role's ARN is limited by an implicit deny in the boundary,
 * one the boundary does not limit allows, and one whose form the IAM user guide does not settle is
 * undecided unless the boundary allows it anyway.
 */
function withinBoundary(permission: Permission, requests: ReplicationRequests, limited: boolean | "unknown"): Verdict {
    const { boundary } = requests.role;
    const limit = decideBoundary(permission.request, boundary);
    if (limit.kind === "allowed" || limited === false) {
        return ALLOWED;
    }
    if (limited === true && limit.kind === "denied" && !limit.explicit && boundary.kind === "document") {
        return { kind: "denied", explicit: false, denying: [], unmet: limit.unmet, boundary: { origin: boundary.document.origin, identityToo: false } };
    }
    return UNDECIDABLE;
}

/**
 * The verdict on one request of the role. An action that serves replication as well (the
 * permission's `alternatives`, e.g. `s3:GetObjectVersion` for a rule without SSE-KMS objects)
 * allowed is as good as the action itself.
 */
export function decide(permission: Permission, parties: Parties): RequestVerdict {
    let decided = decideAction(parties, permission);
    if (
        permission.keyArnUnknown &&
        !permission.alias &&
        decided.verdict.kind === "denied" &&
        decided.decidedBy === undefined &&
        !deniedByBoundary(decided.verdict)
    ) {
        // The key's ARN is not known yet: only its key policy's answer is certain; an identity statement may name the ARN it will have.
        decided = { verdict: UNDECIDABLE };
    }
    if (decided.verdict.kind !== "allowed" && decided.verdict.kind !== "undecidable") {
        for (const action of permission.alternatives ?? []) {
            const alternative = decideAction(parties, { ...permission, action, request: { ...permission.request, action } });
            if (alternative.verdict.kind === "allowed" || alternative.verdict.kind === "undecidable") {
                decided = { verdict: alternative.verdict };
                break;
            }
        }
    }
    const confirm = decided.verdict.kind === "undecidable" ? decided.verdict.confirm : undefined;
    return {
        permission,
        principal: parties.requests.caller,
        ...(confirm ? { fix: { kind: "confirm" as const, what: confirm.map((c) => `${locationText(c.at)}: ${c.what}`).join("; ") } } : {}),
        outcome: outcomeOf(decided.verdict),
        verdict: decided.verdict,
        ...statementsOf(decided.verdict),
        ...(decided.unseen ? { unseen: decided.unseen } : {}),
        ...(decided.blocked ? { blocked: decided.blocked } : {}),
        ...(decided.decidedBy ? { decidedBy: decided.decidedBy } : {}),
        ...(decided.notPrincipal ? { notPrincipal: true } : {}),
        ...grantsLackingFor(permission, parties, decided.verdict),
    };
}

/**
 * A denial because the permissions boundary allows the action on no resource: certain before the
 * key's ARN is known (a boundary statement that names a key would match the unknown ARN only
 * perhaps, and leave the request undecided). IAM user guide, "Permissions boundaries for IAM
 * entities": the entity may perform only the actions allowed by both its identity-based policies
 * and its permissions boundaries.
 */
function deniedByBoundary(verdict: Verdict): boolean {
    return verdict.kind === "denied" && !verdict.explicit && verdict.boundary !== undefined;
}

/** A denied request on an in-stack key: the stack's grants that may be the role's but lack the operation, to be named. */
function grantsLackingFor(permission: Permission, { index, requests }: Parties, verdict: Verdict): { grantsLacking?: readonly GrantLacking[] } {
    const { resourceWithPolicy } = permission;
    // An explicit Deny overrides what a grant allows, and a boundary's implicit deny is not a grant's to lift.
    if (verdict.kind !== "denied" || verdict.explicit || verdict.boundary || resourceWithPolicy.kind !== "key" || resourceWithPolicy.key.kind !== "in-stack") {
        return {};
    }
    const lacking = grantsLacking(index, resourceWithPolicy.key.key, permission.action, requests.caller);
    return lacking.length > 0 ? { grantsLacking: lacking } : {};
}

/** The verdicts on every request a rule's role makes (S3 and KMS), in the order the requests are built. */
export function decideAll(parties: Parties): RequestVerdict[] {
    return parties.requests.permissions.map((permission) => decide(permission, parties));
}
