import { stackPolicy } from "./support/define";
import { eachEnabledRule, ruleProblem } from "./support/each-rule";
import { bucketLabel, groupKey, keyLabel } from "./wording/labels";
import { parseBucketArn, REGION_PATTERN } from "./model/arn";
import { KeyReference, Resolution, StackIndex } from "./model/stack";
import { bucketFact, ExternalFacts, keyFact, withAliases } from "./model/external-facts";
import { bucketNameMapSchema } from "./runtime/external-resources";
import { knownRead, Read, UNKNOWN_READ } from "./model/value";

interface ReplicaKeyRegionConfig {
    /** Regions of destination buckets outside the stack, by bucket name: an alias of the pack-wide `externalResources`. */
    destinationRegions?: Record<string, string>;
}

function destinationRegion(index: StackIndex, destination: Resolution, facts: ExternalFacts): Read<string> {
    if (destination.kind === "in-stack") {
        return index.regionOf(destination.resource);
    }
    if (destination.kind === "external") {
        const configured = bucketFact(facts, parseBucketArn(destination.reference)?.bucket ?? destination.reference)?.region;
        return configured !== undefined ? knownRead(configured) : UNKNOWN_READ;
    }
    return UNKNOWN_READ;
}

/** The replica key's Region: the stack's or its ARN's, else the facts'. */
function keyRegionOf(index: StackIndex, replicaKey: KeyReference, facts: ExternalFacts): Read<string> {
    const region = index.keyRegion(replicaKey);
    const stated = replicaKey.kind === "external" ? keyFact(facts, replicaKey.reference)?.region : undefined;
    return region.state !== "known" && stated !== undefined ? knownRead(stated) : region;
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
        return eachEnabledRule(analysis, (replication, index) => {
            const { destination, replicaKey } = replication;
            const keyRegion = keyRegionOf(index, replicaKey, facts);
            const bucketRegion = destinationRegion(index, destination, facts);
            if (keyRegion.state !== "known" || bucketRegion.state !== "known" || keyRegion.value === bucketRegion.value) {
                return undefined;
            }
            const key = keyLabel(replicaKey);
            const bucket = bucketLabel(index, destination);
            return ruleProblem(
                replication,
                groupKey(key, bucket),
                `encrypts replicas with ${key} in ${keyRegion.value}, but the destination ${bucket} is in ` +
                    `${bucketRegion.value}. S3 accepts the configuration and replication then fails: use a symmetric KMS ` +
                    `key created in ${bucketRegion.value}.`,
            );
        });
    },
});
