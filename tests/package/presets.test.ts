/** The shipped configuration presets and the README stay in step with the catalogue. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { s3EncryptedReplicationPolicies } from "../../policies/pack/factory";

const ROOT = path.resolve(__dirname, "../..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));

describe("configuration presets", () => {
    const policies = s3EncryptedReplicationPolicies();

    it("prod.json sets every policy to its default level", () => {
        const prod = readJson("policy-config/prod.json");
        const expected = Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]));
        assert.deepStrictEqual(prod, expected);
    });

    it("dev.json makes everything advisory", () => {
        assert.deepStrictEqual(readJson("policy-config/dev.json"), { all: "advisory" });
    });

    it("every configurable policy declares a JSON schema with typed properties", () => {
        for (const policy of policies.filter((p) => p.configSchema)) {
            for (const [name, schema] of Object.entries(policy.configSchema!.properties)) {
                assert.ok(schema.type, `${policy.name}.${name} has no type`);
            }
        }
    });

    it("the README documents every policy with its default level", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        for (const policy of policies) {
            assert.match(readme, new RegExp(`\\| \`${policy.name}\` \\| ${policy.enforcementLevel} \\|`), policy.name);
        }
    });
});
