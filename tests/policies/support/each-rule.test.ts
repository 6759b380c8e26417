import * as assert from "assert";
import { eachEnabledRule, enabledReplications, ruleProblem } from "../../../policies/support/each-rule";
import { configurationLabel, groupKey } from "../../../policies/wording/labels";
import { stackIndex } from "../../../policies/model/stack";
import { policyResources } from "../../support/policy-resources";
import { guideStack } from "../../support/guide-stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

/** The v7 example with three rules: "a" and "b" enabled, "c" disabled. */
async function threeRules() {
    const guide = guideStack({ shape: "v7", preview: false });
    const [rule] = guide.replication.props.rules as Record<string, unknown>[];
    guide.replication.props.rules = [
        { ...rule, id: "a", priority: 1 },
        { ...rule, id: "b", priority: 2 },
        { ...rule, id: "c", priority: 3, status: "Disabled" },
    ];
    return { guide, resources: await policyResources(guide.stack) };
}

describe("support/each-rule", () => {
    it("visits only the rules S3 applies (status known to be Enabled)", async () => {
        const { resources } = await threeRules();
        assert.deepStrictEqual(
            enabledReplications(stackIndex(resources, NO_SECRETS)).map((r) => r.rule.label),
            ['rule "a"', 'rule "b"'],
        );
        const visited: string[] = [];
        eachEnabledRule({ index: stackIndex(resources, NO_SECRETS) }, (replication) => {
            visited.push(replication.rule.label);
            return undefined;
        });
        assert.deepStrictEqual(visited, ['rule "a"', 'rule "b"']);
    });

    it("reports a problem several rules of one resource share once, naming them all; other problems apart", async () => {
        const { guide, resources } = await threeRules();
        const findings = eachEnabledRule({ index: stackIndex(resources, NO_SECRETS) }, (replication) => [
            {
                urn: replication.configurationResource.urn,
                problemId: "shared",
                ruleLabel: replication.rule.label,
                message: (rules) => `${configurationLabel(replication)} (${rules}) shared`,
            },
            replication.rule.label === 'rule "b"'
                ? {
                      urn: replication.configurationResource.urn,
                      problemId: "own",
                      ruleLabel: replication.rule.label,
                      message: (rules) => `(${rules}) own`,
                      advisoryOnly: true,
                  }
                : undefined,
        ]);
        assert.deepStrictEqual(findings, [
            { urn: guide.replication.urn, message: `BucketReplicationConfig "${guide.replication.name}" (rule "a", rule "b") shared` },
            { urn: guide.replication.urn, message: '(rule "b") own', advisoryOnly: true },
        ]);
    });

    it("words a rule's problem after its configuration's label, on the configuration unless told otherwise", async () => {
        const { guide, resources } = await threeRules();
        const findings = eachEnabledRule({ index: stackIndex(resources, NO_SECRETS) }, (replication) => [
            ruleProblem(replication, "here", "has a problem."),
            ruleProblem(replication, "elsewhere", "has another.", { urn: "urn:elsewhere", advisoryOnly: true }),
        ]);
        const configurationResource = `BucketReplicationConfig "${guide.replication.name}"`;
        assert.deepStrictEqual(findings, [
            { urn: guide.replication.urn, message: `${configurationResource} (rule "a", rule "b") has a problem.` },
            { urn: "urn:elsewhere", message: `${configurationResource} (rule "a", rule "b") has another.`, advisoryOnly: true },
        ]);
    });

    it("keeps apart group keys whose joined text would otherwise be the same", () => {
        assert.notStrictEqual(groupKey("a b", "c"), groupKey("a", "b c"));
        assert.strictEqual(groupKey("a", undefined, "c"), groupKey("a", "", "c"));
    });
});
