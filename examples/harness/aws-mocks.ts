/**
 * Mocks for `pulumi.runtime.setMocks` that answer like the AWS provider would, deterministically.
 *
 * For each resource the provider's work is split in three, as a real preview and update see it:
 *  - check: autonaming (`source-bucket` -> `source-bucket-1a2b3c4`); the result is part of the
 *    resource's inputs, known during preview;
 *  - plan: defaults the provider settles before creating anything (Region, key usage...), known
 *    during preview;
 *  - create: the id and the attributes the cloud assigns (ARNs, key ids...). During preview these
 *    are the engine's unknown sentinel, so every input computed from them is unknown too.
 *
 * Region comes from the resource's `region` input or its provider's `region`; the account from the
 * provider's `allowedAccountIds`. Random values (autoname suffixes, key ids, provider ids) are
 * derived from a hash of project, stack, type and name, so regeneration is byte-identical.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

const AWS_PROVIDER_TYPE = "pulumi:providers:aws";

/** The engine's sentinel for a value not known until the resource exists. */
export const UNKNOWN = pulumi.runtime.unknownValue;

/** When the mocked resources were "created" (S3/IAM creation dates, state timestamps). */
export const FIXED_CREATION_TIME = "2025-01-01T00:00:00Z";

type Attributes = Record<string, unknown>;

export interface MockRun {
    project: string;
    stack: string;
    preview: boolean;
}

/** A resource as the provider sees it, with lazy access to where it is deployed. */
interface ProviderView {
    name: string;
    inputs: Attributes;
    /** Stable seed for this resource's "random" values. */
    seed: string;
    region(): string;
    accountId(): string;
}

interface ResourceModel {
    /** The input the provider autonames when it is absent. */
    autonamed?: string;
    plan?(resource: ProviderView): Attributes;
    create(resource: ProviderView): { id: string; attributes: Attributes };
}

function sha256(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}

function deterministicUuid(seed: string): string {
    const hex = sha256(`uuid:${seed}`);
    const variant = "89ab"[parseInt(hex[16], 16) % 4];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** IAM unique ids: a prefix and 17 characters of [A-Z2-7]. */
function iamUniqueId(prefix: string, seed: string): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const bytes = crypto.createHash("sha256").update(`iam:${seed}`).digest();
    return prefix + Array.from(bytes.subarray(0, 17), (byte) => alphabet[byte % 32]).join("");
}

/** Pulumi's autonaming: the resource name, a dash and seven hex characters. */
function autoname(view: { name: string; seed: string }): string {
    return `${view.name}-${sha256(`autoname:${view.seed}`).slice(0, 7)}`;
}

const regional = (resource: ProviderView): Attributes => ({ region: resource.region() });

/** S3 sub-resources (versioning, encryption, policy, replication) are identified by their bucket. */
const bucketSubresource: ResourceModel = {
    plan: regional,
    create: (resource) => ({ id: String(resource.inputs.bucket), attributes: {} }),
};

const MODELS: Record<string, ResourceModel> = {
    [AWS_PROVIDER_TYPE]: {
        create: (provider) => ({ id: deterministicUuid(provider.seed), attributes: {} }),
    },
    "aws:kms/key:Key": {
        plan: (key) => ({
            region: key.region(),
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            isEnabled: true,
            bypassPolicyLockoutSafetyCheck: false,
        }),
        create: (key) => {
            const keyId = deterministicUuid(key.seed);
            return {
                id: keyId,
                attributes: { keyId, arn: `arn:aws:kms:${key.region()}:${key.accountId()}:key/${keyId}`, multiRegion: false },
            };
        },
    },
    "aws:s3/bucket:Bucket": {
        autonamed: "bucket",
        plan: (bucket) => ({ region: bucket.region(), forceDestroy: false }),
        create: (bucket) => {
            const name = String(bucket.inputs.bucket);
            return {
                id: name,
                attributes: {
                    arn: `arn:aws:s3:::${name}`,
                    bucketDomainName: `${name}.s3.amazonaws.com`,
                    bucketRegionalDomainName: `${name}.s3.${bucket.region()}.amazonaws.com`,
                },
            };
        },
    },
    "aws:s3/bucketVersioning:BucketVersioning": bucketSubresource,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketSubresource,
    "aws:s3/bucketPolicy:BucketPolicy": bucketSubresource,
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": bucketSubresource,
    "aws:iam/role:Role": {
        autonamed: "name",
        plan: () => ({ path: "/", maxSessionDuration: 3600, forceDetachPolicies: false }),
        create: (role) => {
            const name = String(role.inputs.name);
            return {
                id: name,
                attributes: {
                    arn: `arn:aws:iam::${role.accountId()}:role${role.inputs.path ?? "/"}${name}`,
                    uniqueId: iamUniqueId("AROA", role.seed),
                    createDate: FIXED_CREATION_TIME,
                },
            };
        },
    },
    "aws:iam/rolePolicy:RolePolicy": {
        autonamed: "name",
        create: (policy) => ({ id: `${policy.inputs.role}:${policy.inputs.name}`, attributes: {} }),
    },
};

interface ProviderPlacement {
    region?: string;
    accountId?: string;
}

/** The account a provider is pinned to: the first of its `allowedAccountIds` (a JSON string on the wire). */
function pinnedAccount(allowedAccountIds: unknown): string | undefined {
    if (typeof allowedAccountIds !== "string") {
        return undefined;
    }
    const ids: unknown = JSON.parse(allowedAccountIds);
    return Array.isArray(ids) && typeof ids[0] === "string" ? ids[0] : undefined;
}

/** `<type>::<name>` of the provider a `<urn>::<id>` reference points to. */
function providerKeyOfReference(reference: string): string {
    const [, , qualifiedType, name] = reference.split("::");
    return `${qualifiedType.split("$").pop()}::${name}`;
}

export class AwsMocks implements pulumi.runtime.Mocks {
    private readonly providers = new Map<string, ProviderPlacement>();

    constructor(private readonly run: MockRun) {}

    /** The inputs after the provider's check: the program's inputs plus autonamed names. */
    checkInputs(type: string, name: string, inputs: Attributes): Attributes {
        const field = MODELS[type]?.autonamed;
        if (field === undefined || inputs[field] !== undefined) {
            return inputs;
        }
        return { ...inputs, [field]: autoname({ name, seed: this.seedOf(type, name) }) };
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        if (!args.custom) {
            return { id: undefined, state: args.inputs };
        }
        const model = MODELS[args.type];
        if (model === undefined) {
            throw new Error(`no mock model for ${args.type}; add one to examples/harness/aws-mocks.ts`);
        }
        const inputs = this.checkInputs(args.type, args.name, args.inputs);
        if (args.type === AWS_PROVIDER_TYPE) {
            this.providers.set(`${args.type}::${args.name}`, {
                region: typeof inputs.region === "string" ? inputs.region : undefined,
                accountId: pinnedAccount(inputs.allowedAccountIds),
            });
        }
        const view = this.providerView(args, inputs);
        const planned = { ...model.plan?.(view), ...inputs };
        // During preview `create` runs only to name the attributes that stay unknown.
        const created = model.create(view);
        if (this.run.preview) {
            const unknownAttributes = Object.fromEntries(Object.keys(created.attributes).map((key) => [key, UNKNOWN]));
            return { id: undefined, state: { ...planned, ...unknownAttributes } };
        }
        return { id: created.id, state: { ...planned, ...created.attributes } };
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        throw new Error(`the example programs make no provider calls, got ${args.token}`);
    }

    private seedOf(type: string, name: string): string {
        return [this.run.project, this.run.stack, type, name].join("::");
    }

    private providerView(args: pulumi.runtime.MockResourceArgs, inputs: Attributes): ProviderView {
        const placement = (): ProviderPlacement => {
            const provider = args.provider ? this.providers.get(providerKeyOfReference(args.provider)) : undefined;
            if (provider === undefined) {
                throw new Error(`${args.type} ${args.name} needs an explicit aws.Provider: the mocks learn Regions and accounts from explicit providers only`);
            }
            return provider;
        };
        const required = (value: string | undefined, what: string): string => {
            if (value === undefined) {
                throw new Error(`cannot compute outputs of ${args.type} ${args.name}: its provider has no ${what}`);
            }
            return value;
        };
        return {
            name: args.name,
            inputs,
            seed: this.seedOf(args.type, args.name),
            region: () => (typeof inputs.region === "string" ? inputs.region : required(placement().region, "region")),
            accountId: () => required(placement().accountId, "allowedAccountIds"),
        };
    }
}
