import * as assert from "assert";
import { CONSTRAINTS, codePointLength, isDirectoryBucket, LIMITS } from "../../policies/model/replication-constraints";
import { configurationConstraints, ruleConstraints } from "../../policies/support/rule-constraints";

describe("model/replication-constraints", () => {
    it("names every constraint s3-replication-rule-valid checks once, each with the AWS page that states it", () => {
        const checked = [...configurationConstraints, ...ruleConstraints].map((c) => c.name);
        assert.deepStrictEqual([...new Set(checked)].sort(), checked.slice().sort(), "a constraint is checked twice");
        // `rule-is-object` is decided by the replication normaliser (a rule that is not an object), not by a check.
        assert.deepStrictEqual([...checked, "rule-is-object"].sort(), Object.keys(CONSTRAINTS).sort());
        for (const [name, page] of Object.entries(CONSTRAINTS)) {
            assert.match(page, /^https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/API\/API_\w+\.html$/, name);
        }
    });

    it("holds S3's limits on a replication configuration", () => {
        assert.deepStrictEqual(LIMITS.rules, { min: 1, max: 1000 });
        assert.strictEqual(LIMITS.ruleIdLength, 255);
        assert.strictEqual(LIMITS.prefixLength, 1024);
        assert.strictEqual(LIMITS.replicationTimeMinutes, 15);
        assert.deepStrictEqual(LIMITS.statuses, ["Enabled", "Disabled"]);
    });

    it("counts characters, not UTF-16 code units", () => {
        assert.strictEqual(codePointLength("a😀b"), 3);
        assert.strictEqual(codePointLength(""), 0);
    });

    it("tells directory buckets by name or s3express ARN", () => {
        assert.ok(isDirectoryBucket("logs--usw2-az1--x-s3"));
        assert.ok(isDirectoryBucket("arn:aws:s3express:us-west-2:111111111111:bucket/logs--usw2-az1--x-s3"));
        assert.ok(!isDirectoryBucket("arn:aws:s3:::logs"));
        assert.ok(!isDirectoryBucket("logs-x-s3"));
    });
});
