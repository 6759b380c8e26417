/**
 * The KMS side of a replication rule, for the stack policies: which accounts own the buckets and
 * the replica key, who calls KMS (the replication role), in what request context, whether the
 * replicas use an S3 Bucket Key, and what an in-stack key's policy says about it.
 */
import { isAccountId, parseArn, parseBucketArn, parseRoleArn, partitionOfRegion } from "../arn";
import { bucketFact, ExternalFacts, keyFact, roleAccountOf } from "../external-facts";
import { ContextValue, PolicyDocument, RequestContext } from "../iam";
import { Caller, evaluateKeyPolicy, keyPolicyDocument } from "../key-policy";
import { rulePrefix } from "../role/replication-permissions";
import { KMS_S3_ARN_CONTEXT, KMS_VIA_SERVICE, kmsRequestContext } from "../s3-request-context";
import { accountOfArn, KeyReference, KmsKey, PolicyResource, ReplicationInStack, Resolution, StackIndex } from "../stack";
import { isKnown, knownElements, knownString, read, readBelow, stringOf, UNKNOWN } from "../value";
import { Confirmation, isDenial, UNDECIDABLE, Verdict, WHOLE_RESOURCE } from "../verdict";

/** The name of a bucket a rule names: the in-stack bucket's known name, or the name in an external reference. */
function bucketNameOf(index: StackIndex, bucket: Resolution): string | undefined {
    switch (bucket.kind) {
        case "in-stack":
            return stringOf(index.bucketName(bucket.resource));
        case "external":
            return parseBucketArn(bucket.reference)?.bucket ?? bucket.reference;
        default:
            return undefined;
    }
}

/** The account that owns a bucket: from its resource (ARN, provider), else from the out-of-stack facts. */
export function bucketAccount(index: StackIndex, bucket: Resolution, facts: ExternalFacts): string | undefined {
    const configured = bucketFact(facts, bucketNameOf(index, bucket))?.account;
    return bucket.kind === "in-stack" ? stringOf(index.accountOf(bucket.resource, configured)) : configured;
}

/** The account that owns the key a reference names (an alias names a key of its own account), else as the facts say. */
export function keyAccount(index: StackIndex, key: KeyReference, facts: ExternalFacts): string | undefined {
    switch (key.kind) {
        case "in-stack":
            return stringOf(index.accountOf(key.key.resource));
        case "external":
            return accountOfArn(key.reference) ?? (key.alias ? stringOf(index.accountOf(key.alias)) : undefined) ?? keyFact(facts, key.reference)?.account;
        default:
            return undefined;
    }
}

/** The replication role as a KMS caller: its ARN when known, and its account. */
function roleCaller(index: StackIndex, role: Resolution, facts: ExternalFacts): Caller {
    if (role.kind === "in-stack") {
        const arn = knownString(role.resource.props, "arn");
        return { arn: parseRoleArn(arn) ? arn : undefined, account: stringOf(index.accountOf(role.resource)) };
    }
    if (role.kind === "external") {
        const arn = parseRoleArn(role.reference);
        const account = roleAccountOf(facts, role.reference);
        return arn ? { arn: role.reference, account: account && isAccountId(account) ? account : undefined } : account ? { account } : {};
    }
    return {};
}

export interface ReplicationParties {
    sourceAccount?: string;
    /** The replication role; its account defaults to the source's. */
    caller: Caller;
}

/**
 * The source bucket owner's account and the role. Each account stands in for the other when
 * only one is known: S3 only accepts a role of the source bucket owner's account (passing a role
 * needs `iam:PassRole`, which never crosses accounts).
 */
export function partiesOf(index: StackIndex, replication: ReplicationInStack, facts: ExternalFacts): ReplicationParties {
    const role = roleCaller(index, replication.role, facts);
    const sourceAccount = bucketAccount(index, replication.source, facts) ?? role.account;
    return { sourceAccount, caller: { ...role, account: role.account ?? sourceAccount } };
}

/** The destination bucket's Region, when known. */
function destinationRegion(index: StackIndex, destination: Resolution): string | undefined {
    return destination.kind === "in-stack" ? stringOf(index.regionOf(destination.resource)) : undefined;
}

/**
 * The context of the KMS requests S3 makes for replicas in the destination bucket; a part that
 * cannot be known yet (the bucket's name, Region or partition, the rule's prefix) is unknown.
 */
export function replicaRequestContext(index: StackIndex, replication: ReplicationInStack, bucketKey: boolean): RequestContext {
    const bucket = bucketNameOf(index, replication.destination);
    const region = destinationRegion(index, replication.destination);
    const partition = parseBucketArn(stringOf(replication.rule.destination.bucket))?.partition ?? (region ? partitionOfRegion(region) : undefined);
    const prefix = rulePrefix(replication.rule);
    const context: Record<string, ContextValue> = {
        ...kmsRequestContext({ partition: partition ?? "aws", bucket: bucket ?? "", region: region ?? "", bucketKey }, prefix ?? ""),
    };
    if (region === undefined) {
        context[KMS_VIA_SERVICE] = UNKNOWN;
    }
    if (bucket === undefined || partition === undefined || (!bucketKey && prefix === undefined)) {
        context[KMS_S3_ARN_CONTEXT] = UNKNOWN;
    }
    return context;
}

/** Whether a `aws.kms.Grant` of the stack might give the caller `action` on the key (grants allow beside the key policy). */
export function grantMayAllow(index: StackIndex, key: KmsKey, action: string, caller: Caller): boolean {
    const operation = action.replace(/^kms:/, "");
    // Every rule asks the same of the role's keys: answered once per key, action and caller.
    const question = JSON.stringify([key.resource.urn, operation, caller.arn ?? null, caller.account ?? null]);
    return index.memoBy("key-access/grant-may-allow", question, () => index.grantsOn(key).some((grant) => grantCovers(grant, operation, caller)));
}

/** Whether a grant on the key (or perhaps on it) might give the caller the operation. */
function grantCovers(grant: PolicyResource, operation: string, caller: Caller): boolean {
    // An operation unknown in preview (`operations: [<unknown>]`) may be the one.
    const operations = knownOperations(grant);
    return (operations === undefined || operations.includes(operation)) && mayBeFor(grant, caller);
}

/** A grant's operations when every one of them is a known string. */
function knownOperations(grant: PolicyResource): string[] | undefined {
    const operations = knownElements(grant.props, "operations")?.map(stringOf);
    return operations?.every((operation) => operation !== undefined) ? (operations as string[]) : undefined;
}

/** Operations messages may quote. */
const OPERATION_NAME = /^[A-Za-z]{1,64}$/;

/** Whether a grant may be for the caller: its grantee is the caller, the caller's account, or not known yet. */
function mayBeFor(grant: PolicyResource, caller: Caller): boolean {
    const granteeArn = knownString(grant.props, "granteePrincipal");
    const wholeAccount = parseArn(granteeArn)?.resource === "root" && accountOfArn(granteeArn) === caller.account;
    return granteeArn === undefined || caller.arn === undefined || granteeArn === caller.arn || wholeAccount;
}

/** A grant's encryption-context constraints that are set (`encryptionContextEquals`, `encryptionContextSubset`); undefined when unknown. */
function constraintNames(grant: PolicyResource): string[] | undefined {
    if (read(grant.props, "constraints").state === "absent") {
        return [];
    }
    const constraints = knownElements(grant.props, "constraints");
    if (constraints === undefined) {
        return undefined;
    }
    const names = new Set<string>();
    for (const constraint of constraints) {
        for (const name of ["encryptionContextEquals", "encryptionContextSubset"]) {
            const pairs = readBelow(constraint, name);
            if (pairs.state === "unknown") {
                return undefined;
            }
            if (isKnown(pairs) && typeof pairs.value === "object" && Object.keys(pairs.value as object).length > 0) {
                names.add(name);
            }
        }
    }
    return [...names];
}

/**
 * What the user must confirm for the stack's grants to give the caller `action` on the key, when a
 * grant names the caller and the operation but its encryption-context constraints decide whether it
 * applies: KMS API reference, "GrantConstraints"
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html): "Use this structure
 * to allow cryptographic operations in the grant only when the operation request includes the
 * specified encryption context". S3 sends the object's ARN (or the bucket's, with an S3 Bucket
 * Key) as that context, one per object: the stack cannot tell that every one meets the constraints.
 * Undefined when some grant that may apply is open for what the next preview decides (a grantee,
 * operations or constraints unknown until deployment: in a first preview a grantee computed from the
 * role is unknown), or applies without constraints (it lets the caller in: nothing to confirm).
 */
export function grantConfirmations(
    index: StackIndex,
    key: KmsKey,
    action: string,
    caller: Caller,
    describe: (grant: PolicyResource) => string,
): Confirmation[] | undefined {
    const operation = action.replace(/^kms:/, "");
    const confirm: Confirmation[] = [];
    for (const grant of index.grantsOn(key).filter((g) => grantCovers(g, operation, caller))) {
        const grantee = knownString(grant.props, "granteePrincipal");
        const names = constraintNames(grant);
        if (caller.arn === undefined || grantee !== caller.arn || knownOperations(grant) === undefined || names === undefined || names.length === 0) {
            return undefined;
        }
        confirm.push({
            at: { origin: describe(grant), statement: WHOLE_RESOURCE },
            what: `that its constraints (${names.join(" and ")}) admit the encryption context S3 sends for every object it replicates (kms:EncryptionContext:aws:s3:arn)`,
            denies: false,
        });
    }
    return confirm.length > 0 ? confirm : undefined;
}

/** An in-stack grant that may be on the key and for the caller, whose operations lack the one asked. */
export interface GrantLacking {
    readonly grant: PolicyResource;
    /** Its operations (`Decrypt`, `Encrypt`, ...), all known. */
    readonly operations: readonly string[];
}

/**
 * The `aws.kms.Grant`s of the stack that may be on the key and for the caller but do not give it
 * `action`, to be named: the grantee may use the key only for the grant's operations (KMS developer
 * guide, "Grants in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/grants.html:
 * "the principal identified in the grant can execute the permitted operations, subject to the
 * defined constraints"). Answered once per key, action and caller, as `grantMayAllow`.
 */
export function grantsLacking(index: StackIndex, key: KmsKey, action: string, caller: Caller): readonly GrantLacking[] {
    const operation = action.replace(/^kms:/, "");
    const question = JSON.stringify([key.resource.urn, operation, caller.arn ?? null, caller.account ?? null]);
    return index.memoBy("key-access/grants-lacking", question, () =>
        index.grantsOn(key).flatMap((grant) => {
            const operations = knownOperations(grant);
            if (operations === undefined || !operations.every((name) => OPERATION_NAME.test(name)) || operations.includes(operation)) {
                return [];
            }
            return mayBeFor(grant, caller) ? [{ grant, operations }] : [];
        }),
    );
}

export interface KeyPolicyVerdict {
    /** The resource that sets the key policy: the key, or an `aws.kms.KeyPolicy`. */
    declaredBy: PolicyResource;
    /** The key policy in force. */
    document: PolicyDocument;
    access: Verdict;
    /** The key's partition, for statements to add. */
    partition: string;
    /** Denied for want of an Allow: the stack's grants that may be the caller's on the key but lack the action. */
    grantsLacking?: readonly GrantLacking[];
    /** When a grant of the stack may lift a denial (`access` undecidable then): the key policy's own answer. */
    withoutGrants?: Verdict;
}

/**
 * What the policy of an in-stack key says about `caller` calling `action` in `context`;
 * undefined when the policy in force cannot be told. A denial a grant of the stack might lift
 * is undecidable.
 */
export function keyPolicyVerdict(index: StackIndex, key: KmsKey, action: string, caller: Caller, context: RequestContext): KeyPolicyVerdict | undefined {
    const policy = keyPolicyInForce(index, key);
    if (!policy) {
        return undefined;
    }
    const { declaredBy, document, keyArn, partition } = policy;
    const access = evaluateKeyPolicy(document, { action, keyArn: keyArn ?? UNKNOWN, caller, context });
    if (isDenial(access) && grantMayAllow(index, key, action, caller)) {
        return { declaredBy, document, access: UNDECIDABLE, partition, withoutGrants: access };
    }
    // An explicit Deny overrides what a grant allows: only an implicit denial names the grants that lack the action.
    const lacking = isDenial(access) && !access.explicit ? grantsLacking(index, key, action, caller) : [];
    return { declaredBy, document, access, partition, ...(lacking.length > 0 ? { grantsLacking: lacking } : {}) };
}

interface KeyPolicyInForce {
    declaredBy: PolicyResource;
    document: PolicyDocument;
    keyArn?: string;
    partition: string;
}

/**
 * The policy document in force on an in-stack key, parsed once per stack index and key (every
 * request of every rule on the key is decided against it); undefined when it cannot be told.
 */
function keyPolicyInForce(index: StackIndex, key: KmsKey): KeyPolicyInForce | undefined {
    return index.memoBy("key-access/key-policy-in-force", key, (k) => readKeyPolicyInForce(index, k));
}

function readKeyPolicyInForce(index: StackIndex, key: KmsKey): KeyPolicyInForce | undefined {
    const policy = index.keyPolicy(key);
    if (policy.state !== "known") {
        return undefined;
    }
    const keyArn = stringOf(key.arn);
    const region = stringOf(index.regionOf(key.resource));
    const partition = parseArn(keyArn)?.partition ?? (region ? partitionOfRegion(region) : undefined) ?? "aws";
    const { declaredBy } = policy.value;
    const isOwnPolicy = declaredBy.urn === key.resource.urn;
    const document = keyPolicyDocument(policy.value.document, isOwnPolicy ? { account: stringOf(index.accountOf(key.resource)), partition } : undefined);
    return { declaredBy, document, keyArn, partition };
}
