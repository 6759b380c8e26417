/**
 * "The guide example": the example of the Amazon S3 user guide page "Replicating objects created with
 * server-side encryption (SSE-C, SSE-S3, SSE-KMS)", which this pack grew from, as a Pulumi stack: a source bucket in us-east-1 encrypted with
 * SSE-KMS, a destination bucket in us-west-2, a replica key in us-west-2, versioning on both,
 * and a replication role, in every resource shape the pack reads. `preview: true` builds it as a
 * first preview sends it (every ARN unknown, linked only through propertyDependencies);
 * `preview: false` as after deployment (outputs known). `overrides` break one thing at a time.
 */
import { types } from "../../policies/model/resource-types";
import { ResourceSpec, StackBuilder, UNKNOWN } from "./harness";
import { inEveryShape, RuleSpec, ShapedResource } from "./shapes";

export type GuideShape =
    /** v7: Bucket + BucketVersioning + BucketServerSideEncryptionConfiguration + BucketReplicationConfig. */
    | "v7"
    /** v6: BucketV2 + BucketVersioningV2 + BucketServerSideEncryptionConfigurationV2 + BucketReplicationConfig. */
    | "v6"
    /** v6 legacy Bucket with inline versioning, encryption and replication. */
    | "v6-inline"
    /** v6 BucketV2 with its list-shaped inline blocks. */
    | "bucketv2-inline"
    /** aws-native Bucket (keys and role from the classic provider). */
    | "aws-native";

export const GUIDE_SHAPES: readonly GuideShape[] = ["v7", "v6", "v6-inline", "bucketv2-inline", "aws-native"];

/** Every shape, as a first preview and after deployment. */
export const GUIDE_CASES: readonly { shape: GuideShape; preview: boolean }[] = GUIDE_SHAPES.flatMap((shape) =>
    [true, false].map((preview) => ({ shape, preview })),
);

export const ACCOUNT = "111111111111";
export const SOURCE_REGION = "us-east-1";
export const DESTINATION_REGION = "us-west-2";
export const SOURCE_BUCKET = "source-bucket";
export const DESTINATION_BUCKET = "destination-bucket";
export const SOURCE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
export const REPLICA_KEY_ID = "0987dcba-09fe-87dc-65ba-ba0987654321";
export const MULTI_REGION_KEY_ID = "mrk-1234abcd12ab34cd56ef1234567890ab";
export const REPLICA_ALIAS = "alias/replica";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/replication-role`;

export function keyArn(region: string, keyId: string, account = ACCOUNT): string {
    return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}

export function aliasArn(region: string, name: string, account = ACCOUNT): string {
    return `arn:aws:kms:${region}:${account}:${name}`;
}

export function bucketArn(name: string): string {
    return `arn:aws:s3:::${name}`;
}

export type VersioningStatus = "Enabled" | "Suspended" | "Disabled" | "none";

export interface GuideOverrides {
    /** The source bucket's default encryption; "none" configures none. Default aws:kms. */
    sourceAlgorithm?: "aws:kms" | "aws:kms:dsse" | "AES256" | "none";
    /** Merged into the guide example's rule (e.g. `{ sseKms: undefined }` drops the opt-in). */
    rule?: Partial<RuleSpec>;
    /** Region of the replica key's provider. Default us-west-2. */
    replicaKeyRegion?: string;
    /** Region of the destination bucket's provider. Default us-west-2. */
    destinationRegion?: string;
    /**
     * What the rule names as its replica key: a Key (default), an Alias of it, the ReplicaKey of
     * a multi-Region primary key in the source Region, or (a mistake) the destination bucket's ARN.
     */
    replicaKeyKind?: "key" | "alias" | "replica-key" | "bucket-arn";
    /** Merged into the replica key's properties (e.g. `{ keyUsage: "SIGN_VERIFY" }`). */
    replicaKey?: Record<string, unknown>;
    /** Merged into the multi-Region primary key's properties (with `replicaKeyKind` "replica-key"). */
    primaryKey?: Record<string, unknown>;
    /** Merged into the source key's properties. */
    sourceKey?: Record<string, unknown>;
    sourceVersioning?: VersioningStatus;
    destinationVersioning?: VersioningStatus;
    /** Whether the source's default encryption uses an S3 Bucket Key. Default true. */
    sourceBucketKey?: boolean;
    /** The destination bucket's default encryption (under the replica key for the KMS algorithms). Default "none". */
    destinationAlgorithm?: "aws:kms" | "aws:kms:dsse" | "AES256" | "none";
    /** Whether the destination's default encryption uses an S3 Bucket Key. Default false. */
    destinationBucketKey?: boolean;
    /**
     * The account of the destination bucket and the replica key (their providers' allowedAccountIds
     * and their ARNs). Default the source's, ACCOUNT.
     */
    destinationAccount?: string;
    /**
     * In the aws-native shape: the keys are `aws-native:kms:Key` and `aws-native:kms:ReplicaKey` resources (their policies
     * inline as `keyPolicy`, on aws-native providers), not `aws.kms` ones.
     */
    nativeKeys?: boolean;
}

export interface GuideOptions {
    preview: boolean;
    shape: GuideShape;
    overrides?: GuideOverrides;
}

export interface GuideStack {
    stack: StackBuilder;
    /** Explicit providers by Region (classic; aws-native ones under `native`). */
    providers: Record<string, ResourceSpec>;
    native: Record<string, ResourceSpec>;
    source: ResourceSpec;
    destination: ResourceSpec;
    sourceKey: ResourceSpec;
    /** The Key (or ReplicaKey) that encrypts replicas. */
    replicaKey: ResourceSpec;
    /** With `replicaKeyKind` "alias": the alias the rule names. */
    replicaKeyAlias?: ResourceSpec;
    /** With `replicaKeyKind` "replica-key": the multi-Region primary key. */
    primaryKey?: ResourceSpec;
    role: ResourceSpec;
    /** The BucketReplicationConfig, or the source bucket for inline shapes. */
    replication: ResourceSpec;
    /** Separate versioning and encryption resources, when the shape uses them. */
    sourceVersioning?: ResourceSpec;
    destinationVersioning?: ResourceSpec;
    sourceEncryption?: ResourceSpec;
    destinationEncryption?: ResourceSpec;
}

const isV7 = (shape: GuideShape) => shape === "v7";
const isSeparate = (shape: GuideShape) => shape === "v7" || shape === "v6";

class GuideBuilder {
    readonly stack = new StackBuilder();
    readonly providers: Record<string, ResourceSpec> = {};
    readonly native: Record<string, ResourceSpec> = {};

    constructor(
        private readonly preview: boolean,
        private readonly shape: GuideShape,
        private readonly nativeKeys = false,
    ) {}

    /** A key's properties as aws-native spells them (AWS::KMS::Key, AWS::KMS::ReplicaKey): `enabled`, `keySpec`, `keyPolicy` (an object). */
    private static nativeKeyProps(props: Record<string, unknown>): Record<string, unknown> {
        const rename: Record<string, string> = {
            isEnabled: "enabled",
            customerMasterKeySpec: "keySpec",
            policy: "keyPolicy",
            deletionWindowInDays: "pendingWindowInDays",
        };
        return Object.fromEntries(
            Object.entries(props).map(([k, v]) => {
                const name = rename[k] ?? k;
                return [name, name === "keyPolicy" && typeof v === "string" ? (JSON.parse(v) as unknown) : v];
            }),
        );
    }

    /** An output: unknown during the first preview, `value` after deployment. */
    out(value: unknown): unknown {
        return this.preview ? UNKNOWN : value;
    }

    /** The provider for a Region (and account), registered under the Region, or `<region>-<account>` for another account. */
    provider(region: string, native = false, account = ACCOUNT): ResourceSpec {
        const registry = native ? this.native : this.providers;
        const name = account === ACCOUNT ? region : `${region}-${account}`;
        registry[name] ??= native
            ? this.stack.provider(`native-${name}`, { region }, "aws-native")
            : this.stack.provider(name, { region, allowedAccountIds: JSON.stringify([account]) });
        return registry[name];
    }

    /** v7 resources carry their Region (the provider's unless set), known from the first preview on. */
    regional(region: string): Record<string, unknown> {
        return isV7(this.shape) ? { region } : {};
    }

    key(name: string, region: string, keyId: string, overrides: Record<string, unknown> = {}, account = ACCOUNT): ResourceSpec {
        const deployed = this.preview
            ? { multiRegion: UNKNOWN }
            : { keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", isEnabled: true, multiRegion: false };
        const props = {
            description: `${name} for S3 replication`,
            deletionWindowInDays: 7,
            ...deployed,
            ...overrides,
            arn: this.out(keyArn(region, keyId, account)),
            keyId: this.out(keyId),
        };
        if (this.nativeKeys) {
            return this.stack.add(types.nativeKmsKey, name, GuideBuilder.nativeKeyProps(props), { provider: this.provider(region, true, account) });
        }
        return this.stack.add(types.kmsKey, name, { ...props, ...this.regional(region) }, { provider: this.provider(region, false, account) });
    }

    /** A replica of a multi-Region primary key. */
    replicaKey(
        name: string,
        region: string,
        primary: ResourceSpec,
        primaryArn: string,
        overrides: Record<string, unknown> = {},
        account = ACCOUNT,
    ): ResourceSpec {
        const keyId = primaryArn.split("/").pop() as string;
        if (this.nativeKeys) {
            // AWS::KMS::ReplicaKey has no key usage or spec of its own; its key policy is required: unless overridden, the
            // one KMS would apply by default, which lets the account's IAM policies decide.
            return this.stack.add(
                types.nativeKmsReplicaKey,
                name,
                GuideBuilder.nativeKeyProps({
                    keyPolicy: {
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
                    },
                    ...(this.preview ? {} : { enabled: true }),
                    ...overrides,
                    primaryKeyArn: this.out(primaryArn),
                    arn: this.out(keyArn(region, keyId, account)),
                    keyId: this.out(keyId),
                }),
                { provider: this.provider(region, true, account), deps: { primaryKeyArn: primary } },
            );
        }
        const deployed = this.preview ? { keyUsage: UNKNOWN, keySpec: UNKNOWN } : { keyUsage: "ENCRYPT_DECRYPT", keySpec: "SYMMETRIC_DEFAULT", enabled: true };
        return this.stack.add(
            types.kmsReplicaKey,
            name,
            {
                ...deployed,
                ...this.regional(region),
                ...overrides,
                primaryKeyArn: this.out(primaryArn),
                arn: this.out(keyArn(region, keyId, account)),
                keyId: this.out(keyId),
            },
            { provider: this.provider(region, false, account), deps: { primaryKeyArn: primary } },
        );
    }

    alias(name: string, region: string, target: ResourceSpec, targetKeyId: string, account = ACCOUNT): ResourceSpec {
        return this.stack.add(
            types.kmsAlias,
            name,
            {
                name,
                targetKeyId: this.out(targetKeyId),
                ...this.regional(region),
                arn: this.out(aliasArn(region, name, account)),
            },
            { provider: this.provider(region, false, account), deps: { targetKeyId: target } },
        );
    }

    role(): ResourceSpec {
        return this.stack.add(
            types.iamRole,
            "replication-role",
            {
                name: "replication-role",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                arn: this.out(ROLE_ARN),
            },
            { provider: this.provider(SOURCE_REGION) },
        );
    }

    /** A bucket with its inline blocks (`inline`), as the shape spells the bucket type and name. */
    bucket(
        name: string,
        region: string,
        inline: Record<string, unknown>,
        deps: Record<string, ResourceSpec | ResourceSpec[]> = {},
        account = ACCOUNT,
    ): ResourceSpec {
        const native = this.shape === "aws-native";
        const type = native ? types.nativeBucket : this.shape === "v6" || this.shape === "bucketv2-inline" ? types.bucketV2 : types.bucket;
        const identity = native ? { bucketName: name } : { bucket: name };
        // A v7 Bucket's own versioning and encryption outputs: unknown until created, then what S3 reported then.
        const computed = isV7(this.shape)
            ? this.preview
                ? { versioning: UNKNOWN, serverSideEncryptionConfiguration: UNKNOWN }
                : {
                      versioning: { enabled: false, mfaDelete: false },
                      serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } },
                  }
            : {};
        // v6 buckets report their Region as an output, unknown until they exist.
        const outputs = native ? {} : isV7(this.shape) || !this.preview ? { region } : { region: UNKNOWN };
        return this.stack.add(
            type,
            name,
            { ...identity, ...computed, ...outputs, ...inline, arn: this.out(bucketArn(name)) },
            { provider: this.provider(region, native, account), deps },
        );
    }

    versioningResource(bucket: ResourceSpec, name: string, region: string, status: VersioningStatus, account = ACCOUNT): ResourceSpec | undefined {
        if (status === "none") {
            return undefined;
        }
        const type = isV7(this.shape) ? types.bucketVersioning : types.bucketVersioningV2;
        return this.stack.add(
            type,
            `${bucket.name}-versioning`,
            {
                bucket: this.out(name),
                versioningConfiguration: { status },
                ...this.regional(region),
            },
            { provider: this.provider(region, false, account), deps: { bucket } },
        );
    }

    /** The bucket's versioning as the inline shapes write it. */
    inlineVersioning(status: VersioningStatus): Record<string, unknown> {
        if (status === "none") {
            return {};
        }
        switch (this.shape) {
            case "aws-native":
                return { versioningConfiguration: { status: status === "Disabled" ? "Suspended" : status } };
            case "bucketv2-inline":
                return { versionings: [{ enabled: status === "Enabled" }] };
            default:
                return { versioning: { enabled: status === "Enabled" } };
        }
    }

    /** The property that carries a bucket's inline default encryption in this shape. */
    encryptionProperty(): string {
        return (
            { "aws-native": "bucketEncryption", "bucketv2-inline": "serverSideEncryptionConfigurations" }[this.shape as string] ??
            "serverSideEncryptionConfiguration"
        );
    }

    /** A bucket's default encryption as the inline shapes write it. */
    inlineEncryption(byDefault: Record<string, unknown>, bucketKeyEnabled: boolean): Record<string, unknown> {
        switch (this.shape) {
            case "aws-native":
                return { bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: byDefault, bucketKeyEnabled }] } };
            case "bucketv2-inline":
                return { serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [byDefault], bucketKeyEnabled }] }] };
            default:
                return { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled } } };
        }
    }

    /** A separate default-encryption resource for a bucket (the v7 and v6 shapes). */
    encryptionResource(
        resourceName: string,
        bucket: ResourceSpec,
        name: string,
        region: string,
        byDefault: Record<string, unknown>,
        bucketKeyEnabled: boolean,
        key: ResourceSpec | undefined,
        account = ACCOUNT,
    ): ResourceSpec {
        return this.stack.add(
            isV7(this.shape) ? types.bucketEncryption : types.bucketEncryptionV2,
            resourceName,
            { bucket: this.out(name), rules: [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled }], ...this.regional(region) },
            { provider: this.provider(region, false, account), deps: { bucket, ...(key ? { rules: key } : {}) } },
        );
    }

    /** The rules in the shape's own spelling. */
    replicationIn(rule: RuleSpec, role: unknown): ShapedResource {
        const shapeName = {
            v7: "BucketReplicationConfig",
            v6: "BucketReplicationConfig",
            "v6-inline": "Bucket",
            "bucketv2-inline": "BucketV2",
            "aws-native": "aws-native Bucket",
        }[this.shape];
        return inEveryShape([rule], role).find((s) => s.shape === shapeName)!;
    }
}

export function guideStack({ preview, shape, overrides = {} }: GuideOptions): GuideStack {
    const guide = new GuideBuilder(preview, shape, shape === "aws-native" && overrides.nativeKeys === true);
    const replicaKeyRegion = overrides.replicaKeyRegion ?? DESTINATION_REGION;
    const destinationRegion = overrides.destinationRegion ?? DESTINATION_REGION;
    const sourceVersioningStatus = overrides.sourceVersioning ?? "Enabled";
    const destinationVersioningStatus = overrides.destinationVersioning ?? "Enabled";
    const algorithm = overrides.sourceAlgorithm ?? "aws:kms";
    const usesKey = isKmsAlgorithm(algorithm);
    const sourceBucketKey = overrides.sourceBucketKey ?? true;
    const destinationAlgorithm = overrides.destinationAlgorithm ?? "none";
    const destinationUsesKey = isKmsAlgorithm(destinationAlgorithm);
    const destinationBucketKey = overrides.destinationBucketKey ?? false;
    const destinationAccount = overrides.destinationAccount ?? ACCOUNT;

    const sourceKey = guide.key("source-key", SOURCE_REGION, SOURCE_KEY_ID, overrides.sourceKey);
    const keys = replicaKeys(guide, overrides, replicaKeyRegion, destinationAccount);
    const role = guide.role();
    const byDefault = usesKey ? { sseAlgorithm: algorithm, kmsMasterKeyId: guide.out(keyArn(SOURCE_REGION, SOURCE_KEY_ID)) } : { sseAlgorithm: algorithm };
    const rule: RuleSpec = {
        id: "Rule-1",
        priority: 1,
        filterPrefix: "Tax",
        deleteMarkerReplication: "Disabled",
        destinationBucket: guide.out(bucketArn(DESTINATION_BUCKET)),
        replicaKmsKeyId: guide.out(keys.reference),
        sseKms: "Enabled",
        ...overrides.rule,
    };
    const { replicaKey, replicaKeyAlias, primaryKey } = keys;
    const destinationByDefault = destinationUsesKey
        ? { sseAlgorithm: destinationAlgorithm, kmsMasterKeyId: replicaKey.props.arn }
        : { sseAlgorithm: destinationAlgorithm };
    const common = { stack: guide.stack, providers: guide.providers, native: guide.native, sourceKey, replicaKey, replicaKeyAlias, primaryKey, role };

    if (isSeparate(shape)) {
        const destination = guide.bucket(DESTINATION_BUCKET, destinationRegion, {}, {}, destinationAccount);
        const destinationVersioning = guide.versioningResource(
            destination,
            DESTINATION_BUCKET,
            destinationRegion,
            destinationVersioningStatus,
            destinationAccount,
        );
        const destinationEncryption =
            destinationAlgorithm === "none"
                ? undefined
                : guide.encryptionResource(
                      "destination-encryption",
                      destination,
                      DESTINATION_BUCKET,
                      destinationRegion,
                      destinationByDefault,
                      destinationBucketKey,
                      destinationUsesKey ? replicaKey : undefined,
                      destinationAccount,
                  );
        const source = guide.bucket(SOURCE_BUCKET, SOURCE_REGION, {});
        const sourceVersioning = guide.versioningResource(source, SOURCE_BUCKET, SOURCE_REGION, sourceVersioningStatus);
        const sourceEncryption =
            algorithm === "none"
                ? undefined
                : guide.encryptionResource(
                      "source-encryption",
                      source,
                      SOURCE_BUCKET,
                      SOURCE_REGION,
                      byDefault,
                      sourceBucketKey,
                      usesKey ? sourceKey : undefined,
                  );
        const shaped = guide.replicationIn(rule, guide.out(ROLE_ARN));
        const replication = guide.stack.add(
            types.bucketReplicationConfig,
            "replication",
            { ...shaped.props, bucket: guide.out(SOURCE_BUCKET), ...guide.regional(SOURCE_REGION) },
            { provider: guide.provider(SOURCE_REGION), deps: { bucket: source, role, rules: [destination, ...keys.ruleDependencies] } },
        );
        return { ...common, source, destination, replication, sourceVersioning, destinationVersioning, sourceEncryption, destinationEncryption };
    }

    const destination = guide.bucket(
        DESTINATION_BUCKET,
        destinationRegion,
        {
            ...guide.inlineVersioning(destinationVersioningStatus),
            ...(destinationAlgorithm === "none" ? {} : guide.inlineEncryption(destinationByDefault, destinationBucketKey)),
        },
        destinationUsesKey ? { [guide.encryptionProperty()]: replicaKey } : {},
        destinationAccount,
    );
    const replicationProperty = shape === "bucketv2-inline" ? "replicationConfigurations" : "replicationConfiguration";
    const source = guide.bucket(
        SOURCE_BUCKET,
        SOURCE_REGION,
        {
            ...guide.inlineVersioning(sourceVersioningStatus),
            ...(algorithm === "none" ? {} : guide.inlineEncryption(byDefault, sourceBucketKey)),
            [replicationProperty]: guide.replicationIn(rule, guide.out(ROLE_ARN)).props[replicationProperty],
        },
        {
            [replicationProperty]: [role, destination, ...keys.ruleDependencies],
            ...(usesKey ? { [guide.encryptionProperty()]: sourceKey } : {}),
        },
    );
    return { ...common, source, destination, replication: source };
}

interface ReplicaKeys {
    replicaKey: ResourceSpec;
    replicaKeyAlias?: ResourceSpec;
    primaryKey?: ResourceSpec;
    /** What the rule's replicaKmsKeyId holds once known. */
    reference: string;
    /** The resources the rule's key reference is computed from. */
    ruleDependencies: ResourceSpec[];
}

function isKmsAlgorithm(algorithm: string): boolean {
    return algorithm === "aws:kms" || algorithm === "aws:kms:dsse";
}

function replicaKeys(guide: GuideBuilder, overrides: GuideOverrides, region: string, account: string): ReplicaKeys {
    switch (overrides.replicaKeyKind ?? "key") {
        case "alias": {
            const replicaKey = guide.key("replica-key", region, REPLICA_KEY_ID, overrides.replicaKey, account);
            const replicaKeyAlias = guide.alias(REPLICA_ALIAS, region, replicaKey, REPLICA_KEY_ID, account);
            return { replicaKey, replicaKeyAlias, reference: aliasArn(region, REPLICA_ALIAS, account), ruleDependencies: [replicaKeyAlias] };
        }
        case "replica-key": {
            // A multi-Region key's replicas stay in its account.
            const primaryArn = keyArn(SOURCE_REGION, MULTI_REGION_KEY_ID, account);
            const primaryKey = guide.key("primary-key", SOURCE_REGION, MULTI_REGION_KEY_ID, { multiRegion: true, ...overrides.primaryKey }, account);
            const replicaKey = guide.replicaKey("replica-key", region, primaryKey, primaryArn, overrides.replicaKey, account);
            return { replicaKey, primaryKey, reference: keyArn(region, MULTI_REGION_KEY_ID, account), ruleDependencies: [replicaKey] };
        }
        case "bucket-arn": {
            // The key exists but the rule was wired to the destination bucket's ARN instead.
            const replicaKey = guide.key("replica-key", region, REPLICA_KEY_ID, overrides.replicaKey, account);
            return { replicaKey, reference: bucketArn(DESTINATION_BUCKET), ruleDependencies: [] };
        }
        default: {
            const replicaKey = guide.key("replica-key", region, REPLICA_KEY_ID, overrides.replicaKey, account);
            return { replicaKey, reference: keyArn(region, REPLICA_KEY_ID, account), ruleDependencies: [replicaKey] };
        }
    }
}
