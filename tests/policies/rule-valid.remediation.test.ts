import * as assert from "assert";
import { ruleValid } from "../../policies/rule-valid";
import { replicationConfigurations } from "../../policies/model/replication";
import { analyzeResource, remediateResource, StackBuilder, UNKNOWN } from "../support/harness";
import { inEveryShape, RuleSpec } from "../support/shapes";
import { NO_SECRETS } from "../../policies/model/secret-values";

const REMEDIATE = { "s3-replication-rule-valid": "remediate" as const };

async function remediateEveryShape(rules: RuleSpec[]) {
    const results = [];
    for (const shaped of inEveryShape(rules)) {
        const stack = new StackBuilder();
        const fixed = await remediateResource([ruleValid], stack.add(shaped.type, "r", shaped.props), REMEDIATE);
        const after = fixed ? await analyzeResource([ruleValid], stack.add(shaped.type, "fixed", fixed)) : undefined;
        results.push({ shaped, fixed, after });
    }
    return results;
}

describe("s3-replication-rule-valid remediation", () => {
    it("adds delete-marker replication Disabled to a filtered rule on the API shapes, which then pass", async () => {
        for (const { shaped, fixed, after } of await remediateEveryShape([{ id: "Rule-1", priority: 1, filterPrefix: "Tax" }])) {
            if (shaped.shape === "BucketReplicationConfig" || shaped.shape === "aws-native Bucket") {
                assert.ok(fixed, shaped.shape);
                const [rule] = replicationConfigurations(shaped.type, fixed, NO_SECRETS).flatMap((c) => c.rules);
                assert.deepStrictEqual(rule.deleteMarkerReplication.status, { state: "known", value: "Disabled", secret: false });
                assert.deepStrictEqual(after, [], shaped.shape);
            } else {
                // The inline shapes' provider fills it in: nothing to fix.
                assert.strictEqual(fixed, undefined, shaped.shape);
            }
        }
    });

    it("adds enabled 15-minute metrics next to Replication Time Control in every shape, which then pass", async () => {
        for (const { shaped, fixed, after } of await remediateEveryShape([{ id: "rtc", replicationTime: { status: "Enabled", minutes: 15 } }])) {
            assert.ok(fixed, shaped.shape);
            const [rule] = replicationConfigurations(shaped.type, fixed, NO_SECRETS).flatMap((c) => c.rules);
            assert.strictEqual(rule.destination.metrics.status.state === "known" && rule.destination.metrics.status.value, "Enabled", shaped.shape);
            assert.strictEqual(rule.destination.metrics.minutes.state === "known" && rule.destination.metrics.minutes.value, 15, shaped.shape);
            assert.deepStrictEqual(after, [], shaped.shape);
        }
    });

    it("changes nothing that is compliant, explicit or unknown", async () => {
        for (const rules of [
            [{ id: "ok", priority: 1, filterPrefix: "Tax", deleteMarkerReplication: "Enabled" }],
            [{ id: "m", replicationTime: { status: "Enabled", minutes: 15 }, metrics: { status: "Disabled", minutes: 15 } }],
            [{ id: "u", filterPrefix: UNKNOWN, replicationTime: { status: UNKNOWN, minutes: 15 } }],
        ]) {
            for (const { shaped, fixed } of await remediateEveryShape(rules)) {
                if (rules[0].id === "u" && (shaped.shape === "BucketReplicationConfig" || shaped.shape === "aws-native Bucket")) {
                    // The filter block itself is known (only its prefix is unknown): adding the delete-marker status is still safe.
                    continue;
                }
                assert.strictEqual(fixed, undefined, `${shaped.shape} ${JSON.stringify(rules)}`);
            }
        }
    });
});
