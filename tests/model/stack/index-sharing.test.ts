import * as assert from "assert";
import { stackPolicy } from "../../../policies/support/define";
import { StackIndex, stackIndex } from "../../../policies/model/stack";
import { analyzeStack, StackBuilder } from "../../support/harness";
import { NO_SECRETS } from "../../../policies/model/secret-values";

describe("stack index sharing", () => {
    function capturingPolicies(seen: StackIndex[]) {
        return ["first", "second", "third"].map((name) =>
            stackPolicy({
                name,
                description: name,
                enforcementLevel: "advisory",
                check(_args, _config, analysis) {
                    seen.push(analysis.index);
                    return [];
                },
            }),
        );
    }

    function stack(bucketName: string): StackBuilder {
        const builder = new StackBuilder();
        // Replication to judge: stack policies answer "not applicable" to a stack without any.
        builder.add("aws:s3/bucket:Bucket", "source", {
            bucket: bucketName,
            replicationConfiguration: { role: "arn:aws:iam::111111111111:role/r", rules: [] },
        });
        return builder;
    }

    it("builds one index per AnalyzeStack request, shared by every stack policy through its Analysis", async () => {
        const seen: StackIndex[] = [];
        await analyzeStack(capturingPolicies(seen), stack("a"));
        assert.strictEqual(seen.length, 3);
        assert.ok(seen[1] === seen[0] && seen[2] === seen[0]);
    });

    it("indexes every request anew, even for the same resources", async () => {
        const seen: StackIndex[] = [];
        await analyzeStack(capturingPolicies(seen), stack("a"));
        await analyzeStack(capturingPolicies(seen), stack("b"));
        assert.notStrictEqual(seen[3], seen[0]);
        assert.strictEqual(
            seen[3].bucketName(seen[3].resources[0]).state === "known" && (seen[3].bucketName(seen[3].resources[0]) as { value: unknown }).value,
            "b",
        );
    });

    it("outside a stack policy, shares only by array", () => {
        const resources = stack("a").resources;
        assert.strictEqual(stackIndex(resources, NO_SECRETS), stackIndex(resources, NO_SECRETS));
        assert.notStrictEqual(stackIndex([...resources], NO_SECRETS), stackIndex([...resources], NO_SECRETS));
    });
});
