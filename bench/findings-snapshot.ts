/**
 * `npx ts-node --transpile-only bench/findings-snapshot.ts <output file>`: every finding and remediation the catalogue
 * gives, written to one file, so that a refactor can be shown to change none (compare the files
 * written before and after, byte for byte: `cmp before.txt after.txt`).
 *
 * - Generated stacks (tests/robustness/arbitrary-stacks.ts, a fixed seed), in process through the
 *   framework's own handlers: Remediate and Analyze on every resource, then AnalyzeStack, under
 *   several configurations (none, outside facts and per-policy aliases, the environments setting).
 * - The example stack files (examples/stacks), through the compiled checker (`bin/cli/check.js`,
 *   the real analyzer protocol: ConfigureStack, Configure, Remediate, Analyze, AnalyzeStack),
 *   under the same configurations and `policy-config/prod.json`.
 *
 * Options: --stacks=500 --seed=20 (run `npm run build` first for the examples).
 */
import { execFileSync } from "child_process";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackConfig } from "@pulumi/policy";
import { s3EncryptedReplicationPolicies } from "../policies/pack/factory";
import { analyzeResource, analyzeStack, remediateResource, ResourceSpec } from "../tests/support/harness";
import { buildStack, stackDrafts } from "../tests/robustness/arbitrary-stacks";
import { forgetObservedSecrets } from "../policies/runtime/engine-observer";
import { ACCOUNT, DESTINATION_BUCKET, DESTINATION_REGION, REPLICA_KEY_ID, ROLE_ARN } from "../tests/support/guide-stack";

const ROOT = path.resolve(__dirname, "..");

function option(name: string, fallback: string): string {
    const given = process.argv.find((a) => a.startsWith(`--${name}=`));
    return given ? given.slice(name.length + 3) : fallback;
}

const OTHER_ACCOUNT = "222222222222";

/** The configurations every stack is checked under. */
const CONFIGS: Record<string, PolicyPackConfig> = {
    none: {},
    facts: {
        "s3-replication-environments": {
            externalResources: {
                buckets: { [DESTINATION_BUCKET]: { account: OTHER_ACCOUNT, region: DESTINATION_REGION }, "logs-bucket": { account: ACCOUNT } },
                keys: { [`arn:aws:kms:${DESTINATION_REGION}:${OTHER_ACCOUNT}:key/${REPLICA_KEY_ID}`]: { account: OTHER_ACCOUNT, awsManaged: true } },
                roles: { [ROLE_ARN]: { account: ACCOUNT } },
            },
        },
        "s3-replication-cross-account-key": { bucketAccounts: { "source-bucket": ACCOUNT } },
        "s3-replication-replica-key-region": { destinationRegions: { "d--usw2-az1--x-s3": "eu-west-1" } },
    },
    environments: {
        "s3-replication-environments": { advisoryStacks: ["dev", "*-test"], advisoryStackTags: { environment: "dev*" } },
    },
};

async function generatedStacks(out: string[], count: number, seed: number): Promise<void> {
    const drafts = fc.sample(stackDrafts, { numRuns: count, seed });
    for (const [configName, config] of Object.entries(CONFIGS)) {
        const policies = s3EncryptedReplicationPolicies();
        for (const [i, draft] of drafts.entries()) {
            forgetObservedSecrets();
            const stack: ResourceSpec[] = buildStack(draft);
            out.push(`## stack ${i} config ${configName}`);
            for (const resource of stack) {
                const remediated = await remediateResource(policies, resource, config);
                if (remediated !== undefined) {
                    out.push(`remediate ${resource.urn} ${JSON.stringify(remediated)}`);
                }
                for (const d of await analyzeResource(policies, resource, config)) {
                    out.push(`analyze ${resource.urn} ${JSON.stringify(d)}`);
                }
            }
            for (const d of await analyzeStack(policies, stack, config)) {
                out.push(`stack ${JSON.stringify(d)}`);
            }
        }
    }
}

function exampleStacks(out: string[]): void {
    const checker = path.join(ROOT, "bin", "cli", "check.js");
    const files = fs
        .readdirSync(path.join(ROOT, "examples", "stacks"))
        .filter((f) => f.endsWith(".json") && f !== "index.json")
        .sort()
        .map((f) => path.join("examples", "stacks", f));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "findings-snapshot-"));
    const configs: Record<string, string> = { prod: path.join(ROOT, "policy-config", "prod.json") };
    for (const [name, config] of Object.entries(CONFIGS)) {
        configs[name] = path.join(dir, `${name}.json`);
        fs.writeFileSync(configs[name], JSON.stringify(config));
    }
    for (const [name, file] of Object.entries(configs)) {
        let report: string;
        try {
            report = execFileSync(process.execPath, [checker, "--json", "--policy-config", file, ...files], {
                cwd: ROOT,
                encoding: "utf8",
                maxBuffer: 1 << 26,
            });
        } catch (error) {
            report = String((error as { stdout?: string }).stdout ?? error);
        }
        out.push(`## examples config ${name}`, report.split(dir).join("<dir>"));
    }
    fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
    const target = process.argv.slice(2).find((a) => !a.startsWith("--"));
    if (!target) {
        throw new Error("usage: findings-snapshot.ts <output file> [--stacks=500] [--seed=20]");
    }
    const out: string[] = [];
    exampleStacks(out);
    await generatedStacks(out, Number(option("stacks", "500")), Number(option("seed", "20")));
    fs.writeFileSync(target, out.join("\n") + "\n");
    const stacks = out.filter((line) => line.startsWith("## ")).length;
    console.log(`${target}: ${out.length} lines, ${stacks} stack checks`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
