/**
 * What a bucket's default encryption is known to be, as the checks ask it: SSE-KMS (or DSSE-KMS),
 * SSE-KMS with an S3 Bucket Key, or not KMS at all. Each answer is undefined when the stack cannot
 * tell (an unknown value, or a bucket outside the stack).
 */
import { DefaultEncryption, KMS_ALGORITHMS, Resolution, StackIndex } from "./stack";
import { Read, booleanOf, stringOf } from "./value";

/** The default encryption of an in-stack bucket, as the stack configures it; undefined outside the stack. */
function inStackEncryption(index: StackIndex, bucket: Resolution): Read<DefaultEncryption> | undefined {
    return bucket.kind === "in-stack" ? index.bucketEncryption(bucket.resource) : undefined;
}

/** The default encryption of an in-stack bucket when it is known to be SSE-KMS or DSSE-KMS. */
export function kmsDefaultEncryption(index: StackIndex, bucket: Resolution): { encryption: DefaultEncryption; algorithm: string } | undefined {
    const encryption = inStackEncryption(index, bucket);
    const algorithm = encryption?.state === "known" ? stringOf(encryption.value.algorithm) : undefined;
    return encryption?.state === "known" && algorithm && KMS_ALGORITHMS.has(algorithm) ? { encryption: encryption.value, algorithm } : undefined;
}

/** A bucket's default encryption when it is known to be SSE-KMS with an S3 Bucket Key. */
export function bucketKeyEncryption(index: StackIndex, bucket: Resolution): DefaultEncryption | undefined {
    const encryption = inStackEncryption(index, bucket);
    return encryption?.state === "known" && stringOf(encryption.value.algorithm) === "aws:kms" && booleanOf(encryption.value.bucketKeyEnabled) === true
        ? encryption.value
        : undefined;
}

/**
 * `"none"` when nothing in the stack configures the bucket's default encryption, `"AES256"` when
 * it is SSE-S3; undefined otherwise (KMS, unknown, or a bucket outside the stack).
 */
export function nonKmsDefaultEncryption(index: StackIndex, bucket: Resolution): "none" | "AES256" | undefined {
    const encryption = inStackEncryption(index, bucket);
    if (encryption?.state === "absent") {
        return "none";
    }
    return encryption?.state === "known" && stringOf(encryption.value.algorithm) === "AES256" ? "AES256" : undefined;
}
