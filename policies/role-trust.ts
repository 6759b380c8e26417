import { stackPolicy } from "./support/define";
import { eachRuleRequests, roleProblem } from "./support/role-findings";
import { denialFix, denialReasons } from "./wording/messages";
import { ASSUME_ROLE, decide, S3_SERVICE_PRINCIPAL } from "./model/role";

const TRUST_STATEMENT = JSON.stringify({ Effect: "Allow", Principal: { Service: S3_SERVICE_PRINCIPAL }, Action: ASSUME_ROLE });

export const roleTrust = stackPolicy({
    name: "s3-replication-role-trust",
    description:
        "The replication role's trust policy (assumeRolePolicy) must let Amazon S3, the service principal s3.amazonaws.com, assume it (sts:AssumeRole); otherwise S3 cannot replicate anything.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
    severity: "critical",
    remediationSteps:
        "Let the service principal s3.amazonaws.com assume the replication role: a trust policy statement with Effect Allow, Principal Service s3.amazonaws.com and Action sts:AssumeRole.",
    check(_args, _config, analysis) {
        return eachRuleRequests(analysis, (requests) => {
            const { trust } = requests.role;
            const verdict = trust.kind === "policy" ? decide(requests.assumeRole, [{ origin: "its trust policy", document: trust }]) : undefined;
            if (verdict?.kind !== "denied") {
                return undefined;
            }
            const denied = [{ action: ASSUME_ROLE, verdict }];
            return roleProblem(
                requests,
                `cannot be assumed by Amazon S3 (${S3_SERVICE_PRINCIPAL}): ${denialReasons(denied, "its trust policy (assumeRolePolicy)").join("; ")}. ${denialFix(denied, () => TRUST_STATEMENT, "its trust policy")}`,
            );
        });
    },
});
