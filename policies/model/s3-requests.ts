/**
 * The requests S3 makes while replicating an object, as IAM and KMS evaluate them: the
 * request context S3 presents to KMS (`kms:ViaService`, the `aws:s3:arn` encryption context),
 * and sample object ARNs under a rule's prefix.
 */
import { bucketArn, s3ServiceEndpoint } from "./arn";
import { RequestContext } from "./iam";

/** A key no rule's prefix makes special, appended to the prefix to stand for any object it replicates. */
export const SAMPLE_OBJECT_KEY = "replicated-object";

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
