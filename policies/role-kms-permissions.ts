import { stackPolicy } from "./support/define";
import { eachRuleRequests, identityPermissionProblems, PermissionCheck } from "./support/role-findings";
import { decide, KmsUse } from "./model/role";
import { KMS_S3_ARN_CONTEXT, KMS_VIA_SERVICE } from "./model/s3-request-context";

function bucketKeyNote(use: KmsUse): string {
    const why = use.side === "source" ? "The source bucket uses an S3 Bucket Key" : "Replicas keep the source objects' S3 Bucket Key";
    return `${why}, so S3 sends the ${use.side} bucket's ARN ${use.bucket.arn} as ${KMS_S3_ARN_CONTEXT}, not an object's ARN: a condition written for object ARNs (${use.objects}) denies every request. Write ${use.bucket.arn} in that condition.`;
}

/** The two ways a KMS condition that names object ARNs or one Region fails: a Bucket Key, and another Region. */
const kmsNotes: PermissionCheck["notes"] = (denied, requests) => {
    const use = denied[0]?.permission.kms;
    if (!use) {
        return [];
    }
    const failedKeys = new Set(denied.flatMap((d) => d.verdict.unmet.flatMap((unmet) => unmet.conditions.map((c) => c.key.toLowerCase()))));
    const allowedForObjects = denied.some(
        (d) => d.permission.withoutBucketKey && decide(d.permission.withoutBucketKey, requests.role.identity).kind === "allowed",
    );
    return [
        ...(use.bucketKey && (allowedForObjects || failedKeys.has(KMS_S3_ARN_CONTEXT.toLowerCase())) ? [bucketKeyNote(use)] : []),
        ...(failedKeys.has(KMS_VIA_SERVICE.toLowerCase())
            ? [`S3 calls KMS in the ${use.side} bucket's Region, ${use.region}, so ${KMS_VIA_SERVICE} is ${use.viaService}.`]
            : []),
    ];
};

const KMS_PERMISSIONS: PermissionCheck = { judges: (p) => p.kms !== undefined, notes: kmsNotes };

export const roleKmsPermissions = stackPolicy({
    name: "s3-replication-role-kms-permissions",
    description:
        "The replication role's policies (or the key policy, naming the role itself, of a key in its own account) must allow kms:Decrypt on the keys of SSE-KMS source objects and kms:Encrypt on the replica key (and kms:Decrypt on it with an S3 Bucket Key), in the context S3 sends: kms:ViaService of the bucket's Region, and kms:EncryptionContext:aws:s3:arn of the object, or of the bucket with an S3 Bucket Key.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps:
        "Allow the replication role kms:Decrypt on the source objects' keys and kms:Encrypt on the replica key, with conditions that hold for the kms:ViaService and kms:EncryptionContext:aws:s3:arn values S3 sends.",
    check(_args, _config, analysis) {
        return eachRuleRequests(analysis, (requests, index) => identityPermissionProblems(index, requests, KMS_PERMISSIONS, analysis.facts));
    },
});
