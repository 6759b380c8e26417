import * as assert from "assert";
import { codePointLength, isDirectoryBucket } from "../../policies/model/replication-constraints";
import { LIMITS } from "../../policies/model/replication-limits";

describe("model/replication-constraints", () => {
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
