import { stackPolicy } from "./support/define";
import { eachEnabledRule } from "./support/each-rule";
import { replicaKeyUsableProblem } from "./support/replica-key-checks";

export const replicaKeyUsable = stackPolicy({
    name: "s3-replication-replica-key-usable",
    description:
        "The replica KMS key of a replication rule must be an enabled symmetric encryption key; S3 accepts any key with 200 OK and replication then fails.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps: "Use an enabled symmetric encryption key (keyUsage ENCRYPT_DECRYPT, keySpec SYMMETRIC_DEFAULT, isEnabled true) as the replica KMS key.",
    check(_args, _config, analysis) {
        return eachEnabledRule(analysis, replicaKeyUsableProblem);
    },
});
