import { stackPolicy } from "./support/define";
import { RuleProblem } from "./support/each-rule";
import { eachRuleRequests, groupBy, permissionGroupKey, roleProblem } from "./support/role-findings";
import { allowStatement, describeLocation, describeResourceOf, listText } from "./wording/messages";
import { Grant, grantsOf, Permission, PLAIN_VERSION_READ, ReplicationRequests, REPLICATION_READ } from "./model/role";
import { KMS_S3_ARN_CONTEXT, KMS_VIA_SERVICE } from "./model/s3-request-context";

const SOURCE_OBJECT_ACTIONS = [REPLICATION_READ, "s3:GetObjectVersionAcl"];

/** Statements that give the role `s3:GetObjectVersion` on what it replicates, where `...ForReplication` suffices. */
function plainReadGrants(requests: ReplicationRequests): RuleProblem[] {
    return requests.permissions
        .filter((p) => p.action === REPLICATION_READ)
        .flatMap((permission) =>
            grantsOf({ ...permission.request, action: PLAIN_VERSION_READ }, requests.role.identity).map(({ at }) =>
                roleProblem(
                    requests,
                    `is allowed ${PLAIN_VERSION_READ} on ${describeResourceOf(permission)} by ${describeLocation(at)}. ` +
                        `Replication needs only ${REPLICATION_READ}, which unlike ${PLAIN_VERSION_READ} also covers SSE-KMS objects; ` +
                        `grant that instead: ${allowStatement(SOURCE_OBJECT_ACTIONS, permission.resource)}`,
                ),
            ),
        );
}

/** How much more than replication's KMS requests a statement allows; empty when it is scoped. */
function breadthOf({ statement }: Grant): string[] {
    const actions = statement.actions.value.known.map((action) => action.toLowerCase());
    const resources = statement.resources?.value.known ?? [];
    const conditionKeys = new Set(statement.condition.clauses.map((clause) => clause.key.toLowerCase()));
    const missingConditions = [KMS_VIA_SERVICE, KMS_S3_ARN_CONTEXT].filter((key) => !conditionKeys.has(key.toLowerCase()));
    return [
        ...(statement.actions.negated ? ["every action its NotAction leaves out"] : []),
        ...(!statement.actions.negated && actions.includes("*") ? ['every action ("*")'] : []),
        ...(!statement.actions.negated && actions.includes("kms:*") ? ['every KMS action ("kms:*")'] : []),
        ...(statement.resources?.negated ? ["every resource its NotResource leaves out"] : []),
        ...(!statement.resources?.negated && resources.includes("*") ? ['every key (Resource "*")'] : []),
        ...(!statement.condition.hasUnknown && missingConditions.length > 0
            ? [`requests through any service and for any object (it has no ${listText(missingConditions)} condition)`]
            : []),
    ];
}

/** KMS statements of the role allowing replication's requests with more actions, keys or contexts than it needs. */
function broadKmsGrants(requests: ReplicationRequests): RuleProblem[] {
    const byStatement = new Map<string, { grant: Grant; permissions: Permission[] }>();
    for (const permission of requests.permissions.filter((p) => p.kms && !p.keyArnUnknown)) {
        for (const grant of grantsOf(permission.request, requests.role.identity)) {
            const id = describeLocation(grant.at);
            const entry = byStatement.get(id) ?? { grant, permissions: [] };
            entry.permissions.push(permission);
            byStatement.set(id, entry);
        }
    }
    return [...byStatement.values()].flatMap(({ grant, permissions }) => {
        const breadth = breadthOf(grant);
        if (breadth.length === 0) {
            return [];
        }
        const granted = listText(
            groupBy(permissions, permissionGroupKey).map((group) => `${listText(group.map((p) => p.action))} on ${describeResourceOf(group[0])}`),
        );
        const scoped = groupBy(permissions, permissionGroupKey).map((group) =>
            allowStatement(
                group.map((p) => p.action),
                group[0].resource,
                { kms: group[0].kms },
            ),
        );
        return [
            roleProblem(
                requests,
                `is allowed ${granted} by ${describeLocation(grant.at)}, which covers ${listText(breadth)}. Replication needs only: ${scoped.join(" ")}`,
            ),
        ];
    });
}

export const leastPrivilege = stackPolicy({
    name: "s3-replication-least-privilege",
    description:
        "The replication role should be allowed no more than replication uses: " +
        "s3:GetObjectVersionForReplication rather than s3:GetObjectVersion, and KMS actions on the replication's keys only, " +
        "conditioned on kms:ViaService and kms:EncryptionContext:aws:s3:arn.",
    enforcementLevel: "advisory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "low",
    remediationSteps:
        "Narrow the replication role's policy: s3:GetObjectVersionForReplication instead of s3:GetObjectVersion, " +
        "and KMS actions only on the replication's keys, conditioned on kms:ViaService and kms:EncryptionContext:aws:s3:arn.",
    check(_args, _config, analysis) {
        return eachRuleRequests(analysis, (requests) => [...plainReadGrants(requests), ...broadKmsGrants(requests)]);
    },
});
