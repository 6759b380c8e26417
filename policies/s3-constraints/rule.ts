/**
 * The constraints S3 checks on each rule of a replication configuration, in the order findings
 * list them. Messages use the field names of the configuration's shape.
 */
import { isKnownPartition, PARTITIONS, parseBucketArn } from "../model/arn";
import { isApiShaped } from "../model/replication";
import {
    codePointLength,
    isDirectoryBucket,
    isWritten,
    lacksDeleteMarkerReplication,
    lacksReplicationMetrics,
    needsMetricsForReplicationTime,
} from "../model/replication-constraints";
import { LIMITS } from "../model/replication-limits";
import { PathSegment, isKnownValue, numberOf, Read, readBelow, stringOf } from "../model/value";
import { updateAt } from "../model/remediation";
import { API, capitalise, constraint, listFields, RuleConstraint, RuleSubject } from "./constraint";

const MINUTES = LIMITS.replicationTimeMinutes;
const PARTITION_LIST = PARTITIONS.map((p) => `\`${p}\``).join(", ");

/** Checked instead of every other rule constraint on a rule that is not an object. */
export const ruleIsObject = constraint<RuleSubject, true>({
    name: "rule-is-object",
    url: `${API}/API_ReplicationConfiguration.html`,
    states: "ReplicationConfiguration Rules: each rule is a ReplicationRule (an object).",
    applies: ({ rule }) => (rule.malformed ? true : undefined),
    message: () => "is not a rule block (an object); S3 rejects the configuration. Write each rule as an object with `status` and `destination`.",
});

const statusesEnabledOrDisabled = constraint<RuleSubject, { invalid: string[]; missing: boolean }>({
    name: "statuses-enabled-or-disabled",
    url: `${API}/API_ReplicationRule.html`,
    states: 'ReplicationRule, DeleteMarkerReplication, Metrics, ReplicationTime, SseKmsEncryptedObjects, ...: Status "Valid Values: Enabled | Disabled".',
    applies: ({ configuration, rule, names }) => {
        const apiShaped = isApiShaped(configuration.shape);
        const statuses: Array<[string, Read]> = [
            ["status", rule.status],
            [apiShaped ? `${names.deleteMarkerReplication}.status` : names.deleteMarkerReplication, rule.deleteMarkerReplication.status],
            ["existingObjectReplication.status", rule.existingObjectReplication.status],
            ["sourceSelectionCriteria.replicaModifications.status", rule.replicaModifications.status],
            [`${names.metrics}.status`, rule.destination.metrics.status],
            [`${names.replicationTime}.status`, rule.destination.replicationTime.status],
        ];
        if (apiShaped) {
            // The inline shapes write a boolean `enabled` here, which the provider's types enforce.
            statuses.push([`${names.sseKmsEncryptedObjects}.status`, rule.sseKmsEncryptedObjects]);
        }
        const invalid = statuses.filter(([, status]) => status.state === "known" && !LIMITS.statuses.includes(status.value as string)).map(([field]) => field);
        const missing = rule.status.state === "absent";
        return invalid.length === 0 && !missing ? undefined : { invalid, missing };
    },
    message: (_subject, { invalid, missing }) => {
        const problems = [
            ...(missing ? ["has no `status`"] : []),
            ...(invalid.length > 0 ? [`has a status S3 does not accept in ${listFields(invalid)}`] : []),
        ];
        return `${problems.join(" and ")}; S3 rejects the configuration. Write "Enabled" or "Disabled" (exactly so capitalised).`;
    },
});

const filterRequiresDeleteMarkerReplication = constraint<RuleSubject, true>({
    name: "filter-requires-delete-marker-replication",
    url: `${API}/API_PutBucketReplication.html`,
    states: 'PutBucketReplication: with a Filter "you must also add ... DeleteMarkerReplication, Status, and Priority" (the inline shapes\' provider fills it in).',
    applies: ({ configuration, rule }) => (lacksDeleteMarkerReplication(configuration, rule) ? true : undefined),
    message: ({ names }) =>
        `has \`${names.filter}\` but no \`${names.deleteMarkerReplication}\`; S3 rejects filtered rules without it. ` +
        `Set \`${names.deleteMarkerReplication}.status\` to "Disabled" (or "Enabled" to replicate delete markers; S3 API: DeleteMarkerReplication/Status).`,
    remediate: (props, { configuration, rule }) =>
        lacksDeleteMarkerReplication(configuration, rule)
            ? updateAt(props, rule.path, (r) => ({ ...r, deleteMarkerReplication: { status: "Disabled" } }))
            : undefined,
});

/** CloudFormation sends no default priority; the Terraform-based BucketReplicationConfig sends 0. */
const filterRequiresPriority = constraint<RuleSubject, true>({
    name: "filter-requires-priority",
    url: `${API}/API_PutBucketReplication.html`,
    states: 'PutBucketReplication: with a Filter "you must also add ... DeleteMarkerReplication, Status, and Priority" (aws-native sends no default priority).',
    applies: ({ configuration, rule }) =>
        configuration.shape === "aws-native Bucket" && rule.filter.block.state === "known" && rule.priority.state === "absent" ? true : undefined,
    message: ({ rule, names }) =>
        `has \`${names.filter}\` but no \`priority\`; S3 rejects filtered rules without one. ` +
        `Add a priority unique among the rules, e.g. priority: ${rule.index + 1}.`,
});

const filterHoldsOneElement = constraint<RuleSubject, string[]>({
    name: "filter-holds-one-element",
    url: `${API}/API_ReplicationRuleFilter.html`,
    states: 'ReplicationRuleFilter: "A Filter must specify exactly one Prefix, Tag, or an And child element."',
    applies: ({ configuration, rule }) => {
        if (!isApiShaped(configuration.shape)) {
            return undefined;
        }
        const written = Object.entries(rule.filter.elements)
            .filter(([, element]) => isWritten(element))
            .map(([name]) => name);
        return written.length <= 1 ? undefined : written;
    },
    message: ({ names }, written) =>
        `has a \`${names.filter}\` holding both ${listFields(written)}; S3 accepts only one of them (MalformedXML). ` +
        `To filter on a prefix and tags together, write ${names.combinedFilter}.`,
});

const tagFilterDisablesDeleteMarkers = constraint<RuleSubject, true>({
    name: "tag-filter-disables-delete-markers",
    url: `${API}/API_ReplicationRule.html`,
    states: 'ReplicationRule DeleteMarkerReplication: with a Tag filter "the DeleteMarkerReplication Status must be set to Disabled".',
    applies: ({ rule }) => {
        const filtersOnTags = typeof rule.filter.tagCount === "number" && rule.filter.tagCount > 0;
        return filtersOnTags && isKnownValue(rule.deleteMarkerReplication.status, "Enabled") ? true : undefined;
    },
    message: ({ names }) =>
        `filters on tags (\`${names.tagFilter}\`) and replicates delete markers; S3 rejects delete marker replication for tag-based rules. ` +
        `${capitalise(names.disableDeleteMarkers)}, or filter on a prefix only.`,
});

const ruleIdLength = constraint<RuleSubject, number>({
    name: "rule-id-length",
    url: `${API}/API_ReplicationRule.html`,
    states: 'ReplicationRule ID: "The maximum value is 255 characters."',
    applies: ({ rule }) => {
        const id = stringOf(rule.id);
        return id === undefined || codePointLength(id) <= LIMITS.ruleIdLength ? undefined : codePointLength(id);
    },
    message: (_subject, length) => `has an \`id\` of ${length} characters; S3 accepts at most ${LIMITS.ruleIdLength}. Shorten the id.`,
});

const prefixLength = constraint<RuleSubject, string[]>({
    name: "prefix-length",
    url: `${API}/API_ReplicationRule.html`,
    states: 'ReplicationRule and ReplicationRuleFilter Prefix: "The maximum prefix length is 1,024 characters."',
    applies: ({ configuration, rule, names }) => {
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
        return tooLong.length === 0 ? undefined : tooLong;
    },
    message: (_subject, tooLong) =>
        `has a key prefix longer than ${LIMITS.prefixLength} characters in ${listFields(tooLong)}; S3 rejects it (no object key is that long). ` +
        `Shorten the prefix.`,
});

/** The inline shapes cannot write replica modifications. */
const replicaModificationsRequireFilter = constraint<RuleSubject, true>({
    name: "replica-modifications-require-filter",
    url: `${API}/API_SourceSelectionCriteria.html`,
    states:
        "SourceSelectionCriteria ReplicaModifications: \"If you don't specify the Filter element, Amazon S3 assumes that the replication " +
        'configuration is the earlier version, V1. In the earlier version, this element is not allowed".',
    applies: ({ rule }) => (rule.replicaModifications.present.state === "known" && rule.filter.block.state === "absent" ? true : undefined),
    message: ({ rule, names }) => {
        const prefixHint = rule.prefix.state === "absent" ? "" : ` (move the rule's \`prefix\` into ${names.filter}.prefix)`;
        return (
            `has \`sourceSelectionCriteria.replicaModifications\` but no \`${names.filter}\`; ` +
            `S3 treats a rule without a filter as the V1 schema, which rejects replica modification sync. Add ${names.filter}: {}${prefixHint}.`
        );
    },
});

/**
 * Criteria holding ReplicaModifications are left alone: the S3 user guide's
 * replica-modification-sync example writes them without either.
 */
const sourceSelectionCriteriaComplete = constraint<RuleSubject, string[]>({
    name: "source-selection-criteria-complete",
    url: `${API}/API_SourceSelectionCriteria.html`,
    states: "SourceSelectionCriteria: with it, SseKmsEncryptedObjects and the destination's EncryptionConfiguration are required.",
    applies: ({ configuration, rule, names }) => {
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
        return missing.length === 0 ? undefined : missing;
    },
    message: ({ names }, missing) =>
        `has \`${names.sourceSelectionCriteria}\` without ${listFields(missing)}; S3 rejects source selection criteria without both. ` +
        `Write ${names.optIn} and set ${names.replicaKey} to the replica key's ARN, or remove \`${names.sourceSelectionCriteria}\`.`,
});

const replicationTimeRequiresMetrics = constraint<RuleSubject, { metricsMissing: boolean }>({
    name: "replication-time-requires-metrics",
    url: `${API}/API_ReplicationTime.html`,
    states: 'ReplicationTime: "Must be specified together with a Metrics block."',
    applies: ({ rule }) => {
        const { metrics, replicationTime } = rule.destination;
        if (replicationTime.present.state !== "known") {
            return undefined;
        }
        const metricsMissing = lacksReplicationMetrics(rule);
        const metricsDisabled = isKnownValue(replicationTime.status, "Enabled") && isKnownValue(metrics.status, "Disabled");
        return metricsMissing || metricsDisabled ? { metricsMissing } : undefined;
    },
    message: ({ names }, { metricsMissing }) =>
        `has \`${names.replicationTime}\` ${metricsMissing ? "without" : "enabled with disabled"} \`${names.metrics}\`; ` +
        `S3 Replication Time Control requires replication metrics. Add enabled metrics with a ${MINUTES}-minute threshold to the destination.`,
    /** Metrics cost money: they are added only where Replication Time Control is known to be enabled. */
    remediate: (props, { configuration, rule }) => {
        if (!needsMetricsForReplicationTime(rule)) {
            return undefined;
        }
        const destinationPath: PathSegment[] = configuration.shape === "BucketV2" ? [...rule.path, "destinations", 0] : [...rule.path, "destination"];
        const metrics = isApiShaped(configuration.shape)
            ? { status: "Enabled", eventThreshold: { minutes: MINUTES } }
            : { status: "Enabled", minutes: MINUTES };
        return updateAt(props, destinationPath, (d) => ({ ...d, metrics: configuration.shape === "BucketV2" ? [metrics] : metrics }));
    },
});

const replicationMinutesAre15 = constraint<RuleSubject, string[]>({
    name: "replication-minutes-are-15",
    url: `${API}/API_ReplicationTimeValue.html`,
    states: 'ReplicationTimeValue Minutes: "Valid value: 15".',
    applies: ({ rule, names }) => {
        const minutes: Array<[string, Read]> = [
            [names.replicationTimeMinutes, rule.destination.replicationTime.minutes],
            [names.metricsMinutes, rule.destination.metrics.minutes],
        ];
        const wrong = minutes.filter(([, value]) => value.state === "known" && numberOf(value) !== MINUTES).map(([field]) => field);
        return wrong.length === 0 ? undefined : wrong;
    },
    message: (_subject, wrong) => `sets ${listFields(wrong)} to something other than ${MINUTES}; S3 accepts only ${MINUTES} minutes. Write ${MINUTES}.`,
});

const accessControlTranslationComplete = constraint<RuleSubject, string[]>({
    name: "access-control-translation-complete",
    url: `${API}/API_AccessControlTranslation.html`,
    states: 'AccessControlTranslation Owner: "Valid Values: Destination"; Destination Account: the destination bucket owner\'s account, needed with it.',
    applies: ({ rule, names }) => {
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
        return problems.length === 0 ? undefined : problems;
    },
    message: ({ names }, problems) =>
        `has \`${names.accessControlTranslation}\`, but ${problems.join(" and ")}; S3 rejects it otherwise. ` +
        `Write owner: "Destination" and set ${names.account}, or remove \`${names.accessControlTranslation}\`.`,
});

const destinationBucketIsArn = constraint<RuleSubject, { absent: true } | { partition?: string }>({
    name: "destination-bucket-is-arn",
    url: `${API}/API_Destination.html`,
    states: 'Destination Bucket: "The Amazon Resource Name (ARN) of the bucket", in an AWS partition; required.',
    applies: ({ rule }) => {
        const bucket = rule.destination.bucket;
        if (bucket.state === "absent") {
            return { absent: true };
        }
        if (bucket.state !== "known" || (typeof bucket.value === "string" && isDirectoryBucket(bucket.value))) {
            return undefined;
        }
        const arn = parseBucketArn(bucket.value);
        if (!arn) {
            return {};
        }
        return isKnownPartition(arn.partition) ? undefined : { partition: arn.partition };
    },
    message: ({ names }, breach) => {
        const field = `${names.destination}.bucket`;
        const instead = `Write the bucket's ARN, \`arn:<partition>:s3:::<name>\` (the bucket resource's \`arn\` output, not its \`id\` or \`bucket\`).`;
        if ("absent" in breach) {
            return `names no destination bucket (\`${field}\`); S3 rejects the rule. ${instead}`;
        }
        if (breach.partition === undefined) {
            return `has a \`${field}\` that is not an S3 bucket ARN; S3 rejects the rule. ${instead}`;
        }
        return `has a \`${field}\` ARN in partition \`${breach.partition}\`, which is not an AWS partition (${PARTITION_LIST}). ${instead}`;
    },
});

const destinationNotDirectoryBucket = constraint<RuleSubject, true>({
    name: "destination-not-directory-bucket",
    url: `${API}/API_PutBucketReplication.html`,
    states: 'PutBucketReplication: "This operation is not supported for directory buckets."',
    applies: ({ rule }) => {
        const bucket = stringOf(rule.destination.bucket);
        return bucket !== undefined && isDirectoryBucket(bucket) ? true : undefined;
    },
    message: ({ names }) =>
        `replicates to a directory bucket (\`${names.destination}.bucket\`); ` +
        `directory buckets (names ending \`${LIMITS.directoryBucketSuffix}\`) do not support replication. Replicate to a general purpose bucket.`,
});

/** Checked on every rule that is an object, in this order. */
export const RULE_CONSTRAINTS: readonly RuleConstraint[] = [
    statusesEnabledOrDisabled,
    filterRequiresDeleteMarkerReplication,
    filterRequiresPriority,
    filterHoldsOneElement,
    tagFilterDisablesDeleteMarkers,
    ruleIdLength,
    prefixLength,
    replicaModificationsRequireFilter,
    sourceSelectionCriteriaComplete,
    replicationTimeRequiresMetrics,
    replicationMinutesAre15,
    accessControlTranslationComplete,
    destinationBucketIsArn,
    destinationNotDirectoryBucket,
];
