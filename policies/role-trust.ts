import { stackPolicy } from "./support/define";
import { eachRuleRequests } from "./support/role-findings";
import { trustProblem } from "./support/role-checks";

export const roleTrust = stackPolicy({
    name: "s3-replication-role-trust",
    description:
        "The replication role's trust policy (assumeRolePolicy) must let Amazon S3, the service principal s3.amazonaws.com, " +
        "assume it (sts:AssumeRole); otherwise S3 cannot replicate anything.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
    severity: "critical",
    remediationSteps:
        "Let the service principal s3.amazonaws.com assume the replication role: a trust policy statement with Effect Allow, " +
        "Principal Service s3.amazonaws.com and Action sts:AssumeRole.",
    check(_args, _config, analysis) {
        return eachRuleRequests(analysis, trustProblem);
    },
});
