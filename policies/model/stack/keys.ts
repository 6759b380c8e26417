/**
 * KMS keys of the stack (`aws.kms.Key`, `aws.kms.ReplicaKey` and their aws-native forms), the aliases that name them, their
 * key policies, and what a key reference (key id or ARN, alias name or ARN, or an unknown computed
 * from a key, replica key or alias) resolves to.
 */
import { isMultiRegionKeyId, parseKmsArn } from "../arn";
import { types } from "../resource-types";
import { ABSENT, booleanOf, read, Read, stringOf } from "../value";
import { Attachments, attachmentKinds, soleAttachment } from "./attachments";
import { ResourceLookup, Resolution } from "./resource-lookup";
import { regionOf } from "./location";
import { knownRead, UNKNOWN_READ } from "../value";
import { dependenciesOf, PolicyResource, programRead } from "./resource";

export interface KmsKey {
    resource: PolicyResource;
    /** An `aws.kms.ReplicaKey` or `aws-native:kms:ReplicaKey`: the replica of a multi-Region primary key. */
    isReplica: boolean;
    arn: Read;
    keyId: Read;
    /** Defaults applied: ENCRYPT_DECRYPT. A replica key takes its primary's when its own is not known yet. */
    keyUsage: Read;
    /** `customerMasterKeySpec` or `keySpec`, defaulting to SYMMETRIC_DEFAULT. */
    keySpec: Read;
    /** `isEnabled` (aws Key) or `enabled` (ReplicaKey, aws-native Key), defaulting to true. */
    enabled: Read;
    /** Replica keys are always multi-Region. */
    multiRegion: Read;
}

export type KeyReference =
    | { kind: "in-stack"; key: KmsKey; alias?: PolicyResource }
    /** A key or alias outside the stack, or an in-stack alias whose target is outside it. */
    | { kind: "external"; reference: string; alias?: PolicyResource }
    /** Names, or is computed only from, resources that are not KMS keys. */
    | { kind: "other-type"; resources: PolicyResource[] }
    | { kind: "unresolved"; alias?: PolicyResource }
    | { kind: "absent" };

export interface KeyPolicy {
    /** The `aws.kms.KeyPolicy` that replaces the key's own policy, or the key. */
    declaredBy: PolicyResource;
    /** Absent when the key sets none: KMS then applies its default key policy. */
    document: Read;
}

const KEY_CATEGORIES = ["kmsKey"] as const;
const KEY_TYPES: ReadonlySet<string> = new Set([types.kmsKey, types.nativeKmsKey]);
const REPLICA_KEY_TYPES: ReadonlySet<string> = new Set([types.kmsReplicaKey, types.nativeKmsReplicaKey]);
const REFERENCE_CATEGORIES = ["kmsKey", "kmsAlias"] as const;

function withDefault(value: Read, fallback: unknown): Read {
    return value.state === "absent" ? knownRead(fallback) : value;
}

export class KmsKeys {
    private readonly models = new Map<string, KmsKey>();

    constructor(
        private readonly lookup: ResourceLookup,
        private readonly attachments: Attachments,
    ) {}

    /** The model of an in-stack key resource; undefined for other resources. */
    key(resource: PolicyResource): KmsKey | undefined {
        const replica = REPLICA_KEY_TYPES.has(resource.type);
        if (!replica && !KEY_TYPES.has(resource.type)) {
            return undefined;
        }
        let model = this.models.get(resource.urn);
        if (!model) {
            model = replica ? this.replicaKeyModel(resource) : this.keyModel(resource);
            this.models.set(resource.urn, model);
        }
        return model;
    }

    /**
     * What a key reference resolves to. `dependencies` are the resources behind the property that
     * holds it; `region` is where a bare alias name or multi-Region key id is looked up.
     */
    resolve(reference: Read, dependencies: readonly PolicyResource[], region?: string): KeyReference {
        return this.follow(this.lookup.resolve(reference, REFERENCE_CATEGORIES, dependencies, { region }));
    }

    /** The in-stack key an in-stack alias points at, or what else its `targetKeyId` is. */
    aliasTarget(alias: PolicyResource): KeyReference {
        const region = regionOf(alias);
        const target = this.lookup.resolve(read(alias.props, "targetKeyId"), KEY_CATEGORIES, dependenciesOf(alias, "targetKeyId"), {
            region: stringOf(region),
        });
        const resolved = this.follow(target);
        return resolved.kind === "in-stack" || resolved.kind === "external" || resolved.kind === "unresolved" ? { ...resolved, alias } : resolved;
    }

    /**
     * The policy in force on a key: an `aws.kms.KeyPolicy` naming it replaces the key's own. Unknown
     * whenever a KeyPolicy whose key cannot be told may name this one (even beside one known to),
     * or several do.
     */
    policy(key: KmsKey): Read<KeyPolicy> {
        const inForce = soleAttachment(this.attachments.of(key.resource, attachmentKinds.keyPolicy));
        if (inForce === "undecidable") {
            return UNKNOWN_READ;
        }
        if (inForce !== "none") {
            return knownRead({ declaredBy: inForce, document: read(inForce.props, "policy") });
        }
        // Unset, a key's `policy` is the provider's computed output: unknown during preview, absent to the program.
        // An aws-native key's policy is its `keyPolicy` (an object or JSON text); unset, KMS applies the default key policy.
        // An aws-native replica key must set one (AWS::KMS::ReplicaKey `KeyPolicy` is required): unknown there stays unknown,
        // which leaves the key's requests undecided.
        if (key.resource.type === types.nativeKmsReplicaKey) {
            return knownRead({ declaredBy: key.resource, document: read(key.resource.props, "keyPolicy") });
        }
        return knownRead({ declaredBy: key.resource, document: programRead(key.resource, key.resource.type === types.nativeKmsKey ? "keyPolicy" : "policy") });
    }

    /** The Region of the key a reference names: the key's, its alias's, or the one in its ARN. */
    region(reference: KeyReference): Read<string> {
        switch (reference.kind) {
            case "in-stack":
                return regionOf(reference.key.resource);
            case "external": {
                if (reference.alias) {
                    return regionOf(reference.alias);
                }
                const arn = parseKmsArn(reference.reference);
                return arn ? knownRead(arn.region) : UNKNOWN_READ;
            }
            case "unresolved":
                return reference.alias ? regionOf(reference.alias) : UNKNOWN_READ;
            default:
                return UNKNOWN_READ;
        }
    }

    /** Whether the referenced key is multi-Region (`mrk-` ids, `multiRegion`, replica keys). */
    isMultiRegion(reference: KeyReference): boolean | "unknown" {
        switch (reference.kind) {
            case "in-stack": {
                const { multiRegion, keyId, arn } = reference.key;
                const declared = booleanOf(multiRegion);
                if (declared !== undefined) {
                    return declared;
                }
                const id = stringOf(keyId) ?? stringOf(arn);
                return id ? isMultiRegionKeyId(id) : "unknown";
            }
            case "external": {
                const arn = parseKmsArn(reference.reference);
                // Key ids say whether the key is multi-Region; alias names do not.
                return arn?.kind === "alias" || reference.reference.startsWith("alias/") ? "unknown" : isMultiRegionKeyId(reference.reference);
            }
            default:
                return "unknown";
        }
    }

    private follow(resolution: Resolution): KeyReference {
        switch (resolution.kind) {
            case "in-stack": {
                const key = this.key(resolution.resource);
                return key ? { kind: "in-stack", key } : this.aliasTarget(resolution.resource);
            }
            case "external":
            case "other-type":
            case "absent":
                return resolution;
            default:
                return { kind: "unresolved" };
        }
    }

    /** `aws.kms.Key`, or `aws-native:kms:Key` (AWS::KMS::Key: `keySpec`, `enabled`). */
    private keyModel(resource: PolicyResource): KmsKey {
        const native = resource.type === types.nativeKmsKey;
        const spec = native ? ABSENT : programRead(resource, "customerMasterKeySpec");
        return {
            resource,
            isReplica: false,
            arn: read(resource.props, "arn"),
            keyId: read(resource.props, "keyId"),
            keyUsage: withDefault(programRead(resource, "keyUsage"), "ENCRYPT_DECRYPT"),
            keySpec: withDefault(spec.state === "absent" ? programRead(resource, "keySpec") : spec, "SYMMETRIC_DEFAULT"),
            enabled: withDefault(programRead(resource, native ? "enabled" : "isEnabled"), true),
            multiRegion: withDefault(programRead(resource, "multiRegion"), false),
        };
    }

    /**
     * `aws.kms.ReplicaKey`, or `aws-native:kms:ReplicaKey` (AWS::KMS::ReplicaKey: `primaryKeyArn`, `keyPolicy`, `enabled`;
     * no key usage or spec of its own). A replica key's usage and spec are its primary's (KMS API reference, "ReplicateKey":
     * a primary key and its replicas "have the same key spec, key usage, key material origin, and automatic key rotation
     * status"), outputs not known before it exists; an aws-native replica key whose primary is outside the stack has them unknown.
     */
    private replicaKeyModel(resource: PolicyResource): KmsKey {
        const primary = this.lookup.resolve(read(resource.props, "primaryKeyArn"), KEY_CATEGORIES, dependenciesOf(resource, "primaryKeyArn"));
        const primaryKey = primary.kind === "in-stack" && KEY_TYPES.has(primary.resource.type) ? this.keyModel(primary.resource) : undefined;
        const native = resource.type === types.nativeKmsReplicaKey;
        const fromPrimary = (own: Read, inherited: Read | undefined) =>
            native ? (inherited ?? UNKNOWN_READ) : own.state === "unknown" && inherited ? inherited : own;
        return {
            resource,
            isReplica: true,
            arn: read(resource.props, "arn"),
            keyId: read(resource.props, "keyId"),
            keyUsage: fromPrimary(read(resource.props, "keyUsage"), primaryKey?.keyUsage),
            keySpec: fromPrimary(read(resource.props, "keySpec"), primaryKey?.keySpec),
            enabled: withDefault(programRead(resource, "enabled"), true),
            multiRegion: knownRead(true),
        };
    }
}
