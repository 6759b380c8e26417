/**
 * S3's limits on a replication configuration, as the Amazon S3 API reference states them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html and the pages of
 * its types). Imports nothing: the replication normaliser, the constraints and the fixes read it.
 */
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
