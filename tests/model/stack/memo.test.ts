import * as assert from "assert";
import { StackIndex } from "../../../policies/model/stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

describe("StackIndex.memoBy", () => {
    it("computes once per name and key, keys compared by identity", () => {
        const index = new StackIndex([], NO_SECRETS);
        const [a, b] = [{ id: "same" }, { id: "same" }];
        const computed: object[] = [];
        const compute = (key: object) => {
            computed.push(key);
            return { of: key };
        };
        const first = index.memoBy("n", a, compute);
        assert.strictEqual(index.memoBy("n", a, compute), first);
        assert.notStrictEqual(index.memoBy("n", b, compute), first);
        index.memoBy("other", a, compute);
        assert.deepStrictEqual(computed, [a, b, a]);
    });

    it("keeps an undefined result, and nothing when computing throws", () => {
        const index = new StackIndex([], NO_SECRETS);
        let calls = 0;
        assert.strictEqual(
            index.memoBy("u", "k", () => (calls++, undefined)),
            undefined,
        );
        assert.strictEqual(
            index.memoBy("u", "k", () => (calls++, undefined)),
            undefined,
        );
        assert.strictEqual(calls, 1);
        assert.throws(
            () =>
                index.memoBy("t", "k", () => {
                    throw new Error("boom");
                }),
            /boom/,
        );
        assert.strictEqual(
            index.memoBy("t", "k", () => "ok"),
            "ok",
        );
    });

    it("is separate for each index", () => {
        const [one, two] = [new StackIndex([], NO_SECRETS), new StackIndex([], NO_SECRETS)];
        assert.strictEqual(
            one.memoBy("n", "k", () => 1),
            1,
        );
        assert.strictEqual(
            two.memoBy("n", "k", () => 2),
            2,
        );
    });
});
