/**
 * Normalises every shape of S3 replication configuration the pack reads into one rule model:
 * - `aws.s3.BucketReplicationConfig` (v6 and v7): `rules[]` with status objects;
 * - the inline `replicationConfiguration` of `aws.s3.Bucket` (legacy v6 and v7): boolean
 *   `sseKmsEncryptedObjects.enabled`, `destination.replicaKmsKeyId`, `deleteMarkerReplicationStatus`;
 * - `aws.s3.BucketV2.replicationConfigurations[]`: the inline shape with list-wrapped blocks;
 * - `aws-native:s3:Bucket.replicationConfiguration`: CloudFormation's shape.
 */
import { ABSENT, arrayOf, isKnownValue, isSecretRead, PathSegment, Read, read, readBelow, stringOf } from "./value";
import { NO_SECRETS, SecretValues } from "./secret-values";
import { types } from "./resource-types";
import { LIMITS } from "./replication-limits";

export type ReplicationShape = "BucketReplicationConfig" | "Bucket" | "BucketV2" | "aws-native Bucket";

export interface RuleFilter {
    /** The `Filter` block (the V2 schema when written). */
    block: Read;
    prefix: Read;
    /** Tag conditions written in the filter (single tag, `And` tags or the inline `tags` map). */
    tagCount: number | "unknown";
    /** How many of `Prefix`, `Tag`, `And` the filter holds (CloudFormation and BucketReplicationConfig shapes). */
    elementCount: number;
    /**
     * The filter's elements by the shape's own field names (`prefix`, `tag`/`tagFilter`, `and`; inline:
     * `prefix`, `tags`), each known, unknown or absent, for checks that must not count unknowns.
     */
    elements: Record<string, Read>;
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
    /** The rule block is known but not an object (or a `null` entry). */
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

/** Reads a named block below a block; the BucketV2 shape wraps each in a one-element list. */
type BlockReader = (parent: Read, name: string) => Read;

const direct: BlockReader = (parent, name) => readBelow(parent, name);

/** BucketV2's name for the list wrapping a block: `filters`, `destinations`; `metrics` and `sseKmsEncryptedObjects` already are plural. */
export function listWrappedName(name: string): string {
    return name.endsWith("s") ? name : `${name}s`;
}

/** The first element of the list BucketV2 wraps a block in. */
const listWrapped: BlockReader = (parent, name) => readBelow(readBelow(parent, listWrappedName(name)), 0);

function statusBlock(parent: Read, readBlock: BlockReader, block: string): StatusBlock {
    const present = readBlock(parent, block);
    return { present, status: readBelow(present, "status") };
}

function timedBlock(destination: Read, readBlock: BlockReader, block: string, minutesPath: string[]): TimedStatusBlock {
    const present = readBlock(destination, block);
    return { present, status: readBelow(present, "status"), minutes: readBelow(present, ...minutesPath) };
}

/** Quotes the rule's ID only when it is a plausible identifier and not a secret. */
function ruleLabel(index: number, id: Read, secrets: SecretValues): string {
    return id.state === "known" && !isSecretRead(id, secrets) && typeof id.value === "string" && id.value !== "" && id.value.length <= LIMITS.ruleIdLength
        ? `rule ${JSON.stringify(id.value)}`
        : `rule #${index + 1}`;
}

export function enabledToStatus(enabled: Read): Read {
    if (enabled.state !== "known") {
        return enabled;
    }
    const value =
        enabled.value === true || enabled.value === "true" ? "Enabled" : enabled.value === false || enabled.value === "false" ? "Disabled" : enabled.value;
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

function sumTagCounts(...counts: Array<number | "unknown">): number | "unknown" {
    return counts.includes("unknown") ? "unknown" : (counts as number[]).reduce((a, b) => a + b, 0);
}

/** A rule that is not an object: a number, a string, a list, or a `null` entry in a known list. */
function isMalformed(rule: Read): boolean {
    return rule.state === "absent" || (rule.state === "known" && (typeof rule.value !== "object" || Array.isArray(rule.value)));
}

function presentCount(elements: Record<string, Read>): number {
    return Object.values(elements).filter((r) => r.state !== "absent").length;
}

/** The fields every shape writes the same way. */
function commonRuleFields(rule: Read, index: number, path: PathSegment[], secrets: SecretValues) {
    const id = readBelow(rule, "id");
    return {
        index,
        label: ruleLabel(index, id, secrets),
        path,
        id,
        status: readBelow(rule, "status"),
        priority: readBelow(rule, "priority"),
        prefix: readBelow(rule, "prefix"),
        malformed: isMalformed(rule),
    };
}

function ruleFilter(block: Read, elements: Record<string, Read>, tagCount: number | "unknown"): RuleFilter {
    return { block, prefix: elements.prefix, tagCount, elementCount: presentCount(elements), elements };
}

/** BucketReplicationConfig and aws-native share the S3 API's rule structure; field names differ slightly. */
function apiShapedRule(rule: Read, index: number, path: PathSegment[], secrets: SecretValues, native: boolean): ReplicationRule {
    const filter = readBelow(rule, "filter");
    const singleTag = readBelow(filter, native ? "tagFilter" : "tag");
    const and = readBelow(filter, "and");
    const elements = { prefix: readBelow(filter, "prefix"), [native ? "tagFilter" : "tag"]: singleTag, and };
    const destination = readBelow(rule, "destination");
    const encryptionConfiguration = readBelow(destination, "encryptionConfiguration");
    const accessControlTranslation = readBelow(destination, "accessControlTranslation");
    const sourceSelectionCriteria = readBelow(rule, "sourceSelectionCriteria");
    return {
        ...commonRuleFields(rule, index, path, secrets),
        filter: ruleFilter(
            filter,
            elements,
            sumTagCounts(countTags(readBelow(and, native ? "tagFilters" : "tags")), singleTag.state === "known" ? 1 : countTags(singleTag)),
        ),
        deleteMarkerReplication: statusBlock(rule, direct, "deleteMarkerReplication"),
        existingObjectReplication: statusBlock(rule, direct, "existingObjectReplication"),
        sourceSelectionCriteria,
        sseKmsEncryptedObjects: readBelow(sourceSelectionCriteria, "sseKmsEncryptedObjects", "status"),
        replicaModifications: statusBlock(sourceSelectionCriteria, direct, "replicaModifications"),
        destination: {
            bucket: readBelow(destination, "bucket"),
            account: readBelow(destination, "account"),
            storageClass: readBelow(destination, "storageClass"),
            accessControlTranslation,
            accessControlOwner: readBelow(accessControlTranslation, "owner"),
            encryptionConfiguration,
            replicaKmsKeyId: readBelow(encryptionConfiguration, "replicaKmsKeyId"),
            metrics: timedBlock(destination, direct, "metrics", ["eventThreshold", "minutes"]),
            replicationTime: timedBlock(destination, direct, "replicationTime", ["time", "minutes"]),
        },
    };
}

/** The inline shape of `aws.s3.Bucket`; BucketV2 is the same with every block wrapped in a list. */
function inlineShapedRule(rule: Read, index: number, path: PathSegment[], secrets: SecretValues, wrapped: boolean): ReplicationRule {
    const block = wrapped ? listWrapped : direct;
    const filter = block(rule, "filter");
    const tags = readBelow(filter, "tags");
    const elements = { prefix: readBelow(filter, "prefix"), tags };
    const destination = block(rule, "destination");
    const sourceSelectionCriteria = block(rule, "sourceSelectionCriteria");
    const sseKms = block(sourceSelectionCriteria, "sseKmsEncryptedObjects");
    const accessControlTranslation = block(destination, "accessControlTranslation");
    const replicaKmsKeyId = readBelow(destination, "replicaKmsKeyId");
    const deleteMarkerStatus = readBelow(rule, "deleteMarkerReplicationStatus");
    return {
        ...commonRuleFields(rule, index, path, secrets),
        filter: ruleFilter(filter, elements, countTags(tags)),
        deleteMarkerReplication: { present: deleteMarkerStatus, status: deleteMarkerStatus },
        existingObjectReplication: { present: ABSENT, status: ABSENT },
        sourceSelectionCriteria,
        sseKmsEncryptedObjects: enabledToStatus(readBelow(sseKms, "enabled")),
        replicaModifications: { present: ABSENT, status: ABSENT },
        destination: {
            bucket: readBelow(destination, "bucket"),
            account: readBelow(destination, "accountId"),
            storageClass: readBelow(destination, "storageClass"),
            accessControlTranslation,
            accessControlOwner: readBelow(accessControlTranslation, "owner"),
            // The inline shapes have no EncryptionConfiguration block: the key id stands for it.
            encryptionConfiguration: replicaKmsKeyId,
            replicaKmsKeyId,
            metrics: timedBlock(destination, block, "metrics", ["minutes"]),
            replicationTime: timedBlock(destination, block, "replicationTime", ["minutes"]),
        },
    };
}

const apiShaped =
    (native: boolean): RuleReader =>
    (rule, index, path, secrets) =>
        apiShapedRule(rule, index, path, secrets, native);
const inlineShaped =
    (wrapped: boolean): RuleReader =>
    (rule, index, path, secrets) =>
        inlineShapedRule(rule, index, path, secrets, wrapped);

type RuleReader = (rule: Read, index: number, path: PathSegment[], secrets: SecretValues) => ReplicationRule;

function configuration(
    shape: ReplicationShape,
    block: Read,
    path: PathSegment[],
    dependencyProperty: string,
    sourceBucket: Read,
    ruleReader: RuleReader,
    secrets: SecretValues,
): ReplicationConfiguration {
    const rulesRead = readBelow(block, "rules");
    // An unknown rule stays the sentinel: every read below it is then unknown, never absent.
    const rules = arrayOf(rulesRead)?.map((_, index) => ruleReader(readBelow(rulesRead, index), index, [...path, "rules", index], secrets)) ?? [];
    const rulesState = rulesRead.state === "known" ? (Array.isArray(rulesRead.value) ? "known" : "absent") : rulesRead.state;
    return {
        shape,
        path,
        dependencyProperty,
        role: readBelow(block, "role"),
        sourceBucket,
        rulesState,
        rules,
    };
}

/**
 * The replication configurations a resource carries, normalised; empty for resources of other
 * types and for buckets without inline replication. `secrets` decides which rule IDs its labels may quote.
 */
export function replicationConfigurations(type: string, props: unknown, secrets: SecretValues): ReplicationConfiguration[] {
    switch (type) {
        case types.bucketReplicationConfig:
            return [configuration("BucketReplicationConfig", read(props), [], "rules", read(props, "bucket"), apiShaped(false), secrets)];
        case types.nativeBucket: {
            const block = read(props, "replicationConfiguration");
            return block.state === "absent"
                ? []
                : [
                      configuration(
                          "aws-native Bucket",
                          block,
                          ["replicationConfiguration"],
                          "replicationConfiguration",
                          read(props, "bucketName"),
                          apiShaped(true),
                          secrets,
                      ),
                  ];
        }
        case types.bucket: {
            const block = read(props, "replicationConfiguration");
            return block.state === "absent"
                ? []
                : [
                      configuration(
                          "Bucket",
                          block,
                          ["replicationConfiguration"],
                          "replicationConfiguration",
                          read(props, "bucket"),
                          inlineShaped(false),
                          secrets,
                      ),
                  ];
        }
        case types.bucketV2: {
            const list = read(props, "replicationConfigurations");
            if (list.state === "absent") {
                return [];
            }
            const entries: Read[] = arrayOf(list)?.map((_, i) => readBelow(list, i)) ?? [list];
            return entries.map((block, i) =>
                configuration(
                    "BucketV2",
                    block,
                    ["replicationConfigurations", i],
                    "replicationConfigurations",
                    read(props, "bucket"),
                    inlineShaped(true),
                    secrets,
                ),
            );
        }
        default:
            return [];
    }
}

/** How a message names the condition of a finding about what a rule needs once it opts in. */
export const ONCE_OPTED_IN = "once it opts in to SSE-KMS objects (s3-replication-sse-kms-opt-in)";

/**
 * Whether the rule replicates SSE-KMS objects: `"opted-in"`, or `"once-opted-in"` when it names a
 * replica key without opting in (explicitly `Disabled` or not at all), which the mandatory
 * s3-replication-sse-kms-opt-in makes it do: what the rule needs then can be said with that fix
 * rather than on the next run. Undefined when it does not, or the opt-in is not known yet.
 *
 * What a rule needs only once it opts in is reported as advisory, never
 * mandatory: until it opts in, S3 replicates none of its SSE-KMS objects ("By default, Amazon S3
 * doesn't replicate objects that are stored at rest using server-side encryption with customer
 * managed keys stored in AWS KMS",
 * S3 user guide, "Replicating objects created with server-side encryption", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html), so
 * no KMS request is made and a missing KMS permission breaks nothing today. The deployment is
 * already stopped by the mandatory missing opt-in; a second mandatory finding would add no
 * protection, and would block a stack whose owner lowered s3-replication-sse-kms-opt-in on purpose.
 * Once the rule opts in, the same checks give their own level.
 */
export function replicatesKmsObjects(rule: ReplicationRule): "opted-in" | "once-opted-in" | undefined {
    if (isKnownValue(rule.sseKmsEncryptedObjects, "Enabled")) {
        return "opted-in";
    }
    return rule.sseKmsEncryptedObjects.state !== "unknown" && rule.destination.replicaKmsKeyId.state === "known" ? "once-opted-in" : undefined;
}

/**
 * Whether any of the resources carries a replication configuration (known or not yet known): where
 * none does, the pack's policies have nothing to judge.
 */
export function carriesReplication(resources: Iterable<{ type: string; props: unknown }>): boolean {
    for (const { type, props } of resources) {
        if (replicationConfigurations(type, props, NO_SECRETS).length > 0) {
            return true;
        }
    }
    return false;
}

/** A rule S3 applies: status known to be `Enabled` (an unknown status may turn out `Disabled`). */
export function isEnabledRule(rule: ReplicationRule): boolean {
    return stringOf(rule.status) === "Enabled";
}

/** The shapes that follow the S3 API's rule structure (the inline shapes are the provider's own). */
export function isApiShaped(shape: ReplicationShape): boolean {
    return shape === "BucketReplicationConfig" || shape === "aws-native Bucket";
}
