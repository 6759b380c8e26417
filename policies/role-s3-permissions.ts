import { stackPolicy } from "./support/define";
import { eachRuleRequests } from "./support/role-findings";
import { crossAccountProblems, s3PermissionProblems } from "./support/role-checks";

export const roleS3Permissions = stackPolicy({
    name: "s3-replication-role-s3-permissions",
    description:
        "The replication role's policies, or the bucket policy of a bucket in its own account, " +
        "must allow the S3 actions replication uses (s3:GetReplicationConfiguration and s3:ListBucket on the source bucket, " +
        "s3:GetObjectVersionForReplication and s3:GetObjectVersionAcl on the source objects, s3:ReplicateObject and, " +
        "as the rule needs them, s3:ReplicateDelete and s3:ObjectOwnerOverrideToBucketOwner on the destination objects), " +
        "and no bucket policy may deny them; a destination bucket in another account must allow them in its bucket policy.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
    severity: "high",
    remediationSteps:
        "Add the S3 actions each finding names to the replication role's policy, on the source bucket, " +
        "source objects and destination objects, and remove bucket-policy statements that deny them.",
    check(_args, _config, analysis) {
        // The role's own policies first, then the cross-account destination bucket's, rule after rule.
        return [
            ...eachRuleRequests(analysis, (requests, index) => s3PermissionProblems(index, requests, analysis.facts)),
            ...eachRuleRequests(analysis, crossAccountProblems),
        ];
    },
});
