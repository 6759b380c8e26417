import { stackPolicy } from "./support/define";
import { eachEnabledRule, RuleProblem, ruleProblem } from "./support/each-rule";
import { bucketLabel, groupKey, keyLabel } from "./wording/labels";
import { kmsDefaultEncryption } from "./model/default-encryption";
import { ReplicationInStack, StackIndex } from "./model/stack";

const SINGLE_REGION = "S3 treats multi-Region keys as single-Region keys and does not use their multi-Region features";

function replicaKeyProblem(index: StackIndex, replication: ReplicationInStack): RuleProblem | undefined {
    const { replicaKey } = replication;
    if (index.isMultiRegionKey(replicaKey) !== true) {
        return undefined;
    }
    const key = keyLabel(index, replicaKey);
    return ruleProblem(
        replication,
        groupKey("replica", key),
        `encrypts replicas with ${key}, a multi-Region key. ${SINGLE_REGION}: it encrypts with exactly the ` +
            `key named, so name the key (or its replica) in the destination bucket's Region by its ARN, and ` +
            `grant the replication role kms:Encrypt on that ARN.`,
    );
}

function sourceKeyProblem(index: StackIndex, replication: ReplicationInStack): RuleProblem | undefined {
    const { source } = replication;
    const kms = kmsDefaultEncryption(index, source);
    if (source.kind !== "in-stack" || !kms) {
        return undefined;
    }
    const sourceKey = index.bucketEncryptionKey(source.resource, kms.encryption);
    if (index.isMultiRegionKey(sourceKey) !== true) {
        return undefined;
    }
    const key = keyLabel(index, sourceKey);
    const bucket = bucketLabel(index, source);
    return ruleProblem(
        replication,
        groupKey("source", key),
        `replicates from ${bucket}, whose default encryption uses ${key}, a multi-Region key. ` +
            `${SINGLE_REGION}: grant the replication role kms:Decrypt on this key's ARN in the source bucket's ` +
            `Region (not on a replica of it), and name the replica key for the destination explicitly.`,
    );
}

export const multiRegionKey = stackPolicy({
    name: "s3-replication-multi-region-key",
    description: "Replication of objects encrypted with a multi-Region KMS key (or into one): S3 treats multi-Region keys as single-Region keys.",
    enforcementLevel: "advisory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "low",
    remediationSteps:
        "Nothing is required: S3 uses a multi-Region key as a single-Region key. Use a key in each Region as " +
        "you would a single-Region key, and do not rely on replicas of the key for replicated objects.",
    check(_args, _config, analysis) {
        return eachEnabledRule(analysis, (replication, index) => [replicaKeyProblem(index, replication), sourceKeyProblem(index, replication)]);
    },
});
