import * as assert from "assert";
import { encryptedSourceOptIn } from "../../policies/encrypted-source-opt-in";
import { sseKmsOptIn } from "../../policies/sse-kms-opt-in";
import { analyzeAll, UNKNOWN } from "../support/harness";
import { findingsOf } from "../support/stack-policies";
import { GUIDE_CASES, guideStack } from "../support/guide-stack";

describe("s3-replication-encrypted-source-opt-in", () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`flags a rule without the opt-in from an SSE-KMS source, once with s3-replication-sse-kms-opt-in (${shape}, ${phase})`, async () => {
            const guide = guideStack({ shape, preview, overrides: { rule: { sseKms: undefined } } });
            const mandatory = (await analyzeAll([encryptedSourceOptIn, sseKmsOptIn], guide.stack)).filter((d) => d.enforcementLevel === "mandatory");
            // One cause, one fix: one mandatory finding, from whichever policy can tell.
            assert.strictEqual(mandatory.length, 1, JSON.stringify(mandatory));
            assert.match(mandatory[0].message, /rule "Rule-1"/);
            assert.match(mandatory[0].message, /sseKmsEncryptedObjects/);
            const findings = await findingsOf(encryptedSourceOptIn, guide.stack);
            if (preview) {
                // The replica key's ARN is not known yet, so s3-replication-sse-kms-opt-in cannot tell: this policy does.
                assert.strictEqual(findings.length, 1);
                assert.strictEqual(findings[0].enforcementLevel, "mandatory");
                assert.strictEqual(findings[0].urn, guide.replication.urn);
                assert.match(findings[0].message, /source bucket "source-bucket" encrypts new objects with aws:kms by default/);
            } else {
                // The rule names its replica key: s3-replication-sse-kms-opt-in reports it.
                assert.deepStrictEqual(findings, []);
                assert.strictEqual(mandatory[0].policyName, "s3-replication-sse-kms-opt-in");
            }
        });
    }

    it("flags a rule that names no replica key, deployed too (only this policy can tell)", async () => {
        const guide = guideStack({ shape: "v7", preview: false, overrides: { rule: { sseKms: undefined, replicaKmsKeyId: undefined } } });
        const findings = await findingsOf(encryptedSourceOptIn, guide.stack);
        assert.strictEqual(findings.length, 1);
        assert.strictEqual(findings[0].enforcementLevel, "mandatory");
    });

    it("flags an explicitly disabled opt-in from a DSSE-KMS source", async () => {
        const guide = guideStack({ shape: "v7", preview: true, overrides: { sourceAlgorithm: "aws:kms:dsse", rule: { sseKms: "Disabled" } } });
        const [finding] = await findingsOf(encryptedSourceOptIn, guide.stack);
        assert.match(finding.message, /with aws:kms:dsse by default/);
    });

    it("passes sources encrypted with SSE-S3 or not configured, an unknown opt-in, and disabled rules", async () => {
        for (const overrides of [
            { sourceAlgorithm: "AES256" as const, rule: { sseKms: undefined } },
            { sourceAlgorithm: "none" as const, rule: { sseKms: undefined } },
            { rule: { sseKms: UNKNOWN } },
            { rule: { sseKms: undefined, status: "Disabled" } },
            { rule: { sseKms: undefined, status: UNKNOWN } },
        ]) {
            for (const shape of ["v7", "v6-inline"] as const) {
                const findings = await findingsOf(encryptedSourceOptIn, guideStack({ shape, preview: true, overrides }).stack);
                assert.deepStrictEqual(findings, [], `${shape} ${JSON.stringify(overrides)}`);
            }
        }
    });
});
