/**
 * What IAM is asked while S3 replicates under one rule: the requests the replication role makes
 * (S3 on the source bucket and objects and on the destination objects, KMS on the source and
 * replica keys in the context S3 presents), S3's AssumeRole call on the role, and, for a
 * destination bucket in another account, what that bucket's policy must let the role do. Each
 * request says which bucket or key it is on (`resourceWithPolicy`), whose own policy takes part in deciding it.
 * A request is only asked when everything it names is known.
 */
import { bucketArn, isAccountId, parseBucketArn, parseKmsArn, parseRoleArn, partitionOfRegion, s3ServiceEndpoint } from "../arn";
import { ParsedPolicy, Request, RequestContext } from "../iam";
import type { Caller } from "../key-policy";
import { ReplicationRule, replicatesKmsObjects } from "../replication";
import { kmsRequestContext, objectArn, ReplicationSide } from "../s3-request-context";
import { types } from "../resource-types";
import {
    attachmentKinds,
    describeResource,
    KeyReference,
    KMS_ALGORITHMS,
    PolicyResource,
    programRead,
    ReplicationInStack,
    Resolution,
    StackIndex,
} from "../stack";
import { ABSENT, booleanOf, isKnownValue, knownString, readBelow, stringOf, UNKNOWN } from "../value";
import { bucketFact, ExternalFacts } from "../external-facts";
import { knownRoleArn, readDocument, RolePolicies, rolePolicies, SourcedDocument } from "./documents";

export const S3_SERVICE_PRINCIPAL = "s3.amazonaws.com";
export const ASSUME_ROLE = "sts:AssumeRole";
/** What the role needs to read source objects, SSE-KMS ones included. */
export const REPLICATION_READ = "s3:GetObjectVersionForReplication";
/** What roles are often given instead: it does not cover SSE-KMS objects. */
export const PLAIN_VERSION_READ = "s3:GetObjectVersion";
export const KMS_DECRYPT = "kms:Decrypt";
export const KMS_ENCRYPT = "kms:Encrypt";

/**
 * What S3 calls on the replica key: kms:Encrypt, and with an S3 Bucket Key also kms:Decrypt (seed
 * page, "Amazon S3 Bucket Keys and replication": the call "verifies the integrity of the S3 Bucket
 * Key"). A replica keeps its source object's Bucket Key (S3 user guide, "Using an S3 Bucket Key
 * with replication": S3 "generally preserves the encryption settings of the replica object").
 */
export function replicaKeyActions(bucketKey: boolean): string[] {
    return bucketKey ? [KMS_ENCRYPT, KMS_DECRYPT] : [KMS_ENCRYPT];
}

export type PermissionTarget = "source bucket" | "source objects" | "destination objects" | "source key" | "replica key";

/** A bucket as requests name it. */
export interface BucketSide {
    name: string;
    partition: string;
    arn: string;
    /** Known Region (KMS requests need it). */
    region?: string;
}

/** How S3 calls KMS on one side of the replication. */
export interface KmsUse {
    side: "source" | "destination";
    bucket: BucketSide;
    region: string;
    /** `kms:ViaService`: S3 in the bucket's Region. */
    viaService: string;
    /** Whether S3 encrypts with an S3 Bucket Key on this side: the context is then the bucket ARN. */
    bucketKey: boolean;
    /** `<bucket ARN>/<prefix>*`: the objects' ARNs, the context without a Bucket Key. */
    objects: string;
    /** What a `kms:EncryptionContext:aws:s3:arn` condition must allow: the bucket ARN with a Bucket Key, else `objects`. */
    encryptionContext: string;
}

/**
 * A bucket's policy as the stack shows it: the document in force (an `aws.s3.BucketPolicy`,
 * `aws-native:s3:BucketPolicy` or the bucket's own `policy`), none in the stack, unknown, or out
 * of sight (the bucket is not in the stack).
 */
export type BucketPolicy =
    /** `origin` names it in messages: `aws.s3.BucketPolicy "p"`, `the policy of aws.s3.Bucket "b"`. */
    | { kind: "in-stack"; declaredBy: PolicyResource; origin: string; document: ParsedPolicy }
    /** Unknown until deployment, set by a resource that may or may not be this bucket's, or one AWS would reject. */
    | { kind: "unknown" }
    /** The bucket is in the stack and nothing in it gives it a policy. */
    | { kind: "none" }
    /** The bucket is not in the stack: its policy cannot be seen. */
    | { kind: "outside-stack" };

/** The resource whose own policy takes part in deciding a request: a bucket (its bucket policy), or a KMS key (its key policy). */
export type ResourceWithPolicy =
    | {
          kind: "bucket";
          side: "source" | "destination";
          bucket: Resolution;
          /** The account that owns the bucket, when known. */
          account?: string;
          policy: BucketPolicy;
      }
    | { kind: "key"; key: KeyReference }
    /**
     * The AWS managed key for S3 (`aws/s3`) of the bucket's account, whose key policy lets every
     * principal of that account use it through S3 (KMS developer guide, "AWS managed keys",
     * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key): no
     * identity policy needs to allow it, but an explicit Deny in one still denies.
     */
    | { kind: "aws-managed-key" };

export interface Permission {
    target: PermissionTarget;
    action: string;
    /** As IAM evaluates it; objects are represented by a sample object under the rule's prefix. */
    request: Request;
    /** What a statement granting it names: a bucket ARN, `<bucket ARN>/<prefix>*`, or a key ARN. */
    resource: string;
    kms?: KmsUse;
    /**
     * An in-stack key whose ARN is unknown until deployment: `resource` names the key resource, and
     * only what its key policy decides is certain (an identity statement may name the ARN it will have).
     */
    keyArnUnknown?: boolean;
    /**
     * A key of another account named by an alias ARN (`resource`): its key ARN is not known, but it
     * is a key of `account` in `region`, which the role's own policy must allow (cross-account).
     */
    alias?: { account: string; region: string; partition: string; name: string };
    /** With a Bucket Key: the same request as S3 makes for an object without one, to tell the Bucket Key pitfall. */
    withoutBucketKey?: Request;
    /** The bucket or key the request is on, whose own policy may allow or deny it too. */
    resourceWithPolicy: ResourceWithPolicy;
    /**
     * S3 makes this request only once the rule opts in to SSE-KMS objects, as the mandatory
     * s3-replication-sse-kms-opt-in requires of a rule that names a replica key: what it lacks is
     * said with that fix, as advisory (`replicatesKmsObjects`).
     */
    onceOptedIn?: boolean;
    /**
     * Actions that serve replication as well as `action` under this rule: allowed one of them,
     * the role needs no `action` (`s3:GetObjectVersion` for a rule that replicates no SSE-KMS objects).
     */
    alternatives?: readonly string[];
}

export type DestinationBucketPolicy =
    | { kind: "in-stack"; declaredBy: PolicyResource; document: SourcedDocument }
    | { kind: "unknown" }
    /** No bucket policy for the bucket in the stack: its owner manages it elsewhere, or has none. */
    | { kind: "none" };

/** A destination bucket in another account than the role: its policy must allow the role too. */
export interface CrossAccountDestination {
    account: string;
    bucket: BucketSide;
    roleArn: string;
    /** The destination-object permissions, with the role as principal. */
    permissions: Permission[];
    bucketPolicy: DestinationBucketPolicy;
}

export interface ReplicationRequests {
    replication: ReplicationInStack;
    role: RolePolicies;
    caller: Caller;
    permissions: Permission[];
    /** S3 assuming the role for the source bucket. */
    assumeRole: Request;
    crossAccount?: CrossAccountDestination;
}

function knownRegion(index: StackIndex, resource: PolicyResource): string | undefined {
    return stringOf(index.regionOf(resource));
}

function bucketSide(name: string | undefined, partition: string | undefined, region: string | undefined): BucketSide | undefined {
    const inPartition = partition ?? (region ? partitionOfRegion(region) : undefined);
    return name && inPartition ? { name, partition: inPartition, arn: bucketArn(inPartition, name), region } : undefined;
}

/** An in-stack bucket by its ARN, or by its name when its ARN is not known yet. */
function bucketOf(index: StackIndex, bucket: PolicyResource): BucketSide | undefined {
    const arn = parseBucketArn(knownString(bucket.props, "arn"));
    const region = knownRegion(index, bucket);
    return bucketSide(arn?.bucket ?? stringOf(index.bucketName(bucket)), arn?.partition, region);
}

function sourceBucket(index: StackIndex, { source, configurationResource }: ReplicationInStack): BucketSide | undefined {
    if (source.kind === "in-stack") {
        return bucketOf(index, source.resource);
    }
    if (source.kind === "external") {
        const arn = parseBucketArn(source.reference);
        // A replication configuration is applied in its bucket's Region.
        return bucketSide(arn?.bucket ?? source.reference, arn?.partition, knownRegion(index, configurationResource));
    }
    return undefined;
}

function destinationBucket(index: StackIndex, { rule, destination }: ReplicationInStack): BucketSide | undefined {
    const inStack = destination.kind === "in-stack" ? destination.resource : undefined;
    const arn = parseBucketArn(stringOf(rule.destination.bucket));
    if (arn) {
        return bucketSide(arn.bucket, arn.partition, inStack && knownRegion(index, inStack));
    }
    return inStack && rule.destination.bucket.state === "unknown" ? bucketOf(index, inStack) : undefined;
}

/** The key prefix the rule replicates: its filter's prefix (or `And` prefix), else the V1 rule prefix; "" for every key. */
export function rulePrefix(rule: ReplicationRule): string | undefined {
    const filter = rule.filter.block;
    if (filter.state === "unknown") {
        return undefined;
    }
    const candidates = filter.state === "known" ? [rule.filter.prefix, readBelow(rule.filter.elements.and ?? ABSENT, "prefix")] : [rule.prefix];
    if (candidates.some((candidate) => candidate.state === "unknown")) {
        return undefined;
    }
    const written = candidates.find((candidate) => candidate.state === "known");
    if (!written) {
        return "";
    }
    return typeof written.value === "string" ? written.value : undefined;
}

/** What a statement names for the objects under a prefix. */
function objectsPattern(bucket: BucketSide, prefix: string): string {
    return `${bucket.arn}/${prefix}*`;
}

/** Delete markers replicate when the rule says so, and always under the V1 schema (no filter). */
function replicatesDeleteMarkers(rule: ReplicationRule): boolean {
    const status = rule.deleteMarkerReplication.status;
    return isKnownValue(status, "Enabled") || rule.filter.block.state === "absent";
}

/** A key's ARN, the only name identity policies can give it (not an alias). */
function keyArnOf(reference: KeyReference): string | undefined {
    const candidate = reference.kind === "in-stack" ? stringOf(reference.key.arn) : reference.kind === "external" ? reference.reference : undefined;
    return parseKmsArn(candidate)?.kind === "key" ? candidate : undefined;
}

/**
 * The key a KMS request is on: its ARN, or, for an in-stack key whose ARN is unknown until it is
 * created (a first preview), the key by its resource. Its key policy can still be evaluated: a
 * key policy names its own key as `Resource: "*"`.
 */
interface KeyTarget {
    arn: string;
    label?: string;
    alias?: Permission["alias"];
}

function keyTargetOf(reference: KeyReference | undefined, callerAccount?: string): KeyTarget | undefined {
    if (reference === undefined) {
        return undefined;
    }
    const arn = keyArnOf(reference);
    if (arn) {
        return { arn };
    }
    if (reference.kind === "in-stack" && reference.key.arn.state === "unknown") {
        return { arn: UNKNOWN, label: describeResource(reference.key.resource) };
    }
    // An alias ARN of another account: its key is that account's, and the role's own policy must allow it.
    const alias = reference.kind === "external" ? parseKmsArn(reference.reference) : undefined;
    if (
        reference.kind === "external" &&
        alias?.kind === "alias" &&
        callerAccount !== undefined &&
        isAccountId(alias.account) &&
        alias.account !== callerAccount &&
        alias.region
    ) {
        return {
            arn: UNKNOWN,
            label: reference.reference,
            alias: { account: alias.account, region: alias.region, partition: alias.partition, name: alias.name },
        };
    }
    return undefined;
}

/** `alias/aws/s3`, the AWS managed key for S3, by name or alias ARN. */
export const AWS_MANAGED_S3_ALIAS = "alias/aws/s3";

/** Whether a key reference names the AWS managed key for S3: `alias/aws/s3` or its alias ARN. */
export function isAwsManagedS3Key(reference: string): boolean {
    const arn = parseKmsArn(reference);
    return reference === AWS_MANAGED_S3_ALIAS || (arn?.kind === "alias" && arn.name === AWS_MANAGED_S3_ALIAS);
}

interface SourceEncryption {
    /** The key the source bucket encrypts new objects with by default (SSE-KMS or DSSE-KMS), and its ARN. */
    key?: KeyReference;
    keyArn?: string;
    /** The source objects are under the AWS managed key for S3 of the bucket's account. */
    awsManaged?: boolean;
    /** Whether source objects use an S3 Bucket Key; undefined when unknown. */
    bucketKey?: boolean;
}

function sourceEncryption(index: StackIndex, source: Resolution): SourceEncryption {
    if (source.kind !== "in-stack") {
        return {};
    }
    const encryption = index.bucketEncryption(source.resource);
    if (encryption.state !== "known") {
        // Nothing in the stack configures it: SSE-S3, no Bucket Key.
        return encryption.state === "absent" ? { bucketKey: false } : {};
    }
    const algorithm = stringOf(encryption.value.algorithm);
    const enabled = encryption.value.bucketKeyEnabled;
    const bucketKeyEnabled = enabled.state === "absent" ? false : booleanOf(enabled);
    if (algorithm === undefined) {
        return bucketKeyEnabled === false ? { bucketKey: false } : {};
    }
    // A Bucket Key only applies to KMS encryption.
    if (!KMS_ALGORITHMS.has(algorithm)) {
        return { bucketKey: false };
    }
    const key = index.bucketEncryptionKey(source.resource, encryption.value);
    // SSE-KMS without a key id uses the AWS managed key for S3 (S3 API reference, ServerSideEncryptionByDefault, KMSMasterKeyID).
    const awsManaged = key.kind === "absent" || (key.kind === "external" && isAwsManagedS3Key(key.reference));
    return { key, keyArn: keyArnOf(key), bucketKey: bucketKeyEnabled, awsManaged };
}

/** The name of a bucket outside the stack, as out-of-stack facts name it. */
function externalBucketName(bucket: Resolution): string | undefined {
    return bucket.kind === "external" ? (parseBucketArn(bucket.reference)?.bucket ?? bucket.reference) : undefined;
}

/** The account that owns the destination bucket: its provider's, else the rule's `account`, else the out-of-stack facts'. */
function destinationAccount(index: StackIndex, { rule, destination }: ReplicationInStack, facts: ExternalFacts): string | undefined {
    const owner = destination.kind === "in-stack" ? stringOf(index.accountOf(destination.resource)) : undefined;
    const declared = stringOf(rule.destination.account);
    return owner ?? (declared && isAccountId(declared) ? declared : undefined) ?? bucketFact(facts, externalBucketName(destination))?.account;
}

/** How messages name a bucket policy: its resource, or the bucket whose own `policy` it is. */
function bucketPolicyOrigin(declaredBy: PolicyResource): string {
    return declaredBy.type === types.bucketPolicy || declaredBy.type === types.nativeBucketPolicy
        ? describeResource(declaredBy)
        : `the policy of ${describeResource(declaredBy)}`;
}

/** The policy in force on a bucket, as far as the stack tells. */
export function bucketPolicyOf(index: StackIndex, bucket: Resolution): BucketPolicy {
    switch (bucket.kind) {
        case "in-stack":
            break;
        case "external":
            return { kind: "outside-stack" };
        default:
            return { kind: "unknown" };
    }
    const { attached, undecided } = index.attachments(bucket.resource, attachmentKinds.bucketPolicy);
    // Two BucketPolicy resources of one bucket overwrite each other: which is in force cannot be told.
    if (undecided.length > 0 || attached.length > 1) {
        return { kind: "unknown" };
    }
    // A BucketPolicy replaces the bucket's own `policy` (legacy buckets).
    const declaredBy = attached[0] ?? bucket.resource;
    const written = programRead(declaredBy, declaredBy.type === types.nativeBucketPolicy ? "policyDocument" : "policy");
    // A bucket's own `policy` is optional; a BucketPolicy resource without a document is no empty policy.
    const document = readDocument(written, { required: declaredBy !== bucket.resource });
    if (document === undefined) {
        return { kind: "none" };
    }
    return typeof document === "object" ? { kind: "in-stack", declaredBy, origin: bucketPolicyOrigin(declaredBy), document } : { kind: "unknown" };
}

function destinationBucketPolicy(index: StackIndex, destination: Resolution): DestinationBucketPolicy {
    if (destination.kind !== "in-stack") {
        return { kind: "none" };
    }
    const policy = bucketPolicyOf(index, destination);
    switch (policy.kind) {
        case "in-stack":
            return { kind: "in-stack", declaredBy: policy.declaredBy, document: { origin: "the bucket policy", document: policy.document } };
        case "unknown":
            return policy;
        default:
            return { kind: "none" };
    }
}

function kmsUse(side: "source" | "destination", bucket: BucketSide, region: string, bucketKey: boolean, prefix: string): KmsUse {
    const objects = objectsPattern(bucket, prefix);
    return { side, bucket, region, viaService: s3ServiceEndpoint(region), bucketKey, objects, encryptionContext: bucketKey ? bucket.arn : objects };
}

class RequestBuilder {
    readonly permissions: Permission[] = [];

    constructor(private readonly principalContext: RequestContext) {}

    ask(
        target: PermissionTarget,
        actions: string[],
        resource: string,
        requestResource: string,
        resourceWithPolicy: ResourceWithPolicy,
        alternatives: Record<string, string[]> = {},
    ): void {
        for (const action of actions) {
            const serves = alternatives[action];
            this.permissions.push({
                target,
                action,
                resource,
                request: { action, resource: requestResource, context: this.principalContext },
                resourceWithPolicy,
                ...(serves ? { alternatives: serves } : {}),
            });
        }
    }

    askKms(
        target: PermissionTarget,
        actions: string[],
        keyArn: string,
        key: KeyReference | "aws-managed",
        use: KmsUse,
        prefix: string,
        on: Omit<KeyTarget, "arn"> = {},
    ): void {
        const { label, alias } = on;
        const request = (action: string, bucketKey: boolean): Request => {
            const side: ReplicationSide = { partition: use.bucket.partition, bucket: use.bucket.name, region: use.region, bucketKey };
            return { action, resource: keyArn, context: { ...this.principalContext, ...kmsRequestContext(side, prefix) } };
        };
        for (const action of actions) {
            const withoutBucketKey = use.bucketKey ? request(action, false) : undefined;
            const resourceWithPolicy: ResourceWithPolicy = key === "aws-managed" ? { kind: "aws-managed-key" } : { kind: "key", key };
            // The AWS managed key's own ARN is not in the stack: its requests are on an unknown key.
            const resource = key === "aws-managed" ? AWS_MANAGED_S3_ALIAS : (label ?? keyArn);
            this.permissions.push({
                target,
                action,
                resource,
                kms: use,
                request: request(action, use.bucketKey),
                withoutBucketKey,
                resourceWithPolicy,
                ...(label !== undefined ? { keyArnUnknown: true } : {}),
                ...(alias ? { alias } : {}),
            });
        }
    }
}

/**
 * The requests of one replication rule whose role is in the stack; undefined when the role is not.
 * (Whether the rule is enabled is the caller's to decide.) Worked out once per stack index and
 * rule, and shared by every policy that asks: it must not be changed.
 */
export function replicationRequests(index: StackIndex, replication: ReplicationInStack, facts: ExternalFacts): ReplicationRequests | undefined {
    const byRule = index.memoBy("role/replication-requests", facts, () => new Map<ReplicationInStack, ReplicationRequests | undefined>());
    if (!byRule.has(replication)) {
        byRule.set(replication, requestsOf(index, replication, facts));
    }
    return byRule.get(replication);
}

/**
 * The ARN a role will have, before it is deployed: `arn:<partition>:iam::<account>:role<path><name>`
 * (IAM user guide, "IAM identifiers",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns),
 * when its name, path, account and partition are known.
 */
function predictedRoleArn(index: StackIndex, role: PolicyResource): string | undefined {
    const name = stringOf(programRead(role, role.type === types.nativeRole ? "roleName" : "name"));
    const written = programRead(role, "path");
    const path = written.state === "absent" ? "/" : stringOf(written);
    const account = stringOf(index.accountOf(role));
    const region = stringOf(index.regionOf(role));
    const partition = region ? partitionOfRegion(region) : undefined;
    return name && path && account && partition ? `arn:${partition}:iam::${account}:role${path}${name}` : undefined;
}

function requestsOf(index: StackIndex, replication: ReplicationInStack, facts: ExternalFacts): ReplicationRequests | undefined {
    if (replication.role.kind !== "in-stack") {
        return undefined;
    }
    const role = rolePolicies(index, replication.role.resource);
    const deployedArn = knownRoleArn(role);
    const roleArn = deployedArn ?? predictedRoleArn(index, role.role);
    const roleAccount = parseRoleArn(roleArn)?.account ?? stringOf(index.accountOf(role.role));
    // Only keys S3's requests carry (`EVALUATED_KEYS` in s3-request-context.ts cites where AWS says so); every other key stays unknown.
    const principalContext: RequestContext = {
        ...(roleArn ? { "aws:PrincipalArn": roleArn } : {}),
        ...(roleAccount ? { "aws:PrincipalAccount": roleAccount } : {}),
    };
    const { rule } = replication;
    const source = sourceBucket(index, replication);
    const destination = destinationBucket(index, replication);
    const prefix = rulePrefix(rule);
    const builder = new RequestBuilder(principalContext);
    const sourceAccount =
        replication.source.kind === "in-stack"
            ? stringOf(index.accountOf(replication.source.resource))
            : stringOf(index.accountOf(replication.configurationResource));
    const owner = destinationAccount(index, replication, facts);
    const sourceWithPolicy: ResourceWithPolicy = {
        kind: "bucket",
        side: "source",
        bucket: replication.source,
        account: sourceAccount,
        policy: bucketPolicyOf(index, replication.source),
    };
    const destinationWithPolicy: ResourceWithPolicy = {
        kind: "bucket",
        side: "destination",
        bucket: replication.destination,
        account: owner,
        policy: bucketPolicyOf(index, replication.destination),
    };

    if (source) {
        builder.ask("source bucket", ["s3:GetReplicationConfiguration", "s3:ListBucket"], source.arn, source.arn, sourceWithPolicy);
    }
    const optsIn = isKnownValue(rule.sseKmsEncryptedObjects, "Enabled");
    if (source && prefix !== undefined) {
        // Seed page, "Granting additional permissions for the IAM role": "the s3:GetObjectVersion action allows
        // replication of unencrypted and SSE-S3-encrypted objects, but not of objects created by using SSE-KMS".
        // A rule that does not opt in to SSE-KMS (and DSSE-KMS) objects replicates only those.
        builder.ask(
            "source objects",
            [REPLICATION_READ, "s3:GetObjectVersionAcl"],
            objectsPattern(source, prefix),
            objectArn(source.partition, source.name, prefix),
            sourceWithPolicy,
            optsIn ? {} : { [REPLICATION_READ]: [PLAIN_VERSION_READ] },
        );
    }
    const destinationActions = [
        "s3:ReplicateObject",
        ...(replicatesDeleteMarkers(rule) ? ["s3:ReplicateDelete"] : []),
        ...(rule.destination.accessControlTranslation.state === "known" ? ["s3:ObjectOwnerOverrideToBucketOwner"] : []),
    ];
    if (destination && prefix !== undefined) {
        builder.ask(
            "destination objects",
            destinationActions,
            objectsPattern(destination, prefix),
            objectArn(destination.partition, destination.name, prefix),
            destinationWithPolicy,
        );
    }

    const replicatesKms = replicatesKmsObjects(rule);
    const encryption = replicatesKms ? sourceEncryption(index, replication.source) : {};
    if (prefix !== undefined && encryption.bucketKey !== undefined) {
        const sourceKey = keyTargetOf(encryption.key);
        if (source?.region && encryption.key && sourceKey) {
            builder.askKms(
                "source key",
                [KMS_DECRYPT],
                sourceKey.arn,
                encryption.key,
                kmsUse("source", source, source.region, encryption.bucketKey, prefix),
                prefix,
                sourceKey,
            );
        } else if (source?.region && encryption.awsManaged) {
            builder.askKms("source key", [KMS_DECRYPT], UNKNOWN, "aws-managed", kmsUse("source", source, source.region, encryption.bucketKey, prefix), prefix);
        }
        const replicaKey = keyTargetOf(replication.replicaKey, roleAccount);
        if (destination?.region && replicaKey) {
            // S3 user guide, "Using an S3 Bucket Key with replication": "When Amazon S3 replicates an encrypted object, it
            // generally preserves the encryption settings of the replica object in the destination bucket." A replica of an
            // object under a Bucket Key uses one too, and S3 then also decrypts with the replica key (seed page, "Amazon S3
            // Bucket Keys and replication").
            builder.askKms(
                "replica key",
                replicaKeyActions(encryption.bucketKey),
                replicaKey.arn,
                replication.replicaKey,
                kmsUse("destination", destination, destination.region, encryption.bucketKey, prefix),
                prefix,
                replicaKey,
            );
        }
    }

    if (replicatesKms === "once-opted-in") {
        for (const permission of builder.permissions.filter((p) => p.kms)) {
            permission.onceOptedIn = true;
        }
    }

    const crossAccount =
        destination && prefix !== undefined && deployedArn && roleAccount && owner && owner !== roleAccount
            ? {
                  account: owner,
                  bucket: destination,
                  roleArn: deployedArn,
                  permissions: builder.permissions
                      .filter((p) => p.target === "destination objects")
                      .map((p) => ({ ...p, request: { ...p.request, principal: { type: "AWS" as const, id: deployedArn } } })),
                  bucketPolicy: destinationBucketPolicy(index, replication.destination),
              }
            : undefined;

    return {
        replication,
        role,
        caller: { arn: roleArn, account: roleAccount },
        permissions: builder.permissions,
        assumeRole: {
            action: ASSUME_ROLE,
            resource: roleArn ?? UNKNOWN,
            principal: { type: "Service", id: S3_SERVICE_PRINCIPAL },
            context: { ...(sourceAccount ? { "aws:SourceAccount": sourceAccount } : {}), ...(source ? { "aws:SourceArn": source.arn } : {}) },
        },
        crossAccount,
    };
}
