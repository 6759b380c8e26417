import * as assert from "assert";
import { leastPrivilege } from "../../policies/least-privilege";
import { editedGuidePolicy, REPLICA_KEY_ARN, guideRolePolicy, guideWithRolePolicies, SOURCE_KEY_ARN } from "../support/guide-role";
import { findingsOf } from "../support/stack-policies";
import { assertIncludes } from "../support/assertions";

const POLICY = "s3-replication-least-privilege";

describe(POLICY, () => {
    it("passes the guide example's complete policy", async () => {
        assert.deepStrictEqual(
            await findingsOf(leastPrivilege, guideWithRolePolicies([guideRolePolicy()], { overrides: { sourceBucketKey: false } }).stack),
            [],
        );
    });

    it("suggests s3:GetObjectVersionForReplication where a statement grants s3:GetObjectVersion", async () => {
        const policy = editedGuidePolicy((statements) =>
            statements.map((s, i) => (i === 1 ? { ...s, Action: ["s3:GetObjectVersion*", "s3:GetObjectVersionAcl"] } : s)),
        );
        const guide = guideWithRolePolicies([policy], { overrides: { sourceBucketKey: false } });
        const findings = await findingsOf(leastPrivilege, guide.stack);
        assert.deepStrictEqual(
            findings.map((f) => [f.enforcementLevel, f.urn]),
            [["advisory", guide.role.urn]],
        );
        assert.ok(
            findings[0].message.endsWith(
                'is allowed s3:GetObjectVersion on the source objects arn:aws:s3:::source-bucket/Tax* by statement 2 of aws.iam.RolePolicy "replication-role-policy-1". Replication needs only s3:GetObjectVersionForReplication, which unlike s3:GetObjectVersion also covers SSE-KMS objects; grant that instead: {"Effect":"Allow","Action":["s3:GetObjectVersionForReplication","s3:GetObjectVersionAcl"],"Resource":"arn:aws:s3:::source-bucket/Tax*"}',
            ),
            findings[0].message,
        );
    });

    it("flags KMS statements for every action or key, or without the conditions that tie them to S3 and the replicated objects", async () => {
        const policy = editedGuidePolicy((statements) => [
            ...statements.slice(0, 3),
            { Effect: "Allow", Action: "kms:*", Resource: "*" },
            { ...statements[4], Condition: { StringLike: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } } },
        ]);
        const guide = guideWithRolePolicies([policy], { overrides: { sourceBucketKey: false } });
        const [broad, unconditioned, ...others] = await findingsOf(leastPrivilege, guide.stack);
        assert.deepStrictEqual(others, []);
        assertIncludes(
            broad.message,
            `is allowed kms:Decrypt on the source objects' KMS key ${SOURCE_KEY_ARN} and kms:Encrypt on the replica KMS key ${REPLICA_KEY_ARN} by statement 4 of aws.iam.RolePolicy "replication-role-policy-1", which covers every KMS action ("kms:*"), every key (Resource "*") and requests through any service and for any object (it has no kms:ViaService and kms:EncryptionContext:aws:s3:arn condition). Replication needs only: {"Effect":"Allow","Action":"kms:Decrypt","Resource":"${SOURCE_KEY_ARN}"`,
            `{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${REPLICA_KEY_ARN}","Condition":{"StringLike":{"kms:ViaService":"s3.us-west-2.amazonaws.com","kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::destination-bucket/Tax*"}}}`,
        );
        assert.match(
            unconditioned.message,
            /by statement 5 of aws\.iam\.RolePolicy "replication-role-policy-1", which covers requests through any service and for any object \(it has no kms:EncryptionContext:aws:s3:arn condition\)\./,
        );
    });
});
