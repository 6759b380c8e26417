import * as assert from "assert";
import { bucketKey } from "../../policies/bucket-key";
import { types } from "../../policies/model/resource-types";
import { encryptedSourceOptIn } from "../../policies/encrypted-source-opt-in";
import { sseKmsOptIn } from "../../policies/sse-kms-opt-in";
import { analyzeAll, UNKNOWN } from "../support/harness";
import { allowStatement, keyPolicyJson, rootOf, setReplicaKeyPolicy } from "../support/key-policies";
import { findingsOf } from "../support/stack-policies";
import { assertIncludes, theOnly } from "../support/assertions";
import { ACCOUNT, ROLE_ARN, GUIDE_CASES, guideStack, GuideOverrides, GuideShape, REPLICA_KEY_ID } from "../support/guide-stack";

const POLICY = "s3-replication-bucket-key";

/** Administration for the account, and kms:Decrypt only for object ARNs under the rule's prefix: what a Bucket Key breaks. */
const OBJECT_ARN_DECRYPT = keyPolicyJson(
    allowStatement(rootOf(ACCOUNT), ["kms:Create*", "kms:Describe*", "kms:Put*", "kms:Encrypt", "kms:GenerateDataKey*"]),
    allowStatement(rootOf(ACCOUNT), "kms:Decrypt", {
        Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::destination-bucket/Tax*" } },
    }),
);

const BUCKET_ARN_DECRYPT = keyPolicyJson(
    allowStatement(rootOf(ACCOUNT), ["kms:Create*", "kms:Describe*", "kms:Put*", "kms:Encrypt", "kms:GenerateDataKey*"]),
    allowStatement(rootOf(ACCOUNT), "kms:Decrypt", {
        Condition: { StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::destination-bucket" } },
    }),
);

function withKeyPolicy(shape: GuideShape, preview: boolean, policy: string, overrides: GuideOverrides = {}) {
    const guide = guideStack({ shape, preview, overrides });
    setReplicaKeyPolicy(guide, policy, { preview });
    return guide;
}

describe(POLICY, () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";
        const sourceEncryption =
            shape === "v7"
                ? 'aws.s3.BucketServerSideEncryptionConfiguration "source-encryption"'
                : shape === "v6"
                  ? 'aws.s3.BucketServerSideEncryptionConfigurationV2 "source-encryption"'
                  : shape === "aws-native"
                    ? 'aws-native.s3.Bucket "source-bucket"'
                    : shape === "v6-inline"
                      ? 'aws.s3.Bucket "source-bucket"'
                      : 'aws.s3.BucketV2 "source-bucket"';

        it(`finds nothing wrong with the guide example's default key policy, or one scoped to the bucket ARN (${shape}, ${phase})`, async () => {
            assert.deepStrictEqual(await findingsOf(bucketKey, guideStack({ shape, preview }).stack), []);
            assert.deepStrictEqual(await findingsOf(bucketKey, withKeyPolicy(shape, preview, BUCKET_ARN_DECRYPT).stack), []);
        });

        it(`flags a replica key policy whose kms:Decrypt is scoped to object ARNs when replicas use a Bucket Key (${shape}, ${phase})`, async () => {
            const guide = withKeyPolicy(shape, preview, OBJECT_ARN_DECRYPT);
            const findings = await findingsOf(bucketKey, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.strictEqual(findings[0].enforcementLevel, "mandatory");
            assert.strictEqual(findings[0].urn, guide.replicaKey.urn);
            const { message } = findings[0];
            assert.ok(
                message.includes(
                    `(rule "Rule-1") replicates from bucket "source-bucket", whose default encryption uses an S3 Bucket Key (${sourceEncryption}), so its replicas use one too`,
                ),
                message,
            );
            assert.match(
                message,
                /no statement of the key policy allows it \(statement 2 would, but its condition StringLike kms:EncryptionContext:aws:s3:arn does not match arn:aws:s3:::destination-bucket\)/,
            );
            const principal = preview ? rootOf(ACCOUNT) : ROLE_ARN;
            assert.ok(
                message.includes(
                    `{"Sid":"AllowS3ReplicationBucketKey","Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":"kms:Decrypt","Resource":"*"}`,
                ),
                message,
            );
        });

        it(`stays silent when the source uses no Bucket Key, or the rule does not replicate SSE-KMS objects (${shape}, ${phase})`, async () => {
            for (const overrides of [
                { sourceBucketKey: false },
                { sourceAlgorithm: "aws:kms:dsse" as const },
                // No opt-in and no replica key: what the rule will use once fixed is not known.
                { rule: { sseKms: undefined, replicaKmsKeyId: undefined } },
                { rule: { sseKms: UNKNOWN } },
                { rule: { status: "Disabled" } },
            ]) {
                assert.deepStrictEqual(
                    await findingsOf(bucketKey, withKeyPolicy(shape, preview, OBJECT_ARN_DECRYPT, overrides).stack),
                    [],
                    JSON.stringify(overrides),
                );
            }
        });

        it(`says with the missing opt-in what the rule will need once it opts in, in the same run (${shape}, ${phase})`, async () => {
            // The missing opt-in's fix makes S3 replicate SSE-KMS objects under the source's Bucket Key: the key policy must then allow kms:Decrypt.
            const guide = withKeyPolicy(shape, preview, OBJECT_ARN_DECRYPT, { rule: { sseKms: undefined } });
            const diagnostics = await analyzeAll([sseKmsOptIn, encryptedSourceOptIn, bucketKey], guide.stack);
            const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName);
            if (preview) {
                // The replica key's ARN is not known yet: the opt-in alone, the Bucket Key requirement once the key is known.
                assert.deepStrictEqual(mandatory, ["s3-replication-encrypted-source-opt-in"]);
            } else {
                // Advisory until the rule opts in: no SSE-KMS object replicates before (replicatesKmsObjects).
                assert.deepStrictEqual(mandatory, ["s3-replication-sse-kms-opt-in"]);
                const finding = diagnostics.find((d) => d.policyName === POLICY)!;
                assert.strictEqual(finding.enforcementLevel, "advisory");
                assert.match(
                    finding.message,
                    /\(rule "Rule-1"\) once it opts in to SSE-KMS objects \(s3-replication-sse-kms-opt-in\), it replicates from bucket "source-bucket"/,
                );
                assert.match(finding.message, /"Action":"kms:Decrypt"/);
            }
        });

        it(`warns when unencrypted objects would take the destination's Bucket Key (${shape}, ${phase})`, async () => {
            for (const sourceAlgorithm of ["none", "AES256"] as const) {
                const overrides: GuideOverrides = { sourceAlgorithm, destinationAlgorithm: "aws:kms", destinationBucketKey: true };
                const guide = withKeyPolicy(shape, preview, OBJECT_ARN_DECRYPT, overrides);
                const [finding, ...rest] = await findingsOf(bucketKey, guide.stack);
                assert.deepStrictEqual(rest, []);
                assert.strictEqual(finding?.enforcementLevel, "advisory", sourceAlgorithm);
                assert.match(
                    finding.message,
                    /replicates unencrypted objects of bucket "source-bucket" \(stored before S3 began encrypting every new object on 5 January 2023\) into bucket "destination-bucket", whose default encryption uses an S3 Bucket Key/,
                );
                const withoutBucketKey = withKeyPolicy(shape, preview, OBJECT_ARN_DECRYPT, { ...overrides, destinationBucketKey: false });
                assert.deepStrictEqual(await findingsOf(bucketKey, withoutBucketKey.stack), []);
            }
        });
    }

    it("names the statement that denies, and a KeyPolicy resource that replaces the key's own", async () => {
        for (const preview of [true, false]) {
            const guide = guideStack({ shape: "v7", preview });
            const deny = { Effect: "Deny", Principal: { AWS: ACCOUNT }, Action: "kms:Decrypt", Resource: "*" };
            const keyPolicy = setReplicaKeyPolicy(guide, keyPolicyJson(allowStatement(rootOf(ACCOUNT), "kms:*"), deny), { preview, asResource: true });
            const [finding] = await findingsOf(bucketKey, guide.stack);
            assert.strictEqual(finding.urn, keyPolicy.urn);
            assert.match(
                finding.message,
                /its key policy \(aws\.kms\.KeyPolicy "replica-key-policy"\) does not let the replication role .* do so: statement 2 of the key policy denies it/,
            );
        }
    });

    it("decides a key policy naming another role of the account only once the role's ARN is known", async () => {
        const adminOnly = keyPolicyJson(allowStatement(`arn:aws:iam::${ACCOUNT}:role/key-admin`, "kms:*"));
        assert.deepStrictEqual(await findingsOf(bucketKey, withKeyPolicy("v6", true, adminOnly).stack), []);
        const [finding] = await findingsOf(bucketKey, withKeyPolicy("v6", false, adminOnly).stack);
        assert.match(
            finding.message,
            /does not let the replication role arn:aws:iam::111111111111:role\/replication-role do so: no statement of the key policy allows it\./,
        );
        const namingTheRole = keyPolicyJson(allowStatement(ROLE_ARN, "kms:Decrypt"));
        assert.deepStrictEqual(await findingsOf(bucketKey, withKeyPolicy("v6", false, namingTheRole).stack), []);
    });

    it("stays silent while the key policy is unknown, or a grant may let the role in", async () => {
        const computed = guideStack({ shape: "v7", preview: true });
        setReplicaKeyPolicy(computed, OBJECT_ARN_DECRYPT, { preview: true, computedFrom: [computed.role] });
        assert.deepStrictEqual(await findingsOf(bucketKey, computed.stack), []);
        const granted = withKeyPolicy("v7", true, OBJECT_ARN_DECRYPT);
        granted.stack.add(
            types.kmsGrant,
            "replication-grant",
            { keyId: UNKNOWN, granteePrincipal: UNKNOWN, operations: ["Decrypt"] },
            { deps: { keyId: granted.replicaKey, granteePrincipal: granted.role } },
        );
        assert.deepStrictEqual(await findingsOf(bucketKey, granted.stack), []);
    });

    // Issue 19.8, KMS developer guide, "Grants in AWS KMS": "the principal identified in the grant can execute the permitted operations".
    it("names an in-stack grant that may be the role's but lacks kms:Decrypt", async () => {
        for (const preview of [true, false]) {
            const guide = withKeyPolicy("v7", preview, OBJECT_ARN_DECRYPT);
            guide.stack.add(
                types.kmsGrant,
                "encrypt-only-grant",
                { keyId: preview ? UNKNOWN : REPLICA_KEY_ID, granteePrincipal: preview ? UNKNOWN : ROLE_ARN, operations: ["Encrypt", "GenerateDataKey"] },
                { deps: { keyId: guide.replicaKey, granteePrincipal: guide.role } },
            );
            const findings = await findingsOf(bucketKey, guide.stack);
            assertIncludes(
                theOnly(findings, JSON.stringify(findings)).message,
                'aws.kms.Grant "encrypt-only-grant" may give the role this key\'s use, but its operations (Encrypt and GenerateDataKey) do not include Decrypt: add Decrypt to them',
            );
        }
    });
});
