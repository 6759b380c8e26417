import { stackPolicy } from "./support/define";
import { isKnownValue } from "./model/value";
import { fieldNames } from "./wording/field-names";
import { eachEnabledRule, ruleProblem } from "./support/each-rule";
import { bucketLabel } from "./wording/labels";
import { kmsDefaultEncryption } from "./model/default-encryption";
import { describeResource } from "./model/stack";

export const encryptedSourceOptIn = stackPolicy({
    name: "s3-replication-encrypted-source-opt-in",
    description:
        "Replication rules of a source bucket whose default encryption is SSE-KMS or DSSE-KMS must opt in to " +
        "replicating KMS-encrypted objects; otherwise S3 silently skips them. (A rule that names a replica " +
        "key is reported by s3-replication-sse-kms-opt-in.)",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps:
        "Add SourceSelectionCriteria.SseKmsEncryptedObjects with status Enabled, and a replica KMS key, to " +
        "the replication rules of a source bucket whose default encryption is SSE-KMS or DSSE-KMS.",
    check(_args, _config, analysis) {
        return eachEnabledRule(analysis, (replication, index) => {
            const { configuration, rule, source } = replication;
            const optIn = rule.sseKmsEncryptedObjects;
            if (source.kind !== "in-stack" || optIn.state === "unknown" || isKnownValue(optIn, "Enabled")) {
                return undefined;
            }
            // One cause, one finding: a rule that names a replica key is s3-replication-sse-kms-opt-in's, with the same fix.
            if (rule.destination.replicaKmsKeyId.state === "known") {
                return undefined;
            }
            const kms = kmsDefaultEncryption(index, source);
            if (!kms) {
                return undefined;
            }
            const names = fieldNames[configuration.shape];
            return ruleProblem(
                replication,
                "opt-in",
                `does not opt in to replicating KMS-encrypted objects, but its source ${bucketLabel(index, source)} ` +
                    `encrypts new objects with ${kms.algorithm} by default ` +
                    `(${describeResource(kms.encryption.declaredBy)}): S3 silently skips those objects. Add ` +
                    `${names.optIn} to the rule, with ${names.replicaKey} set to a symmetric KMS key in the destination ` +
                    `bucket's Region.`,
            );
        });
    },
});
