import * as assert from "assert";
import { replicationVersioning } from "../../policies/replication-versioning";
import { types } from "../../policies/model/resource-types";
import { UNKNOWN } from "../support/harness";
import { findingsOf } from "../support/stack-policies";
import { GUIDE_CASES, guideStack } from "../support/guide-stack";

describe("s3-replication-versioning", () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`flags suspended versioning on the source and none on the destination (${shape}, ${phase})`, async () => {
            const guide = guideStack({ shape, preview, overrides: { sourceVersioning: "Suspended", destinationVersioning: "none" } });
            const findings = await findingsOf(replicationVersioning, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => [f.urn, f.enforcementLevel]),
                [
                    [guide.source.urn, "mandatory"],
                    [guide.destination.urn, "mandatory"],
                ],
            );
            assert.match(
                findings[0].message,
                /bucket "source-bucket" is the source of .*"(replication|source-bucket)", but its versioning is (Suspended|Disabled)/,
            );
            // A deployed v7 Bucket itself reports `versioning.enabled: false`.
            assert.match(
                findings[1].message,
                shape === "v7" && !preview
                    ? /bucket "destination-bucket" is the destination of .*, but its versioning is Disabled/
                    : /bucket "destination-bucket" is the destination of .*, but nothing in the stack enables versioning on it/,
            );
        });
    }

    it("says how to enable versioning in the bucket's own terms", async () => {
        const remedies: Record<string, RegExp> = {
            v7: /add an aws\.s3\.BucketVersioning .*for the bucket with `versioningConfiguration\.status` set to "Enabled" \(S3 API: VersioningConfiguration\/Status\)/,
            v6: /add an aws\.s3\.BucketVersioningV2/,
            "aws-native": /set `versioningConfiguration\.status` to "Enabled" \(S3 API: VersioningConfiguration\/Status\) on the bucket/,
        };
        for (const [shape, remedy] of Object.entries(remedies)) {
            const guide = guideStack({ shape: shape as "v7", preview: true, overrides: { destinationVersioning: "none" } });
            const [finding] = await findingsOf(replicationVersioning, guide.stack);
            assert.match(finding.message, remedy, shape);
        }
    });

    it("reports a bucket used by several rules once", async () => {
        const guide = guideStack({ shape: "v7", preview: true, overrides: { destinationVersioning: "Disabled" } });
        const replication = guide.stack.resources.find((r) => r.urn === guide.replication.urn)!;
        const rules = replication.props.rules as Record<string, unknown>[];
        rules.push({ ...rules[0], id: "Rule-2", priority: 2 });
        const findings = await findingsOf(replicationVersioning, guide.stack);
        assert.strictEqual(findings.length, 1);
        assert.match(findings[0].message, /versioning is Disabled/);
    });

    it("stays silent while versioning could still be configured by something unknown", async () => {
        const guide = guideStack({ shape: "v7", preview: true, overrides: { destinationVersioning: "none" } });
        guide.stack.add(types.bucketVersioning, "someone", { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } });
        assert.deepStrictEqual(await findingsOf(replicationVersioning, guide.stack), []);
        const unknownStatus = guideStack({ shape: "v6", preview: true, overrides: { sourceVersioning: "none" } });
        unknownStatus.stack.add(types.bucketVersioningV2, "status-unknown", { bucket: "source-bucket", versioningConfiguration: { status: UNKNOWN } });
        assert.deepStrictEqual(await findingsOf(replicationVersioning, unknownStatus.stack), []);
    });

    it("ignores buckets outside the stack and disabled rules", async () => {
        const disabled = guideStack({ shape: "v6", preview: false, overrides: { destinationVersioning: "none", rule: { status: "Disabled" } } });
        assert.deepStrictEqual(await findingsOf(replicationVersioning, disabled.stack), []);
        const external = guideStack({
            shape: "v6",
            preview: false,
            overrides: { destinationVersioning: "none", rule: { destinationBucket: "arn:aws:s3:::elsewhere" } },
        });
        assert.deepStrictEqual(await findingsOf(replicationVersioning, external.stack), []);
    });
});
