/**
 * What S3 checks when a replication configuration is applied (`PutBucketReplication`): its limits
 * and its constraints, each named and tied to the page of the Amazon S3 API reference (or user
 * guide) that states it. `s3-replication-rule-valid` reports a broken constraint by its name;
 * the replication normaliser and the remediations use the same limits.
 */
import { parseArn } from "./arn";
import type { ReplicationConfiguration, ReplicationRule } from "./replication";
import { isKnownValue, Read } from "./value";

const API = "https://docs.aws.amazon.com/AmazonS3/latest/API";

/** S3's limits on a replication configuration. */
export const LIMITS = {
    /** PutBucketReplication: "at least one rule, and can contain a maximum of 1,000". */
    rules: { min: 1, max: 1000 },
    /** ReplicationRule ID: "The maximum value is 255 characters." */
    ruleIdLength: 255,
    /** ReplicationRule and ReplicationRuleFilter Prefix: "The maximum prefix length is 1,024 characters." */
    prefixLength: 1024,
    /** ReplicationTimeValue Minutes (ReplicationTime Time and Metrics EventThreshold): "Valid value: 15". */
    replicationTimeMinutes: 15,
    /** The valid values of every replication `Status` (ReplicationRule, DeleteMarkerReplication, Metrics, ReplicationTime, ...). */
    statuses: ["Enabled", "Disabled"] as readonly string[],
    /** Directory bucket names end with `--x-s3` (`bucket-base-name--zone-id--x-s3`). */
    directoryBucketSuffix: "--x-s3",
} as const;

/** Every constraint `s3-replication-rule-valid` checks, by name, with the AWS page that states it. */
export const CONSTRAINTS = {
    // A configuration as a whole.
    "rule-count": `${API}/API_PutBucketReplication.html`,
    "role-is-iam-role-arn": `${API}/API_ReplicationConfiguration.html`,
    "source-not-directory-bucket": `${API}/API_PutBucketReplication.html`,
    "unique-priorities": `${API}/API_ReplicationRule.html`,
    // Each rule.
    "rule-is-object": `${API}/API_ReplicationConfiguration.html`,
    "statuses-enabled-or-disabled": `${API}/API_ReplicationRule.html`,
    "filter-requires-delete-marker-replication": `${API}/API_PutBucketReplication.html`,
    "filter-requires-priority": `${API}/API_PutBucketReplication.html`,
    "filter-holds-one-element": `${API}/API_ReplicationRuleFilter.html`,
    "tag-filter-disables-delete-markers": `${API}/API_ReplicationRule.html`,
    "rule-id-length": `${API}/API_ReplicationRule.html`,
    "prefix-length": `${API}/API_ReplicationRule.html`,
    "replica-modifications-require-filter": `${API}/API_SourceSelectionCriteria.html`,
    "source-selection-criteria-complete": `${API}/API_SourceSelectionCriteria.html`,
    "replication-time-requires-metrics": `${API}/API_ReplicationTime.html`,
    "replication-minutes-are-15": `${API}/API_ReplicationTimeValue.html`,
    "access-control-translation-complete": `${API}/API_AccessControlTranslation.html`,
    "destination-bucket-is-arn": `${API}/API_Destination.html`,
    "destination-not-directory-bucket": `${API}/API_PutBucketReplication.html`,
} as const;

export type ConstraintName = keyof typeof CONSTRAINTS;

/** Whether the shape follows the S3 API's rule structure (the inline shapes are the provider's own). */
function isApiShape(configuration: ReplicationConfiguration): boolean {
    return configuration.shape === "BucketReplicationConfig" || configuration.shape === "aws-native Bucket";
}

/** Known, and written with content: `""` and `{}` say nothing (the provider drops them). */
export function isWritten(r: Read): boolean {
    if (r.state !== "known") {
        return false;
    }
    if (typeof r.value === "string") {
        return r.value !== "";
    }
    return typeof r.value !== "object" || Array.isArray(r.value) || Object.keys(r.value as object).length > 0;
}

/** S3 counts characters, not UTF-16 code units. */
export function codePointLength(text: string): number {
    return [...text].length;
}

/** A directory bucket, by its `s3express` ARN or its name (PutBucketReplication: "not supported for directory buckets"). */
export function isDirectoryBucket(bucketOrArn: string): boolean {
    const arn = parseArn(bucketOrArn);
    return arn?.service === "s3express" || bucketOrArn.endsWith(LIMITS.directoryBucketSuffix);
}

/** A V2 (filtered) rule of an API shape without `DeleteMarkerReplication`; the inline shapes' provider fills it in. */
export function lacksDeleteMarkerReplication(configuration: ReplicationConfiguration, rule: ReplicationRule): boolean {
    return isApiShape(configuration) && rule.filter.block.state === "known" && rule.deleteMarkerReplication.present.state === "absent";
}

/** Replication Time Control written without replication metrics. */
export function lacksReplicationMetrics(rule: ReplicationRule): boolean {
    return rule.destination.replicationTime.present.state === "known" && rule.destination.metrics.present.state === "absent";
}

/** Metrics cost money: they are added only where Replication Time Control is known to be enabled. */
export function needsMetricsForReplicationTime(rule: ReplicationRule): boolean {
    const { status } = rule.destination.replicationTime;
    return lacksReplicationMetrics(rule) && isKnownValue(status, "Enabled");
}
