/**
 * Normalises every shape of S3 replication configuration the pack reads into one rule model:
 * - `aws.s3.BucketReplicationConfig` (v6 and v7): `rules[]` with status objects;
 * - the inline `replicationConfiguration` of `aws.s3.Bucket` (legacy v6 and v7): boolean
 *   `sseKmsEncryptedObjects.enabled`, `destination.replicaKmsKeyId`, `deleteMarkerReplicationStatus`;
 * - `aws.s3.BucketV2.replicationConfigurations[]`: the inline shape with list-wrapped blocks;
 * - `aws-native:s3:Bucket.replicationConfiguration`: CloudFormation's shape.
 */
import { ABSENT, PathSegment, Read, read } from "./value";
import { types } from "./resource-types";

export type ReplicationShape = "BucketReplicationConfig" | "Bucket" | "BucketV2" | "aws-native Bucket";

export interface RuleFilter {
    /** The `Filter` block (the V2 schema when written). */
    block: Read;
    prefix: Read;
    /** Tag conditions written in the filter (single tag, `And` tags or the inline `tags` map). */
    tagCount: number | "unknown";
    /** How many of `Prefix`, `Tag`, `And` the filter holds (CloudFormation and BucketReplicationConfig shapes). */
    elementCount: number;
}

export interface StatusBlock {
    present: Read;
    status: Read;
}

export interface TimedStatusBlock extends StatusBlock {
    minutes: Read;
}

export interface ReplicationDestination {
    bucket: Read;
    account: Read;
    storageClass: Read;
    accessControlTranslation: Read;
    accessControlOwner: Read;
    encryptionConfiguration: Read;
    replicaKmsKeyId: Read;
    metrics: TimedStatusBlock;
    replicationTime: TimedStatusBlock;
}

export interface ReplicationRule {
    index: number;
    /** `rule "Rule-1"` or `rule #2`: how messages name the rule. */
    label: string;
    /** Path from the resource's properties to this rule, in the resource's own shape. */
    path: PathSegment[];
    id: Read;
    status: Read;
    priority: Read;
    /** The rule-level `Prefix` of the V1 schema. */
    prefix: Read;
    filter: RuleFilter;
    deleteMarkerReplication: StatusBlock;
    existingObjectReplication: StatusBlock;
    sourceSelectionCriteria: Read;
    /** `SseKmsEncryptedObjects.Status` as `Enabled`/`Disabled` (the inline boolean mapped). */
    sseKmsEncryptedObjects: Read;
    replicaModifications: StatusBlock;
    destination: ReplicationDestination;
    /** The rule block is known but not an object. */
    malformed: boolean;
}

export interface ReplicationConfiguration {
    shape: ReplicationShape;
    /** Path from the resource's properties to the configuration block. */
    path: PathSegment[];
    /** Top-level property whose `propertyDependencies` cover the rules. */
    dependencyProperty: string;
    role: Read;
    /** `bucket` of a BucketReplicationConfig; the bucket's own name on inline shapes. */
    sourceBucket: Read;
    rulesState: "known" | "unknown" | "absent";
    rules: ReplicationRule[];
}

/** Reads a block that the BucketV2 shape wraps in a one-element list. */
type BlockReader = (root: unknown, ...path: PathSegment[]) => Read;

const direct: BlockReader = (root, ...path) => read(root, ...path);

function statusBlock(rule: unknown, readBlock: BlockReader, block: string, statusKey = "status"): StatusBlock {
    const present = readBlock(rule, block);
    return { present, status: present.state === "known" ? read(present.value, statusKey) : present };
}

function timedBlock(destination: unknown, readBlock: BlockReader, block: string, minutesPath: string[]): TimedStatusBlock {
    const present = readBlock(destination, block);
    if (present.state !== "known") {
        return { present, status: present, minutes: present };
    }
    return { present, status: read(present.value, "status"), minutes: read(present.value, ...minutesPath) };
}

function ruleLabel(index: number, id: Read): string {
    return id.state === "known" && typeof id.value === "string" && id.value !== ""
        ? `rule "${id.value}"`
        : `rule #${index + 1}`;
}

function enabledToStatus(enabled: Read): Read {
    if (enabled.state !== "known") {
        return enabled;
    }
    const value = enabled.value === true || enabled.value === "true" ? "Enabled"
        : enabled.value === false || enabled.value === "false" ? "Disabled" : enabled.value;
    return { state: "known", value, secret: enabled.secret };
}

function countTags(tags: Read): number | "unknown" {
    if (tags.state === "unknown") {
        return "unknown";
    }
    if (tags.state === "absent") {
        return 0;
    }
    const value = tags.value;
    if (Array.isArray(value)) {
        return value.length;
    }
    return typeof value === "object" ? Object.keys(value as object).length : 0;
}

function isMalformed(raw: unknown): boolean {
    const rule = read(raw);
    return rule.state === "known" && (typeof rule.value !== "object" || Array.isArray(rule.value));
}

function presentCount(...reads: Read[]): number {
    return reads.filter((r) => r.state !== "absent").length;
}

/** BucketReplicationConfig and aws-native share the S3 API's rule structure; field names differ slightly. */
function apiShapedRule(raw: unknown, index: number, path: PathSegment[], native: boolean): ReplicationRule {
    const id = read(raw, "id");
    const filterRead = read(raw, "filter");
    const filter = filterRead.state === "known" ? filterRead.value : undefined;
    const tagKey = native ? "tagFilter" : "tag";
    const andTags = native ? read(filter, "and", "tagFilters") : read(filter, "and", "tags");
    const singleTag = read(filter, tagKey);
    const tagCount = filterRead.state === "unknown" ? "unknown" as const
        : (() => {
            const fromAnd = countTags(andTags);
            const fromSingle = singleTag.state === "unknown" ? "unknown" : singleTag.state === "known" ? 1 : 0;
            return fromAnd === "unknown" || fromSingle === "unknown" ? "unknown" as const : fromAnd + fromSingle;
        })();
    const destination = read(raw, "destination");
    const dest = destination.state === "known" ? destination.value : undefined;
    const encryptionConfiguration = read(dest, "encryptionConfiguration");
    const accessControlTranslation = read(dest, "accessControlTranslation");
    const sourceSelectionCriteria = read(raw, "sourceSelectionCriteria");
    const ssc = sourceSelectionCriteria.state === "known" ? sourceSelectionCriteria.value : undefined;
    const sseKms = read(ssc, "sseKmsEncryptedObjects");
    return {
        index,
        label: ruleLabel(index, id),
        path,
        id,
        status: read(raw, "status"),
        priority: read(raw, "priority"),
        prefix: read(raw, "prefix"),
        filter: {
            block: filterRead,
            prefix: read(filter, "prefix"),
            tagCount,
            elementCount: presentCount(read(filter, "prefix"), singleTag, read(filter, "and")),
        },
        deleteMarkerReplication: statusBlock(raw, direct, "deleteMarkerReplication"),
        existingObjectReplication: statusBlock(raw, direct, "existingObjectReplication"),
        sourceSelectionCriteria,
        sseKmsEncryptedObjects: sourceSelectionCriteria.state === "unknown" ? sourceSelectionCriteria
            : sseKms.state === "known" ? read(sseKms.value, "status") : sseKms,
        replicaModifications: statusBlock(ssc, direct, "replicaModifications"),
        destination: {
            bucket: destination.state === "unknown" ? destination : read(dest, "bucket"),
            account: destination.state === "unknown" ? destination : read(dest, "account"),
            storageClass: read(dest, "storageClass"),
            accessControlTranslation,
            accessControlOwner: accessControlTranslation.state === "known" ? read(accessControlTranslation.value, "owner") : accessControlTranslation,
            encryptionConfiguration,
            replicaKmsKeyId: destination.state === "unknown" ? destination
                : encryptionConfiguration.state === "known" ? read(encryptionConfiguration.value, "replicaKmsKeyId") : encryptionConfiguration,
            metrics: timedBlock(dest, direct, "metrics", ["eventThreshold", "minutes"]),
            replicationTime: timedBlock(dest, direct, "replicationTime", ["time", "minutes"]),
        },
        malformed: isMalformed(raw),
    };
}

/** The inline shape of `aws.s3.Bucket`; BucketV2 is the same with every block wrapped in a list. */
function inlineShapedRule(raw: unknown, index: number, path: PathSegment[], listWrapped: boolean): ReplicationRule {
    const block: BlockReader = listWrapped
        ? (root, ...segments) => {
            // `filters`, `destinations`, ... : the plural name, then the first element.
            const [name, ...rest] = segments;
            const list = read(root, `${name}s`);
            return list.state === "known" ? read(list.value, 0, ...rest) : list;
        }
        : direct;
    const id = read(raw, "id");
    const filterRead = block(raw, "filter");
    const filter = filterRead.state === "known" ? filterRead.value : undefined;
    const destination = block(raw, "destination");
    const dest = destination.state === "known" ? destination.value : undefined;
    const sourceSelectionCriteria = listWrapped ? block(raw, "sourceSelectionCriteria") : read(raw, "sourceSelectionCriteria");
    const ssc = sourceSelectionCriteria.state === "known" ? sourceSelectionCriteria.value : undefined;
    const sseKms = listWrapped ? block(ssc, "sseKmsEncryptedObject") : read(ssc, "sseKmsEncryptedObjects");
    const accessControlTranslation = listWrapped ? block(dest, "accessControlTranslation") : read(dest, "accessControlTranslation");
    const replicaKmsKeyId = destination.state === "unknown" ? destination : read(dest, "replicaKmsKeyId");
    const deleteMarkerStatus = read(raw, "deleteMarkerReplicationStatus");
    return {
        index,
        label: ruleLabel(index, id),
        path,
        id,
        status: read(raw, "status"),
        priority: read(raw, "priority"),
        prefix: read(raw, "prefix"),
        filter: {
            block: filterRead,
            prefix: read(filter, "prefix"),
            tagCount: filterRead.state === "unknown" ? "unknown" : countTags(read(filter, "tags")),
            elementCount: presentCount(read(filter, "prefix"), read(filter, "tags")),
        },
        deleteMarkerReplication: { present: deleteMarkerStatus, status: deleteMarkerStatus },
        existingObjectReplication: { present: ABSENT, status: ABSENT },
        sourceSelectionCriteria,
        sseKmsEncryptedObjects: sourceSelectionCriteria.state === "unknown" ? sourceSelectionCriteria
            : sseKms.state === "known" ? enabledToStatus(read(sseKms.value, "enabled")) : sseKms,
        replicaModifications: { present: ABSENT, status: ABSENT },
        destination: {
            bucket: destination.state === "unknown" ? destination : read(dest, "bucket"),
            account: destination.state === "unknown" ? destination : read(dest, "accountId"),
            storageClass: read(dest, "storageClass"),
            accessControlTranslation,
            accessControlOwner: accessControlTranslation.state === "known" ? read(accessControlTranslation.value, "owner") : accessControlTranslation,
            // The inline shapes have no EncryptionConfiguration block: the key id stands for it.
            encryptionConfiguration: replicaKmsKeyId,
            replicaKmsKeyId,
            metrics: timedBlock(dest, listWrapped ? block : direct, listWrapped ? "metric" : "metrics", ["minutes"]),
            replicationTime: timedBlock(dest, block, "replicationTime", ["minutes"]),
        },
        malformed: isMalformed(raw),
    };
}

type RuleReader = (raw: unknown, index: number, path: PathSegment[]) => ReplicationRule;

function configuration(
    shape: ReplicationShape,
    block: Read,
    path: PathSegment[],
    dependencyProperty: string,
    sourceBucket: Read,
    ruleReader: RuleReader,
): ReplicationConfiguration {
    const value = block.state === "known" ? block.value : undefined;
    const rulesRead = block.state === "unknown" ? block : read(value, "rules");
    const rules = rulesRead.state === "known" && Array.isArray(rulesRead.value)
        // An unknown rule stays the sentinel: every read below it is then unknown, never absent.
        ? rulesRead.value.map((raw, index) => ruleReader(raw, index, [...path, "rules", index]))
        : [];
    const rulesState = rulesRead.state === "known" ? (Array.isArray(rulesRead.value) ? "known" : "absent") : rulesRead.state;
    return {
        shape,
        path,
        dependencyProperty,
        role: block.state === "unknown" ? block : read(value, "role"),
        sourceBucket,
        rulesState,
        rules,
    };
}

/**
 * The replication configurations a resource carries, normalised; empty for resources of other
 * types and for buckets without inline replication.
 */
export function replicationConfigurations(type: string, props: unknown): ReplicationConfiguration[] {
    switch (type) {
        case types.bucketReplicationConfig:
            return [configuration("BucketReplicationConfig", read(props), [], "rules", read(props, "bucket"),
                (raw, index, path) => apiShapedRule(raw, index, path, false))];
        case types.nativeBucket: {
            const block = read(props, "replicationConfiguration");
            return block.state === "absent" ? [] : [configuration("aws-native Bucket", block, ["replicationConfiguration"],
                "replicationConfiguration", read(props, "bucketName"), (raw, index, path) => apiShapedRule(raw, index, path, true))];
        }
        case types.bucket: {
            const block = read(props, "replicationConfiguration");
            return block.state === "absent" ? [] : [configuration("Bucket", block, ["replicationConfiguration"],
                "replicationConfiguration", read(props, "bucket"), (raw, index, path) => inlineShapedRule(raw, index, path, false))];
        }
        case types.bucketV2: {
            const list = read(props, "replicationConfigurations");
            if (list.state === "absent") {
                return [];
            }
            const entries: Read[] = list.state === "known" && Array.isArray(list.value)
                ? list.value.map((_, i) => read(list.value, i))
                : [list];
            return entries.map((block, i) => configuration("BucketV2", block, ["replicationConfigurations", i],
                "replicationConfigurations", read(props, "bucket"), (raw, index, path) => inlineShapedRule(raw, index, path, true)));
        }
        default:
            return [];
    }
}
