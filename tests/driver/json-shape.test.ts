/** Issue 22.9: the shape of a JSON text, measured before it is parsed. */
import * as assert from "assert";
import * as fc from "fast-check";

import { describeJsonShapeProblem, jsonLimitsFor, jsonShapeProblem, MAX_JSON_DEPTH, measureJson } from "../../driver/json-shape";

/** Values (keys included) and depth of a parsed document, the way the scanner counts them. */
function shapeOf(value: unknown, depth = 0): { values: number; depth: number } {
    if (typeof value !== "object" || value === null) {
        return { values: 1, depth };
    }
    const children = Array.isArray(value) ? value.map((v) => shapeOf(v, depth + 1)) : Object.values(value).map((v) => shapeOf(v, depth + 1));
    const keys = Array.isArray(value) ? 0 : Object.keys(value).length;
    return {
        values: 1 + keys + children.reduce((sum, c) => sum + c.values, 0),
        depth: Math.max(depth + 1, ...children.map((c) => c.depth)),
    };
}

const UNLIMITED = { maxValues: Number.MAX_SAFE_INTEGER, maxDepth: Number.MAX_SAFE_INTEGER };

describe("driver/json-shape (issue 22.9)", () => {
    it("counts every value and the deepest nesting of any JSON text, however it is spaced or escaped", () => {
        fc.assert(
            fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
                const text = JSON.stringify(value, null, pretty ? 2 : undefined);
                const { values, depth } = measureJson(text, UNLIMITED);
                assert.deepStrictEqual({ values, depth }, shapeOf(value), text);
            }),
            { numRuns: 300, seed: 22_9 },
        );
        assert.deepStrictEqual(measureJson('{"a\\\\\\"[{": ["]}\\\\", -1.5e3, true, null]}', UNLIMITED), { values: 7, depth: 2 });
    });

    it("stops at the first limit passed: too many values, too deep", () => {
        assert.deepStrictEqual(jsonShapeProblem(`[${"0,".repeat(99)}0]`, { maxValues: 100, maxDepth: 5 }), { kind: "values", limit: 100 });
        assert.strictEqual(jsonShapeProblem(`[${"0,".repeat(98)}0]`, { maxValues: 100, maxDepth: 5 }), undefined);
        assert.deepStrictEqual(jsonShapeProblem(`${"[".repeat(6)}${"]".repeat(6)}`, { maxValues: 100, maxDepth: 5 }), { kind: "depth", depth: 6, limit: 5 });
        assert.strictEqual(jsonShapeProblem(`${"[".repeat(5)}${"]".repeat(5)}`, { maxValues: 100, maxDepth: 5 }), undefined);
    });

    it("allows one value per 24 bytes of the size limit, and nesting to 256, and says so in one line", () => {
        assert.deepStrictEqual(jsonLimitsFor(1024 * 1024), { maxValues: 43_690, maxDepth: MAX_JSON_DEPTH });
        for (const problem of [jsonShapeProblem(`[${"0,".repeat(70_000)}0]`, jsonLimitsFor(1024 * 1024)), jsonShapeProblem("[".repeat(300))]) {
            assert.ok(problem);
            assert.doesNotMatch(describeJsonShapeProblem(problem), /\n/);
        }
    });
});
