/**
 * The verdict matrix on the causes the findings report once each (one cause, one finding), through
 * the pack's own policies and the matrix's policy over @pulumi/policy's AnalyzeStack handler:
 * a rule that names a replica key without the SSE-KMS opt-in, a role allowed s3:GetObjectVersion
 * rather than s3:GetObjectVersionForReplication (seed page, "Granting additional permissions for
 * the IAM role": s3:GetObjectVersion "allows replication of unencrypted and SSE-S3-encrypted objects,
 * but not of objects created by using SSE-KMS"), and a replica key S3 cannot use (seed page: the
 * replica key must be in the destination bucket's Region).
 */
import * as assert from "assert";
import { s3EncryptedReplicationPolicies } from "../../policies/pack/factory";
import { MATRIX_POLICIES, RuleMatrix } from "../../policies/support/verdict-matrix";
import { analyzeStack, Diagnostic } from "../support/harness";
import { matricesOf, outcomes } from "../support/matrix-stacks";
import { editedGuidePolicy, guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { GuideStack, keyArn, REPLICA_KEY_ID, SOURCE_REGION } from "../support/guide-stack";

const policies = s3EncryptedReplicationPolicies();

async function checked(guide: GuideStack): Promise<{ findings: Diagnostic[]; matrix: RuleMatrix }> {
    const findings = await analyzeStack(policies, guide.stack);
    const matrices = await matricesOf(guide.stack.resources);
    assert.strictEqual(matrices.length, 1, "one rule");
    return { findings, matrix: matrices[0] };
}

function policiesOf(findings: readonly Diagnostic[], level: string): string[] {
    return findings.filter((f) => f.enforcementLevel === level).map((f) => f.policyName);
}

/** The guide example's policy granting s3:GetObjectVersion where it grants s3:GetObjectVersionForReplication. */
const plainReadPolicy = editedGuidePolicy((statements) =>
    statements.map((s, i) => (i === 1 ? { ...s, Action: ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"] } : s)),
);

describe("the verdict matrix on one-cause findings", function () {
    this.timeout(120_000);

    it("a rule naming a replica key without the opt-in: KMS-encrypted objects 'no', caused by the rule, behind s3-replication-sse-kms-opt-in alone", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { rule: { sseKms: undefined }, sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        // s3-replication-sse-kms-opt-in is a resource policy (Analyze, on the configuration): not among these stack findings.
        assert.ok(!policiesOf(findings, "mandatory").includes(MATRIX_POLICIES.encryptedSourceOptIn), "one cause, one finding");
        assert.deepStrictEqual(outcomes(matrix), [
            "unencrypted: yes",
            "SSE-S3: yes",
            "SSE-C: yes",
            "SSE-KMS: no",
            "SSE-KMS (other key): no",
            "DSSE-KMS (other key): no",
        ]);
        for (const row of matrix.rows.filter((r) => r.outcome === "no")) {
            assert.strictEqual(row.cause, "rule");
            assert.strictEqual(row.policy, MATRIX_POLICIES.sseKmsOptIn);
        }
    });

    it("s3:GetObjectVersion for a rule that replicates no SSE-KMS objects: no finding, and unencrypted, SSE-S3 and SSE-C objects replicate", async () => {
        const guide = guideWithRolePolicies([plainReadPolicy], { overrides: { rule: { sseKms: undefined }, sourceAlgorithm: "none", sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        assert.ok(!findings.some((f) => f.policyName === MATRIX_POLICIES.s3), findings.map((f) => f.message).join("\n"));
        assert.deepStrictEqual(outcomes(matrix).slice(0, 3), ["unencrypted: yes", "SSE-S3: yes", "SSE-C: yes"]);
        const read = matrix.edges.find((edge) => edge.action === "s3:GetObjectVersionForReplication");
        assert.strictEqual(read?.outcome, "allowed", "the read edge is allowed: s3:GetObjectVersion serves this rule");
    });

    it("s3:GetObjectVersion for a rule that opts in: mandatory for it, 'no' for KMS-encrypted objects, 'yes' for unencrypted and SSE-S3, SSE-C undecided", async () => {
        const guide = guideWithRolePolicies([plainReadPolicy], { overrides: { sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        const s3 = findings.filter((f) => f.policyName === MATRIX_POLICIES.s3);
        assert.deepStrictEqual(
            s3.map((f) => f.enforcementLevel),
            ["mandatory"],
        );
        assert.deepStrictEqual(outcomes(matrix), [
            "unencrypted: yes",
            "SSE-S3: yes",
            "SSE-C: undecided",
            "SSE-KMS: no",
            "SSE-KMS (other key): no",
            "DSSE-KMS (other key): no",
        ]);
        const sseC = matrix.rows[2];
        assert.match(sseC.decidedBy ?? "", /s3:GetObjectVersion instead/);
        for (const row of matrix.rows.filter((r) => r.outcome === "no")) {
            assert.strictEqual(row.failing?.action, "s3:GetObjectVersionForReplication");
            assert.strictEqual(row.policy, MATRIX_POLICIES.s3);
            assert.strictEqual(row.findingUrn, s3[0].urn);
        }
    });

    it("a replica key in another Region than the destination: kms:Encrypt on it fails, KMS-encrypted objects 'no' behind s3-replication-replica-key-region", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy({ replicaKeyArn: keyArn(SOURCE_REGION, REPLICA_KEY_ID) })], {
            overrides: { replicaKeyRegion: SOURCE_REGION, sourceBucketKey: false },
        });
        const { findings, matrix } = await checked(guide);
        const region = findings.find((f) => f.policyName === MATRIX_POLICIES.replicaKeyRegion);
        assert.strictEqual(region?.enforcementLevel, "mandatory");
        assert.deepStrictEqual(outcomes(matrix).slice(0, 3), ["unencrypted: yes", "SSE-S3: yes", "SSE-C: yes"]);
        for (const row of matrix.rows.slice(3)) {
            assert.strictEqual(row.outcome, "no", `${row.objects.encryption} ${row.objects.key}`);
            assert.ok(
                (row.findings ?? []).some((f) => f.policy === MATRIX_POLICIES.replicaKeyRegion && f.urn === region.urn),
                JSON.stringify(row),
            );
        }
        const encrypt = matrix.edges.find((edge) => edge.action === "kms:Encrypt");
        assert.strictEqual(encrypt?.outcome, "denied", "the kms:Encrypt edge is drawn denied");
        assert.strictEqual(encrypt?.policy, MATRIX_POLICIES.replicaKeyRegion);
    });

    it("a disabled replica key: KMS-encrypted objects 'no' behind s3-replication-replica-key-usable", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { replicaKey: { isEnabled: false }, sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        const usable = findings.find((f) => f.policyName === MATRIX_POLICIES.replicaKeyUsable);
        assert.strictEqual(usable?.enforcementLevel, "mandatory");
        const sseKms = matrix.rows.filter((row) => row.objects.encryption === "SSE-KMS" || row.objects.encryption === "DSSE-KMS");
        assert.ok(sseKms.length > 0);
        for (const row of sseKms) {
            assert.strictEqual(row.outcome, "no");
            assert.strictEqual(row.policy, MATRIX_POLICIES.replicaKeyUsable);
            assert.strictEqual(row.failing?.action, "kms:Encrypt");
        }
    });
});
