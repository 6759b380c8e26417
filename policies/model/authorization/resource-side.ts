/**
 * The other half of deciding a replication role's request: what the policy of the bucket or key
 * it is on says. Within the role's own account a bucket policy that allows the role itself is
 * enough, whatever the role's identity policies say, and KMS lets in a role its key policy names
 * directly; a key policy that names only the account leaves it to the identity policies, as does
 * any resource of another account (both sides must allow then). An explicit Deny in a bucket
 * or key policy denies in any account. A resource outside the stack has a policy the pack cannot see.
 *
 * A key policy is also a gate: KMS lets no one use a key its key policy does not allow, neither
 * the caller nor the caller's account (KMS developer guide, "Key policies in AWS KMS",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html: "Unless the key policy
 * explicitly allows it, you cannot use IAM policies to allow access to a KMS key"). A key policy
 * that allows neither "blocks" the request, whatever the identity policies say.
 */
import { ExternalFacts } from "../external-facts";
import { grantConfirmations, grantMayAllow, keyAccount, keyPolicyVerdict } from "./key-access";
import { describeResource, KeyReference, KmsKey, PolicyResource, StackIndex } from "../stack";
import { admitsPrincipalItself, decisiveMatches, Request, StatementMatch } from "../iam";
import { isUnknownValue, UNKNOWN } from "../value";
import { Confirmation, relocateDenial, StatementLocation } from "../verdict";
import { withConfirmations } from "../undecided";
import { locate, openRequest } from "../role/decide";
import { SourcedDocument } from "../role/documents";
import { KMS_ENCRYPT, Permission, ResourceWithPolicy, ReplicationRequests } from "../role/replication-permissions";
import type { KeyPolicyBlock } from "./request-verdict";
import { boundaryLimitsGrant, notPrincipalDenials } from "./boundary-reach";

export type ResourceSide =
    /**
     * The resource's policy allows the role itself: its identity policies need not. Whether an
     * implicit deny in the role's permissions boundary limits the grant depends on how it names
     * the role (boundary-reach.ts).
     */
    | { kind: "grants"; limitedByBoundary: boolean | "unknown" }
    /** The resource's policy denies the request explicitly (`notPrincipal`: by `Deny` + `NotPrincipal`, for a role with a permissions boundary). */
    | { kind: "denies"; denying: readonly StatementLocation[]; declaredBy?: PolicyResource; notPrincipal?: boolean }
    /** The key policy lets in neither the role nor its account: nothing else can allow it. */
    | { kind: "blocks"; block: KeyPolicyBlock }
    /**
     * The identity policies decide (the resource's policy allows at most the role's account, or another account owns the
     * resource); `confirm`: a Deny of the resource's policy that may apply, on what only the user can tell.
     */
    | { kind: "defers"; confirm?: readonly Confirmation[] }
    /** The resource is outside the stack: a policy the pack cannot see may allow the role itself. */
    | { kind: "unseen"; resource: "bucket" | "key" }
    /** The resource's policy cannot be told yet, and may allow the role itself; `confirm`: what only the user can tell. */
    | { kind: "unknown"; confirm?: readonly Confirmation[] };

const DEFERS: ResourceSide = Object.freeze({ kind: "defers" });
const UNKNOWN_SIDE: ResourceSide = Object.freeze({ kind: "unknown" });

/**
 * What a resource policy (a bucket policy) says about a request of `request.principal` (an IAM
 * ARN, or unknown) of the resource's own account, in an open world as `decideByDocuments`. Within one
 * account, an Allow naming the principal itself (or everyone) allows the request even if no
 * identity policy does ("grants", when nothing in the policy may deny), while one naming only the
 * account delegates to the identity policies ("defers", as does a policy that says nothing); an
 * explicit Deny denies in any account ("denies"). "unknown": it might allow the principal itself,
 * or allows it but might deny it too.
 */
export function decideResourcePolicy(request: Request, policy: SourcedDocument, options: { boundary?: boolean } = {}): ResourceSide {
    const documents = [policy];
    if (options.boundary) {
        const trap = notPrincipalDenials(request, policy.document);
        if (trap.length > 0) {
            return { kind: "denies", denying: trap.map((match) => locate(documents, match.ref)), notPrincipal: true };
        }
    }
    // Only statements that might apply are read.
    const matches = decisiveMatches(openRequest(request, documents), policy.document, 0);
    const denying = matches.filter((match) => match.effect === "Deny" && match.applies === true);
    if (denying.length > 0) {
        return { kind: "denies", denying: denying.map((match) => locate(documents, match.ref)) };
    }
    const id = request.principal?.type === "AWS" && !isUnknownValue(request.principal.id) ? request.principal.id : undefined;
    const itself = (match: StatementMatch) => admitsPrincipalItself(match.statement.principals, id);
    const mightDeny = matches.some((match) => match.effect !== "Allow" && match.applies !== false);
    const granting = matches.filter((match) => match.effect === "Allow" && match.applies === true && itself(match) === true);
    if (!mightDeny && granting.length > 0) {
        return {
            kind: "grants",
            limitedByBoundary: boundaryLimitsGrant(
                granting.map((match) => match.statement),
                id,
            ),
        };
    }
    if (matches.some((match) => match.effect !== "Deny" && match.applies !== false && itself(match) !== false)) {
        return unknownSide(matches, request, documents);
    }
    // No Allow lets the principal itself in: the identity policies decide, unless a Deny that may apply to the role's
    // session (a NotPrincipal listing the role, a session it names) denies what they allow. A Deny open only on a
    // condition the request does not model (aws:SecureTransport, ...) is left to the identity policies as before.
    const mayDeny = matches.filter((match) => match.effect === "Deny" && match.applies === "unknown" && match.principal === "unknown");
    const side = mayDeny.length > 0 ? unknownSide(mayDeny, request, documents) : DEFERS;
    return side.kind === "unknown" && side.confirm ? { kind: "defers", confirm: side.confirm } : DEFERS;
}

/** Unknown, with what to confirm about the statements that may apply when nothing else leaves them open. */
function unknownSide(matches: readonly StatementMatch[], request: Request, documents: readonly SourcedDocument[]): ResourceSide {
    const verdict = withConfirmations(
        matches.filter((match) => match.applies === "unknown"),
        request,
        (match) => locate(documents, match.ref),
    );
    return verdict.kind === "undecidable" && verdict.confirm ? { kind: "unknown", confirm: verdict.confirm } : UNKNOWN_SIDE;
}

/** Known and different: the resource belongs to another account than the role. */
function isOtherAccount(owner: string | undefined, role: string | undefined): boolean {
    return owner !== undefined && role !== undefined && owner !== role;
}

function bucketSide(requests: ReplicationRequests, permission: Permission, resourceWithPolicy: Extract<ResourceWithPolicy, { kind: "bucket" }>): ResourceSide {
    const { caller } = requests;
    const otherAccount = isOtherAccount(resourceWithPolicy.account, caller.account);
    const { policy } = resourceWithPolicy;
    switch (policy.kind) {
        case "in-stack": {
            // A destination of another account has its bucket policy judged on its own (cross-account problems).
            if (otherAccount && resourceWithPolicy.side === "destination" && requests.crossAccount) {
                return DEFERS;
            }
            const side = decideResourcePolicy(
                { ...permission.request, principal: { type: "AWS", id: caller.arn ?? UNKNOWN } },
                { origin: policy.origin, document: policy.document },
                { boundary: requests.role.boundary.kind !== "none" },
            );
            return otherAccount && side.kind !== "denies" ? DEFERS : side;
        }
        case "none":
            return DEFERS;
        case "unknown":
            return otherAccount ? DEFERS : UNKNOWN_SIDE;
        case "outside-stack":
            return otherAccount ? DEFERS : { kind: "unseen", resource: "bucket" };
    }
}

/** How messages name a key policy: its `aws.kms.KeyPolicy`, or the key whose own `policy` it is. */
export function keyPolicyOrigin(declaredBy: PolicyResource, isKey: boolean): string {
    return isKey ? `the key policy of ${describeResource(declaredBy)}` : `the key policy ${describeResource(declaredBy)}`;
}

/**
 * Whether the role policies report what the key policy denies: on the source key always, on the
 * replica key `kms:Encrypt` in the role's account. A replica key of another account is judged by
 * `s3-replication-cross-account-key`, and `kms:Decrypt` on the replica key (an S3 Bucket Key)
 * by `s3-replication-bucket-key`, so that one cause gives one finding.
 */
function reportsKeyPolicy(permission: Permission, otherAccount: boolean): boolean {
    return permission.target === "source key" || (permission.target === "replica key" && permission.action === KMS_ENCRYPT && !otherAccount);
}

function keySide(index: StackIndex, requests: ReplicationRequests, permission: Permission, key: KeyReference, facts: ExternalFacts): ResourceSide {
    const { caller } = requests;
    const otherAccount = isOtherAccount(keyAccount(index, key, facts), caller.account);
    switch (key.kind) {
        case "in-stack": {
            // A grant gives its grantee the key's use whatever the policies say.
            if (grantMayAllow(index, key.key, permission.action, caller)) {
                return grantSide(index, requests, permission, key.key);
            }
            const reports = reportsKeyPolicy(permission, otherAccount);
            if (otherAccount && !reports) {
                return DEFERS;
            }
            const verdict = keyPolicyVerdict(index, key.key, permission.action, caller, permission.request.context ?? {});
            if (!verdict) {
                return UNKNOWN_SIDE;
            }
            const { access, declaredBy, partition } = verdict;
            const origin = keyPolicyOrigin(declaredBy, declaredBy.urn === key.key.resource.urn);
            if (requests.role.boundary.kind !== "none" && reports) {
                const trap = notPrincipalDenials(permission.request, verdict.document);
                if (trap.length > 0) {
                    return { kind: "denies", denying: trap.map((match) => ({ origin, statement: match.ref.statement })), declaredBy, notPrincipal: true };
                }
            }
            switch (access.kind) {
                case "allowed":
                    // Across accounts the role's identity policies must allow even what the key policy grants it by name.
                    return access.through === "caller" && !otherAccount ? { kind: "grants", limitedByBoundary: access.limitedByBoundary ?? "unknown" } : DEFERS;
                case "denied": {
                    if (!reports) {
                        return DEFERS;
                    }
                    const denial = relocateDenial(access, (at) => ({ origin, statement: at.statement }));
                    return denial.explicit
                        ? { kind: "denies", denying: denial.denying, declaredBy }
                        : { kind: "blocks", block: { declaredBy, origin, partition, unmet: denial.unmet } };
                }
                default:
                    return access.kind === "undecidable" && access.confirm
                        ? { kind: "unknown", confirm: access.confirm.map((c) => ({ ...c, at: { origin, statement: c.at.statement } })) }
                        : UNKNOWN_SIDE;
            }
        }
        case "external":
            return otherAccount ? DEFERS : { kind: "unseen", resource: "key" };
        default:
            return UNKNOWN_SIDE;
    }
}

/**
 * A request on an in-stack key that a grant of the stack may allow: when the key policy alone lets
 * in neither the role nor its account, whether the grant applies decides it, and what to confirm
 * about the grant is said (`grantConfirmations`); otherwise the key policy's answer stands beside it.
 */
function grantSide(index: StackIndex, requests: ReplicationRequests, permission: Permission, key: KmsKey): ResourceSide {
    const { caller } = requests;
    const verdict = keyPolicyVerdict(index, key, permission.action, caller, permission.request.context ?? {});
    if (verdict?.withoutGrants?.kind !== "denied" || verdict.withoutGrants.explicit) {
        return UNKNOWN_SIDE;
    }
    const confirm = grantConfirmations(index, key, permission.action, caller, describeResource);
    return confirm ? { kind: "unknown", confirm } : UNKNOWN_SIDE;
}

/** What the policy of the bucket or key a request is on adds to the role's identity policies. */
export function resourceSide(index: StackIndex, requests: ReplicationRequests, permission: Permission, facts: ExternalFacts): ResourceSide {
    const { resourceWithPolicy } = permission;
    switch (resourceWithPolicy.kind) {
        case "bucket":
            return bucketSide(requests, permission, resourceWithPolicy);
        case "key":
            return keySide(index, requests, permission, resourceWithPolicy.key, facts);
        case "aws-managed-key":
            // The policy of an AWS managed key for S3 (aws/s3) lets every principal of its account use it through S3
            // (a "*" statement conditioned on kms:CallerAccount and kms:ViaService).
            return { kind: "grants", limitedByBoundary: "unknown" };
    }
}
