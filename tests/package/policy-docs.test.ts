/**
 * Each policy is documented in four places: its own fields (description, url, severity,
 * remediationSteps, configSchema), the README's "What it checks" table, its section of
 * docs/policies.md and policy-config/prod.json. What can be made from the catalogue is generated
 * (docs/policies.md's contents: tests/package/generated-docs.test.ts; prod.json is compared whole
 * by presets.test.ts); the rest is checked against the catalogue here.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { s3EncryptedReplicationPolicies } from "../../policies/pack/factory";

const ROOT = path.resolve(__dirname, "../..");
const policies = s3EncryptedReplicationPolicies();

function kindOf(policy: object): string {
    const resource = "validateResource" in policy && policy.validateResource !== undefined;
    const stack = "validateStack" in policy && policy.validateStack !== undefined;
    return resource && stack ? "setting" : resource ? "resource" : "stack";
}

function remediates(policy: object): boolean {
    return "remediateResource" in policy && policy.remediateResource !== undefined;
}

describe("the policy documentation agrees with the catalogue", () => {
    it("README's table lists every policy once, in report order, with its default level, kind and whether it remediates", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const rows = readme
            .split("\n")
            .filter((line) => line.startsWith("| `s3-replication-"))
            .map((line) => line.split("|").map((cell) => cell.trim()));
        assert.deepStrictEqual(
            rows.map(([, name, level, kind, remediation]) => [name, level, kind, remediation]),
            policies.map((p) => [`\`${p.name}\``, p.enforcementLevel, kindOf(p), remediates(p) ? "yes" : ""]),
        );
    });

    it("docs/policies.md has one section per policy, in report order, naming every setting of its configuration", () => {
        const docs = fs.readFileSync(path.join(ROOT, "docs", "policies.md"), "utf8");
        const sections = docs.split(/^## /m).slice(1);
        assert.deepStrictEqual(
            sections.map((section) => section.split("\n")[0]),
            policies.map((p) => p.name),
        );
        policies.forEach((policy, i) => {
            for (const setting of Object.keys(policy.configSchema?.properties ?? {})) {
                assert.ok(sections[i].includes(`\`${setting}\``) || sections[i].includes(`"${setting}"`), `${policy.name}: ${setting}`);
            }
            assert.strictEqual(remediates(policy), sections[i].includes("**Remediation:**"), `${policy.name}: remediation documented iff it remediates`);
        });
    });
});
