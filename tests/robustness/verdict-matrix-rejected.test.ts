/**
 * The verdict matrix where the findings say S3 rejects the configuration, cannot find or may not use
 * the replica key, through the pack's own policies and the matrix's policy over @pulumi/policy's
 * handlers (tests/support/matrix-stacks.ts):
 *
 * - versioning off on the destination: "Both source and destination buckets must have versioning
 *   enabled" (S3 user guide, "Requirements and considerations for replication",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html), and
 *   PutBucketReplication fails: nothing replicates;
 * - a rule S3 rejects (rule-valid; the ID is longer than 255 characters, API reference,
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationRule.html): nothing replicates;
 * - a replica key named by a bare key id (replica-key-format; API reference, EncryptionConfiguration:
 *   ReplicaKmsKeyID is a key ARN or alias ARN): KMS-encrypted objects do not replicate;
 * - a replica key of another account whose key policy does not let the role in (cross-account-key;
 *   seed page: the owner of the replica key must grant the source bucket owner use of it): KMS rows
 *   "no"; outside the stack (advisory): undecided;
 * - a destination account that does not own the destination bucket (cross-account-key, mandatory;
 *   AWS does not say what S3 does then): every row undecided;
 * - a bucket whose versioning is unknown until deployment (versioning stays silent): the rows that
 *   would replicate undecided, with no finding behind them.
 */
import * as assert from "assert";
import { MATRIX_POLICIES, RuleMatrix } from "../../policies/support/verdict-matrix";
import { Diagnostic, UNKNOWN } from "../support/harness";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { DESTINATION_REGION, GuideStack, keyArn, REPLICA_KEY_ID } from "../support/guide-stack";
import { OTHER_ACCOUNT } from "../support/key-policies";
import { matricesOf, outcomes, previewFindings } from "../support/matrix-stacks";

async function checked(guide: GuideStack): Promise<{ findings: Diagnostic[]; matrix: RuleMatrix }> {
    const findings = await previewFindings(guide.stack.resources);
    const matrices = await matricesOf(guide.stack.resources);
    assert.strictEqual(matrices.length, 1, "one rule");
    return { findings, matrix: matrices[0] };
}

/** The one finding of `policy`, at `level`. */
function findingOf(findings: readonly Diagnostic[], policy: string, level: Diagnostic["enforcementLevel"] = "mandatory"): Diagnostic {
    const found = findings.filter((f) => f.policyName === policy);
    assert.strictEqual(found.length, 1, `one ${policy} finding: ${findings.map((f) => f.policyName).join(", ")}`);
    assert.strictEqual(found[0].enforcementLevel, level);
    return found[0];
}

/** The row stands on the finding: it names it, and its fix is the finding's own text. */
function assertBehind(row: RuleMatrix["rows"][number], finding: Diagnostic): void {
    assert.strictEqual(row.policy, finding.policyName);
    assert.strictEqual(row.findingUrn, finding.urn);
    assert.ok(row.fix && finding.message.endsWith(`\n${row.fix}`), `the row's fix is the finding's message: ${row.fix}`);
    assert.ok((row.findings ?? []).some((f) => f.policy === finding.policyName && f.urn === finding.urn));
}

const KMS_ROWS = (row: RuleMatrix["rows"][number]) => row.objects.encryption === "SSE-KMS" || row.objects.encryption === "DSSE-KMS";

describe("the verdict matrix of a configuration S3 rejects, or a replica key it cannot use", function () {
    this.timeout(120_000);

    it("versioning off on the destination: every row 'no', PutBucketReplication rejected, behind s3-replication-versioning", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { destinationVersioning: "Suspended", sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        const versioning = findingOf(findings, MATRIX_POLICIES.versioning);
        assert.strictEqual(versioning.urn, guide.destination.urn);
        assert.ok(matrix.rows.length >= 6);
        for (const row of matrix.rows) {
            assert.strictEqual(row.outcome, "no", `${row.objects.encryption} ${row.objects.key ?? ""}`);
            assert.strictEqual(row.cause, "configuration");
            assert.strictEqual(row.failing?.action, "s3:PutBucketReplication");
            assert.match(row.decidedBy ?? "", /S3 rejects the configuration: both source and destination buckets must have versioning enabled/);
            assertBehind(row, versioning);
        }
    });

    it("versioning on: the same stack's rows say 'yes' for unencrypted, SSE-S3 and SSE-C objects (the versioning rows are not a default)", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        assert.ok(!findings.some((f) => f.policyName === MATRIX_POLICIES.versioning));
        assert.deepStrictEqual(outcomes(matrix).slice(0, 4), ["unencrypted: yes", "SSE-S3: yes", "SSE-C: yes", "SSE-KMS: yes"]);
    });

    it("a rule ID longer than 255 characters: every row 'no', naming the constraint, behind s3-replication-rule-valid", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { rule: { id: "r".repeat(256) }, sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        const ruleValid = findingOf(findings, MATRIX_POLICIES.ruleValid);
        for (const row of matrix.rows) {
            assert.strictEqual(row.outcome, "no");
            assert.strictEqual(row.cause, "configuration");
            assert.strictEqual(row.failing?.action, "s3:PutBucketReplication");
            assert.match(
                row.decidedBy ?? "",
                /S3 rejects the configuration: it breaks the constraint `rule-id-length` \(https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/API\//,
            );
            assertBehind(row, ruleValid);
        }
    });

    it("a replica key named by a bare key id: KMS-encrypted objects 'no' (kms:Encrypt), behind s3-replication-replica-key-format", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { rule: { replicaKmsKeyId: REPLICA_KEY_ID }, sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        const format = findingOf(findings, MATRIX_POLICIES.replicaKeyFormat);
        assert.deepStrictEqual(outcomes(matrix).slice(0, 3), ["unencrypted: yes", "SSE-S3: yes", "SSE-C: yes"]);
        const kms = matrix.rows.filter(KMS_ROWS);
        assert.ok(kms.length >= 3);
        for (const row of kms) {
            assert.strictEqual(row.outcome, "no");
            assert.strictEqual(row.failing?.action, "kms:Encrypt");
            assert.match(row.decidedBy ?? "", /S3 cannot find the key/);
            assertBehind(row, format);
        }
        const encrypt = matrix.edges.find((edge) => edge.action === "kms:Encrypt");
        assert.strictEqual(encrypt?.outcome, "denied");
    });

    it("a replica key of another account whose key policy lacks the grant: KMS rows 'no', behind s3-replication-cross-account-key", async () => {
        const replicaKeyArn = keyArn(DESTINATION_REGION, REPLICA_KEY_ID, OTHER_ACCOUNT);
        const guide = guideWithRolePolicies([guideRolePolicy({ replicaKeyArn })], { overrides: { destinationAccount: OTHER_ACCOUNT, sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        const crossAccount = findingOf(findings, MATRIX_POLICIES.crossAccountKey);
        assert.strictEqual(crossAccount.urn, guide.replicaKey.urn);
        const kms = matrix.rows.filter(KMS_ROWS);
        assert.ok(kms.length >= 3);
        for (const row of kms) {
            assert.strictEqual(row.outcome, "no", `${row.objects.encryption} ${row.objects.key ?? ""}`);
            // The role's own policies allow kms:Encrypt on the key: the key policy alone fails it.
            assert.strictEqual(row.failing?.action, "kms:Encrypt");
            assertBehind(row, crossAccount);
        }
        const encrypt = matrix.edges.find((edge) => edge.action === "kms:Encrypt");
        assert.strictEqual(encrypt?.outcome, "denied", "the kms:Encrypt edge is drawn denied");
    });

    it("a replica key of another account outside the stack: KMS rows 'undecided' behind the advisory, the others 'yes'", async () => {
        const replicaKeyArn = keyArn(DESTINATION_REGION, REPLICA_KEY_ID, OTHER_ACCOUNT);
        const guide = guideWithRolePolicies([guideRolePolicy({ replicaKeyArn })], {
            overrides: { rule: { replicaKmsKeyId: replicaKeyArn }, sourceBucketKey: false },
        });
        const { findings, matrix } = await checked(guide);
        const external = findingOf(findings, MATRIX_POLICIES.crossAccountKey, "advisory");
        assert.deepStrictEqual(outcomes(matrix), [
            "unencrypted: yes",
            "SSE-S3: yes",
            "SSE-C: yes",
            "SSE-KMS: undecided",
            "SSE-KMS (other key): undecided",
            "DSSE-KMS (other key): undecided",
        ]);
        const sseKms = matrix.rows[3];
        assert.strictEqual(sseKms.failing?.action, "kms:Encrypt");
        assert.match(sseKms.decidedBy ?? "", /only its key policy can tell whether the role may use it/);
        assertBehind(sseKms, external);
    });

    it("a destination account that does not own the destination bucket: every row 'undecided', behind s3-replication-cross-account-key", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { rule: { account: OTHER_ACCOUNT }, sourceBucketKey: false } });
        const { findings, matrix } = await checked(guide);
        const account = findingOf(findings, MATRIX_POLICIES.crossAccountKey);
        assert.match(account.message, /the destination bucket owner's account\./);
        assert.deepStrictEqual(outcomes(matrix), [
            "unencrypted: undecided",
            "SSE-S3: undecided",
            "SSE-C: undecided",
            "SSE-KMS: undecided",
            "SSE-KMS (other key): undecided",
            "DSSE-KMS (other key): undecided",
        ]);
        // The rows that would replicate are in doubt for the account; those already undecided keep their own request, the finding behind them too.
        for (const row of matrix.rows.slice(0, 4)) {
            assert.strictEqual(row.cause, "configuration");
            assert.match(row.decidedBy ?? "", /AWS does not document how S3 replicates then/);
            assertBehind(row, account);
        }
        for (const row of matrix.rows.slice(4)) {
            assert.strictEqual(row.failing?.action, "kms:Decrypt");
            assert.ok((row.findings ?? []).some((f) => f.policy === account.policyName && f.urn === account.urn));
        }
    });

    it("a destination whose versioning is unknown until deployment: the rows that would replicate 'undecided', and no finding", async () => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides: { sourceBucketKey: false } });
        const versioning = guide.destinationVersioning!;
        (versioning.props.versioningConfiguration as Record<string, unknown>).status = UNKNOWN;
        const { findings, matrix } = await checked(guide);
        assert.ok(!findings.some((f) => f.policyName === MATRIX_POLICIES.versioning), "the policy stays silent");
        assert.deepStrictEqual(outcomes(matrix).slice(0, 4), ["unencrypted: undecided", "SSE-S3: undecided", "SSE-C: undecided", "SSE-KMS: undecided"]);
        for (const row of matrix.rows.slice(0, 4)) {
            assert.strictEqual(row.cause, "configuration");
            assert.match(row.decidedBy ?? "", /^the versioning of bucket "destination-bucket" is unknown until deployment/);
            assert.strictEqual(row.policy, undefined);
        }
    });
});
