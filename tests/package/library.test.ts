/** The library factory and the metadata Pulumi Cloud shows for each policy. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { catalogue } from "../../policies/pack/catalogue";
import { PolicyName, policyNames, s3EncryptedReplicationPolicies } from "../../policies/pack/factory";
import type { Diagnostic } from "../support/harness";
import { inOwnProcess } from "../support/own-process";
import { crossAccountKeyFindings } from "./library.scenarios";

describe("the library factory", () => {
    it("lists the environments setting first, then the catalogue", () => {
        assert.deepStrictEqual(
            s3EncryptedReplicationPolicies().map((p) => p.name),
            [...policyNames],
        );
        assert.strictEqual(policyNames[0], "s3-replication-environments");
    });

    it("`all` sets every policy's level but never the pack-wide setting", () => {
        const policies = s3EncryptedReplicationPolicies({ enforcementLevels: { all: "disabled", "s3-replication-role-trust": "mandatory" } });
        const levels = Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]));
        assert.strictEqual(levels["s3-replication-environments"], "advisory");
        assert.strictEqual(levels["s3-replication-role-trust"], "mandatory");
        assert.strictEqual(levels["s3-replication-sse-kms-opt-in"], "disabled");
    });

    it("rejects unknown policy names, and a level for the pack-wide setting, from untyped callers", () => {
        const untyped = s3EncryptedReplicationPolicies as (options: object) => unknown;
        assert.throws(() => untyped({ enforcementLevels: { "s3-replication-kms-throtling": "disabled" } }), /no policy named s3-replication-kms-throtling/);
        assert.throws(() => untyped({ config: { nope: {} } }), /no policy named nope/);
        assert.throws(() => untyped({ enforcementLevels: { "s3-replication-environments": "disabled" } }), /takes configuration, not a level/);
    });

    it("types policy names: a misspelt name does not compile", () => {
        const name: PolicyName = "s3-replication-kms-throttling";
        // @ts-expect-error no policy has this name
        const misspelt: PolicyName = "s3-replication-kms-throtling";
        const compileTimeOnly = () => {
            // @ts-expect-error no policy has this name
            s3EncryptedReplicationPolicies({ enforcementLevels: { "s3-replication-kms-throtling": "disabled" } });
            // @ts-expect-error no policy has this name
            s3EncryptedReplicationPolicies({ config: { "s3-replication-replica-key-regio": {} } });
            s3EncryptedReplicationPolicies({ config: { "s3-replication-environments": { advisoryStacks: ["dev"] } } });
        };
        assert.ok(policyNames.includes(name));
        assert.ok(!(policyNames as readonly string[]).includes(misspelt));
        assert.strictEqual(typeof compileTimeOnly, "function");
    });

    it("takes the outside facts of the environments setting (EnvironmentConfig.externalResources), and they reach the policies", async () => {
        assert.deepStrictEqual(await crossAccountKeyFindings(), [], "a key outside the stack: advisory");
        const [finding] = await inOwnProcess<Diagnostic[]>("tests/package/library.scenarios.ts", "withAwsManagedKeyFacts");
        assert.ok(finding?.message.includes("That is an AWS managed key"), JSON.stringify(finding));
    });
});

describe("policy metadata for Pulumi Cloud", () => {
    for (const policy of catalogue) {
        it(`${policy.name}: an AWS documentation url, a severity and remediation steps`, () => {
            assert.match(policy.url ?? "", /^https:\/\/docs\.aws\.amazon\.com\/[\w/-]+\.html$/);
            assert.ok(["low", "medium", "high", "critical"].includes(policy.severity ?? ""), policy.severity);
            assert.ok((policy.remediationSteps ?? "").length > 40, policy.remediationSteps);
        });
    }

    it("mandatory policies are of high or critical severity, advisory ones low or medium", () => {
        for (const policy of catalogue) {
            const serious = policy.severity === "high" || policy.severity === "critical";
            assert.strictEqual(serious, policy.enforcementLevel === "mandatory", policy.name);
        }
    });
});

describe("the policies folder", () => {
    it("holds one file per policy of the pack at its top level, and nothing else", () => {
        const dir = path.resolve(__dirname, "../../policies");
        const files = fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile());
        const declared = files.flatMap((file) => {
            const exported: Record<string, unknown> = require(path.join(dir, file.name));
            const policies = Object.values(exported).filter(
                (value): value is { name: string } => typeof value === "object" && value !== null && "enforcementLevel" in value && "name" in value,
            );
            assert.strictEqual(policies.length, 1, `${file.name} declares ${policies.length} policies`);
            return policies.map((policy) => policy.name);
        });
        assert.deepStrictEqual([...declared].sort(), [...policyNames].sort());
    });
});
