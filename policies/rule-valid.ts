/**
 * The constraints S3 enforces when a replication configuration is applied (see the facts file):
 * a configuration that breaks one fails `pulumi up` after the preview said nothing. Each
 * constraint is decided on known values only; anything unknown during preview keeps it silent.
 */
import { resourcePolicy, Finding } from "./support/define";
import { fieldNames, formatPath, isApiShaped, isKnownValue, knownNumeric, knownText, ShapeFieldNames } from "./support/rules";
import { replicationCarrierTypes } from "./model/resource-types";
import { MAX_RULE_ID_LENGTH, ReplicationConfiguration, replicationConfigurations, ReplicationRule } from "./model/replication";
import { isAccountId, isKnownPartition, PARTITIONS, parseArn, parseBucketArn, parseRoleArn } from "./model/arn";
import { Read, readBelow } from "./model/value";
import { addDeleteMarkerReplicationDisabled, addReplicationMetrics } from "./model/remediation";

const MAX_RULES = 1000;
const MAX_PREFIX_LENGTH = 1024;
const REPLICATION_TIME_MINUTES = 15;
const STATUSES = ["Enabled", "Disabled"];
const DIRECTORY_BUCKET_SUFFIX = "--x-s3";
const PARTITION_LIST = PARTITIONS.map((p) => `\`${p}\``).join(", ");

interface RuleContext {
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
    names: ShapeFieldNames;
}

/** Returns what is wrong with the rule and what to write instead, or undefined. */
type RuleConstraint = (context: RuleContext) => string | undefined;

/** Returns the findings for the configuration as a whole. */
type ConfigurationConstraint = (configuration: ReplicationConfiguration) => Finding[];

/** Known, and written with content: `""` and `{}` say nothing (the provider drops them). */
function isWritten(r: Read): boolean {
    if (r.state !== "known") {
        return false;
    }
    if (typeof r.value === "string") {
        return r.value !== "";
    }
    return typeof r.value !== "object" || Array.isArray(r.value) || Object.keys(r.value as object).length > 0;
}

function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

function codePointLength(text: string): number {
    return [...text].length;
}

/** `a`, `a and b`, `a, b and c`. */
function joinAnd(items: string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function listFields(fields: string[]): string {
    return joinAnd(fields.map((f) => `\`${f}\``));
}

function isDirectoryBucket(bucketOrArn: string): boolean {
    const arn = parseArn(bucketOrArn);
    return arn?.service === "s3express" || bucketOrArn.endsWith(DIRECTORY_BUCKET_SUFFIX);
}

// ---- Rule constraints -------------------------------------------------------------------

const statusesAreEnabledOrDisabled: RuleConstraint = ({ configuration, rule, names }) => {
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
    const invalid = statuses
        .filter(([, status]) => status.state === "known" && !STATUSES.includes(status.value as string))
        .map(([field]) => field);
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

function lacksDeleteMarkerReplication({ configuration, rule }: Omit<RuleContext, "names">): boolean {
    return isApiShaped(configuration.shape) && rule.filter.block.state === "known" && rule.deleteMarkerReplication.present.state === "absent";
}

/** V2 (filtered) rules must say whether delete markers replicate; the inline shapes' provider fills it in. */
const filterNeedsDeleteMarkerReplication: RuleConstraint = ({ configuration, rule, names }) => {
    if (!lacksDeleteMarkerReplication({ configuration, rule })) {
        return undefined;
    }
    return `has \`${names.filter}\` but no \`${names.deleteMarkerReplication}\`; S3 rejects filtered rules without it. Add deleteMarkerReplication: { status: "Disabled" } (or "Enabled" to replicate delete markers).`;
};

/** CloudFormation sends no default priority; the Terraform-based BucketReplicationConfig sends 0. */
const filterNeedsPriority: RuleConstraint = ({ configuration, rule, names }) => {
    if (configuration.shape !== "aws-native Bucket" || rule.filter.block.state !== "known" || rule.priority.state !== "absent") {
        return undefined;
    }
    return `has \`${names.filter}\` but no \`priority\`; S3 rejects filtered rules without one. Add a priority unique among the rules, e.g. priority: ${rule.index + 1}.`;
};

const filterHoldsOneElement: RuleConstraint = ({ configuration, rule, names }) => {
    if (!isApiShaped(configuration.shape)) {
        return undefined;
    }
    const written = Object.entries(rule.filter.elements).filter(([, element]) => isWritten(element)).map(([name]) => name);
    if (written.length <= 1) {
        return undefined;
    }
    return `has a \`${names.filter}\` holding both ${listFields(written)}; S3 accepts only one of them (MalformedXML). To filter on a prefix and tags together, write ${names.combinedFilter}.`;
};

const tagFilterDisablesDeleteMarkers: RuleConstraint = ({ rule, names }) => {
    const filtersOnTags = typeof rule.filter.tagCount === "number" && rule.filter.tagCount > 0;
    if (!filtersOnTags || !isKnownValue(rule.deleteMarkerReplication.status, "Enabled")) {
        return undefined;
    }
    return `filters on tags (\`${names.tagFilter}\`) and replicates delete markers; S3 rejects delete marker replication for tag-based rules. ${capitalise(names.disableDeleteMarkers)}, or filter on a prefix only.`;
};

const idLength: RuleConstraint = ({ rule }) => {
    const id = knownText(rule.id);
    if (id === undefined || codePointLength(id) <= MAX_RULE_ID_LENGTH) {
        return undefined;
    }
    return `has an \`id\` of ${codePointLength(id)} characters; S3 accepts at most ${MAX_RULE_ID_LENGTH}. Shorten the id.`;
};

const prefixLength: RuleConstraint = ({ configuration, rule, names }) => {
    const prefixes: Array<[string, Read]> = [
        ["prefix", rule.prefix],
        [`${names.filter}.prefix`, rule.filter.prefix],
    ];
    if (isApiShaped(configuration.shape)) {
        prefixes.push([`${names.filter}.and.prefix`, readBelow(rule.filter.elements.and, "prefix")]);
    }
    const tooLong = prefixes.filter(([, prefix]) => {
        const text = knownText(prefix);
        return text !== undefined && codePointLength(text) > MAX_PREFIX_LENGTH;
    }).map(([field]) => field);
    if (tooLong.length === 0) {
        return undefined;
    }
    return `has a key prefix longer than ${MAX_PREFIX_LENGTH} characters in ${listFields(tooLong)}; S3 rejects it (no object key is that long). Shorten the prefix.`;
};

/** Only the V2 (filtered) schema has ReplicaModifications; the inline shapes cannot write it. */
const replicaModificationsNeedFilter: RuleConstraint = ({ rule, names }) => {
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
const sourceSelectionCriteriaComplete: RuleConstraint = ({ configuration, rule, names }) => {
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
    return `has \`${names.sourceSelectionCriteria}\` without ${listFields(missing)}; S3 rejects source selection criteria without both. `
        + `Write ${names.optIn} and set ${names.replicaKey} to the replica key's ARN, or remove \`${names.sourceSelectionCriteria}\`.`;
};

function lacksReplicationMetrics({ rule }: Pick<RuleContext, "rule">): boolean {
    return rule.destination.replicationTime.present.state === "known" && rule.destination.metrics.present.state === "absent";
}

/** Metrics cost money: added only where Replication Time Control is known to be enabled. */
function needsMetricsForReplicationTime({ rule }: Pick<RuleContext, "rule">): boolean {
    return lacksReplicationMetrics({ rule }) && isKnownValue(rule.destination.replicationTime.status, "Enabled");
}

const replicationTimeNeedsMetrics: RuleConstraint = ({ rule, names }) => {
    const { metrics, replicationTime } = rule.destination;
    if (replicationTime.present.state !== "known") {
        return undefined;
    }
    const metricsMissing = lacksReplicationMetrics({ rule });
    const metricsDisabled = isKnownValue(replicationTime.status, "Enabled") && isKnownValue(metrics.status, "Disabled");
    if (!metricsMissing && !metricsDisabled) {
        return undefined;
    }
    return `has \`${names.replicationTime}\` ${metricsMissing ? "without" : "enabled with disabled"} \`${names.metrics}\`; S3 Replication Time Control requires replication metrics. `
        + `Add enabled metrics with a ${REPLICATION_TIME_MINUTES}-minute threshold to the destination.`;
};

const replicationMinutesAre15: RuleConstraint = ({ rule, names }) => {
    const minutes: Array<[string, Read]> = [
        [names.replicationTimeMinutes, rule.destination.replicationTime.minutes],
        [names.metricsMinutes, rule.destination.metrics.minutes],
    ];
    const wrong = minutes
        .filter(([, value]) => value.state === "known" && knownNumeric(value) !== REPLICATION_TIME_MINUTES)
        .map(([field]) => field);
    if (wrong.length === 0) {
        return undefined;
    }
    return `sets ${listFields(wrong)} to something other than ${REPLICATION_TIME_MINUTES}; S3 accepts only ${REPLICATION_TIME_MINUTES} minutes. Write ${REPLICATION_TIME_MINUTES}.`;
};

const accessControlTranslationComplete: RuleConstraint = ({ rule, names }) => {
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
    return `has \`${names.accessControlTranslation}\`, but ${problems.join(" and ")}; S3 rejects it otherwise. `
        + `Write owner: "Destination" and set ${names.account}, or remove \`${names.accessControlTranslation}\`.`;
};

const destinationBucketIsArn: RuleConstraint = ({ rule, names }) => {
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

const destinationIsNotDirectoryBucket: RuleConstraint = ({ rule, names }) => {
    const bucket = knownText(rule.destination.bucket);
    if (bucket === undefined || !isDirectoryBucket(bucket)) {
        return undefined;
    }
    return `replicates to a directory bucket (\`${names.destination}.bucket\`); directory buckets (names ending \`${DIRECTORY_BUCKET_SUFFIX}\`) do not support replication. Replicate to a general purpose bucket.`;
};

const ruleConstraints: RuleConstraint[] = [
    statusesAreEnabledOrDisabled,
    filterNeedsDeleteMarkerReplication,
    filterNeedsPriority,
    filterHoldsOneElement,
    tagFilterDisablesDeleteMarkers,
    idLength,
    prefixLength,
    replicaModificationsNeedFilter,
    sourceSelectionCriteriaComplete,
    replicationTimeNeedsMetrics,
    replicationMinutesAre15,
    accessControlTranslationComplete,
    destinationBucketIsArn,
    destinationIsNotDirectoryBucket,
];

// ---- Configuration constraints ------------------------------------------------------------

const ruleCount: ConfigurationConstraint = (configuration) => {
    const rulesField = formatPath([...configuration.path, "rules"]);
    const count = configuration.rulesState === "absent" ? 0 : configuration.rulesState === "known" ? configuration.rules.length : undefined;
    if (count === undefined || (count >= 1 && count <= MAX_RULES)) {
        return [];
    }
    const problem = count === 0 ? "has no replication rules" : `has ${count} replication rules`;
    return [{ message: `${configuration.shape} ${problem} (\`${rulesField}\`); S3 accepts 1 to ${MAX_RULES.toLocaleString("en-US")} rules. ${count === 0 ? `Add a rule to \`${rulesField}\`, or remove the replication configuration.` : "Merge rules or split the replication across buckets."}` }];
};

const roleIsIamRoleArn: ConfigurationConstraint = (configuration) => {
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
const sourceIsNotDirectoryBucket: ConfigurationConstraint = (configuration) => {
    const bucket = knownText(configuration.sourceBucket);
    if (configuration.rulesState === "unknown" || bucket === undefined || !isDirectoryBucket(bucket)) {
        return [];
    }
    return [{ message: `${configuration.shape} replicates from a directory bucket (the source bucket's name ends with \`${DIRECTORY_BUCKET_SUFFIX}\`); directory buckets do not support replication. Replicate from a general purpose bucket.` }];
};

/** Terraform's docs require unique priorities; AWS's text is unconfirmed, so this is advisory. */
const uniquePriorities: ConfigurationConstraint = (configuration) => {
    const labelsByPriority = new Map<number, string[]>();
    for (const rule of configuration.rules) {
        const priority = knownNumeric(rule.priority);
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

const configurationConstraints: ConfigurationConstraint[] = [ruleCount, roleIsIamRoleArn, sourceIsNotDirectoryBucket, uniquePriorities];

// ---- The policy ---------------------------------------------------------------------------

function checkRule(configuration: ReplicationConfiguration, rule: ReplicationRule): Finding[] {
    const subject = `${configuration.shape} ${rule.label}`;
    if (rule.malformed) {
        return [{ message: `${subject} is not a rule block (an object); S3 rejects the configuration. Write each rule as an object with \`status\` and \`destination\`.` }];
    }
    const context: RuleContext = { configuration, rule, names: fieldNames[configuration.shape] };
    return ruleConstraints.flatMap((constraint) => {
        const problem = constraint(context);
        return problem === undefined ? [] : [{ message: `${subject} ${problem}` }];
    });
}

export const ruleValid = resourcePolicy({
    name: "s3-replication-rule-valid",
    description: "Replication configurations meet the constraints S3 checks when they are applied: rule count, filters, statuses, lengths, source selection criteria, replication time, owner override, role and destination ARNs, no directory buckets.",
    enforcementLevel: "mandatory",
    resourceTypes: [...replicationCarrierTypes],
    check(args) {
        return replicationConfigurations(args.type, args.props).flatMap((configuration) => [
            ...configurationConstraints.flatMap((constraint) => constraint(configuration)),
            ...configuration.rules.flatMap((rule) => checkRule(configuration, rule)),
        ]);
    },
    /** Only fixes that add what S3 requires and change nothing replication already does. */
    remediate(args) {
        let props: Record<string, unknown> | undefined;
        for (const configuration of replicationConfigurations(args.type, args.props)) {
            for (const rule of configuration.rules.filter((r) => !r.malformed)) {
                if (lacksDeleteMarkerReplication({ configuration, rule })) {
                    props = addDeleteMarkerReplicationDisabled(props ?? args.props, configuration, rule) ?? props;
                }
                if (needsMetricsForReplicationTime({ rule })) {
                    props = addReplicationMetrics(props ?? args.props, configuration, rule) ?? props;
                }
            }
        }
        return props;
    },
});
