import * as assert from "assert";
import { multiRegionKey } from "../../policies/multi-region-key";
import { findingsOf } from "../support/stack-policies";
import { keyArn, MULTI_REGION_KEY_ID, GUIDE_CASES, guideStack } from "../support/guide-stack";

describe("s3-replication-multi-region-key", () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`advises on a multi-Region replica key (${shape}, ${phase})`, async () => {
            const guide = guideStack({ shape, preview, overrides: { replicaKeyKind: "replica-key" } });
            const findings = await findingsOf(multiRegionKey, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.strictEqual(findings[0].enforcementLevel, "advisory");
            assert.strictEqual(findings[0].urn, guide.replication.urn);
            assert.match(findings[0].message, /encrypts replicas with KMS key .*, a multi-Region key\. S3 treats multi-Region keys as single-Region keys/);
        });

        it(`advises on a multi-Region source key (${shape}, ${phase})`, async () => {
            const guide = guideStack({ shape, preview, overrides: { sourceKey: { multiRegion: true } } });
            const findings = await findingsOf(multiRegionKey, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.match(findings[0].message, /replicates from bucket "source-bucket", whose default encryption uses KMS key .*, a multi-Region key/);
        });
    }

    it("recognises a multi-Region key outside the stack by its mrk- id", async () => {
        const guide = guideStack({ shape: "v7", preview: false, overrides: { rule: { replicaKmsKeyId: keyArn("us-west-2", MULTI_REGION_KEY_ID) } } });
        const [finding] = await findingsOf(multiRegionKey, guide.stack);
        assert.match(finding.message, new RegExp(`KMS key ${keyArn("us-west-2", MULTI_REGION_KEY_ID)}, a multi-Region key`));
    });

    it("is silent for single-Region keys, and for a key whose multiRegion is not known yet", async () => {
        for (const { shape, preview } of GUIDE_CASES) {
            assert.deepStrictEqual(await findingsOf(multiRegionKey, guideStack({ shape, preview }).stack), [], `${shape} ${preview}`);
        }
    });
});
