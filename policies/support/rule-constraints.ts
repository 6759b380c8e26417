/**
 * The constraints S3 checks when a replication configuration is applied, as messages state them:
 * what is wrong and what to write instead, in the field names of the configuration's shape. Each
 * is named after `CONSTRAINTS` (model/replication-constraints.ts), where the AWS page stating it
 * is cited, and is decided on known values only: anything unknown during preview keeps it silent.
 */
import { isAccountId, isKnownPartition, PARTITIONS, parseBucketArn, parseRoleArn } from "../model/arn";
import { ReplicationConfiguration, ReplicationRule } from "../model/replication";
import {
    codePointLength,
    ConstraintName,
    isDirectoryBucket,
    isWritten,
    lacksDeleteMarkerReplication,
    lacksReplicationMetrics,
    LIMITS,
} from "../model/replication-constraints";
import { numberOf, Read, readBelow, stringOf } from "../model/value";
import { Finding } from "./define";
import { formatPath, ShapeFieldNames } from "./field-names";
import { isApiShaped } from "../model/replication";
import { isKnownValue } from "../model/value";

const { max: MAX_RULES } = LIMITS.rules;
const MINUTES = LIMITS.replicationTimeMinutes;
const PARTITION_LIST = PARTITIONS.map((p) => `\`${p}\``).join(", ");

export interface RuleContext {
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
    names: ShapeFieldNames;
}

/** What is wrong with one rule and what to write instead, or undefined. */
type RuleCheck = (context: RuleContext) => string | undefined;

/** The findings on a configuration as a whole. */
type ConfigurationCheck = (configuration: ReplicationConfiguration) => Finding[];

export interface RuleConstraint {
    name: ConstraintName;
    check: RuleCheck;
}

export interface ConfigurationConstraint {
    name: ConstraintName;
    check: ConfigurationCheck;
}

function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `a`, `a and b`, `a, b and c`. */
function joinAnd(items: string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function listFields(fields: string[]): string {
    return joinAnd(fields.map((f) => `\`${f}\``));
}

// Each rule.

/** ReplicationRule, DeleteMarkerReplication, Metrics, ReplicationTime, SseKmsEncryptedObjects, ...: Status "Valid Values: Enabled | Disabled". */
const statusesAreEnabledOrDisabled: RuleCheck = ({ configuration, rule, names }) => {
    const statuses: Array<[string, Read]> = [
        ["status", rule.status],
        [isApiShaped(configuration.shape) ? `${names.deleteMarkerReplication}.status` : names.deleteMarkerReplication, rule.deleteMarkerReplication.status],
        ["existingObjectReplication.status", rule.existingObjectReplication.status],
        ["sourceSelectionCriteria.replicaModifications.status", rule.replicaModifications.status],
        [`${names.metrics}.status`, rule.destination.metrics.status],
        [`${names.replicationTime}.status`, rule.destination.replicationTime.status],
    ];
    if (isApiShaped(configuration.shape)) {
        // The inline shapes write a boolean `enabled` here, which the provider's types enforce.
        statuses.push([`${names.sseKmsEncryptedObjects}.status`, rule.sseKmsEncryptedObjects]);
    }
    const invalid = statuses.filter(([, status]) => status.state === "known" && !LIMITS.statuses.includes(status.value as string)).map(([field]) => field);
    const missing = rule.status.state === "absent" ? ["status"] : [];
    if (invalid.length === 0 && missing.length === 0) {
        return undefined;
    }
    const problems = [
        ...(missing.length > 0 ? ["has no `status`"] : []),
        ...(invalid.length > 0 ? [`has a status S3 does not accept in ${listFields(invalid)}`] : []),
    ];
    return `${problems.join(" and ")}; S3 rejects the configuration. Write "Enabled" or "Disabled" (exactly so capitalised).`;
};

/**
 * PutBucketReplication: with a Filter "you must also add ... DeleteMarkerReplication, Status, and Priority".
 * V2 (filtered) rules must say whether delete markers replicate; the inline shapes' provider fills it in.
 */
const filterNeedsDeleteMarkerReplication: RuleCheck = ({ configuration, rule, names }) => {
    if (!lacksDeleteMarkerReplication(configuration, rule)) {
        return undefined;
    }
    return `has \`${names.filter}\` but no \`${names.deleteMarkerReplication}\`; S3 rejects filtered rules without it. Add deleteMarkerReplication: { status: "Disabled" } (or "Enabled" to replicate delete markers).`;
};

/** The same sentence of PutBucketReplication; CloudFormation sends no default priority, the Terraform-based BucketReplicationConfig sends 0. */
const filterNeedsPriority: RuleCheck = ({ configuration, rule, names }) => {
    if (configuration.shape !== "aws-native Bucket" || rule.filter.block.state !== "known" || rule.priority.state !== "absent") {
        return undefined;
    }
    return `has \`${names.filter}\` but no \`priority\`; S3 rejects filtered rules without one. Add a priority unique among the rules, e.g. priority: ${rule.index + 1}.`;
};

/** ReplicationRuleFilter: "A Filter must specify exactly one Prefix, Tag, or an And child element." */
const filterHoldsOneElement: RuleCheck = ({ configuration, rule, names }) => {
    if (!isApiShaped(configuration.shape)) {
        return undefined;
    }
    const written = Object.entries(rule.filter.elements)
        .filter(([, element]) => isWritten(element))
        .map(([name]) => name);
    if (written.length <= 1) {
        return undefined;
    }
    return `has a \`${names.filter}\` holding both ${listFields(written)}; S3 accepts only one of them (MalformedXML). To filter on a prefix and tags together, write ${names.combinedFilter}.`;
};

/** ReplicationRule DeleteMarkerReplication: with a Tag filter "the DeleteMarkerReplication Status must be set to Disabled". */
const tagFilterDisablesDeleteMarkers: RuleCheck = ({ rule, names }) => {
    const filtersOnTags = typeof rule.filter.tagCount === "number" && rule.filter.tagCount > 0;
    if (!filtersOnTags || !isKnownValue(rule.deleteMarkerReplication.status, "Enabled")) {
        return undefined;
    }
    return `filters on tags (\`${names.tagFilter}\`) and replicates delete markers; S3 rejects delete marker replication for tag-based rules. ${capitalise(names.disableDeleteMarkers)}, or filter on a prefix only.`;
};

/** ReplicationRule ID: "The maximum value is 255 characters." */
const idLength: RuleCheck = ({ rule }) => {
    const id = stringOf(rule.id);
    if (id === undefined || codePointLength(id) <= LIMITS.ruleIdLength) {
        return undefined;
    }
    return `has an \`id\` of ${codePointLength(id)} characters; S3 accepts at most ${LIMITS.ruleIdLength}. Shorten the id.`;
};

/** ReplicationRule and ReplicationRuleFilter Prefix: "The maximum prefix length is 1,024 characters." */
const prefixLength: RuleCheck = ({ configuration, rule, names }) => {
    const prefixes: Array<[string, Read]> = [
        ["prefix", rule.prefix],
        [`${names.filter}.prefix`, rule.filter.prefix],
    ];
    if (isApiShaped(configuration.shape)) {
        prefixes.push([`${names.filter}.and.prefix`, readBelow(rule.filter.elements.and, "prefix")]);
    }
    const tooLong = prefixes
        .filter(([, prefix]) => {
            const text = stringOf(prefix);
            return text !== undefined && codePointLength(text) > LIMITS.prefixLength;
        })
        .map(([field]) => field);
    if (tooLong.length === 0) {
        return undefined;
    }
    return `has a key prefix longer than ${LIMITS.prefixLength} characters in ${listFields(tooLong)}; S3 rejects it (no object key is that long). Shorten the prefix.`;
};

/**
 * SourceSelectionCriteria ReplicaModifications: "If you don't specify the Filter element, Amazon S3 assumes
 * that the replication configuration is the earlier version, V1. In the earlier version, this element is
 * not allowed". The inline shapes cannot write it.
 */
const replicaModificationsNeedFilter: RuleCheck = ({ rule, names }) => {
    if (rule.replicaModifications.present.state !== "known" || rule.filter.block.state !== "absent") {
        return undefined;
    }
    const prefixHint = rule.prefix.state === "absent" ? "" : ` (move the rule's \`prefix\` into ${names.filter}.prefix)`;
    return `has \`sourceSelectionCriteria.replicaModifications\` but no \`${names.filter}\`; S3 treats a rule without a filter as the V1 schema, which rejects replica modification sync. Add ${names.filter}: {}${prefixHint}.`;
};

/**
 * S3 API reference: with SourceSelectionCriteria, SseKmsEncryptedObjects and the destination's
 * EncryptionConfiguration are required. Criteria holding ReplicaModifications are left alone: the
 * S3 user guide's replica-modification-sync example writes them without either.
 */
const sourceSelectionCriteriaComplete: RuleCheck = ({ configuration, rule, names }) => {
    if (!isApiShaped(configuration.shape) || rule.sourceSelectionCriteria.state !== "known" || rule.replicaModifications.present.state !== "absent") {
        return undefined;
    }
    const missing: string[] = [];
    if (readBelow(rule.sourceSelectionCriteria, "sseKmsEncryptedObjects").state === "absent") {
        missing.push(names.sseKmsEncryptedObjects);
    }
    // An opted-in rule without a key is reported by s3-replication-sse-kms-opt-in; while the opt-in
    // is unknown, which of the two policies reports it is undecided.
    const optInMayBeEnabled = rule.sseKmsEncryptedObjects.state === "unknown" || isKnownValue(rule.sseKmsEncryptedObjects, "Enabled");
    if (rule.destination.encryptionConfiguration.state === "absent" && !optInMayBeEnabled) {
        missing.push(names.encryptionConfiguration);
    }
    if (missing.length === 0) {
        return undefined;
    }
    return (
        `has \`${names.sourceSelectionCriteria}\` without ${listFields(missing)}; S3 rejects source selection criteria without both. ` +
        `Write ${names.optIn} and set ${names.replicaKey} to the replica key's ARN, or remove \`${names.sourceSelectionCriteria}\`.`
    );
};

/** ReplicationTime: "Must be specified together with a Metrics block." */
const replicationTimeNeedsMetrics: RuleCheck = ({ rule, names }) => {
    const { metrics, replicationTime } = rule.destination;
    if (replicationTime.present.state !== "known") {
        return undefined;
    }
    const metricsMissing = lacksReplicationMetrics(rule);
    const metricsDisabled = isKnownValue(replicationTime.status, "Enabled") && isKnownValue(metrics.status, "Disabled");
    if (!metricsMissing && !metricsDisabled) {
        return undefined;
    }
    return (
        `has \`${names.replicationTime}\` ${metricsMissing ? "without" : "enabled with disabled"} \`${names.metrics}\`; S3 Replication Time Control requires replication metrics. ` +
        `Add enabled metrics with a ${MINUTES}-minute threshold to the destination.`
    );
};

/** ReplicationTimeValue Minutes: "Valid value: 15". */
const replicationMinutesAre15: RuleCheck = ({ rule, names }) => {
    const minutes: Array<[string, Read]> = [
        [names.replicationTimeMinutes, rule.destination.replicationTime.minutes],
        [names.metricsMinutes, rule.destination.metrics.minutes],
    ];
    const wrong = minutes.filter(([, value]) => value.state === "known" && numberOf(value) !== MINUTES).map(([field]) => field);
    if (wrong.length === 0) {
        return undefined;
    }
    return `sets ${listFields(wrong)} to something other than ${MINUTES}; S3 accepts only ${MINUTES} minutes. Write ${MINUTES}.`;
};

/** AccessControlTranslation Owner: "Valid Values: Destination"; Destination Account: the destination bucket owner's account, needed with it. */
const accessControlTranslationComplete: RuleCheck = ({ rule, names }) => {
    const { accessControlTranslation, accessControlOwner, account } = rule.destination;
    if (accessControlTranslation.state !== "known") {
        return undefined;
    }
    const problems: string[] = [];
    if (accessControlOwner.state === "absent" || (accessControlOwner.state === "known" && accessControlOwner.value !== "Destination")) {
        problems.push(`its owner must be "Destination"`);
    }
    if (account.state === "absent") {
        problems.push(`it needs \`${names.account}\`, the destination bucket owner's account id`);
    }
    if (problems.length === 0) {
        return undefined;
    }
    return (
        `has \`${names.accessControlTranslation}\`, but ${problems.join(" and ")}; S3 rejects it otherwise. ` +
        `Write owner: "Destination" and set ${names.account}, or remove \`${names.accessControlTranslation}\`.`
    );
};

/** Destination Bucket: "The Amazon Resource Name (ARN) of the bucket", in an AWS partition; required. */
const destinationBucketIsArn: RuleCheck = ({ rule, names }) => {
    const bucket = rule.destination.bucket;
    const field = `${names.destination}.bucket`;
    const instead = `Write the bucket's ARN, \`arn:<partition>:s3:::<name>\` (in Pulumi pass \`bucket.arn\`, not \`bucket.id\` or \`bucket.bucket\`).`;
    if (bucket.state === "absent") {
        return `names no destination bucket (\`${field}\`); S3 rejects the rule. ${instead}`;
    }
    if (bucket.state !== "known" || (typeof bucket.value === "string" && isDirectoryBucket(bucket.value))) {
        return undefined;
    }
    const arn = parseBucketArn(bucket.value);
    if (!arn) {
        return `has a \`${field}\` that is not an S3 bucket ARN; S3 rejects the rule. ${instead}`;
    }
    if (!isKnownPartition(arn.partition)) {
        return `has a \`${field}\` ARN in partition \`${arn.partition}\`, which is not an AWS partition (${PARTITION_LIST}). ${instead}`;
    }
    return undefined;
};

/** PutBucketReplication: "This operation is not supported for directory buckets." */
const destinationIsNotDirectoryBucket: RuleCheck = ({ rule, names }) => {
    const bucket = stringOf(rule.destination.bucket);
    if (bucket === undefined || !isDirectoryBucket(bucket)) {
        return undefined;
    }
    return `replicates to a directory bucket (\`${names.destination}.bucket\`); directory buckets (names ending \`${LIMITS.directoryBucketSuffix}\`) do not support replication. Replicate to a general purpose bucket.`;
};

// The configuration as a whole.

/** PutBucketReplication: "at least one rule, and can contain a maximum of 1,000". */
const ruleCount: ConfigurationCheck = (configuration) => {
    const rulesField = formatPath([...configuration.path, "rules"]);
    const count = configuration.rulesState === "absent" ? 0 : configuration.rulesState === "known" ? configuration.rules.length : undefined;
    if (count === undefined || (count >= 1 && count <= MAX_RULES)) {
        return [];
    }
    const problem = count === 0 ? "has no replication rules" : `has ${count} replication rules`;
    return [
        {
            message: `${configuration.shape} ${problem} (\`${rulesField}\`); S3 accepts 1 to ${MAX_RULES.toLocaleString("en-US")} rules. ${count === 0 ? `Add a rule to \`${rulesField}\`, or remove the replication configuration.` : "Merge rules or split the replication across buckets."}`,
        },
    ];
};

/** ReplicationConfiguration Role: "The Amazon Resource Name (ARN) of the IAM role"; required. */
const roleIsIamRoleArn: ConfigurationCheck = (configuration) => {
    const field = formatPath([...configuration.path, "role"]);
    const instead = "Write the replication role's ARN, `arn:<partition>:iam::<account>:role/<name>` (in Pulumi pass `role.arn`, not `role.name` or `role.id`).";
    const { role } = configuration;
    if (role.state === "unknown") {
        return [];
    }
    if (role.state === "absent") {
        return [{ message: `${configuration.shape} names no replication role (\`${field}\`); S3 rejects the configuration. ${instead}` }];
    }
    const arn = parseRoleArn(role.value);
    if (arn && isAccountId(arn.account) && isKnownPartition(arn.partition)) {
        return [];
    }
    return [{ message: `${configuration.shape}: \`${field}\` is not an IAM role ARN; S3 rejects the configuration. ${instead}` }];
};

/** Only once the configuration is known to replicate: an unknown inline one may turn out empty. */
const sourceIsNotDirectoryBucket: ConfigurationCheck = (configuration) => {
    const bucket = stringOf(configuration.sourceBucket);
    if (configuration.rulesState === "unknown" || bucket === undefined || !isDirectoryBucket(bucket)) {
        return [];
    }
    return [
        {
            message: `${configuration.shape} replicates from a directory bucket (the source bucket's name ends with \`${LIMITS.directoryBucketSuffix}\`); directory buckets do not support replication. Replicate from a general purpose bucket.`,
        },
    ];
};

/** ReplicationRule Priority decides between rules; Terraform's docs require unique priorities, AWS's text does not say so: advisory. */
const uniquePriorities: ConfigurationCheck = (configuration) => {
    const labelsByPriority = new Map<number, string[]>();
    for (const rule of configuration.rules) {
        const priority = numberOf(rule.priority);
        if (priority !== undefined && isKnownValue(rule.status, "Enabled")) {
            labelsByPriority.set(priority, [...(labelsByPriority.get(priority) ?? []), rule.label]);
        }
    }
    return [...labelsByPriority.entries()]
        .filter(([, labels]) => labels.length > 1)
        .map(([priority, labels]) => ({
            message: `${configuration.shape}: ${joinAnd(labels)} are enabled and share priority ${priority}, so which rule wins for an object they all match is ambiguous. Give each rule its own priority.`,
            advisoryOnly: true,
        }));
};

/** Checked on every rule that is an object (a rule that is not breaks `rule-is-object`). */
export const ruleConstraints: readonly RuleConstraint[] = [
    { name: "statuses-enabled-or-disabled", check: statusesAreEnabledOrDisabled },
    { name: "filter-requires-delete-marker-replication", check: filterNeedsDeleteMarkerReplication },
    { name: "filter-requires-priority", check: filterNeedsPriority },
    { name: "filter-holds-one-element", check: filterHoldsOneElement },
    { name: "tag-filter-disables-delete-markers", check: tagFilterDisablesDeleteMarkers },
    { name: "rule-id-length", check: idLength },
    { name: "prefix-length", check: prefixLength },
    { name: "replica-modifications-require-filter", check: replicaModificationsNeedFilter },
    { name: "source-selection-criteria-complete", check: sourceSelectionCriteriaComplete },
    { name: "replication-time-requires-metrics", check: replicationTimeNeedsMetrics },
    { name: "replication-minutes-are-15", check: replicationMinutesAre15 },
    { name: "access-control-translation-complete", check: accessControlTranslationComplete },
    { name: "destination-bucket-is-arn", check: destinationBucketIsArn },
    { name: "destination-not-directory-bucket", check: destinationIsNotDirectoryBucket },
];

export const configurationConstraints: readonly ConfigurationConstraint[] = [
    { name: "rule-count", check: ruleCount },
    { name: "role-is-iam-role-arn", check: roleIsIamRoleArn },
    { name: "source-not-directory-bucket", check: sourceIsNotDirectoryBucket },
    { name: "unique-priorities", check: uniquePriorities },
];

/** `rule-is-object` (ReplicationConfiguration Rule: each rule is a ReplicationRule block). */
export const NOT_A_RULE = "is not a rule block (an object); S3 rejects the configuration. Write each rule as an object with `status` and `destination`.";
