/**
 * The other half of deciding a replication role's request: what the policy of the bucket or key
 * it is on says. Within the role's own account a bucket policy that allows the role itself is
 * enough, whatever the role's identity policies say, and KMS lets in a role its key policy names
 * directly; a key policy that names only the account leaves it to the identity policies, as does
 * any resource of another account (both sides must allow then). An explicit Deny in a bucket
 * policy denies in any account. A resource outside the stack has a policy the pack cannot see.
 */
import { decideResourcePolicy, Permission, PolicyHolder, ReplicationRequests, StatementLocation } from "../model/role";
import { KeyReference, StackIndex } from "../model/stack";
import { UNKNOWN } from "../model/value";
import { grantMayAllow, keyAccount, keyPolicyVerdict } from "./key-access";

export type ResourceSide =
    /** The resource's policy allows the role itself: its identity policies need not. */
    | { kind: "grants" }
    /** The resource's policy denies the request explicitly. */
    | { kind: "denies"; denying: readonly StatementLocation[] }
    /** The identity policies decide (the resource's policy allows at most the role's account, or another account owns the resource). */
    | { kind: "defers" }
    /** The resource is outside the stack: a policy the pack cannot see may allow the role itself. */
    | { kind: "unseen"; resource: "bucket" | "key" }
    /** The resource's policy cannot be told yet, and may allow the role itself. */
    | { kind: "unknown" };

const GRANTS: ResourceSide = Object.freeze({ kind: "grants" });
const DEFERS: ResourceSide = Object.freeze({ kind: "defers" });
const UNKNOWN_SIDE: ResourceSide = Object.freeze({ kind: "unknown" });

/** Known and different: the resource belongs to another account than the role. */
function isOtherAccount(owner: string | undefined, role: string | undefined): boolean {
    return owner !== undefined && role !== undefined && owner !== role;
}

function bucketSide(requests: ReplicationRequests, permission: Permission, holder: Extract<PolicyHolder, { kind: "bucket" }>): ResourceSide {
    const { caller } = requests;
    const otherAccount = isOtherAccount(holder.account, caller.account);
    const { policy } = holder;
    switch (policy.kind) {
        case "in-stack": {
            // A destination of another account has its bucket policy judged on its own (cross-account problems).
            if (otherAccount && holder.side === "destination" && requests.crossAccount) {
                return DEFERS;
            }
            const verdict = decideResourcePolicy({ ...permission.request, principal: { type: "AWS", id: caller.arn ?? UNKNOWN } },
                { origin: policy.origin, document: policy.document });
            if (verdict.kind === "denies") {
                return verdict;
            }
            if (otherAccount) {
                return DEFERS;
            }
            return verdict.kind === "grants" ? GRANTS : verdict.kind === "undecidable" ? UNKNOWN_SIDE : DEFERS;
        }
        case "none":
            return DEFERS;
        case "unknown":
            return otherAccount ? DEFERS : UNKNOWN_SIDE;
        case "outside-stack":
            return otherAccount ? DEFERS : { kind: "unseen", resource: "bucket" };
    }
}

function keySide(index: StackIndex, requests: ReplicationRequests, permission: Permission, key: KeyReference): ResourceSide {
    const { caller } = requests;
    const otherAccount = isOtherAccount(keyAccount(index, key), caller.account);
    switch (key.kind) {
        case "in-stack": {
            // A grant gives its grantee the key's use whatever the policies say.
            if (grantMayAllow(index, key.key, permission.action, caller)) {
                return UNKNOWN_SIDE;
            }
            // Across accounts the role's identity policies must allow even what the key policy grants it by name.
            if (otherAccount) {
                return DEFERS;
            }
            const verdict = keyPolicyVerdict(index, key.key, permission.action, caller, permission.request.context ?? {});
            if (!verdict) {
                return UNKNOWN_SIDE;
            }
            const { access } = verdict;
            if (access.decision === "allow") {
                return access.through === "caller" ? GRANTS : DEFERS;
            }
            // A key policy that denies the role is for the key policy checks to report.
            return access.decision === "undecidable" ? UNKNOWN_SIDE : DEFERS;
        }
        case "external":
            return otherAccount ? DEFERS : { kind: "unseen", resource: "key" };
        default:
            return UNKNOWN_SIDE;
    }
}

/** What the policy of the bucket or key a request is on adds to the role's identity policies. */
export function resourceSide(index: StackIndex, requests: ReplicationRequests, permission: Permission): ResourceSide {
    const { holder } = permission;
    return holder.kind === "bucket" ? bucketSide(requests, permission, holder) : keySide(index, requests, permission, holder.key);
}
