import * as assert from "assert";
import { replicaKeyUsable } from "../../policies/replica-key-usable";
import { findingsOf } from "../support/stack-policies";
import { GUIDE_CASES, GuideOverrides, guideStack } from "../support/guide-stack";

describe("s3-replication-replica-key-usable", () => {
    const unusable: [string, GuideOverrides, RegExp][] = [
        [
            "an asymmetric key",
            { replicaKey: { keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_P256" } },
            /is not a symmetric encryption key \(keyUsage SIGN_VERIFY, spec ECC_NIST_P256\)/,
        ],
        ["an HMAC key", { replicaKey: { keyUsage: "GENERATE_VERIFY_MAC", customerMasterKeySpec: "HMAC_256" } }, /is not a symmetric encryption key/],
        ["a disabled key", { replicaKey: { isEnabled: false } }, /is disabled \(isEnabled: false\)/],
        ["a disabled replica key", { replicaKeyKind: "replica-key", replicaKey: { enabled: false } }, /is disabled \(enabled: false\)/],
        [
            "a disabled key behind an alias",
            { replicaKeyKind: "alias", replicaKey: { isEnabled: false } },
            /through alias resource "alias\/replica"\), which is disabled/,
        ],
        [
            "a bucket ARN",
            { replicaKeyKind: "bucket-arn" },
            /a value from (aws\.iam\.Role "replication-role" or )?[\w-]+\.s3\.\w+ "destination-bucket", which is not a KMS key/,
        ],
    ];

    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";
        for (const [what, overrides, message] of unusable) {
            if (preview && overrides.replicaKeyKind === "bucket-arn") {
                // Unknown during preview, computed from the bucket: which of its outputs cannot be told (below).
                continue;
            }
            it(`flags ${what} (${shape}, ${phase})`, async () => {
                const guide = guideStack({ shape, preview, overrides });
                const findings = await findingsOf(replicaKeyUsable, guide.stack);
                assert.strictEqual(findings.length, 1);
                assert.strictEqual(findings[0].enforcementLevel, "mandatory");
                assert.strictEqual(findings[0].urn, guide.replication.urn);
                assert.match(findings[0].message, message);
            });
        }
    }

    it("passes an enabled symmetric key, whether a key, an alias of one or a replica key", async () => {
        for (const replicaKeyKind of ["key", "alias", "replica-key"] as const) {
            for (const preview of [true, false]) {
                const guide = guideStack({ shape: "v7", preview, overrides: { replicaKeyKind } });
                assert.deepStrictEqual(await findingsOf(replicaKeyUsable, guide.stack), [], `${replicaKeyKind} ${preview}`);
            }
        }
    });

    it("reports nothing mandatory for a replica key computed from the destination bucket during preview: it may be the bucket's key id (issue 15.5)", async () => {
        for (const { shape, preview } of GUIDE_CASES.filter((c) => c.preview)) {
            const guide = guideStack({ shape, preview, overrides: { replicaKeyKind: "bucket-arn" } });
            const findings = await findingsOf(replicaKeyUsable, guide.stack);
            assert.deepStrictEqual(
                findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message),
                [],
                shape,
            );
        }
    });

    it("ignores disabled rules", async () => {
        const guide = guideStack({ shape: "v7", preview: true, overrides: { replicaKey: { isEnabled: false }, rule: { status: "Disabled" } } });
        assert.deepStrictEqual(await findingsOf(replicaKeyUsable, guide.stack), []);
    });
});
