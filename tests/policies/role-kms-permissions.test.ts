import * as assert from "assert";
import { roleKmsPermissions } from "../../policies/role-kms-permissions";
import { ATTACH_WAYS, editedGuidePolicy, REPLICA_KEY_ARN, s3KmsCondition, guideRolePolicy, guideWithRolePolicies, SOURCE_KEY_ARN } from "../support/guide-role";
import { types } from "../../policies/model/resource-types";
import { UNKNOWN } from "../support/harness";
import { allowStatement, keyPolicyJson, OTHER_ACCOUNT, ownerStatement, setReplicaKeyPolicy } from "../support/key-policies";
import { dependOn } from "../support/guide-role";
import { ACCOUNT, DESTINATION_REGION, keyArn, ROLE_ARN, GUIDE_SHAPES } from "../support/guide-stack";
import { findingsOf } from "../support/stack-policies";
import { assertIncludes } from "../support/assertions";

const POLICY = "s3-replication-role-kms-permissions";
const WITHOUT_BUCKET_KEY = { sourceBucketKey: false };

const withoutStatement = (index: number) => editedGuidePolicy((statements) => statements.filter((_, i) => i !== index));
const DECRYPT_STATEMENT = `{"Effect":"Allow","Action":"kms:Decrypt","Resource":"${SOURCE_KEY_ARN}","Condition":{"StringLike":{"kms:ViaService":"s3.us-east-1.amazonaws.com","kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::source-bucket/Tax*"}}}`;
const ENCRYPT_STATEMENT = `{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${REPLICA_KEY_ARN}","Condition":{"StringLike":{"kms:ViaService":"s3.us-west-2.amazonaws.com","kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::destination-bucket/Tax*"}}}`;

describe(POLICY, () => {
    for (const as of ATTACH_WAYS) {
        it(`flags a role without kms:Decrypt on the source key, and one without kms:Encrypt on the replica key (policy attached as ${as})`, async () => {
            const noDecrypt = guideWithRolePolicies([withoutStatement(3)], { as, overrides: WITHOUT_BUCKET_KEY });
            const [decrypt, ...others] = await findingsOf(roleKmsPermissions, noDecrypt.stack);
            assert.deepStrictEqual(others, []);
            assert.deepStrictEqual([decrypt.enforcementLevel, decrypt.urn], ["mandatory", noDecrypt.role.urn]);
            assertIncludes(
                decrypt.message,
                `is not allowed kms:Decrypt on the source objects' KMS key ${SOURCE_KEY_ARN} when S3 calls KMS with kms:ViaService s3.us-east-1.amazonaws.com and kms:EncryptionContext:aws:s3:arn an object's ARN (arn:aws:s3:::source-bucket/Tax*): no statement of its policies allows kms:Decrypt. Add to one of its policies: ${DECRYPT_STATEMENT}`,
            );

            const noEncrypt = guideWithRolePolicies([withoutStatement(4)], { as, overrides: WITHOUT_BUCKET_KEY });
            const [encrypt] = await findingsOf(roleKmsPermissions, noEncrypt.stack);
            assertIncludes(encrypt.message, `is not allowed kms:Encrypt on the replica KMS key ${REPLICA_KEY_ARN}`);
            assert.ok(encrypt.message.endsWith(`Add to one of its policies: ${ENCRYPT_STATEMENT}`), encrypt.message);
        });
    }

    it("explains the Bucket Key pitfall: conditions written for object ARNs deny once the source uses an S3 Bucket Key", async () => {
        for (const shape of GUIDE_SHAPES) {
            const guide = guideWithRolePolicies([guideRolePolicy()], { shape, overrides: { sourceBucketKey: true } });
            const [source, replica, ...others] = await findingsOf(roleKmsPermissions, guide.stack);
            assert.deepStrictEqual(others, [], shape);
            assertIncludes(
                source.message,
                "is not allowed kms:Decrypt on the source objects' KMS key",
                "kms:EncryptionContext:aws:s3:arn arn:aws:s3:::source-bucket (the bucket's ARN, under an S3 Bucket Key)",
                'statement 4 of aws.iam.RolePolicy "replication-role-policy-1" would allow kms:Decrypt, but its condition StringLike kms:EncryptionContext:aws:s3:arn does not match arn:aws:s3:::source-bucket.',
                "The source bucket uses an S3 Bucket Key, so S3 sends the source bucket's ARN arn:aws:s3:::source-bucket as kms:EncryptionContext:aws:s3:arn, not an object's ARN: a condition written for object ARNs (arn:aws:s3:::source-bucket/Tax*) denies every request. Write arn:aws:s3:::source-bucket in that condition.",
            );

            assertIncludes(
                replica.message,
                "is not allowed kms:Encrypt and kms:Decrypt on the replica KMS key",
                "Replicas keep the source objects' S3 Bucket Key, so S3 sends the destination bucket's ARN arn:aws:s3:::destination-bucket",
                `"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"${REPLICA_KEY_ARN}","Condition":{"StringLike":{"kms:ViaService":"s3.us-west-2.amazonaws.com","kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::destination-bucket"}}`,
            );

            const fixed = guideWithRolePolicies([guideRolePolicy({ forBucketKey: true })], { shape, overrides: { sourceBucketKey: true } });
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, fixed.stack), [], `${shape}: written for the bucket ARN`);
        }
    });

    it("names the kms:ViaService condition written for another Region", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy({ destinationRegion: "us-east-1" })], { overrides: WITHOUT_BUCKET_KEY });
        const [finding, ...others] = await findingsOf(roleKmsPermissions, guide.stack);
        assert.deepStrictEqual(others, []);
        assertIncludes(
            finding.message,
            'statement 5 of aws.iam.RolePolicy "replication-role-policy-1" would allow kms:Encrypt, but its condition StringLike kms:ViaService does not match s3.us-west-2.amazonaws.com.',
            "S3 calls KMS in the destination bucket's Region, us-west-2, so kms:ViaService is s3.us-west-2.amazonaws.com.",
        );
        assert.ok(!finding.message.split("\n")[1].includes("Bucket Key"), finding.message);
    });

    it("names an explicit Deny of KMS actions", async () => {
        const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "kms:*", Resource: "*", Condition: s3KmsCondition("us-west-2", ["*"]) }] };
        const guide = guideWithRolePolicies([guideRolePolicy(), deny], { as: "inline", overrides: WITHOUT_BUCKET_KEY });
        const [finding, ...others] = await findingsOf(roleKmsPermissions, guide.stack);
        assert.deepStrictEqual(others, [], "the Deny's condition spares the source Region");
        assert.match(
            finding.message,
            /is not allowed kms:Encrypt on the replica KMS key .*: statement 1 of inline policy 2 of aws\.iam\.Role "replication-role" denies kms:Encrypt\. An explicit Deny overrides any Allow/,
        );
    });

    it("asks for kms:Encrypt on the replica key of a rule that opts in even when the source's default encryption is not KMS", async () => {
        const guide = guideWithRolePolicies([withoutStatement(4)], { overrides: { sourceAlgorithm: "AES256" } });
        const [finding, ...others] = await findingsOf(roleKmsPermissions, guide.stack);
        assert.deepStrictEqual(others, []);
        assert.ok(finding.message.endsWith(ENCRYPT_STATEMENT), finding.message);
    });

    it("asks nothing of KMS for a rule that neither opts in nor names a replica key", async () => {
        const guide = guideWithRolePolicies([withoutStatement(4)], {
            overrides: { ...WITHOUT_BUCKET_KEY, rule: { sseKms: undefined, replicaKmsKeyId: undefined } },
        });
        assert.deepStrictEqual(await findingsOf(roleKmsPermissions, guide.stack), []);
    });

    // Seed page: without the opt-in S3 replicates no SSE-KMS object, so no KMS request is made today: what the rule
    // will need once it opts in (as s3-replication-sse-kms-opt-in requires) is said in the same run, as advisory.
    for (const sseKms of [undefined, "Disabled"]) {
        it(`names, as advisory, the kms:Encrypt a rule naming a replica key will need once it opts in (opt-in ${sseKms ?? "absent"})`, async () => {
            const guide = guideWithRolePolicies([withoutStatement(4)], { overrides: { ...WITHOUT_BUCKET_KEY, rule: { sseKms } } });
            const [finding, ...others] = await findingsOf(roleKmsPermissions, guide.stack);
            assert.deepStrictEqual(others, []);
            assert.strictEqual(finding.enforcementLevel, "advisory");
            assert.match(
                finding.message,
                /rule "Rule-1", once the rule opts in to SSE-KMS objects \(s3-replication-sse-kms-opt-in\), is not allowed kms:Encrypt/,
            );
            assert.ok(finding.message.endsWith(ENCRYPT_STATEMENT), finding.message);
        });
    }

    describe("the replica key's policy", () => {
        const SHAPES = ["v7", "aws-native"] as const;
        const noEncrypt = () => withoutStatement(4);
        const roleMayEncrypt = keyPolicyJson(ownerStatement(ACCOUNT), allowStatement(ROLE_ARN, "kms:Encrypt"));

        it("passes a role without an identity statement for kms:Encrypt when the key policy names the role", async () => {
            for (const shape of SHAPES) {
                for (const asResource of [false, true]) {
                    const guide = guideWithRolePolicies([noEncrypt()], { shape, overrides: WITHOUT_BUCKET_KEY });
                    setReplicaKeyPolicy(guide, roleMayEncrypt, { preview: false, asResource });
                    assert.deepStrictEqual(
                        await findingsOf(roleKmsPermissions, guide.stack),
                        [],
                        `${shape}, ${asResource ? "aws.kms.KeyPolicy" : "the key's policy"}`,
                    );
                }
                const everyone = guideWithRolePolicies([noEncrypt()], { shape, overrides: WITHOUT_BUCKET_KEY });
                setReplicaKeyPolicy(
                    everyone,
                    keyPolicyJson(
                        ownerStatement(ACCOUNT),
                        allowStatement("*", "kms:Encrypt", { Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } }),
                    ),
                    { preview: false },
                );
                assert.deepStrictEqual(await findingsOf(roleKmsPermissions, everyone.stack), [], `${shape}, Principal "*" in the account`);
            }
        });

        it("still flags the role when the key policy names only the account, or names the role for other actions", async () => {
            for (const shape of SHAPES) {
                for (const policy of [
                    keyPolicyJson(ownerStatement(ACCOUNT)),
                    keyPolicyJson(ownerStatement(ACCOUNT), allowStatement(ROLE_ARN, "kms:Decrypt")),
                ]) {
                    const guide = guideWithRolePolicies([noEncrypt()], { shape, overrides: WITHOUT_BUCKET_KEY });
                    setReplicaKeyPolicy(guide, policy, { preview: false });
                    const findings = await findingsOf(roleKmsPermissions, guide.stack);
                    assert.deepStrictEqual(
                        findings.map((f) => [f.enforcementLevel, f.urn]),
                        [["mandatory", guide.role.urn]],
                        shape,
                    );
                    assert.ok(findings[0].message.endsWith(`Add to one of its policies: ${ENCRYPT_STATEMENT}`), findings[0].message);
                }
            }
        });

        it("still flags the role when the key naming it belongs to another account: its own policies must allow too", async () => {
            const guide = guideWithRolePolicies([noEncrypt()], { overrides: { ...WITHOUT_BUCKET_KEY, destinationAccount: OTHER_ACCOUNT } });
            setReplicaKeyPolicy(guide, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(ROLE_ARN, "kms:Encrypt")), { preview: false });
            const findings = await findingsOf(roleKmsPermissions, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => f.enforcementLevel),
                ["mandatory"],
            );
            assertIncludes(
                findings[0].message,
                `is not allowed kms:Encrypt on the replica KMS key ${keyArn(DESTINATION_REGION, "0987dcba-09fe-87dc-65ba-ba0987654321", OTHER_ACCOUNT)}`,
            );
        });

        it("stays silent while the key policy is unknown, or while a grant of the stack may give the role the key", async () => {
            for (const shape of SHAPES) {
                const unknown = guideWithRolePolicies([noEncrypt()], { shape, overrides: WITHOUT_BUCKET_KEY });
                unknown.replicaKey.props.policy = UNKNOWN;
                dependOn(unknown.replicaKey, "policy", [unknown.role]);
                assert.deepStrictEqual(await findingsOf(roleKmsPermissions, unknown.stack), [], `${shape}: unknown`);

                const granted = guideWithRolePolicies([noEncrypt()], { shape, overrides: WITHOUT_BUCKET_KEY });
                granted.stack.add(
                    types.kmsGrant,
                    "replication-grant",
                    { keyId: granted.replicaKey.props.arn, granteePrincipal: ROLE_ARN, operations: ["Encrypt"] },
                    { provider: granted.replicaKey.provider, deps: { keyId: granted.replicaKey } },
                );
                assert.deepStrictEqual(await findingsOf(roleKmsPermissions, granted.stack), [], `${shape}: grant`);
            }
        });

        describe("a key outside the stack", () => {
            const ELSEWHERE_KEY_ID = "5555aaaa-55aa-55aa-55aa-5555aaaa5555";

            it("is an advisory: its key policy may grant the role directly", async () => {
                for (const shape of SHAPES) {
                    const external = keyArn(DESTINATION_REGION, ELSEWHERE_KEY_ID);
                    const guide = guideWithRolePolicies([guideRolePolicy()], {
                        shape,
                        overrides: { ...WITHOUT_BUCKET_KEY, rule: { replicaKmsKeyId: external } },
                    });
                    const findings = await findingsOf(roleKmsPermissions, guide.stack);
                    assert.deepStrictEqual(
                        findings.map((f) => [f.enforcementLevel, f.urn]),
                        [["advisory", guide.role.urn]],
                        shape,
                    );
                    const statement = ENCRYPT_STATEMENT.replace(REPLICA_KEY_ARN, external);
                    assertIncludes(findings[0].message, `is not allowed kms:Encrypt on the replica KMS key ${external} when S3 calls KMS`);
                    assert.ok(
                        findings[0].message.endsWith(
                            `no statement of its policies allows kms:Encrypt. The key is outside this stack, so its key policy cannot be checked: a key policy naming the role may grant it kms:Encrypt directly, with no identity policy needed. Unless it does, add to one of the role's policies: ${statement}`,
                        ),
                        findings[0].message,
                    );
                }
            });

            it("is mandatory when the key's ARN says another account owns it", async () => {
                const external = keyArn(DESTINATION_REGION, ELSEWHERE_KEY_ID, OTHER_ACCOUNT);
                const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { ...WITHOUT_BUCKET_KEY, rule: { replicaKmsKeyId: external } } });
                const findings = await findingsOf(roleKmsPermissions, guide.stack);
                assert.deepStrictEqual(
                    findings.map((f) => f.enforcementLevel),
                    ["mandatory"],
                );
                assertIncludes(findings[0].message, `is not allowed kms:Encrypt on the replica KMS key ${external}`);
            });

            it("passes a role whose identity policies allow it", async () => {
                const external = keyArn(DESTINATION_REGION, ELSEWHERE_KEY_ID);
                const policy = guideRolePolicy({ replicaKeyArn: external });
                const guide = guideWithRolePolicies([policy], { overrides: { ...WITHOUT_BUCKET_KEY, rule: { replicaKmsKeyId: external } } });
                assert.deepStrictEqual(await findingsOf(roleKmsPermissions, guide.stack), []);
            });
        });
    });

    it("stays silent during a preview, whatever the documents say, until the keys' ARNs are known", async () => {
        for (const shape of GUIDE_SHAPES) {
            const guide = guideWithRolePolicies([withoutStatement(4)], { shape, preview: true, knownInPreview: true });
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, guide.stack), [], shape);
        }
    });
});
