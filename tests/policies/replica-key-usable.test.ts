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

    // aws-native:kms:ReplicaKey has no key usage or spec of its own: a multi-Region primary and its replicas "have the same
    // key spec, key usage" (KMS API reference, "ReplicateKey"), so an in-stack primary's decide; outside the stack, undecided.
    it("flags a disabled aws-native ReplicaKey, and one whose in-stack primary is asymmetric; passes an enabled one", async () => {
        const native = (overrides: GuideOverrides, preview: boolean) =>
            guideStack({ shape: "aws-native", preview, overrides: { replicaKeyKind: "replica-key", nativeKeys: true, ...overrides } });
        for (const preview of [true, false]) {
            const disabled = await findingsOf(replicaKeyUsable, native({ replicaKey: { enabled: false } }, preview).stack);
            assert.strictEqual(disabled.length, 1, JSON.stringify(disabled));
            assert.strictEqual(disabled[0].enforcementLevel, "mandatory");
            assert.match(disabled[0].message, /KMS key (resource "replica-key"|arn:aws:kms:us-west-2:\d+:key\/mrk-\w+), which is disabled/);
            assert.match(disabled[0].message, /is disabled \(enabled: false\)/);
            const asymmetric = await findingsOf(
                replicaKeyUsable,
                native({ primaryKey: { keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_P256" } }, preview).stack,
            );
            assert.strictEqual(asymmetric.length, 1, JSON.stringify(asymmetric));
            assert.match(asymmetric[0].message, /is not a symmetric encryption key \(keyUsage SIGN_VERIFY, spec ECC_NIST_P256\)/);
            assert.deepStrictEqual(await findingsOf(replicaKeyUsable, native({}, preview).stack), [], `enabled, preview ${preview}`);
        }
    });

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
