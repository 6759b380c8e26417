import { strict as assert } from "node:assert";
import { evaluateCondition } from "../../../policies/model/iam/conditions";
import { ConditionClause } from "../../../policies/model/iam/document";
import { openWorldContext } from "../../../policies/model/iam/open-world";
import { readContextKey, RequestContext } from "../../../policies/model/iam/request-context";
import { policy } from "./helpers";

/** A context that counts how often its key names are listed (each listing costs one step per key). */
function countingContext(entries: Record<string, string>): { context: RequestContext; listings: () => number } {
    let listings = 0;
    const context = new Proxy(entries, {
        ownKeys(target) {
            listings++;
            return Reflect.ownKeys(target);
        },
    });
    return { context, listings: () => listings };
}

const KEYS = 2000;
const tagKey = (i: number) => `aws:PrincipalTag/k${i}`;

describe("iam/request: context keys (issue 22.1)", () => {
    it("lists a context's key names once, however many clauses read it: clauses × keys would not be linear", () => {
        const { context, listings } = countingContext(Object.fromEntries(Array.from({ length: KEYS }, (_, i) => [tagKey(i), `v${i}`])));
        const clauses: ConditionClause[] = Array.from({ length: KEYS }, (_, i) => ({
            operator: "StringEquals",
            key: tagKey(i).toUpperCase(),
            values: { known: [`v${i}`], hasUnknown: false },
        }));
        const evaluation = evaluateCondition({ clauses, hasUnknown: false }, { context, variables: "variables" });
        assert.equal(evaluation.result, true);
        assert.ok(listings() <= 1, `the key names were listed ${listings()} times`);
    });

    it("still reads key names case-insensitively, the first in key order winning among names that differ only by case", () => {
        const context: RequestContext = { "aws:SourceAccount": "111122223333", "AWS:SOURCEACCOUNT": "444455556666" };
        assert.deepEqual(readContextKey(context, "aws:sourceaccount"), { state: "single", value: "111122223333" });
        assert.deepEqual(readContextKey(context, "aws:SourceArn"), { state: "absent" });
    });

    it("an open-world context reads the keys it adds as unknown, and the request's own keys as given, whatever their case", () => {
        const document = policy({
            Effect: "Allow",
            Action: "s3:*",
            Resource: "*",
            Condition: { StringEquals: { "AWS:PrincipalTag/Team": "a", "aws:sourceaccount": "111122223333" } },
        });
        const open = openWorldContext({ "aws:SourceAccount": "111122223333" }, [document]);
        assert.deepEqual(readContextKey(open, "aws:principaltag/team"), { state: "unknown" });
        assert.deepEqual(readContextKey(open, "AWS:SOURCEACCOUNT"), { state: "single", value: "111122223333" });
        assert.equal(Object.keys(open).length, 2);
    });
});
