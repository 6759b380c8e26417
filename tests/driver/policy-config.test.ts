import * as assert from "assert";

import { AnalyzerInfo, parsePolicyConfig, PolicyInfo, reconcilePolicyConfig } from "../../driver";

function policy(name: string, overrides: Partial<PolicyInfo> = {}): PolicyInfo {
    return {
        name,
        displayName: "",
        description: "",
        message: "",
        enforcementLevel: "advisory",
        type: "resource",
        severity: "unspecified",
        ...overrides,
    };
}

const info: AnalyzerInfo = {
    name: "pack",
    displayName: "",
    version: "1.0.0",
    description: "",
    supportsConfig: true,
    policies: [
        policy("a"),
        policy("b", { enforcementLevel: "mandatory" }),
        policy("c", { configSchema: { properties: { limit: { type: "number", default: 3 } }, required: [] } }),
    ],
    initialConfig: {},
};

describe("policy config: the --policy-pack-config file format", () => {
    it("reads levels given as strings or inside objects, with the other keys as properties", () => {
        assert.deepStrictEqual(parsePolicyConfig('{"all": "mandatory", "a": {"enforcementLevel": "disabled", "x": 1}, "c": {"limit": 5}}'), {
            all: { enforcementLevel: "mandatory" },
            a: { enforcementLevel: "disabled", properties: { x: 1 } },
            c: { properties: { limit: 5 } },
        });
        assert.deepStrictEqual(parsePolicyConfig("  \n"), {});
    });

    it("explains what is wrong in one line", () => {
        assert.throws(() => parsePolicyConfig("{"), /^Error: not valid JSON/);
        assert.throws(() => parsePolicyConfig("[]"), /must be a JSON object/);
        assert.throws(() => parsePolicyConfig('{"a": "strict"}'), /"a": "strict" is not an enforcement level/);
        assert.throws(() => parsePolicyConfig('{"a": {"enforcementLevel": 1}}'), /"a": 1 is not an enforcement level/);
        assert.throws(() => parsePolicyConfig('{"a": 3}'), /"a" must be an enforcement level or an object/);
    });
});

describe("policy config: reconciled as the engine does before Configure", () => {
    it("starts from each policy's own level and its schema defaults", () => {
        assert.deepStrictEqual(reconcilePolicyConfig(info), {
            a: { enforcementLevel: "advisory" },
            b: { enforcementLevel: "mandatory" },
            c: { enforcementLevel: "advisory", properties: { limit: 3 } },
        });
    });

    it("applies `all` to every policy, then per-policy entries on top", () => {
        assert.deepStrictEqual(reconcilePolicyConfig(info, parsePolicyConfig('{"all": "disabled", "b": "advisory", "c": {"limit": 9}}')), {
            a: { enforcementLevel: "disabled" },
            b: { enforcementLevel: "advisory" },
            c: { enforcementLevel: "disabled", properties: { limit: 9 } },
        });
    });

    it("applies the pack's initial config before the given config", () => {
        const withInitial = { ...info, initialConfig: { a: { enforcementLevel: "mandatory" as const } } };
        assert.strictEqual(reconcilePolicyConfig(withInitial).a.enforcementLevel, "mandatory");
        assert.strictEqual(reconcilePolicyConfig(withInitial, { a: { enforcementLevel: "advisory" } }).a.enforcementLevel, "advisory");
    });
});
