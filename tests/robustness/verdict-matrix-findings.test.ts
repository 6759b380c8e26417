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
 *   role-kms-permissions; replica-key-region, replica-key-usable, replica-key-format and
 *   cross-account-key, about the kms:Encrypt S3 cannot make with that key), about KMS objects the
 *   rule skips (encrypted-source-opt-in), or about a configuration S3 rejects (rule-valid,
 *   versioning) has a "no" in the matrix; but for cross-account-key's destination account, which
 *   AWS does not say how S3 treats: an "undecided" at least. A rule-valid or replica-key-format
 *   finding about disabled rules alone has no row (the matrix is of enabled rules).
 *
 * The findings are what a preview reports: Analyze on every resource (the resource policies:
 * rule-valid, replica-key-format, sse-kms-opt-in) and AnalyzeStack.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { MATRIX_POLICIES, RuleMatrix } from "../../policies/support/verdict-matrix";
import { Diagnostic, ResourceSpec } from "../support/harness";
import { matricesOf, previewFindings } from "../support/matrix-stacks";
import { buildStack, SECRET_MARKER, stackDrafts } from "./arbitrary-stacks";

const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 300);
const SEED = Number(process.env.ROBUSTNESS_SEED ?? 23_2026);

/** Policies whose mandatory findings are about a request replication makes, KMS objects a rule skips, or a configuration S3 rejects. */
const REQUEST_POLICIES: ReadonlySet<string> = new Set([
    MATRIX_POLICIES.trust,
    MATRIX_POLICIES.s3,
    MATRIX_POLICIES.kms,
    MATRIX_POLICIES.encryptedSourceOptIn,
    MATRIX_POLICIES.replicaKeyRegion,
    MATRIX_POLICIES.replicaKeyUsable,
    MATRIX_POLICIES.replicaKeyFormat,
    MATRIX_POLICIES.crossAccountKey,
    MATRIX_POLICIES.ruleValid,
    MATRIX_POLICIES.versioning,
]);

/** cross-account-key's finding on a destination account that does not own the destination bucket (its fix sentence). */
function isDestinationAccountFinding(finding: Diagnostic): boolean {
    return finding.policyName === MATRIX_POLICIES.crossAccountKey && finding.message.includes("the destination bucket owner's account.");
}

function describeRow(matrix: RuleMatrix, row: RuleMatrix["rows"][number]): string {
    return `${matrix.rule}: ${row.objects.encryption} ${row.objects.key ?? ""} -> ${row.outcome} (${row.failing?.action ?? row.cause}, ${row.policy ?? "no policy"})`;
}

/** How many mandatory findings of each policy the property met, with their rows. */
const met = new Map<string, number>();

async function checkStack(stack: ResourceSpec[]): Promise<{ noes: number; mandatory: number }> {
    const findings: Diagnostic[] = await previewFindings(stack);
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
            assert.ok(
                behind,
                `a "no" without its finding: ${describeRow(matrix, row)}\nfindings: ${findings.map((f) => `${f.policyName} on ${f.urn}`).join("; ")}`,
            );
        }
    }
    const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory" && REQUEST_POLICIES.has(f.policyName));
    for (const finding of mandatory) {
        const behindRow = (outcomes: readonly string[]) =>
            matrices.some((m) =>
                m.rows.some(
                    (row) => outcomes.includes(row.outcome) && (row.findings ?? []).some((f) => f.policy === finding.policyName && f.urn === finding.urn),
                ),
            );
        if (!behindRow(["no", "undecided"]) && onlyDisabledRules(finding, matrices)) {
            continue;
        }
        const outcomes = isDestinationAccountFinding(finding) ? ["no", "undecided"] : ["no"];
        assert.ok(
            behindRow(outcomes),
            `a mandatory finding with no ${outcomes.join(" or ")} in the matrix: ${finding.policyName} on ${finding.urn}: ${finding.message}`,
        );
        const name = isDestinationAccountFinding(finding) ? `${finding.policyName} (destination account)` : finding.policyName;
        met.set(name, (met.get(name) ?? 0) + 1);
    }
    return { noes, mandatory: mandatory.length };
}

/**
 * A resource policy's finding about rules none of which is enabled (the matrix has rows for enabled
 * rules only): the resource holds no enabled rule, or the finding names only rules without a matrix.
 */
function onlyDisabledRules(finding: Diagnostic, matrices: readonly RuleMatrix[]): boolean {
    if (finding.policyName !== MATRIX_POLICIES.ruleValid && finding.policyName !== MATRIX_POLICIES.replicaKeyFormat) {
        return false;
    }
    const rules = matrices.filter((m) => m.urn === finding.urn);
    if (rules.length === 0) {
        return true;
    }
    // replica-key-format names its rule: `<configuration> rule "<id>": ...`.
    return finding.policyName === MATRIX_POLICIES.replicaKeyFormat && !rules.some((m) => finding.message.includes(`${m.rule}:`));
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
        // Nor about a policy whose mandatory findings it never meets.
        for (const policy of [MATRIX_POLICIES.versioning, MATRIX_POLICIES.ruleValid, MATRIX_POLICIES.replicaKeyFormat, MATRIX_POLICIES.crossAccountKey]) {
            assert.ok((met.get(policy) ?? 0) > 0, `no mandatory finding of ${policy} in ${RUNS} stacks: ${[...met.keys()].join(", ")}`);
        }
    });
});
