/**
 * The per-rule checks of the replication-role policies (role-kms-permissions, role-s3-permissions,
 * role-trust), kept here so that the verdict matrix (verdict-matrix.ts) words a failing request
 * exactly as the policy's finding does, from the same problems.
 */
import { ExternalFacts } from "../model/external-facts";
import {
    ASSUME_ROLE,
    decideByDocuments,
    KmsUse,
    PermissionTarget,
    PLAIN_VERSION_READ,
    ReplicationRequests,
    REPLICATION_READ,
    S3_SERVICE_PRINCIPAL,
} from "../model/role";
import { KMS_S3_ARN_CONTEXT, KMS_VIA_SERVICE } from "../model/s3-request-context";
import { describeResource, StackIndex } from "../model/stack";
import { requestKey } from "../model/verdict-matrix";
import { RuleProblem } from "./each-rule";
import { allowStatement, denialFix, denialReasons, DeniedAction, listText } from "../wording/messages";
import { identityPermissionProblems, PermissionCheck, roleProblem } from "./role-findings";

function bucketKeyNote(use: KmsUse): string {
    const why = use.side === "source" ? "The source bucket uses an S3 Bucket Key" : "Replicas keep the source objects' S3 Bucket Key";
    return (
        `${why}, so S3 sends the ${use.side} bucket's ARN ${use.bucket.arn} as ${KMS_S3_ARN_CONTEXT}, not an object's ARN: ` +
        `a condition written for object ARNs (${use.objects}) denies every request. Write ${use.bucket.arn} in that condition.`
    );
}

/** The two ways a KMS condition that names object ARNs or one Region fails: a Bucket Key, and another Region. */
const kmsNotes: PermissionCheck["notes"] = (denied, requests) => {
    const use = denied[0]?.permission.kms;
    if (!use) {
        return [];
    }
    const failedKeys = new Set(denied.flatMap((d) => d.verdict.unmet.flatMap((unmet) => unmet.conditions.map((c) => c.key.toLowerCase()))));
    const allowedForObjects = denied.some(
        (d) => d.permission.withoutBucketKey && decideByDocuments(d.permission.withoutBucketKey, requests.role.identity).kind === "allowed",
    );
    return [
        ...(use.bucketKey && (allowedForObjects || failedKeys.has(KMS_S3_ARN_CONTEXT.toLowerCase())) ? [bucketKeyNote(use)] : []),
        ...(failedKeys.has(KMS_VIA_SERVICE.toLowerCase())
            ? [`S3 calls KMS in the ${use.side} bucket's Region, ${use.region}, so ${KMS_VIA_SERVICE} is ${use.viaService}.`]
            : []),
    ];
};

const KMS_PERMISSIONS: PermissionCheck = { covers: (p) => p.kms !== undefined, notes: kmsNotes };

/** s3-replication-role-kms-permissions: the role's KMS requests on the source and replica keys. */
export function kmsPermissionProblems(index: StackIndex, requests: ReplicationRequests, facts: ExternalFacts): RuleProblem[] {
    return identityPermissionProblems(index, requests, KMS_PERMISSIONS, facts);
}

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
    const plainRead = replicationRead && decideByDocuments({ ...replicationRead.request, action: PLAIN_VERSION_READ }, requests.role.identity);
    return plainRead?.kind === "allowed"
        ? [`It is allowed ${PLAIN_VERSION_READ}, which does not cover the SSE-KMS objects this rule replicates (it opts in to them).`]
        : [];
};

const S3_PERMISSIONS: PermissionCheck = { covers: (p) => S3_TARGETS.has(p.target), notes: plainReadNote };

/** s3-replication-role-s3-permissions: the role's S3 requests, as its identity policies and the buckets' policies decide them. */
export function s3PermissionProblems(index: StackIndex, requests: ReplicationRequests, facts: ExternalFacts): RuleProblem[] {
    return identityPermissionProblems(index, requests, S3_PERMISSIONS, facts);
}

/** s3-replication-role-s3-permissions: a destination bucket of another account must allow the role in its own policy. */
export function crossAccountProblems(requests: ReplicationRequests, index: StackIndex): RuleProblem[] {
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
                const verdict = decideByDocuments(p.request, [bucketPolicy.document]);
                return verdict.kind === "denied" ? [{ action: p.action, verdict }] : [];
            });
            if (denied.length === 0) {
                return [];
            }
            return [
                roleProblem(
                    requests,
                    [
                        `is not allowed ${listText(denied.map((d) => d.action))} on ${where}, ` +
                            `by that bucket's policy (${describeResource(bucketPolicy.declaredBy)}): ` +
                            `${denialReasons(denied, index.secrets, "the bucket policy").join("; ")}.`,
                        `A bucket in another account must allow the role in its own policy. ${denialFix(denied, statement, "the bucket policy")}`,
                    ].join(" "),
                    { urn: bucketPolicy.declaredBy.urn, about: denied.map((d) => requestKey("destination objects", d.action)) },
                ),
            ];
        }
        case "none": {
            const actions = permissions.map((p) => p.action);
            return [
                roleProblem(
                    requests,
                    `replicates to ${where}, not its own: that bucket's policy must allow the role ${listText(actions)}, ` +
                        "and no aws.s3.BucketPolicy in this stack sets it. " +
                        `The destination bucket's owner must add to its bucket policy: ${statement(actions)}`,
                    {
                        urn: requests.replication.configurationResource.urn,
                        advisoryOnly: true,
                        about: actions.map((action) => requestKey("destination objects", action)),
                    },
                ),
            ];
        }
        default:
            return [];
    }
}

const TRUST_STATEMENT = JSON.stringify({ Effect: "Allow", Principal: { Service: S3_SERVICE_PRINCIPAL }, Action: ASSUME_ROLE });

/** s3-replication-role-trust: Amazon S3 must be able to assume the role. */
export function trustProblem(requests: ReplicationRequests, index: StackIndex): RuleProblem | undefined {
    const { trust } = requests.role;
    const verdict = trust.kind === "policy" ? decideByDocuments(requests.assumeRole, [{ origin: "its trust policy", document: trust }]) : undefined;
    if (verdict?.kind !== "denied") {
        return undefined;
    }
    const denied = [{ action: ASSUME_ROLE, verdict }];
    return roleProblem(
        requests,
        `cannot be assumed by Amazon S3 (${S3_SERVICE_PRINCIPAL}): ` +
            `${denialReasons(denied, index.secrets, "its trust policy (assumeRolePolicy)").join("; ")}. ` +
            `${denialFix(denied, () => TRUST_STATEMENT, "its trust policy")}`,
        { about: [requestKey("role", ASSUME_ROLE)] },
    );
}
