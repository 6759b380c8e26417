import { strict as assert } from "node:assert";
import { Finding } from "../../../policies/support/define";
import { groupedFindings, RuleProblem } from "../../../policies/support/each-rule";
import { listText, MAX_LISTED_ITEMS } from "../../../policies/wording/messages";
import { boundedFindings, MAX_FINDINGS_PER_POLICY, MAX_MESSAGE_CHARACTERS, MAX_RESPONSE_CHARACTERS } from "../../../policies/support/output-bounds";

const ARN = (i: number) => `arn:aws:iam::111111111111:policy/${String(i).padStart(4, "0")}${"p".repeat(2000)}`;

describe("bounded output (issue 22.8)", () => {
    it("a list in a message names at most MAX_LISTED_ITEMS items and counts the rest", () => {
        const items = Array.from({ length: 20 }, (_, i) => ARN(i));
        const text = listText(items);
        assert.ok(text.endsWith(`and ${20 - MAX_LISTED_ITEMS} more`), text.slice(-40));
        assert.equal(text.split("arn:aws:iam").length - 1, MAX_LISTED_ITEMS);
        assert.equal(listText(["a", "b", "c"]), "a, b and c");
        assert.equal(listText(Array.from({ length: MAX_LISTED_ITEMS }, (_, i) => `${i}`)).split(", ").length, MAX_LISTED_ITEMS - 1);
    });

    it("the same problem of a thousand rules is one finding, naming a few rules and counting the rest", () => {
        const problems: RuleProblem[] = Array.from({ length: 1000 }, (_, i) => ({
            urn: "urn:pulumi:dev::p::aws:s3/bucketReplicationConfig:BucketReplicationConfig::replication",
            problemId: "the same",
            ruleLabel: `rule "Rule-${i + 1}"`,
            message: (rules) => `BucketReplicationConfig "replication" (${rules}) has the same problem.`,
        }));
        const findings = groupedFindings(problems);
        assert.equal(findings.length, 1);
        assert.ok(findings[0].message.includes(`rule "Rule-${MAX_LISTED_ITEMS}" and ${1000 - MAX_LISTED_ITEMS} more rules`), findings[0].message);
        assert.ok(!findings[0].message.includes(`rule "Rule-${MAX_LISTED_ITEMS + 1}"`));
    });

    it("a policy reports at most MAX_FINDINGS_PER_POLICY findings, then one that counts the rest at the policy's level", () => {
        const findings: Finding[] = Array.from({ length: 4001 }, (_, i) => ({ message: `finding ${i}`, urn: `urn:${i % 1000}`, advisoryOnly: i < 100 }));
        const bounded = boundedFindings(findings, {}, (f) => !f.advisoryOnly);
        assert.equal(bounded.length, MAX_FINDINGS_PER_POLICY + 1);
        const summary = bounded[bounded.length - 1];
        assert.ok(
            summary.message.startsWith(`${4001 - MAX_FINDINGS_PER_POLICY} more findings of this policy on 1000 resources are not shown`),
            summary.message,
        );
        assert.equal(summary.advisoryOnly, undefined, "a hidden finding at the policy's level keeps the summary at it");

        const advisory = boundedFindings(
            findings.map((f) => ({ ...f, advisoryOnly: true })),
            {},
            (f) => !f.advisoryOnly,
        );
        assert.equal(advisory[advisory.length - 1].advisoryOnly, true);
        assert.deepEqual(
            boundedFindings(findings.slice(0, 3), {}, () => true),
            findings.slice(0, 3),
        );
    });

    it("one response's findings, over all its policies, stay within MAX_RESPONSE_CHARACTERS; each message within MAX_MESSAGE_CHARACTERS", () => {
        const response = {};
        let total = 0;
        for (let policy = 0; policy < 17; policy++) {
            const findings: Finding[] = Array.from({ length: 200 }, (_, i) => ({ message: `${policy}/${i} ${"x".repeat(20_000)}` }));
            const bounded = boundedFindings(findings, response, () => true);
            bounded.forEach((f) => assert.ok(f.message.length <= MAX_MESSAGE_CHARACTERS + 100));
            assert.ok(bounded[bounded.length - 1].message.includes("more findings of this policy"));
            total += bounded.reduce((sum, f) => sum + f.message.length, 0);
        }
        assert.ok(total <= MAX_RESPONSE_CHARACTERS + 17 * 300, `${total} characters`);
    });
});
