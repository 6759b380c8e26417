/** The constraints S3 checks on a replication configuration as a whole, in the order findings list them. */
import { isAccountId, isKnownPartition, parseRoleArn } from "../model/arn";
import { ReplicationConfiguration } from "../model/replication";
import { isDirectoryBucket } from "../model/replication-constraints";
import { LIMITS } from "../model/replication-limits";
import { isKnownValue, numberOf, stringOf } from "../model/value";
import { formatPath } from "../wording/field-names";
import { listText } from "../wording/messages";
import { API, ConfigurationConstraint, constraint } from "./constraint";

const { max: MAX_RULES } = LIMITS.rules;

const ruleCount = constraint<ReplicationConfiguration, number>({
    name: "rule-count",
    url: `${API}/API_PutBucketReplication.html`,
    states: 'PutBucketReplication: "at least one rule, and can contain a maximum of 1,000".',
    applies: (configuration) => {
        const count = configuration.rulesState === "absent" ? 0 : configuration.rulesState === "known" ? configuration.rules.length : undefined;
        return count === undefined || (count >= 1 && count <= MAX_RULES) ? undefined : count;
    },
    message: (configuration, count) => {
        const rulesField = formatPath([...configuration.path, "rules"]);
        const problem = count === 0 ? "has no replication rules" : `has ${count} replication rules`;
        const instead =
            count === 0 ? `Add a rule to \`${rulesField}\`, or remove the replication configuration.` : "Merge rules or split the replication across buckets.";
        return `${configuration.shape} ${problem} (\`${rulesField}\`); S3 accepts 1 to ${MAX_RULES.toLocaleString("en-US")} rules. ${instead}`;
    },
});

const roleIsIamRoleArn = constraint<ReplicationConfiguration, "absent" | "not an ARN">({
    name: "role-is-iam-role-arn",
    url: `${API}/API_ReplicationConfiguration.html`,
    states: 'ReplicationConfiguration Role: "The Amazon Resource Name (ARN) of the IAM role"; required.',
    applies: ({ role }) => {
        if (role.state === "unknown") {
            return undefined;
        }
        if (role.state === "absent") {
            return "absent";
        }
        const arn = parseRoleArn(role.value);
        return arn && isAccountId(arn.account) && isKnownPartition(arn.partition) ? undefined : "not an ARN";
    },
    message: (configuration, breach) => {
        const field = formatPath([...configuration.path, "role"]);
        const instead =
            "Write the replication role's ARN, `arn:<partition>:iam::<account>:role/<name>` (the role resource's `arn` output, not its `name` or `id`).";
        return breach === "absent"
            ? `${configuration.shape} names no replication role (\`${field}\`); S3 rejects the configuration. ${instead}`
            : `${configuration.shape}: \`${field}\` is not an IAM role ARN; S3 rejects the configuration. ${instead}`;
    },
});

/** Only once the configuration is known to replicate: an unknown inline one may turn out empty. */
const sourceNotDirectoryBucket = constraint<ReplicationConfiguration, true>({
    name: "source-not-directory-bucket",
    url: `${API}/API_PutBucketReplication.html`,
    states: 'PutBucketReplication: "This operation is not supported for directory buckets."',
    applies: (configuration) => {
        const bucket = stringOf(configuration.sourceBucket);
        return configuration.rulesState === "unknown" || bucket === undefined || !isDirectoryBucket(bucket) ? undefined : true;
    },
    message: (configuration) =>
        `${configuration.shape} replicates from a directory bucket (the source bucket's name ends with \`${LIMITS.directoryBucketSuffix}\`); ` +
        `directory buckets do not support replication. Replicate from a general purpose bucket.`,
});

/** Terraform's docs require unique priorities, AWS's text does not say so: advisory. */
const uniquePriorities = constraint<ReplicationConfiguration, Array<[number, string[]]>>({
    name: "unique-priorities",
    url: `${API}/API_ReplicationRule.html`,
    states: 'ReplicationRule Priority: "indicates which rule has precedence whenever two or more replication rules conflict" (unique priorities are not required).',
    advisoryOnly: true,
    applies: (configuration) => {
        const labelsByPriority = new Map<number, string[]>();
        for (const rule of configuration.rules) {
            const priority = numberOf(rule.priority);
            if (priority !== undefined && isKnownValue(rule.status, "Enabled")) {
                labelsByPriority.set(priority, [...(labelsByPriority.get(priority) ?? []), rule.label]);
            }
        }
        const shared = [...labelsByPriority.entries()].filter(([, labels]) => labels.length > 1);
        return shared.length === 0 ? undefined : shared;
    },
    message: (configuration, shared) =>
        shared.map(
            ([priority, labels]) =>
                `${configuration.shape}: ${listText(labels)} are enabled and share priority ${priority}, so which rule wins for an object they all match is ambiguous. ` +
                `Give each rule its own priority.`,
        ),
});

export const CONFIGURATION_CONSTRAINTS: readonly ConfigurationConstraint[] = [ruleCount, roleIsIamRoleArn, sourceNotDirectoryBucket, uniquePriorities];
