import * as assert from "assert";

import { decodeValue, encodeProperties, encodeValue, ResourceReference, Secret, secret, UNKNOWN, UNKNOWN_SENTINELS, UnknownValue } from "../../driver/values";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const keep = { skipInternalKeys: false };

describe("driver values: encoding as the engine marshals properties", () => {
    it("sends UNKNOWN as the unknown-string sentinel", () => {
        assert.strictEqual(encodeValue(UNKNOWN, keep), "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        assert.strictEqual(encodeValue(new UnknownValue("boolean"), keep), UNKNOWN_SENTINELS.boolean);
    });

    it("sends a secret as a signature object around its encoded value", () => {
        assert.deepStrictEqual(encodeValue(secret({ inner: UNKNOWN }), keep), {
            [SIG]: SECRET_SIG,
            value: { inner: UNKNOWN_SENTINELS.string },
        });
    });

    it("sends a resource reference as its ID, or its URN when it has none", () => {
        assert.strictEqual(encodeValue(new ResourceReference("urn:pulumi:s::p::t::n", "id-1"), keep), "id-1");
        assert.strictEqual(encodeValue(new ResourceReference("urn:pulumi:s::p::t::n"), keep), "urn:pulumi:s::p::t::n");
        assert.strictEqual(encodeValue(new ResourceReference("urn:pulumi:s::p::t::n", UNKNOWN), keep), UNKNOWN_SENTINELS.string);
    });

    it("drops internal keys at every level only when asked, and undefined keys always", () => {
        const properties = { a: 1, __meta: "x", nested: { __b: 2, c: [null, true] } };
        assert.deepStrictEqual(encodeProperties(properties, { skipInternalKeys: true }), {
            a: 1,
            nested: { c: [null, true] },
        });
        assert.deepStrictEqual(encodeProperties(properties, keep), properties);
        const withUndefined = { a: undefined } as unknown as Record<string, null>;
        assert.deepStrictEqual(encodeProperties(withUndefined, keep), {});
    });

    it("refuses values that are not property values", () => {
        assert.throws(() => encodeValue(new Date() as unknown as string, keep), /cannot send a Date/);
    });
});

describe("driver values: decoding results as the engine unmarshals them", () => {
    it("turns every sentinel back into an unknown of its kind", () => {
        for (const [kind, sentinel] of Object.entries(UNKNOWN_SENTINELS)) {
            const decoded = decodeValue(sentinel);
            assert.ok(decoded instanceof UnknownValue);
            assert.strictEqual(decoded.kind, kind);
        }
    });

    it("turns secret objects back into Secret wrappers, recursively", () => {
        const decoded = decodeValue({ list: [{ [SIG]: SECRET_SIG, value: { deep: "v" } }] });
        assert.deepStrictEqual(decoded, { list: [new Secret({ deep: "v" })] });
    });

    it("round-trips values through the wire form", () => {
        const original = { s: secret("x"), u: UNKNOWN, n: null, list: [1, "two", false] };
        assert.deepStrictEqual(decodeValue(encodeProperties(original, keep)), original);
    });

    it("prints secrets and unknowns as placeholders in JSON", () => {
        assert.strictEqual(JSON.stringify({ s: secret("hidden"), u: UNKNOWN }), '{"s":"[secret]","u":"[unknown]"}');
    });
});
