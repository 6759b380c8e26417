/**
 * Replicas of unencrypted objects take the destination's default encryption, and under SSE-KMS
 * or DSSE-KMS their ETag differs from the source object's (S3 user guide, "Using default
 * bucket encryption with replication"). Objects encrypted with SSE-S3 or SSE-KMS keep their encryption.
 * Since 5 January 2023 S3 encrypts every new object with at least SSE-S3, so only objects stored
 * unencrypted before then are concerned: a source bucket without KMS default encryption (none
 * configured, or SSE-S3) may hold such objects, which existing-object or Batch Replication copies.
 * Hence an advisory, never more.
 */
import { stackPolicy } from "./support/define";
import { eachEnabledRule, ruleProblem } from "./support/each-rule";
import { bucketLabel, groupKey } from "./wording/labels";
import { kmsDefaultEncryption, nonKmsDefaultEncryption } from "./model/default-encryption";
import { describeResource } from "./model/stack";

const SOURCE_DEFAULT = { none: "no default encryption in this stack (SSE-S3)", AES256: "SSE-S3 default encryption" };

export const replicaEtag = stackPolicy({
    name: "s3-replication-replica-etag",
    description:
        "Objects stored unencrypted in the source bucket are replicated with the destination's KMS default " +
        "encryption, and their replicas' ETags differ from the source's.",
    enforcementLevel: "advisory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "low",
    remediationSteps:
        "Nothing is required: update applications that compare ETags between source objects and their replicas, or encrypt the source objects as well.",
    check(_args, _config, analysis) {
        return eachEnabledRule(analysis, (replication, index) => {
            const { source, destination } = replication;
            const sourceDefault = nonKmsDefaultEncryption(index, source);
            const kms = sourceDefault ? kmsDefaultEncryption(index, destination) : undefined;
            if (!sourceDefault || !kms) {
                return undefined;
            }
            const into = bucketLabel(index, destination);
            return ruleProblem(
                replication,
                groupKey("etag", into),
                `replicates from ${bucketLabel(index, source)}, with ${SOURCE_DEFAULT[sourceDefault]}, into ${into}, ` +
                    `whose default encryption is ${kms.algorithm} (${describeResource(kms.encryption.declaredBy)}). ` +
                    `Source objects stored unencrypted (before S3 began encrypting every new object on 5 January 2023) ` +
                    `are replicated, by existing-object or Batch Replication, with the destination's ${kms.algorithm} ` +
                    `encryption, so their replicas' ETags differ from the source objects'. Applications that compare ` +
                    `ETags across the buckets must allow for it.`,
            );
        });
    },
});
