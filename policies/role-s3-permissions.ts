import { stackPolicy } from "./support/define";
import { RuleProblem } from "./support/each-rule";
import { eachRuleRequests, identityPermissionProblems, PermissionCheck, roleProblem } from "./support/role-findings";
import { allowStatement, denialFix, denialReasons, DeniedAction, listText } from "./wording/messages";
import { decide, PermissionTarget, PLAIN_VERSION_READ, ReplicationRequests, REPLICATION_READ } from "./model/role";
import { describeResource } from "./model/stack";

const S3_TARGETS: ReadonlySet<PermissionTarget> = new Set(["source bucket", "source objects", "destination objects"]);

/**
 * A role given `s3:GetObjectVersion` reads all but SSE-KMS objects: enough for a rule that
 * replicates none (the permission's alternative), not for one that opts in to them.
 */
const plainReadNote: PermissionCheck["notes"] = (denied, requests) => {
    const replicationRead = denied.find((d) => d.permission.action === REPLICATION_READ)?.permission;
    if (replicationRead?.alternatives?.includes(PLAIN_VERSION_READ)) {
        return [`This rule replicates no SSE-KMS objects, so ${PLAIN_VERSION_READ} would do as well, but ${REPLICATION_READ} is all replication needs.`];
    }
    const plainRead = replicationRead && decide({ ...replicationRead.request, action: PLAIN_VERSION_READ }, requests.role.identity);
    return plainRead?.kind === "allowed"
        ? [`It is allowed ${PLAIN_VERSION_READ}, which does not cover the SSE-KMS objects this rule replicates (it opts in to them).`]
        : [];
};

/** A destination bucket of another account must allow the role in its own policy. */
function crossAccountProblems(requests: ReplicationRequests): RuleProblem[] {
    const destination = requests.crossAccount;
    if (!destination || destination.permissions.length === 0) {
        return [];
    }
    const { bucketPolicy, permissions, roleArn } = destination;
    const statement = (actions: string[]) => allowStatement(actions, permissions[0].resource, { principal: roleArn });
    const where = `the destination objects ${permissions[0].resource}, in account ${destination.account}`;
    switch (bucketPolicy.kind) {
        case "in-stack": {
            const denied: DeniedAction[] = permissions.flatMap((p) => {
                const verdict = decide(p.request, [bucketPolicy.document]);
                return verdict.kind === "denied" ? [{ action: p.action, verdict }] : [];
            });
            if (denied.length === 0) {
                return [];
            }
            return [
                roleProblem(
                    requests,
                    [
                        `is not allowed ${listText(denied.map((d) => d.action))} on ${where}, by that bucket's policy (${describeResource(bucketPolicy.declaredBy)}): ${denialReasons(denied, "the bucket policy").join("; ")}.`,
                        `A bucket in another account must allow the role in its own policy. ${denialFix(denied, statement, "the bucket policy")}`,
                    ].join(" "),
                    { urn: bucketPolicy.declaredBy.urn },
                ),
            ];
        }
        case "none": {
            const actions = permissions.map((p) => p.action);
            return [
                roleProblem(
                    requests,
                    `replicates to ${where}, not its own: that bucket's policy must allow the role ${listText(actions)}, and no aws.s3.BucketPolicy in this stack sets it. The destination bucket's owner must add to its bucket policy: ${statement(actions)}`,
                    { urn: requests.replication.carrier.urn, advisoryOnly: true },
                ),
            ];
        }
        default:
            return [];
    }
}

const S3_PERMISSIONS: PermissionCheck = { judges: (p) => S3_TARGETS.has(p.target), notes: plainReadNote };

export const roleS3Permissions = stackPolicy({
    name: "s3-replication-role-s3-permissions",
    description:
        "The replication role's policies, or the bucket policy of a bucket in its own account, must allow the S3 actions replication uses (s3:GetReplicationConfiguration and s3:ListBucket on the source bucket, s3:GetObjectVersionForReplication and s3:GetObjectVersionAcl on the source objects, s3:ReplicateObject and, as the rule needs them, s3:ReplicateDelete and s3:ObjectOwnerOverrideToBucketOwner on the destination objects), and no bucket policy may deny them; a destination bucket in another account must allow them in its bucket policy.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
    severity: "high",
    remediationSteps:
        "Add the S3 actions each finding names to the replication role's policy, on the source bucket, source objects and destination objects, and remove bucket-policy statements that deny them.",
    check(_args, _config, analysis) {
        // The role's own policies first, then the cross-account destination bucket's, rule after rule.
        return [
            ...eachRuleRequests(analysis, (requests, index) => identityPermissionProblems(index, requests, S3_PERMISSIONS, analysis.facts)),
            ...eachRuleRequests(analysis, crossAccountProblems),
        ];
    },
});
