import * as assert from "assert";
import { encryptedSourceOptIn } from "../../policies/encrypted-source-opt-in";
import { UNKNOWN } from "../support/harness";
import { findingsOf } from "../support/stack-policies";
import { SEED_CASES, seedStack } from "../support/seed-stack";

describe("s3-replication-encrypted-source-opt-in", () => {
    for (const { shape, preview } of SEED_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`flags a rule without the opt-in from an SSE-KMS source (${shape}, ${phase})`, async () => {
            const seed = seedStack({ shape, preview, overrides: { rule: { sseKms: undefined } } });
            const findings = await findingsOf(encryptedSourceOptIn, seed.stack);
            assert.strictEqual(findings.length, 1);
            assert.strictEqual(findings[0].enforcementLevel, "mandatory");
            assert.strictEqual(findings[0].urn, seed.replication.urn);
            assert.match(findings[0].message, /rule "Rule-1"/);
            assert.match(findings[0].message, /source bucket "source-bucket" encrypts new objects with aws:kms by default/);
            assert.match(findings[0].message, /sseKmsEncryptedObjects/);
        });
    }

    it("flags an explicitly disabled opt-in from a DSSE-KMS source", async () => {
        const seed = seedStack({ shape: "v7", preview: true, overrides: { sourceAlgorithm: "aws:kms:dsse", rule: { sseKms: "Disabled" } } });
        const [finding] = await findingsOf(encryptedSourceOptIn, seed.stack);
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
                const findings = await findingsOf(encryptedSourceOptIn, seedStack({ shape, preview: true, overrides }).stack);
                assert.deepStrictEqual(findings, [], `${shape} ${JSON.stringify(overrides)}`);
            }
        }
    });
});
