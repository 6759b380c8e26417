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
import { LANGUAGE_SPECIFIC } from "../support/language-neutral";

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

    it("docs/policies.md names what to set by schema path and API element; code of one language only in examples labelled with it", () => {
        const lines = fs.readFileSync(path.join(ROOT, "docs", "policies.md"), "utf8").split("\n");
        let fence: string | undefined;
        lines.forEach((line, i) => {
            const opening = /^```(\w*)/.exec(line);
            if (opening && fence === undefined) {
                fence = opening[1];
                if (fence !== "json") {
                    // Only JSON (policy documents, the pack's config) is language-neutral; anything else is labelled.
                    assert.strictEqual(fence, "ts", `line ${i + 1}: an example in a language other than TypeScript needs its own label`);
                    assert.strictEqual(lines[i - 2], "**Example, Pulumi TypeScript:**", `line ${i + 1}: a TypeScript example must be labelled`);
                }
                return;
            }
            if (opening) {
                fence = undefined;
                return;
            }
            if (fence === undefined) {
                assert.doesNotMatch(line, LANGUAGE_SPECIFIC, `line ${i + 1}, outside a labelled example: ${line}`);
            }
        });
        const sections = lines.join("\n").split(/^## /m).slice(1);
        for (const section of sections.filter((text) => text.includes("```ts"))) {
            assert.match(section, /\*\*Set:\*\* [^]*\(\w+ API:\s/, `${section.split("\n")[0]}: no **Set:** line naming the API element`);
        }
    });
});
