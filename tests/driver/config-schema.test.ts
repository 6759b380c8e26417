import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { AnalyzerInfo, checkPolicyConfig, parsePolicyConfig, PolicyInfo, reconcilePolicyConfig } from "../../driver";
import { cliPolicySchema, unsupportedKeywords, validateAgainstSchema } from "../../driver/config-schema";
import { s3EncryptedReplicationPolicies } from "../../policies/pack/factory";

/**
 * The expected strings are gojsonschema's, as `pulumi preview --policy-pack-config` prints them
 * (pkg/resource/analyzer/config.go: `<policy>: <field>: <description>`, "(root): " dropped, sorted).
 */
function policy(name: string, overrides: Partial<PolicyInfo> = {}): PolicyInfo {
    return { name, displayName: "", description: "", message: "", enforcementLevel: "advisory", type: "resource", severity: "unspecified", ...overrides };
}

function packInfo(policies: PolicyInfo[]): AnalyzerInfo {
    return { name: "pack", displayName: "", version: "1.0.0", description: "", supportsConfig: true, policies, initialConfig: {} };
}

/** Our own pack's policies, as GetAnalyzerInfo reports them. */
const OUR_PACK = packInfo(
    s3EncryptedReplicationPolicies().map((p) =>
        policy(p.name, {
            enforcementLevel: p.enforcementLevel ?? "advisory",
            ...(p.configSchema ? { configSchema: { properties: p.configSchema.properties ?? {}, required: p.configSchema.required ?? [] } } : {}),
        }),
    ),
);

function check(info: AnalyzerInfo, configText: string) {
    const given = parsePolicyConfig(configText);
    return checkPolicyConfig(info, reconcilePolicyConfig(info, given), given);
}

describe("policy config validation, as the Pulumi CLI validates --policy-pack-config", () => {
    it("rejects a Region that is not one, with the policy, the path and the reason", () => {
        const { errors } = check(OUR_PACK, '{"s3-replication-replica-key-region": {"destinationRegions": {"b": "US-WEST-2"}}}');
        assert.deepStrictEqual(errors, ["s3-replication-replica-key-region: destinationRegions.b: Does not match pattern '^[a-z]{2,4}(-[a-z]+)+-\\d+$'"]);
    });

    it("accepts the shipped presets without an error or a warning", () => {
        for (const preset of ["dev.json", "prod.json"]) {
            const text = fs.readFileSync(path.join(__dirname, "..", "..", "policy-config", preset), "utf8");
            assert.deepStrictEqual(check(OUR_PACK, text), { errors: [], warnings: [] }, preset);
        }
    });

    it("accepts every real Region of every partition", () => {
        const regions = [
            "us-east-1",
            "eu-central-2",
            "ap-southeast-5",
            "il-central-1",
            "mx-central-1",
            "us-gov-west-1",
            "cn-north-1",
            "cn-northwest-1",
            "us-iso-east-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
            "us-isof-south-1",
            "eusc-de-east-1",
        ];
        const config = { "s3-replication-replica-key-region": { destinationRegions: Object.fromEntries(regions.map((r) => [`bucket-${r}`, r])) } };
        assert.deepStrictEqual(check(OUR_PACK, JSON.stringify(config)).errors, []);
    });

    it("rejects wrong types and account ids, sorted as the CLI sorts them", () => {
        const { errors } = check(
            OUR_PACK,
            JSON.stringify({
                "s3-replication-cross-account-key": { bucketAccounts: { a: "12345", b: 222222222222 } },
                "s3-replication-environments": { advisoryStacks: "dev" },
            }),
        );
        assert.deepStrictEqual(errors, [
            "s3-replication-cross-account-key: bucketAccounts.a: Does not match pattern '^\\d{12}$'",
            "s3-replication-cross-account-key: bucketAccounts.b: Invalid type. Expected: string, given: integer",
            "s3-replication-environments: advisoryStacks: Invalid type. Expected: array, given: string",
        ]);
    });

    it('takes enforcementLevel out before validating, and lets "all" set only levels', () => {
        const { errors, warnings } = check(
            OUR_PACK,
            JSON.stringify({
                all: "advisory",
                "s3-replication-replica-key-region": { enforcementLevel: "mandatory", destinationRegions: { b: "us-west-2" } },
            }),
        );
        assert.deepStrictEqual(errors, []);
        assert.deepStrictEqual(warnings, []);
    });

    it("warns about properties a policy does not have and policies the pack does not have, which the CLI ignores", () => {
        const { errors, warnings } = check(
            OUR_PACK,
            JSON.stringify({
                "s3-replication-replica-key-region": { destinationRegion: { b: "us-west-2" } },
                "s3-replication-versioning": { strict: true },
                "s3-replication-nosuch": "mandatory",
            }),
        );
        assert.deepStrictEqual(errors, []);
        assert.deepStrictEqual(warnings, [
            '"s3-replication-replica-key-region" has no property "destinationRegion" (its properties are destinationRegions); it is ignored',
            '"s3-replication-versioning" has no property "strict" (it takes no properties); it is ignored',
            'the policy config names "s3-replication-nosuch", which pack pack does not have',
        ]);
    });

    it("validates every policy with a schema, named in the config or not, defaults included", () => {
        const info = packInfo([
            policy("needs-limit", { configSchema: { properties: { limit: { type: "integer", minimum: 1 } }, required: ["limit"] } }),
            policy("bad-default", { configSchema: { properties: { mode: { type: "string", enum: ["a", "b"], default: "c" } }, required: [] } }),
        ]);
        assert.deepStrictEqual(check(info, "{}").errors, ['bad-default: mode: mode must be one of the following: "a", "b"', "needs-limit: limit is required"]);
        assert.deepStrictEqual(check(info, '{"needs-limit": {"limit": 0.5}, "bad-default": {"mode": "a"}}').errors, [
            "needs-limit: limit: Invalid type. Expected: integer, given: number",
        ]);
        assert.deepStrictEqual(
            check(info, '{"needs-limit": {"limit": 0}}').errors.filter((e) => e.startsWith("needs-limit")),
            ["needs-limit: limit: Must be greater than or equal to 1"],
        );
    });

    it("implements the keywords our policies' schemas use, and says which it does not", () => {
        for (const p of OUR_PACK.policies) {
            assert.deepStrictEqual(unsupportedKeywords(cliPolicySchema(p.configSchema ?? {})), [], p.name);
        }
        assert.deepStrictEqual(unsupportedKeywords({ properties: { a: { oneOf: [], items: { $ref: "#/x" } } } }), ["$ref", "oneOf"]);
        const info = packInfo([policy("fancy", { configSchema: { properties: { a: { anyOf: [{ type: "string" }] } }, required: [] } })]);
        assert.deepStrictEqual(check(info, "{}").warnings, ["fancy: config not validated: its schema uses anyOf, which the checker does not implement"]);
    });

    it("drops a top-level additionalProperties, as the CLI's schema conversion does, but keeps nested ones", () => {
        const schema = cliPolicySchema({ properties: { m: { type: "object", additionalProperties: false } }, additionalProperties: false } as never);
        assert.deepStrictEqual(validateAgainstSchema(schema, { other: 1 }), []);
        assert.deepStrictEqual(validateAgainstSchema(schema, { m: { x: 1 } }), ["m: Additional property x is not allowed"]);
    });

    it("words string, array and object limits as gojsonschema does", () => {
        const schema = {
            type: "object",
            properties: {
                s: { type: "string", minLength: 2, maxLength: 3 },
                a: { type: "array", items: { type: "string", maxLength: 1 }, minItems: 1, maxItems: 2, uniqueItems: true },
                o: { type: "object", maxProperties: 1 },
                n: { type: ["string", "null"] },
            },
        };
        assert.deepStrictEqual(validateAgainstSchema(schema, { s: "a", a: ["x", "x", "yy"], o: { p: 1, q: 2 }, n: 3 }), [
            "s: String length must be greater than or equal to 2",
            "a: Array must have at most 2 items",
            "a: array items[0,1] must be unique",
            "a.2: String length must be less than or equal to 1",
            "o: Must have at most 1 properties",
            "n: Invalid type. Expected: [string,null], given: integer",
        ]);
        assert.deepStrictEqual(validateAgainstSchema(schema, { s: "abcd", a: [] }), [
            "s: String length must be less than or equal to 3",
            "a: Array must have at least 1 items",
        ]);
    });
});
