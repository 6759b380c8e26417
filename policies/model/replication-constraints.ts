/**
 * The reasoning behind the constraints S3 checks when a replication configuration is applied
 * (`PutBucketReplication`), shared by the constraint table (policies/s3-constraints/) and its
 * fixes: what counts as written, how S3 counts characters, what a directory bucket is.
 */
import { parseArn } from "./arn";
import { isApiShaped, ReplicationConfiguration, ReplicationRule } from "./replication";
import { LIMITS } from "./replication-limits";
import { isKnownValue, Read } from "./value";

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
    return isApiShaped(configuration.shape) && rule.filter.block.state === "known" && rule.deleteMarkerReplication.present.state === "absent";
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
