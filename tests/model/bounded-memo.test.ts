import * as assert from "assert";
import { BoundedMemo } from "../../policies/model/bounded-memo";

describe("BoundedMemo", () => {
    function counting(maxEntries: number, maxKeyLength?: number) {
        const computed: string[] = [];
        const memo = new BoundedMemo(
            (key) => {
                computed.push(key);
                return { key };
            },
            maxEntries,
            maxKeyLength,
        );
        return { memo, computed };
    }

    it("computes a key once and returns the same value after", () => {
        const { memo, computed } = counting(4);
        const first = memo.get("a");
        assert.strictEqual(memo.get("a"), first);
        assert.deepStrictEqual(computed, ["a"]);
    });

    it("keeps a null value rather than computing it again", () => {
        let calls = 0;
        const memo = new BoundedMemo(() => {
            calls++;
            return null;
        }, 4);
        assert.strictEqual(memo.get("x"), null);
        assert.strictEqual(memo.get("x"), null);
        assert.strictEqual(calls, 1);
    });

    it("makes room by dropping the oldest entry once full", () => {
        const { memo, computed } = counting(2);
        memo.get("a");
        memo.get("b");
        memo.get("c");
        memo.get("b");
        memo.get("a");
        assert.deepStrictEqual(computed, ["a", "b", "c", "a"]);
    });

    it("does not keep keys longer than the limit", () => {
        const { memo, computed } = counting(4, 3);
        const long = "abcd";
        assert.notStrictEqual(memo.get(long), memo.get(long));
        memo.get("abc");
        memo.get("abc");
        assert.deepStrictEqual(computed, [long, long, "abc"]);
    });

    it("keeps nothing when computing throws", () => {
        let fail = true;
        const memo = new BoundedMemo((key) => {
            if (fail) {
                throw new Error("boom");
            }
            return key.toUpperCase();
        }, 4);
        assert.throws(() => memo.get("k"), /boom/);
        fail = false;
        assert.strictEqual(memo.get("k"), "K");
    });
});
