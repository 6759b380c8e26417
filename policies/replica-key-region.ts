import { stackPolicy } from "./support/define";
import { eachEnabledRule } from "./support/each-rule";
import { REGION_PATTERN } from "./model/arn";
import { withAliases } from "./model/external-facts";
import { bucketNameMapSchema } from "./runtime/external-resources";
import { replicaKeyRegionProblem } from "./support/replica-key-checks";

interface ReplicaKeyRegionConfig {
    /** Regions of destination buckets outside the stack, by bucket name: an alias of the pack-wide `externalResources`. */
    destinationRegions?: Record<string, string>;
}

export const replicaKeyRegion = stackPolicy({
    name: "s3-replication-replica-key-region",
    description:
        "The replica KMS key of a replication rule must be in the destination bucket's Region; S3 accepts a " +
        "key from another Region and replication then fails.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps:
        "Use a replica KMS key created in the destination bucket's Region (a key of an aws.Provider for that " +
        "Region), or tell the policy the destination's Region in destinationRegions.",
    configSchema: {
        properties: {
            destinationRegions: bucketNameMapSchema(
                'Regions of destination buckets outside the stack, by bucket name, e.g. {"backup-bucket": ' +
                    '"us-west-2"}. An alias of the pack-wide externalResources setting of s3-replication-environments.',
                REGION_PATTERN,
            ),
        },
    },
    check(_args, config: ReplicaKeyRegionConfig, analysis) {
        const facts = withAliases(analysis.facts, config);
        return eachEnabledRule(analysis, (replication, index) => replicaKeyRegionProblem(replication, index, facts));
    },
});
