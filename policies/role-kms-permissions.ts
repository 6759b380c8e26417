import { stackPolicy } from "./support/define";
import { eachRuleRequests } from "./support/role-findings";
import { kmsPermissionProblems } from "./support/role-checks";

export const roleKmsPermissions = stackPolicy({
    name: "s3-replication-role-kms-permissions",
    description:
        "The replication role's policies (or the key policy, naming the role itself, " +
        "of a key in its own account) must allow kms:Decrypt on the keys of SSE-KMS source objects and kms:Encrypt on the " +
        "replica key (and kms:Decrypt on it with an S3 Bucket Key), in the context S3 sends: " +
        "kms:ViaService of the bucket's Region, and kms:EncryptionContext:aws:s3:arn of the object, " +
        "or of the bucket with an S3 Bucket Key.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps:
        "Allow the replication role kms:Decrypt on the source objects' keys and kms:Encrypt on the replica key, " +
        "with conditions that hold for the kms:ViaService and kms:EncryptionContext:aws:s3:arn values S3 sends.",
    check(_args, _config, analysis) {
        return eachRuleRequests(analysis, (requests, index) => kmsPermissionProblems(index, requests, analysis.facts));
    },
});
