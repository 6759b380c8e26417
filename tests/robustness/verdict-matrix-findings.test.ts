/**
 * The verdict matrix and the findings come from the same verdicts (issue 23, "Precision rules
 * apply"), on arbitrary stacks (arbitrary-stacks.ts, the guide's stack and its variations
 * included), both run through @pulumi/policy's own AnalyzeStack handler:
 *
 * - every "no" has a mandatory or advisory finding behind it, of the policy the row names, on
 *   the resource it names, unless the rule itself does not select those objects and nothing in
 *   the stack shows the source holding any (no opt-in, no KMS default encryption, no replica key:
 *   S3 skips them by the rule's own choice, which the row says as information);
 * - the matrix quotes no secret, policy document or free text (the secret marker of arbitrary-stacks.ts);
 * - every mandatory finding about a replication request (role-trust, role-s3-permissions,
 *   role-kms-permissions; replica-key-region and replica-key-usable, about the kms:Encrypt S3 cannot
 *   make with that key) or about KMS objects the rule skips (encrypted-source-opt-in) has a "no" in
 *   the matrix.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { s3EncryptedReplicationPolicies } from "../../policies/pack/factory";
import { NO_FACTS } from "../../policies/model/external-facts";
import { MATRIX_POLICIES, RuleMatrix } from "../../policies/support/verdict-matrix";
import { matrixPolicy } from "../../cli/report/matrix";
import { analyzeStack, Diagnostic, ResourceSpec } from "../support/harness";
import { buildStack, SECRET_MARKER, stackDrafts } from "./arbitrary-stacks";

const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 300);
const SEED = Number(process.env.ROBUSTNESS_SEED ?? 23_2026);

/** Policies whose mandatory findings are about a request replication makes, or KMS objects a rule skips. */
const REQUEST_POLICIES: ReadonlySet<string> = new Set([
    MATRIX_POLICIES.trust,
    MATRIX_POLICIES.s3,
    MATRIX_POLICIES.kms,
    MATRIX_POLICIES.encryptedSourceOptIn,
    MATRIX_POLICIES.replicaKeyRegion,
    MATRIX_POLICIES.replicaKeyUsable,
]);

const policies = s3EncryptedReplicationPolicies();

async function matricesOf(stack: ResourceSpec[]): Promise<RuleMatrix[]> {
    let found: RuleMatrix[] = [];
    await analyzeStack(
        [
            matrixPolicy(NO_FACTS, (matrices) => {
                found = matrices;
            }),
        ],
        stack,
    );
    return found;
}

function describeRow(matrix: RuleMatrix, row: RuleMatrix["rows"][number]): string {
    return `${matrix.rule}: ${row.objects.encryption} ${row.objects.key ?? ""} -> ${row.outcome} (${row.failing?.action ?? row.cause}, ${row.policy ?? "no policy"})`;
}

async function checkStack(stack: ResourceSpec[]): Promise<{ noes: number; mandatory: number }> {
    const findings: Diagnostic[] = await analyzeStack(policies, stack);
    const matrices = await matricesOf(stack);
    assert.ok(!JSON.stringify(matrices).includes(SECRET_MARKER), "the matrix quotes a policy document, free text or a secret");
    let noes = 0;
    for (const matrix of matrices) {
        for (const row of matrix.rows.filter((r) => r.outcome === "no")) {
            noes++;
            if (row.policy === undefined) {
                assert.strictEqual(row.cause, "rule", `a "no" with no policy behind it: ${describeRow(matrix, row)}`);
                continue;
            }
            const behind = findings.find(
                (f) => f.policyName === row.policy && f.urn === row.findingUrn && (f.enforcementLevel === "mandatory" || f.enforcementLevel === "advisory"),
            );
            assert.ok(
                (row.findings ?? []).some((f) => f.policy === row.policy && f.urn === row.findingUrn),
                `the row's own finding is among its findings: ${describeRow(matrix, row)}`,
            );
            // s3-replication-sse-kms-opt-in is a resource policy: its finding is reported by Analyze on the configuration, not here.
            if (row.policy !== MATRIX_POLICIES.sseKmsOptIn) {
                assert.ok(
                    behind,
                    `a "no" without its finding: ${describeRow(matrix, row)}\nfindings: ${findings.map((f) => `${f.policyName} on ${f.urn}`).join("; ")}`,
                );
            }
        }
    }
    const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory" && REQUEST_POLICIES.has(f.policyName));
    for (const finding of mandatory) {
        const no = matrices.some((m) =>
            m.rows.some((row) => row.outcome === "no" && (row.findings ?? []).some((f) => f.policy === finding.policyName && f.urn === finding.urn)),
        );
        assert.ok(no, `a mandatory finding with no "no" in the matrix: ${finding.policyName} on ${finding.urn}: ${finding.message}`);
    }
    return { noes, mandatory: mandatory.length };
}

describe("the verdict matrix and the findings agree", function () {
    this.timeout(600_000);

    it(`on arbitrary stacks (${RUNS} stacks), in both directions`, async () => {
        let withNo = 0;
        await fc.assert(
            fc.asyncProperty(stackDrafts, async (draft) => {
                const { noes } = await checkStack(buildStack(draft));
                withNo += noes > 0 ? 1 : 0;
            }),
            { numRuns: RUNS, seed: SEED },
        );
        // The property says nothing if no stack ever has a "no".
        assert.ok(withNo > RUNS / 20, `only ${withNo} of ${RUNS} stacks have a "no"`);
    });
});
