import * as assert from "assert";
import { S3_CONSTRAINTS } from "../../policies/s3-constraints";

describe("s3-constraints (the table s3-replication-rule-valid loops over)", () => {
    it("names every constraint once, each with the AWS page that states it and what that page says", () => {
        const names = S3_CONSTRAINTS.map((c) => c.name);
        assert.deepStrictEqual([...new Set(names)], names, "a constraint is in the table twice");
        for (const constraint of S3_CONSTRAINTS) {
            assert.match(constraint.url, /^https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/API\/API_\w+\.html$/, constraint.name);
            assert.match(constraint.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.ok(constraint.states.length > 20, `${constraint.name} says what AWS states`);
        }
    });
});
