import { stackPolicy } from "./support/define";
import { eachEnabledRule } from "./support/each-rule";
import { encryptedSourceOptInProblem } from "./support/opt-in-checks";

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
        return eachEnabledRule(analysis, encryptedSourceOptInProblem);
    },
});
