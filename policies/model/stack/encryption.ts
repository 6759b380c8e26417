/**
 * A bucket's default encryption, from the resource that configures it (v7
 * BucketServerSideEncryptionConfiguration, v6 ...V2) or from the bucket's own inline block
 * (legacy Bucket, BucketV2, aws-native Bucket).
 */
import { types } from "../resource-types";
import { ABSENT, read, Read, readBelow } from "../value";
import { first, knownRead } from "../value";
import { PolicyResource, programRead } from "./resource";

export interface DefaultEncryption {
    /** The encryption resource, or the bucket for inline configuration. */
    declaredBy: PolicyResource;
    /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
    algorithm: Read;
    /** The KMS key id, ARN or alias; absent means the AWS managed key `aws/s3` for the KMS algorithms. */
    kmsMasterKeyId: Read;
    bucketKeyEnabled: Read;
    /** The top-level property whose dependencies cover the key reference. */
    dependencyProperty: string;
}

export const KMS_ALGORITHMS: ReadonlySet<string> = new Set(["aws:kms", "aws:kms:dsse"]);

function encryptionOf(declaredBy: PolicyResource, dependencyProperty: string, rule: Read, byDefault: Read): DefaultEncryption {
    return {
        declaredBy,
        algorithm: readBelow(byDefault, "sseAlgorithm"),
        kmsMasterKeyId: readBelow(byDefault, "kmsMasterKeyId"),
        bucketKeyEnabled: readBelow(rule, "bucketKeyEnabled"),
        dependencyProperty,
    };
}

/** The encryption a BucketServerSideEncryptionConfiguration(V2) resource sets. */
export function encryptionFromResource(resource: PolicyResource): DefaultEncryption {
    const rule = first(read(resource.props, "rules"));
    return encryptionOf(resource, "rules", rule, readBelow(rule, "applyServerSideEncryptionByDefault"));
}

/** The encryption a bucket configures inline; absent when it configures none. */
export function inlineEncryption(bucket: PolicyResource): Read<DefaultEncryption> {
    const inline = (property: string, rule: (block: Read) => Read, byDefault: (rule: Read) => Read): Read<DefaultEncryption> => {
        const block = programRead(bucket, property);
        if (block.state !== "known") {
            return block;
        }
        const selected = rule(block);
        return knownRead(encryptionOf(bucket, property, selected, byDefault(selected)));
    };
    switch (bucket.type) {
        case types.bucket:
            return inline(
                "serverSideEncryptionConfiguration",
                (b) => readBelow(b, "rule"),
                (r) => readBelow(r, "applyServerSideEncryptionByDefault"),
            );
        case types.bucketV2:
            return inline(
                "serverSideEncryptionConfigurations",
                (b) => first(readBelow(first(b), "rules")),
                (r) => first(readBelow(r, "applyServerSideEncryptionByDefaults")),
            );
        case types.nativeBucket:
            return inline(
                "bucketEncryption",
                (b) => first(readBelow(b, "serverSideEncryptionConfiguration")),
                (r) => readBelow(r, "serverSideEncryptionByDefault"),
            );
        default:
            return ABSENT;
    }
}
