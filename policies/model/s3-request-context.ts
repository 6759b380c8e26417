/**
 * The requests S3 makes while replicating an object, as IAM and KMS evaluate them: the
 * request context S3 presents to KMS (`kms:ViaService`, the `aws:s3:arn` encryption context),
 * and sample object ARNs under a rule's prefix.
 */
import { bucketArn, s3ServiceEndpoint } from "./arn";
import { RequestContext } from "./iam";

/** A key no rule's prefix makes special, appended to the prefix to stand for any object it replicates. */
export const SAMPLE_OBJECT_KEY = "replicated-object";

/**
 * The condition keys the pack gives a value in the requests replication makes (here and in
 * role/replication-permissions.ts), each with the AWS
 * page that shows the key present in that request. Every other key a policy tests is unknown to
 * the evaluator (`openWorldContext`), so a condition on it is undecided, never false:
 * `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalTag/*`, `aws:SourceVpce`,
 * `aws:SourceIp`, `aws:RequestTag/*`, ... whose values the stack cannot show.
 */
export const EVALUATED_KEYS: Readonly<Record<string, string>> = Object.freeze({
    // "AWS global condition context keys": present in every request signed by a principal; for a role session, the role's ARN.
    "aws:PrincipalArn": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn",
    "aws:PrincipalAccount": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount",
    // "AWS KMS condition keys": present in every KMS request.
    "kms:CallerAccount": "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account",
    // Present when an AWS service (here S3, s3.<Region>.amazonaws.com) calls KMS on the principal's behalf.
    "kms:ViaService": "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
    // S3 user guide, "Using server-side encryption with AWS KMS keys": the encryption context is the object's ARN, or the bucket's with an S3 Bucket Key.
    "kms:EncryptionContext:aws:s3:arn": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context",
    // Present when a service principal (S3 assuming the replication role) acts for a resource.
    "aws:SourceAccount": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount",
    "aws:SourceArn": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn",
});

export const KMS_VIA_SERVICE = "kms:ViaService";
export const KMS_S3_ARN_CONTEXT = "kms:EncryptionContext:aws:s3:arn";

export interface ReplicationSide {
    partition: string;
    bucket: string;
    region: string;
    /** Whether objects on this side are encrypted with an S3 Bucket Key. */
    bucketKey: boolean;
}

export function objectArn(partition: string, bucket: string, prefix: string): string {
    return `${bucketArn(partition, bucket)}/${prefix}${SAMPLE_OBJECT_KEY}`;
}

/**
 * The `aws:s3:arn` encryption context S3 sends: the object ARN, or the bucket ARN when the object
 * is encrypted with an S3 Bucket Key.
 */
export function encryptionContextArn(side: ReplicationSide, prefix: string): string {
    return side.bucketKey ? bucketArn(side.partition, side.bucket) : objectArn(side.partition, side.bucket, prefix);
}

/** The context of a KMS request S3 makes on a replicated object in `side`'s bucket. */
export function kmsRequestContext(side: ReplicationSide, prefix: string): RequestContext {
    return {
        [KMS_VIA_SERVICE]: s3ServiceEndpoint(side.region),
        [KMS_S3_ARN_CONTEXT]: encryptionContextArn(side, prefix),
    };
}
