import { stackPolicy } from "./support/define";
import { eachEnabledRule } from "./support/each-rule";
import { carrierLabel, groupKey } from "./support/labels";
import { bucketLabel, bucketNameMapSchema, keyLabel } from "./support/stack-rules";
import { parseBucketArn, REGION_PATTERN } from "./model/arn";
import { knownRead, Resolution, StackIndex, UNKNOWN_READ } from "./model/stack";
import { Read } from "./model/value";

interface ReplicaKeyRegionConfig {
    /** Regions of destination buckets outside the stack, by bucket name. */
    destinationRegions?: Record<string, string>;
}

function destinationRegion(index: StackIndex, destination: Resolution, config: ReplicaKeyRegionConfig): Read<string> {
    if (destination.kind === "in-stack") {
        return index.regionOf(destination.resource);
    }
    if (destination.kind === "external") {
        const name = parseBucketArn(destination.reference)?.bucket ?? destination.reference;
        const configured = config.destinationRegions?.[name];
        return typeof configured === "string" ? knownRead(configured) : UNKNOWN_READ;
    }
    return UNKNOWN_READ;
}

export const replicaKeyRegion = stackPolicy({
    name: "s3-replication-replica-key-region",
    description: "The replica KMS key of a replication rule must be in the destination bucket's Region; S3 accepts a key from another Region and replication then fails.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps: "Use a replica KMS key created in the destination bucket's Region (a key of an aws.Provider for that Region), or tell the policy the destination's Region in destinationRegions.",
    configSchema: {
        properties: {
            destinationRegions: bucketNameMapSchema(
                "Regions of destination buckets outside the stack, by bucket name, e.g. {\"backup-bucket\": \"us-west-2\"}.",
                REGION_PATTERN),
        },
    },
    check(args, config: ReplicaKeyRegionConfig) {
        return eachEnabledRule(args.resources, (replication, index) => {
            const { carrier, rule, destination, replicaKey } = replication;
            const keyRegion = index.keyRegion(replicaKey);
            const bucketRegion = destinationRegion(index, destination, config);
            if (keyRegion.state !== "known" || bucketRegion.state !== "known" || keyRegion.value === bucketRegion.value) {
                return undefined;
            }
            const key = keyLabel(replicaKey);
            const bucket = bucketLabel(index, destination);
            return {
                urn: carrier.urn,
                problemId: groupKey(key, bucket),
                ruleLabel: rule.label,
                message: (rules) => `${carrierLabel(replication)} (${rules}) encrypts replicas with ${key} in ${keyRegion.value}, but the destination ${bucket} is in ${bucketRegion.value}. S3 accepts the configuration and replication then fails: use a symmetric KMS key created in ${bucketRegion.value}.`,
            };
        });
    },
});
