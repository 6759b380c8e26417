import * as assert from "assert";
import { eachEnabledRule, enabledReplications } from "../../../policies/support/each-rule";
import { carrierLabel, groupKey } from "../../../policies/support/labels";
import { stackIndex } from "../../../policies/model/stack";
import { policyResources } from "../../support/policy-resources";
import { seedStack } from "../../support/seed-stack";

/** The v7 example with three rules: "a" and "b" enabled, "c" disabled. */
async function threeRules() {
    const seed = seedStack({ shape: "v7", preview: false });
    const [rule] = seed.replication.props.rules as Record<string, unknown>[];
    seed.replication.props.rules = [
        { ...rule, id: "a", priority: 1 },
        { ...rule, id: "b", priority: 2 },
        { ...rule, id: "c", priority: 3, status: "Disabled" },
    ];
    return { seed, resources: await policyResources(seed.stack) };
}

describe("support/each-rule", () => {
    it("visits only the rules S3 applies (status known to be Enabled)", async () => {
        const { resources } = await threeRules();
        assert.deepStrictEqual(
            enabledReplications(stackIndex(resources)).map((r) => r.rule.label),
            ['rule "a"', 'rule "b"'],
        );
        const visited: string[] = [];
        eachEnabledRule(resources, (replication) => {
            visited.push(replication.rule.label);
            return undefined;
        });
        assert.deepStrictEqual(visited, ['rule "a"', 'rule "b"']);
    });

    it("reports a problem several rules of one resource share once, naming them all; other problems apart", async () => {
        const { seed, resources } = await threeRules();
        const findings = eachEnabledRule(resources, (replication) => [
            {
                urn: replication.carrier.urn,
                problemId: "shared",
                ruleLabel: replication.rule.label,
                message: (rules) => `${carrierLabel(replication)} (${rules}) shared`,
            },
            replication.rule.label === 'rule "b"'
                ? {
                      urn: replication.carrier.urn,
                      problemId: "own",
                      ruleLabel: replication.rule.label,
                      message: (rules) => `(${rules}) own`,
                      advisoryOnly: true,
                  }
                : undefined,
        ]);
        assert.deepStrictEqual(findings, [
            { urn: seed.replication.urn, message: `BucketReplicationConfig "${seed.replication.name}" (rule "a", rule "b") shared` },
            { urn: seed.replication.urn, message: '(rule "b") own', advisoryOnly: true },
        ]);
    });

    it("keeps apart group keys whose joined text would otherwise be the same", () => {
        assert.notStrictEqual(groupKey("a b", "c"), groupKey("a", "b c"));
        assert.strictEqual(groupKey("a", undefined, "c"), groupKey("a", "", "c"));
    });
});
