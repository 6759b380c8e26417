import * as assert from "assert";
import { stackIndex } from "../../../policies/model/stack";
import { types } from "../../../policies/model/resource-types";
import { Read } from "../../../policies/model/value";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources, resourceOf } from "../../support/policy-resources";
import { GUIDE_CASES, guideStack, SOURCE_KEY_ID } from "../../support/guide-stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const valueOf = (r: Read) => (r.state === "known" ? r.value : r.state);

describe("stack index: bucket encryption and versioning", () => {
    for (const { shape, preview } of GUIDE_CASES) {
        it(`reads the guide example's SSE-KMS source and versioning on both buckets (${shape}, ${preview ? "preview" : "deployed"})`, async () => {
            const guide = guideStack({ shape, preview });
            const resources = await policyResources(guide.stack);
            const index = stackIndex(resources, NO_SECRETS);
            const source = resourceOf(resources, guide.source);
            const encryption = index.bucketEncryption(source);
            assert.strictEqual(encryption.state, "known");
            if (encryption.state === "known") {
                assert.strictEqual(valueOf(encryption.value.algorithm), "aws:kms");
                assert.strictEqual(valueOf(encryption.value.bucketKeyEnabled), true);
                assert.strictEqual(encryption.value.declaredBy.urn, (guide.sourceEncryption ?? guide.source).urn);
                const key = index.bucketEncryptionKey(source, encryption.value);
                assert.strictEqual(key.kind === "in-stack" && key.key.resource.urn, guide.sourceKey.urn);
            }
            for (const bucket of [guide.source, guide.destination]) {
                const versioning = index.versioning(resourceOf(resources, bucket));
                assert.strictEqual(versioning.state === "known" && valueOf(versioning.value.status), "Enabled", bucket.name);
            }
        });
    }

    it("reads versioning that is not enabled, and a bucket nothing versions, in every shape", async () => {
        for (const { shape, preview } of GUIDE_CASES) {
            const guide = guideStack({ shape, preview, overrides: { sourceVersioning: "Suspended", destinationVersioning: "none", sourceAlgorithm: "none" } });
            const resources = await policyResources(guide.stack);
            const index = stackIndex(resources, NO_SECRETS);
            const sourceVersioning = index.versioning(resourceOf(resources, guide.source));
            const expected = shape === "v6-inline" || shape === "bucketv2-inline" ? "Disabled" : "Suspended";
            assert.strictEqual(sourceVersioning.state === "known" && valueOf(sourceVersioning.value.status), expected, shape);
            // After deployment a v7 Bucket reports `versioning: { enabled: false }` itself.
            const destination = index.versioning(resourceOf(resources, guide.destination));
            assert.strictEqual(
                destination.state === "known" ? valueOf(destination.value.status) : destination.state,
                shape === "v7" && !preview ? "Disabled" : "absent",
                `${shape} ${preview}`,
            );
            assert.strictEqual(
                index.bucketEncryption(resourceOf(resources, guide.source)).state,
                shape === "v7" && !preview ? "known" : "absent",
                `${shape} ${preview}`,
            );
        }
    });

    it("lets a separate resource override the bucket's own lagging output", async () => {
        const guide = guideStack({ shape: "v7", preview: false });
        const resources = await policyResources(guide.stack);
        const encryption = stackIndex(resources, NO_SECRETS).bucketEncryption(resourceOf(resources, guide.source));
        assert.strictEqual(encryption.state === "known" && valueOf(encryption.value.kmsMasterKeyId), `arn:aws:kms:us-east-1:111111111111:key/${SOURCE_KEY_ID}`);
    });

    it("is unknown when a versioning or encryption resource could be the bucket's, and narrows it to the candidate buckets", async () => {
        const stack = new StackBuilder();
        const a = stack.add(types.bucket, "a", { bucket: "a", arn: UNKNOWN });
        const b = stack.add(types.bucket, "b", { bucket: "b", arn: UNKNOWN });
        const c = stack.add(types.bucket, "c", { bucket: "c", arn: UNKNOWN });
        stack.add(types.bucketVersioning, "a-or-b", { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } }, { deps: { bucket: [a, b] } });
        stack.add(types.bucketEncryption, "anyone", { bucket: UNKNOWN, rules: [] });
        const resources = await policyResources(stack);
        const index = stackIndex(resources, NO_SECRETS);
        assert.strictEqual(index.versioning(resourceOf(resources, a)).state, "unknown");
        assert.strictEqual(index.versioning(resourceOf(resources, b)).state, "unknown");
        assert.strictEqual(index.versioning(resourceOf(resources, c)).state, "absent");
        assert.strictEqual(index.bucketEncryption(resourceOf(resources, c)).state, "unknown");
    });

    it("links a versioning resource to its bucket by known name", async () => {
        const stack = new StackBuilder();
        const bucket = stack.add(types.bucketV2, "b", { bucket: "named", arn: "arn:aws:s3:::named" });
        stack.add(types.bucketVersioningV2, "v", { bucket: "named", versioningConfiguration: { status: "Enabled" } });
        stack.add(types.bucketVersioningV2, "elsewhere", { bucket: "other", versioningConfiguration: { status: "Suspended" } });
        const resources = await policyResources(stack);
        const versioning = stackIndex(resources, NO_SECRETS).versioning(resourceOf(resources, bucket));
        assert.strictEqual(versioning.state === "known" && versioning.value.declaredBy.name, "v");
    });

    describe("a resource whose bucket is unknown beside one known to configure the bucket", () => {
        /**
         * Bucket "a" (its ARN not known yet, so an unknown reference may come from it), versioned
         * Suspended and encrypted with SSE-S3 by resources naming it; `extend` adds more.
         */
        async function settingsOfA(extend: (stack: StackBuilder, a: ReturnType<StackBuilder["add"]>, b: ReturnType<StackBuilder["add"]>) => void) {
            const stack = new StackBuilder();
            const a = stack.add(types.bucket, "a", { bucket: "a", arn: UNKNOWN });
            const b = stack.add(types.bucket, "b", { bucket: UNKNOWN, arn: UNKNOWN });
            stack.add(types.bucketVersioning, "a-versioning", { bucket: "a", versioningConfiguration: { status: "Suspended" } });
            stack.add(types.bucketEncryption, "a-encryption", { bucket: "a", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
            extend(stack, a, b);
            const resources = await policyResources(stack);
            const index = stackIndex(resources, NO_SECRETS);
            const bucket = resourceOf(resources, a);
            const versioning = index.versioning(bucket);
            const encryption = index.bucketEncryption(bucket);
            return {
                versioning: versioning.state === "known" ? valueOf(versioning.value.status) : versioning.state,
                encryption: encryption.state === "known" ? valueOf(encryption.value.algorithm) : encryption.state,
            };
        }

        it("reads the known one when nothing else may configure the bucket", async () => {
            assert.deepStrictEqual(await settingsOfA(() => undefined), { versioning: "Suspended", encryption: "AES256" });
        });

        it("is unknown: the one of unknown bucket may configure it too, and be applied last", async () => {
            const settings = await settingsOfA((stack) => {
                const suffix = stack.add("random:index/randomString:RandomString", "suffix", { result: UNKNOWN });
                stack.add(
                    types.bucketVersioning,
                    "maybe-a-versioning",
                    { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } },
                    { deps: { bucket: suffix } },
                );
                stack.add(types.bucketEncryption, "maybe-a-encryption", {
                    bucket: UNKNOWN,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
                });
            });
            assert.deepStrictEqual(settings, { versioning: "unknown", encryption: "unknown" });
        });

        it("is unknown when the one of unknown bucket may be this bucket's or another's (an ambiguous name)", async () => {
            const settings = await settingsOfA((stack, a, b) => {
                stack.add(
                    types.bucketVersioningV2,
                    "a-or-b-versioning",
                    { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } },
                    { deps: { bucket: [a, b] } },
                );
            });
            assert.deepStrictEqual(settings, { versioning: "unknown", encryption: "AES256" });
        });

        it("still reads the known one when the other's dependencies show it is another bucket's", async () => {
            const settings = await settingsOfA((stack, _a, b) => {
                stack.add(types.bucketVersioning, "b-versioning", { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } }, { deps: { bucket: b } });
                stack.add(types.bucketEncryption, "b-encryption", { bucket: UNKNOWN, rules: [] }, { deps: { bucket: b } });
            });
            assert.deepStrictEqual(settings, { versioning: "Suspended", encryption: "AES256" });
        });

        it("is unknown when two resources name the bucket: which is applied last cannot be told", async () => {
            const settings = await settingsOfA((stack) => {
                stack.add(types.bucketVersioningV2, "a-versioning-too", { bucket: "a", versioningConfiguration: { status: "Enabled" } });
            });
            assert.deepStrictEqual(settings, { versioning: "unknown", encryption: "AES256" });
        });
    });
});
