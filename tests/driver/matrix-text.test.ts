/**
 * The text report's matrix refers to a finding "above" only when the report shows it: past the
 * bound of 50 findings per policy (policies/support/output-bounds.ts) a policy's other findings are
 * counted, not shown, and a row whose finding may be among them gives the fix itself.
 */
import * as assert from "assert";
import { Diagnostic } from "../../driver";
import { matrixLines } from "../../cli/report/matrix-text";
import { matrixPolicy, RuleMatrix } from "../../cli/report/matrix";
import { NO_FACTS } from "../../policies/model/external-facts";
import { boundedFindings, MAX_FINDINGS_PER_POLICY } from "../../policies/support/output-bounds";
import { MATRIX_POLICIES } from "../../policies/support/verdict-matrix";
import { analyzeStack } from "../support/harness";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";

const KMS = MATRIX_POLICIES.kms;

function diagnostic(policyName: string, message: string, urn?: string): Diagnostic {
    return {
        policyName,
        policyPackName: "s3-encrypted-replication",
        policyPackVersion: "0.0.0",
        description: "d",
        message,
        enforcementLevel: "mandatory",
        ...(urn ? { urn } : {}),
        severity: "high",
    };
}

/**
 * The guide example whose role's KMS conditions name object ARNs while the source uses an S3 Bucket
 * Key: its KMS rows are "no" behind role-kms-permissions.
 */
async function brokenMatrix(): Promise<RuleMatrix[]> {
    const guide = guideWithRolePolicies([guideRolePolicy()]);
    let matrices: RuleMatrix[] = [];
    await analyzeStack([matrixPolicy(NO_FACTS, (found) => (matrices = found))], guide.stack);
    return matrices;
}

/** The message output-bounds.ts reports for a policy with more findings than it shows. */
function boundSummary(): string {
    const findings = Array.from({ length: MAX_FINDINGS_PER_POLICY + 3 }, (_, i) => ({ message: `finding ${i}`, urn: `urn:${i}` }));
    const reported = boundedFindings(findings, undefined, () => true);
    return `d\n${reported[reported.length - 1].message}`;
}

describe("the text report's matrix and the output bounds", function () {
    this.timeout(60_000);

    it("refers to the finding above when the report shows it, and gives the fix itself when the bound may hide it", async () => {
        const matrices = await brokenMatrix();
        const row = matrices[0].rows.find((r) => r.outcome === "no" && r.policy === KMS);
        assert.ok(row?.findingUrn && row.fix, JSON.stringify(matrices[0].rows));
        const shown = matrixLines(matrices, [diagnostic(KMS, `d\n${row.fix}`, row.findingUrn)], Infinity).join("\n");
        assert.match(shown, new RegExp(`fix: see the ${KMS} finding above`));

        // 50 findings of the policy shown, none of them this row's, and the count of the rest.
        const others = Array.from({ length: MAX_FINDINGS_PER_POLICY }, (_, i) => diagnostic(KMS, `d\nother ${i}`, `urn:other:${i}`));
        const hidden = matrixLines(matrices, [...others, diagnostic(KMS, boundSummary())], Infinity).join("\n");
        assert.doesNotMatch(hidden, /finding above/);
        assert.ok(hidden.includes(`fix: ${row.fix.split("\n")[0]}`), hidden);

        // The bound counts some of the policy's findings: even one shown on the row's resource may not be the row's.
        const bounded = matrixLines(matrices, [diagnostic(KMS, `d\n${row.fix}`, row.findingUrn), diagnostic(KMS, boundSummary())], Infinity).join("\n");
        assert.doesNotMatch(bounded, /finding above/);

        // Another policy's finding on the same resource is not the row's.
        const elsewhere = matrixLines(matrices, [diagnostic(MATRIX_POLICIES.s3, "d\nx", row.findingUrn)], Infinity).join("\n");
        assert.doesNotMatch(elsewhere, /finding above/);
    });
});
