import * as assert from "assert";
import { replicaEtag } from "../../policies/replica-etag";
import { UNKNOWN } from "../support/harness";
import { findingsOf } from "../support/stack-policies";
import { GUIDE_CASES, guideStack, GuideOverrides } from "../support/guide-stack";

const POLICY = "s3-replication-replica-etag";

describe(POLICY, () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`warns that replicas of unencrypted objects get other ETags under the destination's KMS encryption (${shape}, ${phase})`, async () => {
            for (const sourceAlgorithm of ["none", "AES256"] as const) {
                for (const destinationAlgorithm of ["aws:kms", "aws:kms:dsse"] as const) {
                    const guide = guideStack({ shape, preview, overrides: { sourceAlgorithm, destinationAlgorithm } });
                    const findings = await findingsOf(replicaEtag, guide.stack);
                    assert.strictEqual(findings.length, 1, `${sourceAlgorithm} → ${destinationAlgorithm}`);
                    assert.strictEqual(findings[0].enforcementLevel, "advisory");
                    assert.strictEqual(findings[0].urn, guide.replication.urn);
                    // A deployed v7 Bucket reports the SSE-S3 default S3 applied as its own output.
                    const none = shape === "v7" && !preview ? "SSE-S3 default encryption" : "no default encryption in this stack \\(SSE-S3\\)";
                    const source = sourceAlgorithm === "none" ? none : "SSE-S3 default encryption";
                    assert.match(
                        findings[0].message,
                        new RegExp(
                            `\\(rule "Rule-1"\\) replicates from bucket "source-bucket", with ${source}, into bucket "destination-bucket", whose default encryption is ${destinationAlgorithm} \\(`,
                        ),
                    );
                    assert.match(findings[0].message, /their replicas' ETags differ from the source objects'/);
                }
            }
        });

        it(`stays silent when source objects keep their encryption, the destination's is not KMS, or it is unknown (${shape}, ${phase})`, async () => {
            const cases: GuideOverrides[] = [
                { destinationAlgorithm: "aws:kms" },
                { sourceAlgorithm: "aws:kms:dsse", destinationAlgorithm: "aws:kms" },
                { sourceAlgorithm: "AES256", destinationAlgorithm: "AES256" },
                { sourceAlgorithm: "none" },
                { sourceAlgorithm: "none", destinationAlgorithm: "aws:kms", rule: { status: "Disabled" } },
            ];
            for (const overrides of cases) {
                assert.deepStrictEqual(await findingsOf(replicaEtag, guideStack({ shape, preview, overrides }).stack), [], JSON.stringify(overrides));
            }
        });
    }

    it("stays silent while either bucket's default encryption is unknown", async () => {
        const unknownDestination = guideStack({ shape: "v7", preview: true, overrides: { sourceAlgorithm: "none", destinationAlgorithm: "aws:kms" } });
        unknownDestination.destinationEncryption!.props.rules = UNKNOWN;
        assert.deepStrictEqual(await findingsOf(replicaEtag, unknownDestination.stack), []);
        const unknownSource = guideStack({ shape: "v6-inline", preview: true, overrides: { sourceAlgorithm: "AES256", destinationAlgorithm: "aws:kms" } });
        unknownSource.source.props.serverSideEncryptionConfiguration = UNKNOWN;
        unknownSource.source.propertyDependencies.serverSideEncryptionConfiguration = [unknownSource.sourceKey.urn];
        assert.deepStrictEqual(await findingsOf(replicaEtag, unknownSource.stack), []);
    });
});
