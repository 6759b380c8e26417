import * as assert from "assert";
import { Secret } from "@pulumi/policy";
import {
    ABSENT,
    arrayOf,
    booleanOf,
    containsUnknown,
    isKnown,
    isKnownValue,
    isUnknownValue,
    elementsOf,
    knownElements,
    knownBoolean,
    knownNumber,
    knownString,
    numberOf,
    plain,
    read,
    Read,
    readBelow,
    stringOf,
    UNKNOWN,
    UNKNOWN_READ,
    UNKNOWN_SENTINELS,
    unproxy,
} from "../../policies/model/value";
import { analyzed, remediated } from "../support/proxies";

describe("model/value", () => {
    describe("read", () => {
        it("tells known, unknown and absent values apart through the framework's proxy", () => {
            const props = analyzed({ a: { b: "x", n: 0, f: false, empty: "" }, u: UNKNOWN, list: ["p", UNKNOWN], nothing: null });
            assert.deepStrictEqual(read(props, "a", "b"), { state: "known", value: "x", secret: false });
            assert.deepStrictEqual(read(props, "a", "n"), { state: "known", value: 0, secret: false });
            assert.deepStrictEqual(read(props, "a", "f"), { state: "known", value: false, secret: false });
            assert.deepStrictEqual(read(props, "a", "empty"), { state: "known", value: "", secret: false });
            assert.deepStrictEqual(read(props, "u"), { state: "unknown", secret: false });
            assert.deepStrictEqual(read(props, "u", "deeper", 0), { state: "unknown", secret: false });
            assert.deepStrictEqual(read(props, "list", 0), { state: "known", value: "p", secret: false });
            assert.deepStrictEqual(read(props, "list", 1), { state: "unknown", secret: false });
            assert.strictEqual(read(props, "list", 2), ABSENT);
            assert.strictEqual(read(props, "nothing"), ABSENT);
            assert.strictEqual(read(props, "missing", "deeper"), ABSENT);
        });

        it("never throws where the proxy does", () => {
            const props = analyzed({ u: UNKNOWN });
            assert.throws(() => (props as { u: unknown }).u, /can't be known during preview/);
            assert.strictEqual(read(props, "u").state, "unknown");
        });

        it("recognises every engine sentinel as unknown", () => {
            for (const sentinel of UNKNOWN_SENTINELS) {
                assert.strictEqual(read(analyzed({ v: sentinel }), "v").state, "unknown", sentinel);
                assert.ok(isUnknownValue(sentinel));
            }
            assert.ok(!isUnknownValue("04da6b54"));
        });

        it("reads root values of any type", () => {
            assert.deepStrictEqual(read("x"), { state: "known", value: "x", secret: false });
            assert.strictEqual(read(undefined), ABSENT);
            assert.strictEqual(read(null), ABSENT);
            assert.strictEqual(read(UNKNOWN).state, "unknown");
        });

        it("does not index into what is not a container, or with the wrong kind of segment", () => {
            const props = analyzed({ s: "text", n: 5, list: ["a"], obj: { 0: "zero" } });
            assert.strictEqual(read(props, "s", "length"), ABSENT);
            assert.strictEqual(read(props, "s", 0), ABSENT);
            assert.strictEqual(read(props, "n", "toFixed"), ABSENT);
            assert.strictEqual(read(props, "list", "length"), ABSENT);
            assert.strictEqual(read(props, "list", -1), ABSENT);
            assert.strictEqual(read(props, "obj", 0), ABSENT);
            assert.strictEqual(read(props, "obj", "toString"), ABSENT, "inherited properties are not properties");
            assert.strictEqual(read(props, "obj", "__proto__"), ABSENT);
        });

        it("unwraps secrets and marks everything read through them as secret", () => {
            const props = remediated({
                key: new Secret("k"),
                block: new Secret({ inner: { value: "v" }, u: UNKNOWN }),
                nested: new Secret(new Secret("twice")),
                unknown: new Secret(UNKNOWN),
            });
            assert.deepStrictEqual(read(props, "key"), { state: "known", value: "k", secret: true });
            assert.deepStrictEqual(read(props, "block", "inner", "value"), { state: "known", value: "v", secret: true });
            assert.deepStrictEqual(read(props, "block", "u"), { state: "unknown", secret: true });
            assert.deepStrictEqual(read(props, "nested"), { state: "known", value: "twice", secret: true });
            assert.deepStrictEqual(read(props, "unknown"), { state: "unknown", secret: true });
            assert.strictEqual(read(props, "block", "missing"), ABSENT);
        });

        it("does not take a plain object with `constructor` and `value` keys for a secret", () => {
            const props = analyzed({ lookalike: { constructor: { name: "Secret" }, value: "v" } });
            const lookalike = read(props, "lookalike");
            assert.ok(lookalike.state === "known" && !lookalike.secret);
            assert.strictEqual(knownString(props, "lookalike"), undefined);
            assert.strictEqual(knownString(props, "lookalike", "value"), "v");
        });

        it("reads odd values as they are, and never throws on values it cannot inspect", () => {
            const date = new Date(0);
            const props = analyzed({ date, map: new Map([["k", "v"]]), big: BigInt(1), sym: Symbol("s"), fn: () => 1 });
            assert.deepStrictEqual(read(props, "date"), { state: "known", value: date, secret: false });
            assert.strictEqual(read(props, "map", "k"), ABSENT);
            assert.strictEqual(read(props, "big").state, "known");
            assert.strictEqual(read(props, "sym").state, "known");
            assert.strictEqual(read(props, "fn", "missing"), ABSENT);

            const throwing = Object.defineProperty({}, "boom", {
                enumerable: true,
                get: () => {
                    throw new Error("boom");
                },
            });
            const { proxy: revoked, revoke } = Proxy.revocable({ a: 1 }, {});
            revoke();
            for (const root of [throwing, revoked, analyzed({ inner: revoked })]) {
                assert.doesNotThrow(() => read(root, "boom"));
                assert.doesNotThrow(() => read(root, "inner", "a"));
                assert.doesNotThrow(() => containsUnknown(root));
                assert.doesNotThrow(() => plain(root));
            }
            assert.strictEqual(read(throwing, "boom").state, "unknown", "what cannot be read is never taken as absent");
            assert.strictEqual(read(revoked, "a").state, "unknown");
        });
    });

    describe("readBelow", () => {
        it("keeps unknown and secret blocks from reading as absent or plain", () => {
            assert.deepStrictEqual(readBelow({ state: "unknown", secret: false }, "a", "b"), { state: "unknown", secret: false });
            assert.strictEqual(readBelow(ABSENT, "a"), ABSENT);
            assert.deepStrictEqual(readBelow({ state: "known", value: { a: "x" }, secret: true }, "a"), { state: "known", value: "x", secret: true });
            assert.strictEqual(readBelow({ state: "known", value: { a: "x" }, secret: true }, "b"), ABSENT);
            assert.deepStrictEqual(readBelow({ state: "known", value: { a: UNKNOWN }, secret: false }, "a"), { state: "unknown", secret: false });
        });
    });

    describe("typed accessors", () => {
        const props = analyzed({
            s: "text",
            t: "true",
            f: "false",
            b: true,
            n: 15,
            ns: "15",
            blank: " ",
            nan: "NaN",
            inf: "Infinity",
            list: [1, UNKNOWN],
            obj: { a: 1 },
            u: UNKNOWN,
            secretN: new Secret(3),
        });

        it("return known values of their type and undefined otherwise", () => {
            assert.strictEqual(knownString(props, "s"), "text");
            assert.strictEqual(knownString(props, "n"), undefined);
            assert.strictEqual(knownString(props, "u"), undefined);
            assert.strictEqual(knownBoolean(props, "b"), true);
            assert.strictEqual(knownBoolean(props, "t"), true);
            assert.strictEqual(knownBoolean(props, "f"), false);
            assert.strictEqual(knownBoolean(props, "s"), undefined);
            assert.strictEqual(knownBoolean(props, "n"), undefined);
            assert.strictEqual(knownNumber(props, "n"), 15);
            assert.strictEqual(knownNumber(props, "ns"), 15);
            assert.strictEqual(knownNumber(props, "secretN"), 3);
            for (const odd of ["blank", "nan", "inf", "s", "b", "list", "obj", "u", "missing"]) {
                assert.strictEqual(knownNumber(props, odd), undefined, odd);
            }
            assert.deepStrictEqual(
                knownElements(props, "list"),
                [{ state: "known", value: 1, secret: false }, UNKNOWN_READ],
                "an unknown element reads as unknown, not as the sentinel string (issue 22.7)",
            );
            assert.strictEqual(knownElements(props, "obj"), undefined);
            assert.strictEqual(knownElements(props, "u"), undefined);
        });

        it("convert a read: a known value of the type, secret or not, and undefined for anything unknown or absent", () => {
            const known = (value: unknown, secret = false): Read => ({ state: "known", value, secret });
            assert.strictEqual(stringOf(known("text")), "text");
            assert.strictEqual(stringOf(known("text", true)), "text");
            assert.strictEqual(stringOf(known(15)), undefined);
            assert.strictEqual(booleanOf(known(false)), false);
            assert.strictEqual(booleanOf(known("false")), false);
            assert.strictEqual(booleanOf(known("true", true)), true);
            assert.strictEqual(booleanOf(known("TRUE")), undefined, "only the spellings the engine sends");
            assert.strictEqual(booleanOf(known(0)), undefined);
            assert.strictEqual(numberOf(known(" 15 ")), 15);
            assert.strictEqual(numberOf(known(-2.5, true)), -2.5);
            assert.strictEqual(numberOf(known(Number.NaN)), undefined);
            assert.strictEqual(numberOf(known("")), undefined);
            assert.strictEqual(numberOf(known(true)), undefined);
            assert.deepStrictEqual(arrayOf(known(["a", UNKNOWN])), ["a", UNKNOWN]);
            assert.strictEqual(arrayOf(known("a")), undefined);
            assert.deepStrictEqual(elementsOf(known(["a", UNKNOWN])), [known("a"), UNKNOWN_READ]);
            assert.deepStrictEqual(
                elementsOf(known(["a", UNKNOWN], true)),
                [known("a", true), { state: "unknown", secret: true }],
                "a secret list's elements are secret",
            );
            for (const notKnown of [ABSENT, UNKNOWN_READ, { state: "unknown", secret: true } as Read]) {
                assert.deepStrictEqual(
                    [stringOf(notKnown), booleanOf(notKnown), numberOf(notKnown), arrayOf(notKnown), elementsOf(notKnown)],
                    [undefined, undefined, undefined, undefined, undefined],
                );
            }
        });

        it("read a path as the conversion of the read at that path", () => {
            const keys = [...Object.keys(unproxy(props) as object), "missing"];
            assert.ok(keys.length > 10, keys.join());
            for (const key of keys) {
                const at = read(props, key);
                assert.strictEqual(knownString(props, key), stringOf(at), key);
                assert.strictEqual(knownBoolean(props, key), booleanOf(at), key);
                assert.strictEqual(knownNumber(props, key), numberOf(at), key);
                assert.deepStrictEqual(knownElements(props, key), elementsOf(at), key);
            }
            assert.strictEqual(knownString(props, "obj", "a"), undefined);
            assert.strictEqual(knownNumber(props, "obj", "a"), 1);
        });

        it("isKnown narrows a read", () => {
            assert.ok(isKnown(read(props, "s")));
            assert.ok(!isKnown(read(props, "u")));
            assert.ok(!isKnown(read(props, "missing")));
        });
    });

    describe("isKnownValue", () => {
        it("holds only for a known value equal to the expected one, secret or not", () => {
            const props = analyzed({ status: "Enabled", lower: "enabled", unknown: UNKNOWN, secret: new Secret("Enabled"), one: 1 });
            assert.strictEqual(isKnownValue(read(props, "status"), "Enabled"), true);
            assert.strictEqual(isKnownValue(read(props, "secret"), "Enabled"), true);
            assert.strictEqual(isKnownValue(read(props, "lower"), "Enabled"), false);
            assert.strictEqual(isKnownValue(read(props, "unknown"), "Enabled"), false);
            assert.strictEqual(isKnownValue(read(props, "missing"), "Enabled"), false);
            assert.strictEqual(isKnownValue(read(props, "one"), "1"), false, "no conversion");
        });
    });

    describe("containsUnknown and plain", () => {
        it("find unknowns at any depth, behind proxies and secrets", () => {
            assert.ok(containsUnknown(analyzed({ a: [{ b: UNKNOWN }] })));
            assert.ok(containsUnknown(remediated({ a: new Secret({ b: UNKNOWN }) })));
            assert.ok(!containsUnknown(analyzed({ a: [{ b: "x" }], n: null })));
        });

        it("copy without proxies or secret wrappers", () => {
            const copy = plain(remediated({ a: new Secret({ b: ["x", new Secret(2)] }), n: null }));
            assert.deepStrictEqual(copy, { a: { b: ["x", 2] }, n: null });
            assert.strictEqual(unproxy(copy), copy);
        });
    });
});
