/**
 * Composition in an organisation's own pack (tests/fixtures/packs/org-from-tarball), as a user does
 * it: a new folder depending on the packed tarball and on its own @pulumi/policy and @pulumi/pulumi,
 * at the lowest and the highest versions of the peer range package.json declares. There `tsc`
 * passes with the README's settings, each SDK is installed once (no nested copy), the package root
 * imports without starting a server, and the environments setting lowers findings. A nested copy
 * of the SDKs is then said to break the setting, once, instead of silently doing nothing.
 */
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { parsePolicyConfig, reconcilePolicyConfig, startPack } from "../../driver";
import { installedPackages } from "./package-helpers";
import { ruleWithoutOptIn } from "../support/rule-without-opt-in";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "tests", "fixtures", "packs", "org-from-tarball");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
const run = promisify(execFile);

const PEERS = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).peerDependencies as Record<string, string>;

type SdkVersions = { "@pulumi/policy": string; "@pulumi/pulumi": string };
type Combination = SdkVersions & { node: string };
/** The SDK matrix (scripts/sdk-matrix.js, run by .ci/run): every combination of Node.js major and SDK versions claimed. */
const MATRIX = JSON.parse(fs.readFileSync(path.join(ROOT, "scripts", "sdk-matrix.json"), "utf8")).combinations as Combination[];
const byVersion = (a: string, b: string) => {
    const [x, y] = [a, b].map((v) => v.split(".").map(Number));
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
const ends = (name: keyof SdkVersions, of: readonly Combination[]) => of.map((c) => c[name]).sort(byVersion);

/** The lowest and highest SDK versions of the matrix that this Node.js may run (npm test runs here). */
const here = MATRIX.filter((c) => c.node === process.versions.node.split(".")[0]);
const SDK_VERSIONS: Record<"lowest" | "highest", SdkVersions> = {
    lowest: { "@pulumi/policy": ends("@pulumi/policy", here)[0], "@pulumi/pulumi": ends("@pulumi/pulumi", here)[0] },
    highest: { "@pulumi/policy": ends("@pulumi/policy", here).at(-1)!, "@pulumi/pulumi": ends("@pulumi/pulumi", here).at(-1)! },
};

const BROKEN_RULE = ruleWithoutOptIn("dev", "shop");

/** A --policy-pack-config file that turns every policy off but one, and lists the stack `dev` as advisory. */
const ALL_DISABLED = { all: "disabled", "s3-replication-environments": { advisoryStacks: ["dev"] }, "s3-replication-sse-kms-opt-in": "mandatory" };

const DEV_STACK = { stack: "dev", project: "shop", organization: "acme", dryRun: true };

/**
 * `engineEnvironment`: started as the engine starts a pack, with the stack in its environment
 * (driver/pack-session.ts, as pulumi/pulumi `constructEnv`); otherwise the stack is only said in
 * ConfigureStack, as to the offline checker's pack.
 */
async function lowersInDev(
    packDir: string,
    given: object = ALL_DISABLED,
    engineEnvironment = false,
): Promise<{ levels: string[][]; message: string; stackFindings: string[] }> {
    const pack = await startPack(packDir, engineEnvironment ? { stack: DEV_STACK } : {});
    try {
        await pack.configureStack(DEV_STACK);
        // As the engine reconciles a --policy-pack-config file: "all" sets every policy's level.
        await pack.configure(reconcilePolicyConfig(await pack.getAnalyzerInfo(), parsePolicyConfig(JSON.stringify(given))));
        const { diagnostics } = await pack.analyze(BROKEN_RULE);
        const stack = await pack.analyzeStack([]);
        return {
            levels: diagnostics.map((d) => [d.policyName, d.enforcementLevel]),
            message: diagnostics[0]?.message ?? "",
            stackFindings: stack.diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel}: ${d.message}`),
        };
    } finally {
        await pack.close();
    }
}

describe("composition in an organisation's pack, across the supported SDK range", function () {
    this.timeout(600_000);
    let workDir: string;
    const orgPacks: Record<string, string> = {};

    before(async () => {
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-replication-org-"));
        // Staged in its own folder, not publish/, which the publish test stages at the same time.
        const staged = path.join(workDir, "publish");
        execFileSync(NPM, ["run", "stage-publish", "--silent", "--", staged], { cwd: ROOT, stdio: "ignore" });
        const tarball = path.join(
            workDir,
            execFileSync(NPM, ["pack", "--loglevel=error", "--pack-destination", workDir], { cwd: staged, encoding: "utf8" }).trim(),
        );
        await Promise.all(
            Object.entries(SDK_VERSIONS).map(async ([label, versions]) => {
                const dir = path.join(workDir, label);
                fs.cpSync(FIXTURE, dir, { recursive: true });
                const manifest = fs
                    .readFileSync(path.join(dir, "package.json"), "utf8")
                    .replace("TARBALL", tarball)
                    .replace("POLICY_VERSION", versions["@pulumi/policy"])
                    .replace("PULUMI_VERSION", versions["@pulumi/pulumi"]);
                fs.writeFileSync(path.join(dir, "package.json"), manifest);
                await run(NPM, ["install", "--loglevel=error", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir });
                orgPacks[label] = dir;
            }),
        );
    });

    after(() => {
        if (workDir) {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    it("the declared peer ranges are exactly the lowest to the highest versions the SDK matrix tests", () => {
        assert.ok(here.length > 0, `scripts/sdk-matrix.json claims nothing for Node.js ${process.versions.node}`);
        const range = (name: keyof SdkVersions) => `>=${ends(name, MATRIX)[0]} <=${ends(name, MATRIX).at(-1)}`;
        assert.deepStrictEqual(PEERS, { "@pulumi/policy": range("@pulumi/policy"), "@pulumi/pulumi": range("@pulumi/pulumi") });
    });

    for (const label of Object.keys(SDK_VERSIONS) as (keyof typeof SDK_VERSIONS)[]) {
        describe(`${label}: @pulumi/policy ${SDK_VERSIONS[label]["@pulumi/policy"]}, @pulumi/pulumi ${SDK_VERSIONS[label]["@pulumi/pulumi"]}`, () => {
            it("installs one copy of each SDK, the organisation's", () => {
                const installed = installedPackages(orgPacks[label]);
                assert.deepStrictEqual(installed.filter((name) => name === "@pulumi/policy" || name === "@pulumi/pulumi").sort(), [
                    "@pulumi/policy",
                    "@pulumi/pulumi",
                ]);
                for (const [name, version] of Object.entries(SDK_VERSIONS[label])) {
                    const manifest = JSON.parse(fs.readFileSync(path.join(orgPacks[label], "node_modules", name, "package.json"), "utf8"));
                    assert.strictEqual(manifest.version.replace(/^v/, ""), version);
                }
            });

            // @pulumi/policy 1.21.0's own index.d.ts imports names its proxy.d.ts does not export: with it, and only
            // for that, a composing pack needs skipLibCheck (the README says so).
            const ownTypesBroken = SDK_VERSIONS[label]["@pulumi/policy"] === "1.21.0";
            it(`type-checks with tsc, strict${ownTypesBroken ? "; without skipLibCheck only @pulumi/policy's own declarations fail" : " and without skipLibCheck"} (a misspelt policy name is an error)`, async () => {
                const tsc = () =>
                    run(process.execPath, [TSC, "-p", orgPacks[label]], { cwd: orgPacks[label] }).then(
                        () => "",
                        (error: { stdout?: string }) => error.stdout ?? "tsc failed",
                    );
                const errors = (await tsc()).split("\n").filter((line) => /error TS\d+/.test(line));
                if (ownTypesBroken) {
                    assert.ok(errors.length > 0, "@pulumi/policy 1.21.0 type-checks now: drop the skipLibCheck advice from the README");
                    // Every error in a declaration file of @pulumi/policy: exactly what skipLibCheck skips, so with it
                    // tsc passes (one run shows both).
                    assert.deepStrictEqual(
                        errors.filter((line) => !/^node_modules\/@pulumi\/policy\/[^(]+\.d\.ts\(/.test(line)),
                        [],
                    );
                } else {
                    assert.deepStrictEqual(errors, []);
                }
            });

            it("importing the package root gives the library and starts no policy server", async () => {
                const { stdout } = await run(
                    process.execPath,
                    ["-e", "const m = require('s3-encrypted-replication'); console.log(typeof m.s3EncryptedReplicationPolicies, m.policyNames.length)"],
                    { cwd: orgPacks[label], timeout: 30_000 },
                );
                assert.strictEqual(stdout.trim(), "function 17");
            });

            it('applies the environments setting through the organisation\'s SDK, whatever "all" says', async () => {
                const { levels, message, stackFindings } = await lowersInDev(orgPacks[label]);
                assert.deepStrictEqual(levels, [["s3-replication-sse-kms-opt-in", "advisory"]]);
                assert.match(message, /\nadvisory on stack dev \(s3-replication-environments\)$/);
                assert.deepStrictEqual(stackFindings, []);
            });
        });
    }

    describe("with a nested copy of the SDKs under the package", () => {
        const ADVISORY_DEV = { "s3-replication-environments": { advisoryStacks: ["dev"] } };
        let dir: string;
        before(() => {
            dir = orgPacks.highest;
            const nested = path.join(dir, "node_modules", "s3-encrypted-replication", "node_modules", "@pulumi");
            fs.mkdirSync(nested, { recursive: true });
            for (const name of ["policy", "pulumi"]) {
                fs.cpSync(path.join(dir, "node_modules", "@pulumi", name), path.join(nested, name), { recursive: true });
            }
        });
        after(() => {
            fs.rmSync(path.join(dir, "node_modules", "s3-encrypted-replication", "node_modules"), { recursive: true, force: true });
        });

        it("started as the engine starts it, reads the stack's name through pulumi.getStack() (public API) and applies advisoryStacks", async () => {
            const { levels, message, stackFindings } = await lowersInDev(dir, ADVISORY_DEV, true);
            assert.deepStrictEqual(levels, [["s3-replication-sse-kms-opt-in", "advisory"]]);
            assert.match(message, /\nadvisory on stack dev \(s3-replication-environments\)$/);
            assert.deepStrictEqual(stackFindings, []);
        });

        it("told the stack only in ConfigureStack, says once, clearly, that advisoryStacks cannot apply, instead of silently doing nothing", async () => {
            const { levels, stackFindings } = await lowersInDev(dir, ADVISORY_DEV);
            assert.deepStrictEqual(levels, [["s3-replication-sse-kms-opt-in", "mandatory"]]);
            assert.strictEqual(stackFindings.length, 1, stackFindings.join("\n"));
            assert.match(
                stackFindings[0],
                /^s3-replication-environments advisory: .*advisoryStacks cannot be applied because this pack cannot read the stack's name: .*uses another copy of @pulumi\/pulumi/s,
            );
        });
    });
});
