import * as assert from "assert";
import { PolicyPackConfig } from "@pulumi/policy";
import { crossAccountKey } from "../../policies/cross-account-key";
import { types } from "../../policies/model/resource-types";
import { StackBuilder, UNKNOWN } from "../support/harness";
import { allowStatement, keyPolicyJson, OTHER_ACCOUNT, ownerStatement, rootOf, setReplicaKeyPolicy } from "../support/key-policies";
import { inEveryShape } from "../support/shapes";
import { findingsOf } from "../support/stack-policies";
import { ACCOUNT, DESTINATION_REGION, keyArn, REPLICA_KEY_ID, ROLE_ARN, GUIDE_CASES, guideStack, GuideOverrides, GuideShape } from "../support/guide-stack";
import { assertIncludes, theOnly } from "../support/assertions";

const POLICY = "s3-replication-cross-account-key";
const CROSS_ACCOUNT: GuideOverrides = { destinationAccount: OTHER_ACCOUNT };

function crossAccountGuide(shape: GuideShape, preview: boolean, overrides: GuideOverrides = {}) {
    return guideStack({ shape, preview, overrides: { ...CROSS_ACCOUNT, ...overrides } });
}

describe(POLICY, () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`finds nothing wrong when the key policy admits the role, or the source account (${shape}, ${phase})`, async () => {
            const byRole = crossAccountGuide(shape, preview, { rule: { account: OTHER_ACCOUNT, ownerOverride: true } });
            // As programs write it: pulumi.jsonStringify over role.arn, unknown during preview.
            setReplicaKeyPolicy(byRole, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(ROLE_ARN, ["kms:Encrypt", "kms:Decrypt"])), {
                preview,
                computedFrom: [byRole.role],
            });
            assert.deepStrictEqual(await findingsOf(crossAccountKey, byRole.stack), []);
            const byAccount = crossAccountGuide(shape, preview);
            setReplicaKeyPolicy(byAccount, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(rootOf(ACCOUNT), "kms:*")), {
                preview,
                asResource: true,
            });
            assert.deepStrictEqual(await findingsOf(crossAccountKey, byAccount.stack), []);
        });

        it(`flags a replica key of another account under its default key policy (${shape}, ${phase})`, async () => {
            const guide = crossAccountGuide(shape, preview);
            const findings = await findingsOf(crossAccountKey, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.strictEqual(findings[0].enforcementLevel, "mandatory");
            assert.strictEqual(findings[0].urn, guide.replicaKey.urn);
            const { message } = findings[0];
            assert.match(
                message,
                /\(rule "Rule-1"\) encrypts replicas with KMS key .*, owned by account 222222222222, while the source bucket "source-bucket" is owned by account 111111111111/,
            );
            assert.match(message, /call kms:Encrypt: no statement of the key policy allows it\./);
            // The guide example's source uses a Bucket Key: replicas need kms:Decrypt too. During preview only the account can be named.
            const principal = preview ? rootOf(ACCOUNT) : ROLE_ARN;
            assert.ok(
                message.includes(
                    `{"Sid":"AllowS3ReplicationFrom111111111111","Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"}`,
                ),
                message,
            );
            assert.match(message, preview ? /replication role resource "replication-role"/ : new RegExp(`replication role ${ROLE_ARN}`));
        });
    }

    it("reports a denying aws.kms.KeyPolicy on that resource, with the statement that denies", async () => {
        for (const preview of [true, false]) {
            const guide = crossAccountGuide("v7", preview, { sourceBucketKey: false });
            const deny = {
                Effect: "Deny",
                Principal: "*",
                Action: "kms:Encrypt",
                Resource: "*",
                Condition: { StringNotEquals: { "kms:CallerAccount": OTHER_ACCOUNT } },
            };
            const keyPolicy = setReplicaKeyPolicy(guide, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(rootOf(ACCOUNT), "kms:*"), deny), {
                preview,
                asResource: true,
            });
            const [finding, ...rest] = await findingsOf(crossAccountKey, guide.stack);
            assert.deepStrictEqual(rest, []);
            assert.strictEqual(finding.urn, keyPolicy.urn);
            assert.match(
                finding.message,
                /the key policy \(aws\.kms\.KeyPolicy "replica-key-policy"\) does not let .* call kms:Encrypt: statement 3 of the key policy denies it/,
            );
            assert.match(finding.message, /"Action":"kms:Encrypt"/);
        }
    });

    it("flags object-ARN conditions that a Bucket Key breaks once they can be decided, and stays silent before", async () => {
        const condition = { Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::destination-bucket/Tax*" } } };
        const policy = keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(ROLE_ARN, ["kms:Encrypt", "kms:Decrypt"], condition));
        for (const shape of ["v6", "aws-native"] as const) {
            const deployed = crossAccountGuide(shape, false);
            setReplicaKeyPolicy(deployed, policy, { preview: false });
            const [finding] = await findingsOf(crossAccountKey, deployed.stack);
            assert.match(
                finding?.message ?? "",
                /statement 2 would, but its condition StringLike kms:EncryptionContext:aws:s3:arn does not match arn:aws:s3:::destination-bucket\)/,
                shape,
            );
            // During preview the role's ARN is unknown: the policy may name it.
            const preview = crossAccountGuide(shape, true);
            setReplicaKeyPolicy(preview, policy, { preview: true });
            assert.deepStrictEqual(await findingsOf(crossAccountKey, preview.stack), [], shape);
            const withoutBucketKey = crossAccountGuide(shape, false, { sourceBucketKey: false });
            setReplicaKeyPolicy(withoutBucketKey, policy, { preview: false });
            assert.deepStrictEqual(await findingsOf(crossAccountKey, withoutBucketKey.stack), [], shape);
        }
    });

    it("stays silent within one account, on rules that do not replicate SSE-KMS objects, and on disabled rules", async () => {
        for (const preview of [true, false]) {
            const sameAccount = guideStack({ shape: "v7", preview });
            setReplicaKeyPolicy(sameAccount, keyPolicyJson(allowStatement(`arn:aws:iam::${ACCOUNT}:role/admin`, "kms:*")), { preview });
            assert.deepStrictEqual(await findingsOf(crossAccountKey, sameAccount.stack), []);
            for (const rule of [{ sseKms: undefined, replicaKmsKeyId: undefined }, { sseKms: UNKNOWN }, { status: "Disabled" }, { status: UNKNOWN }]) {
                const guide = crossAccountGuide("v6", preview, { rule });
                assert.deepStrictEqual(await findingsOf(crossAccountKey, guide.stack), [], JSON.stringify(rule));
            }
        }
    });

    it("says, as advisory, what the key policy will need once a rule naming the replica key opts in (seed page: no SSE-KMS object replicates before)", async () => {
        for (const rule of [{ sseKms: undefined }, { sseKms: "Disabled" }]) {
            const guide = crossAccountGuide("v6", false, { rule });
            const findings = await findingsOf(crossAccountKey, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => f.enforcementLevel),
                ["advisory"],
                JSON.stringify(rule),
            );
            assert.match(
                findings[0].message,
                /\(rule "Rule-1"\) once it opts in to SSE-KMS objects \(s3-replication-sse-kms-opt-in\), encrypts replicas with KMS key/,
            );
            assert.match(findings[0].message, /"Action":\["kms:Encrypt","kms:Decrypt"\]/);
        }
    });

    it("stays silent while the key policy or an account is unknown, or a grant may let the role in", async () => {
        const unknownPolicy = crossAccountGuide("v7", false);
        setReplicaKeyPolicy(unknownPolicy, UNKNOWN, { preview: true, computedFrom: [unknownPolicy.role], asResource: true });
        assert.deepStrictEqual(await findingsOf(crossAccountKey, unknownPolicy.stack), []);
        const noAccounts = crossAccountGuide("v7", true);
        for (const provider of Object.values(noAccounts.providers)) {
            delete provider.props.allowedAccountIds;
        }
        assert.deepStrictEqual(await findingsOf(crossAccountKey, noAccounts.stack), []);
        const granted = crossAccountGuide("v7", true);
        granted.stack.add(
            types.kmsGrant,
            "replication-grant",
            { keyId: UNKNOWN, granteePrincipal: UNKNOWN, operations: ["Encrypt", "Decrypt"] },
            { deps: { keyId: granted.replicaKey, granteePrincipal: granted.role } },
        );
        assert.deepStrictEqual(await findingsOf(crossAccountKey, granted.stack), []);
        const grantForOtherOperations = crossAccountGuide("v7", false);
        grantForOtherOperations.stack.add(
            types.kmsGrant,
            "signing-grant",
            { keyId: REPLICA_KEY_ID, granteePrincipal: ROLE_ARN, operations: ["Sign"] },
            { deps: { keyId: grantForOtherOperations.replicaKey } },
        );
        // Issue 19.8, KMS developer guide, "Grants in AWS KMS": "the principal identified in the grant can execute the permitted operations".
        const named = await findingsOf(crossAccountKey, grantForOtherOperations.stack);
        assertIncludes(
            theOnly(named, JSON.stringify(named)).message,
            'aws.kms.Grant "signing-grant" may give the role this key\'s use, but its operations (Sign) do not include Encrypt: add Encrypt to them',
        );
    });

    it("reads an operation unknown in a first preview (`operations: [<unknown>]`) as one the grant may give, not as a string (issue 22.7)", async () => {
        for (const operations of [[UNKNOWN], ["Sign", UNKNOWN]]) {
            const granted = crossAccountGuide("v7", false);
            granted.stack.add(
                types.kmsGrant,
                "replication-grant",
                { keyId: REPLICA_KEY_ID, granteePrincipal: ROLE_ARN, operations },
                { deps: { keyId: granted.replicaKey } },
            );
            assert.deepStrictEqual(await findingsOf(crossAccountKey, granted.stack), [], JSON.stringify(operations));
        }
    });

    /** A rule of a bucket in the stack to a destination bucket and key outside it. */
    function externalKey(replicaKmsKeyId: unknown, bucketKeyEnabled = false) {
        const stack = new StackBuilder();
        const provider = stack.provider("source", { region: "us-east-1", allowedAccountIds: [ACCOUNT] });
        const source = stack.add(types.bucket, "source", { bucket: "source-bucket" }, { provider });
        stack.add(
            types.bucketEncryption,
            "source-encryption",
            { bucket: "source-bucket", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled }] },
            { provider, deps: { bucket: source } },
        );
        const [shaped] = inEveryShape([{ id: "backup", destinationBucket: "arn:aws:s3:::backup-bucket", replicaKmsKeyId, sseKms: "Enabled" }], ROLE_ARN);
        stack.add(types.bucketReplicationConfig, "replication", { ...shaped.props, bucket: "source-bucket" }, { provider, deps: { bucket: source } });
        return stack;
    }

    it("tells what to add to the policy of a key of another account outside the stack, as an advisory", async () => {
        const otherKey = keyArn(DESTINATION_REGION, REPLICA_KEY_ID, OTHER_ACCOUNT);
        for (const bucketKeyEnabled of [false, true]) {
            const [finding, ...rest] = await findingsOf(crossAccountKey, externalKey(otherKey, bucketKeyEnabled));
            assert.deepStrictEqual(rest, []);
            assert.strictEqual(finding.enforcementLevel, "advisory");
            assert.match(
                finding.message,
                new RegExp(
                    `encrypts replicas with KMS key ${otherKey}, owned by account 222222222222, while the source bucket "source-bucket" is owned by account 111111111111; the key is outside this stack`,
                ),
            );
            const actions = bucketKeyEnabled ? `["kms:Encrypt","kms:Decrypt"]` : `"kms:Encrypt"`;
            assertIncludes(finding.message, `"Principal":{"AWS":"${ROLE_ARN}"},"Action":${actions},"Resource":"*"}`);
        }
        for (const sameOrUnknown of [keyArn(DESTINATION_REGION, REPLICA_KEY_ID), REPLICA_KEY_ID, "alias/replica", UNKNOWN]) {
            assert.deepStrictEqual(await findingsOf(crossAccountKey, externalKey(sameOrUnknown)), [], String(sameOrUnknown));
        }
    });

    describe("destination account", () => {
        for (const { shape, preview } of GUIDE_CASES) {
            const phase = preview ? "preview" : "deployed";
            // aws-native providers carry no account: the configuration tells the destination bucket's owner.
            const config: PolicyPackConfig = shape === "aws-native" ? { [POLICY]: { bucketAccounts: { "destination-bucket": OTHER_ACCOUNT } } } : {};

            it(`must own the destination bucket (${shape}, ${phase})`, async () => {
                const guide = crossAccountGuide(shape, preview, { rule: { account: "333333333333", ownerOverride: true } });
                setReplicaKeyPolicy(guide, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(rootOf(ACCOUNT), "kms:*")), { preview });
                const findings = await findingsOf(crossAccountKey, guide.stack, config);
                assert.strictEqual(findings.length, 1, JSON.stringify(findings));
                assert.strictEqual(findings[0].enforcementLevel, "mandatory");
                assert.strictEqual(findings[0].urn, guide.replication.urn);
                assert.match(
                    findings[0].message,
                    /to 333333333333, but the destination bucket "destination-bucket" is owned by account 222222222222\. With .* S3 makes that account the replicas' owner\. Set .* to 222222222222/,
                );
                const right = crossAccountGuide(shape, preview, { rule: { account: OTHER_ACCOUNT, ownerOverride: true } });
                setReplicaKeyPolicy(right, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(rootOf(ACCOUNT), "kms:*")), { preview });
                assert.deepStrictEqual(await findingsOf(crossAccountKey, right.stack, config), []);
            });
        }

        it("names the field as the shape spells it, and stays silent when either account is unknown", async () => {
            const inline = crossAccountGuide("v6-inline", false, { rule: { account: ACCOUNT } });
            setReplicaKeyPolicy(inline, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(rootOf(ACCOUNT), "kms:*")), { preview: false });
            const [finding] = await findingsOf(crossAccountKey, inline.stack);
            assert.match(
                finding.message,
                /sets destination\.accountId to 111111111111, but .* is owned by account 222222222222\. Set destination\.accountId to 222222222222/,
            );
            assert.doesNotMatch(finding.message, /replicas' owner/);
            for (const account of [UNKNOWN, "not-an-account"]) {
                const guide = crossAccountGuide("v7", false, { rule: { account } });
                setReplicaKeyPolicy(guide, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(rootOf(ACCOUNT), "kms:*")), { preview: false });
                assert.deepStrictEqual(await findingsOf(crossAccountKey, guide.stack), [], account);
            }
            const unknownOwner = crossAccountGuide("aws-native", false, { rule: { account: "333333333333" } });
            setReplicaKeyPolicy(unknownOwner, keyPolicyJson(ownerStatement(OTHER_ACCOUNT), allowStatement(rootOf(ACCOUNT), "kms:*")), { preview: false });
            assert.deepStrictEqual(await findingsOf(crossAccountKey, unknownOwner.stack), []);
        });

        it("checks a destination outside the stack against the configured accounts", async () => {
            const stack = new StackBuilder();
            const [shaped] = inEveryShape(
                [{ id: "backup", destinationBucket: "arn:aws:s3:::backup-bucket", account: "333333333333", ownerOverride: true }],
                ROLE_ARN,
            );
            stack.add(types.bucketReplicationConfig, "replication", { ...shaped.props, bucket: "source-bucket" });
            assert.deepStrictEqual(await findingsOf(crossAccountKey, stack), []);
            const [finding] = await findingsOf(crossAccountKey, stack, { [POLICY]: { bucketAccounts: { "backup-bucket": OTHER_ACCOUNT } } });
            assert.match(
                finding.message,
                /sets destination\.account to 333333333333, but the destination bucket "backup-bucket" is owned by account 222222222222/,
            );
        });
    });
});
