/**
 * How stack-policy messages name what they speak of (a replication configuration and its rule,
 * a bucket, a KMS key, the replication role), and how problems are told apart. A label quotes
 * only an identifier the program shows and did not mark secret; otherwise it names the resource.
 */
import { isKmsAliasReference, parseBucketArn } from "../model/arn";
import { describeResource, KeyReference, ReplicationInStack, Resolution, StackIndex } from "../model/stack";
import { SecretValues } from "../model/secret-values";
import { isSecretRead, read, Read, stringOf } from "../model/value";

/** A known identifier that may be quoted in a message: not marked secret. */
export function quotable(r: Read, secrets: SecretValues): string | undefined {
    return r.state === "known" && !isSecretRead(r, secrets) ? stringOf(r) : undefined;
}

/** `BucketReplicationConfig "replication-config"`: the shape of the configuration and the name of the resource that holds it. */
export function configurationLabel({ configuration, configurationResource }: Pick<ReplicationInStack, "configuration" | "configurationResource">): string {
    return `${configuration.shape} "${configurationResource.name}"`;
}

/** `BucketReplicationConfig rule "Rule-1"`: a rule of the resource the finding is reported on (resource policies). */
export function shapeRuleLabel({ configuration, rule }: Pick<ReplicationInStack, "configuration" | "rule">): string {
    return `${configuration.shape} ${rule.label}`;
}

/** `BucketReplicationConfig "replication" rule "Rule-1"`: a rule among all of the stack's. */
export function ruleLabel(replication: Pick<ReplicationInStack, "configuration" | "configurationResource" | "rule">): string {
    return `${configurationLabel(replication)} ${replication.rule.label}`;
}

/** `bucket "name"`, by its known name, else by its resource name. */
export function bucketLabel(index: StackIndex, bucket: Resolution): string {
    switch (bucket.kind) {
        case "in-stack": {
            const name = quotable(index.bucketName(bucket.resource), index.secrets);
            return name ? `bucket "${name}"` : `bucket resource "${bucket.resource.name}"`;
        }
        case "external":
            return `bucket "${parseBucketArn(bucket.reference)?.bucket ?? bucket.reference}"`;
        case "unresolved":
            // Unknown in a first preview: name the resources it can be rather than an empty name.
            return bucket.candidates && bucket.candidates.length > 0
                ? `bucket resource ${bucket.candidates.map((candidate) => `"${candidate.name}"`).join(" or ")}`
                : "a bucket the stack does not name until deployment";
        default:
            return "a bucket the stack does not name";
    }
}

/** `KMS key arn:...`, by its known ARN, else by its resource name; aliases named too. */
export function keyLabel(index: StackIndex, key: KeyReference): string {
    const alias = "alias" in key && key.alias ? ` (through alias resource "${key.alias.name}")` : "";
    switch (key.kind) {
        case "in-stack": {
            const arn = quotable(key.key.arn, index.secrets);
            return (arn ? `KMS key ${arn}` : `KMS key resource "${key.key.resource.name}"`) + alias;
        }
        case "external":
            return isKmsAliasReference(key.reference) ? `the key behind the alias ${key.reference}${alias}` : `KMS key ${key.reference}${alias}`;
        case "other-type":
            return `a value from ${key.resources.map(describeResource).join(" or ")}`;
        default:
            return `KMS key${alias}`;
    }
}

/** `replication role arn:...`, by its known ARN, else by its resource name. */
export function roleLabel(index: StackIndex, replication: ReplicationInStack): string {
    const { role } = replication;
    switch (role.kind) {
        case "in-stack": {
            const arn = quotable(read(role.resource.props, "arn"), index.secrets);
            return arn ? `replication role ${arn}` : `replication role resource "${role.resource.name}"`;
        }
        case "external":
            return `replication role ${role.reference}`;
        default:
            return "replication role";
    }
}

/**
 * One identifier made of several parts (URNs, labels, ARNs), for grouping problems and naming
 * memos: the parts are joined with NUL, which none of them holds, so different parts never
 * make the same key. An undefined part counts as empty.
 */
export function groupKey(...parts: ReadonlyArray<string | undefined>): string {
    return parts.join("\u0000");
}
