import * as assert from "assert";
import { resourceMatches, wildcardGlob } from "../../../policies/model/iam/match";
import { WorkBound, withWorkBound } from "../../../policies/model/iam/work-bound";
import { eachEnabledRule } from "../../../policies/support/each-rule";
import { stackIndex } from "../../../policies/model/stack";
import { policyResources } from "../../support/policy-resources";
import { guideStack } from "../../support/guide-stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

async function rules(count: number) {
    const guide = guideStack({ shape: "v7", preview: false });
    const [rule] = guide.replication.props.rules as Record<string, unknown>[];
    guide.replication.props.rules = Array.from({ length: count }, (_, i) => ({ ...rule, id: `r${i}`, priority: i + 1, filter: { prefix: `p${i}/` } }));
    return policyResources(guide.stack);
}

/** A check that matches one pattern against the rule's prefix, and reports nothing. */
const matching = (results: unknown[]) => (replication: { rule: { label: string } }) => {
    results.push(resourceMatches(wildcardGlob(`arn:aws:s3:::bucket/${"a?".repeat(10)}*`), `arn:aws:s3:::bucket/${replication.rule.label}`));
    return undefined;
};

describe("support/each-rule: rules not evaluated past the bound on matching work (issue 22.3)", () => {
    it("names, in one advisory, the rules some of whose matching was refused", async () => {
        const resources = await rules(12);
        const results: unknown[] = [];
        const findings = withWorkBound(new WorkBound(1500), () => eachEnabledRule({ index: stackIndex(resources, NO_SECRETS) }, matching(results)));
        assert.ok(results.includes(false) && results.includes("unknown"), JSON.stringify(results));
        assert.strictEqual(findings.length, 1);
        const [finding] = findings;
        assert.strictEqual(finding.advisoryOnly, true);
        const refused = results.filter((r) => r === "unknown").length;
        assert.ok(finding.message.includes('rule "r11"') || finding.message.includes("more rules"), finding.message);
        assert.ok(!finding.message.includes('rule "r0"'), `rule r0 was evaluated: ${finding.message}`);
        assert.ok(finding.message.includes("were not evaluated"), finding.message);
        assert.ok(refused >= 5, `${refused} refused`);
    });

    it("past the bound, does not run a check that only matches policies, and names its rules too", async () => {
        const resources = await rules(12);
        const results: unknown[] = [];
        const findings = withWorkBound(new WorkBound(1500), () =>
            eachEnabledRule({ index: stackIndex(resources, NO_SECRETS) }, matching(results), { matchesPolicies: true }),
        );
        assert.ok(results.length < 12, `the check ran for ${results.length} rules`);
        assert.strictEqual(results[results.length - 1], "unknown");
        assert.strictEqual(findings.length, 1);
        assert.ok(findings[0].message.includes('rule "r11"') && !findings[0].message.includes('rule "r0"'), findings[0].message);
    });

    it("says nothing within the bound, or with none", async () => {
        const resources = await rules(3);
        assert.deepStrictEqual(
            withWorkBound(new WorkBound(1e9), () => eachEnabledRule({ index: stackIndex(resources, NO_SECRETS) }, matching([]))),
            [],
        );
        assert.deepStrictEqual(eachEnabledRule({ index: stackIndex(resources, NO_SECRETS) }, matching([])), []);
    });
});
