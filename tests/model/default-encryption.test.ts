import * as assert from "assert";
import { bucketKeyEncryption, kmsDefaultEncryption, nonKmsDefaultEncryption } from "../../policies/model/default-encryption";
import { Resolution, stackIndex } from "../../policies/model/stack";
import { policyResources, resourceOf } from "../support/policy-resources";
import { GUIDE_SHAPES, GuideOverrides, guideStack } from "../support/guide-stack";
import { NO_SECRETS } from "../../policies/model/secret-values";

async function sourceEncryption(overrides: GuideOverrides, shape = GUIDE_SHAPES[0]) {
    const guide = guideStack({ shape, preview: false, overrides });
    const resources = await policyResources(guide.stack);
    const index = stackIndex(resources, NO_SECRETS);
    const source: Resolution = { kind: "in-stack", resource: resourceOf(resources, guide.source) };
    return {
        kms: kmsDefaultEncryption(index, source)?.algorithm,
        bucketKey: bucketKeyEncryption(index, source) !== undefined,
        nonKms: nonKmsDefaultEncryption(index, source),
    };
}

describe("model/default-encryption: what a bucket's default encryption is known to be", () => {
    for (const shape of GUIDE_SHAPES) {
        it(`tells SSE-KMS with and without a Bucket Key, DSSE-KMS, SSE-S3 and none apart (${shape})`, async () => {
            assert.deepStrictEqual(await sourceEncryption({ sourceBucketKey: true }, shape), { kms: "aws:kms", bucketKey: true, nonKms: undefined });
            assert.deepStrictEqual(await sourceEncryption({ sourceBucketKey: false }, shape), { kms: "aws:kms", bucketKey: false, nonKms: undefined });
            // "S3 Bucket Keys aren't supported for DSSE-KMS": https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-aws-enableS3bucketkeys.html
            assert.deepStrictEqual(await sourceEncryption({ sourceAlgorithm: "aws:kms:dsse", sourceBucketKey: true }, shape), {
                kms: "aws:kms:dsse",
                bucketKey: false,
                nonKms: undefined,
            });
            assert.deepStrictEqual(await sourceEncryption({ sourceAlgorithm: "AES256" }, shape), { kms: undefined, bucketKey: false, nonKms: "AES256" });
            // A deployed v7 Bucket reports S3's default encryption (SSE-S3) as its own output.
            const unconfigured = shape === "v7" ? "AES256" : "none";
            assert.deepStrictEqual(await sourceEncryption({ sourceAlgorithm: "none" }, shape), { kms: undefined, bucketKey: false, nonKms: unconfigured });
        });
    }

    it("says nothing of a bucket outside the stack", async () => {
        const guide = guideStack({ shape: "v7", preview: false });
        const index = stackIndex(await policyResources(guide.stack), NO_SECRETS);
        const outside: Resolution = { kind: "external", reference: "arn:aws:s3:::elsewhere" };
        assert.deepStrictEqual(
            [kmsDefaultEncryption(index, outside), bucketKeyEncryption(index, outside), nonKmsDefaultEncryption(index, outside)],
            [undefined, undefined, undefined],
        );
    });
});
