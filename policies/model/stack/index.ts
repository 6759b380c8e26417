/**
 * The stack index: one pass over the resources of an `AnalyzeStack` call, shared by every stack
 * policy that receives the same `resources` array, linking replication rules to their buckets,
 * keys and role, and buckets to their encryption and versioning.
 */
import { Read, stringOf } from "../value";
import { SecretValues } from "../secret-values";
import { Attached, AttachmentKind, Attachments } from "./attachments";
import { BucketSettings, bucketName } from "./buckets";
import { Resolution, ResourceLookup } from "./resource-lookup";
import { DefaultEncryption } from "./encryption";
import { KmsGrants } from "./grants";
import { KeyPolicy, KeyReference, KmsKey, KmsKeys } from "./keys";
import { accountOf, regionOf } from "./location";
import { collectReplications, ReplicationInStack } from "./replications";
import { dependenciesOf, PolicyResource } from "./resource";
import { NamingRole, RoleLists } from "./role-lists";
import { Versioning } from "./versioning";

export type {
    Attached,
    AttachmentKind,
    DefaultEncryption,
    KeyPolicy,
    KeyReference,
    KmsKey,
    NamingRole,
    PolicyResource,
    ReplicationInStack,
    Resolution,
    Versioning,
};
export { attachmentKinds } from "./attachments";
export { KMS_ALGORITHMS } from "./encryption";
export { accountOfArn } from "./location";
export { dependenciesOf, describeResource, programRead } from "./resource";

export class StackIndex {
    private readonly lookup: ResourceLookup;
    private readonly attachmentIndex: Attachments;
    private readonly keys: KmsKeys;
    private readonly buckets: BucketSettings;
    private readonly roleLists: RoleLists;
    private readonly grants: KmsGrants;
    private rules?: readonly ReplicationInStack[];
    private readonly memos = new Map<string, unknown>();

    /**
     * `secrets`: the values the engine marked secret in the requests (the call's `Analysis.secrets`),
     * which labels of the stack's resources and rules never quote.
     */
    constructor(
        resources: readonly unknown[],
        readonly secrets: SecretValues,
    ) {
        this.lookup = new ResourceLookup(resources);
        this.attachmentIndex = new Attachments(this.lookup);
        this.keys = new KmsKeys(this.lookup, this.attachmentIndex);
        this.buckets = new BucketSettings(this.attachmentIndex);
        this.roleLists = new RoleLists(this.lookup);
        this.grants = new KmsGrants(this.lookup, this.keys);
    }

    /**
     * `compute()`, once per index under `key`: what several stack policies derive alike (the
     * replication role's requests, their decisions) is worked out by the first that asks. Keys
     * should name what is computed and what from (e.g. `each-rule/enabled-replications`); a value
     * shared this way must not be changed by whoever receives it. A `compute` that throws leaves
     * nothing behind, so the next caller computes (and throws) anew.
     */
    memo<T>(key: string, compute: () => T): T {
        if (this.memos.has(key)) {
            return this.memos.get(key) as T;
        }
        const value = compute();
        this.memos.set(key, value);
        return value;
    }

    /**
     * `compute(key)`, once per index, `name` and key (by identity): what stack policies ask of
     * each rule, bucket, key or role alike. As with `memo`, the value is shared and a `compute`
     * that throws leaves nothing behind.
     */
    memoBy<K, V>(name: string, key: K, compute: (key: K) => V): V {
        const byKey = this.memo(name, () => new Map<K, V>());
        if (byKey.has(key)) {
            return byKey.get(key) as V;
        }
        const value = compute(key);
        byKey.set(key, value);
        return value;
    }

    get resources(): readonly PolicyResource[] {
        return this.lookup.resources;
    }

    byUrn(urn: string): PolicyResource | undefined {
        return this.lookup.byUrn(urn);
    }

    ofType(...types: string[]): PolicyResource[] {
        return this.lookup.ofType(...types);
    }

    /** Every replication rule of the stack with its source, destination, replica key and role resolved. */
    replications(): readonly ReplicationInStack[] {
        this.rules ??= collectReplications(this.lookup, this.keys, this.secrets);
        return this.rules;
    }

    bucketName(bucket: PolicyResource): Read {
        return bucketName(bucket);
    }

    /**
     * Known, unknown (something unknown could configure it) or absent (nothing does: SSE-S3).
     * Worked out once per bucket: most stack policies ask about the buckets of every rule.
     */
    bucketEncryption(bucket: PolicyResource): Read<DefaultEncryption> {
        return this.memoBy("bucket-encryption", bucket, (b) => this.buckets.encryption(b));
    }

    /** The key a bucket's default encryption names; absent for SSE-S3 and the AWS managed key. Worked out once per bucket and encryption. */
    bucketEncryptionKey(bucket: PolicyResource, encryption: DefaultEncryption): KeyReference {
        const byBucket = this.memoBy("bucket-encryption-key", encryption, () => new Map<PolicyResource, KeyReference>());
        let key = byBucket.get(bucket);
        if (key === undefined) {
            const region = regionOf(bucket);
            key = this.keys.resolve(encryption.kmsMasterKeyId, dependenciesOf(encryption.declaredBy, encryption.dependencyProperty), stringOf(region));
            byBucket.set(bucket, key);
        }
        return key;
    }

    /** Known, unknown (something unknown could configure it) or absent (nothing does: never enabled). */
    versioning(bucket: PolicyResource): Read<Versioning> {
        return this.buckets.versioning(bucket);
    }

    /** What a key reference resolves to; see `KmsKeys.resolve`. */
    key(reference: Read, dependencies: readonly PolicyResource[] = [], region?: string): KeyReference {
        return this.keys.resolve(reference, dependencies, region);
    }

    /** The model of an in-stack `aws.kms.Key` or `aws.kms.ReplicaKey`. */
    kmsKey(resource: PolicyResource): KmsKey | undefined {
        return this.keys.key(resource);
    }

    /** The `aws.kms.Grant`s on the key, and those whose key cannot be told; indexed once. */
    grantsOn(key: KmsKey): PolicyResource[] {
        return this.grants.on(key);
    }

    keyRegion(reference: KeyReference): Read<string> {
        return this.keys.region(reference);
    }

    isMultiRegionKey(reference: KeyReference): boolean | "unknown" {
        return this.keys.isMultiRegion(reference);
    }

    /** The key policy in force: an `aws.kms.KeyPolicy` naming the key, else the key's own `policy`. */
    keyPolicy(key: KmsKey): Read<KeyPolicy> {
        return this.keys.policy(key);
    }

    /** The `aws.iam.Role` a role reference (ARN, name, or unknown computed from a role) names. */
    role(reference: Read, dependencies: readonly PolicyResource[] = []): Resolution {
        return this.lookup.resolve(reference, ["role"], dependencies);
    }

    /** The `aws.iam.Policy` a policy ARN (or an unknown computed from a policy) names. */
    managedPolicy(reference: Read, dependencies: readonly PolicyResource[] = []): Resolution {
        return this.lookup.resolve(reference, ["managedPolicy"], dependencies);
    }

    /** The bucket a bucket reference (name, ARN, or unknown computed from a bucket) names. */
    bucket(reference: Read, dependencies: readonly PolicyResource[] = []): Resolution {
        return this.lookup.resolve(reference, ["bucket"], dependencies);
    }

    /** Resources of `kind` configuring `target`, e.g. the RolePolicies of a role or the BucketPolicy of a bucket. */
    attachments(target: PolicyResource, kind: AttachmentKind): Attached {
        return this.attachmentIndex.of(target, kind);
    }

    /** Resources of `type` listing `role` by name in `roles` (`aws.iam.PolicyAttachment`, `aws-native:iam:ManagedPolicy`), surely or perhaps; indexed once. */
    namingRole(role: PolicyResource, type: string): NamingRole[] {
        return this.roleLists.naming(role, type);
    }

    regionOf(resource: PolicyResource): Read<string> {
        return regionOf(resource);
    }

    /** From the resource's ARN, its provider, or `configured` (the pack's configuration). */
    accountOf(resource: PolicyResource, configured?: string): Read<string> {
        return accountOf(resource, configured);
    }
}

const indexesByArray = new WeakMap<object, StackIndex>();
const indexesByRequest = new WeakMap<object, { urns: string[]; index: StackIndex }>();

function urnOf(resource: unknown): string {
    return typeof resource === "object" && resource !== null && typeof (resource as { urn?: unknown }).urn === "string"
        ? (resource as { urn: string }).urn
        : "";
}

function urnsOf(resources: readonly unknown[]): string[] {
    return resources.map(urnOf);
}

/** Whether `resources` are, URN for URN, the ones `urns` were taken from. */
function sameUrns(urns: readonly string[], resources: readonly unknown[]): boolean {
    if (urns.length !== resources.length) {
        return false;
    }
    for (let i = 0; i < urns.length; i++) {
        if (urns[i] !== urnOf(resources[i])) {
            return false;
        }
    }
    return true;
}

/**
 * The index of a stack: built once per `request` (the framework's AnalyzeStack request, which
 * deserialises the stack anew for every stack policy: without it each policy would index the same
 * stack again), else once per `resources` array; for the same `secrets` only.
 */
export function stackIndex(resources: readonly unknown[], secrets: SecretValues, request?: object): StackIndex {
    if (!Array.isArray(resources)) {
        return new StackIndex([], secrets);
    }
    const byArray = indexesByArray.get(resources);
    if (byArray && byArray.secrets === secrets) {
        return byArray;
    }
    const shared = request ? indexesByRequest.get(request) : undefined;
    // The same request always carries the same resources; the URN check guards against misuse.
    const index = shared && shared.index.secrets === secrets && sameUrns(shared.urns, resources) ? shared.index : new StackIndex(resources, secrets);
    indexesByArray.set(resources, index);
    if (request && index !== shared?.index) {
        indexesByRequest.set(request, { urns: urnsOf(resources), index });
    }
    return index;
}
