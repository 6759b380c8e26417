/**
 * `pulumi policy publish` and what every previewing machine then installs, done as Pulumi does it
 * (pulumi/pulumi `sdk/nodejs/npm/npm.go`, `pkg/backend/httpstate/policypack.go`,
 * `sdk/nodejs/cmd/pulumi-language-nodejs`):
 *
 * 0. the README's publish steps: `npm run stage-publish`, then publish in `publish/`;
 * 1. publish runs `npm pack --loglevel=error` in the pack folder, lifecycle scripts enabled, and
 *    reads all of stdout, trimmed, as the tarball's file name;
 * 2. the CLI unpacks the tarball's `package/` folder and the Node language host runs
 *    `npm install --loglevel=error` there, adding `--production` when `PulumiPolicy.yaml`'s runtime
 *    options say `production: true`;
 * 3. the engine starts it with `node node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine> <dir>`.
 *
 * One pack and two installs (npm 11 as installed here, npm 10 through npx) serve every assertion.
 */
import * as assert from "assert";
import { execFile, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { promisify } from "util";
import { startPack } from "../../driver";
import { policyNames } from "../../policies/pack/factory";
import { devOnlyPackages, installedPackages, runtimeOptions } from "./package-helpers";
import { ruleWithoutOptIn } from "../support/rule-without-opt-in";

const ROOT = path.resolve(__dirname, "../..");
const STAGED = path.join(ROOT, "publish");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
const run = promisify(execFile);

/** The language host's install command for these runtime options (npm.go `installCmd`). */
function languageHostInstall(options: Record<string, unknown>): string[] {
    return ["install", "--loglevel=error", ...(options.production === true ? ["--production"] : [])];
}

/** Starts the installed pack exactly as the language host does, with no help from this repository, and reads its port. */
function startsAlone(packDir: string): Promise<string> {
    const runPolicyPack = path.join(packDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    const env = { ...process.env };
    delete env.NODE_PATH;
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", packDir], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no port within 60 s; stderr: ${stderr}`)), 60_000);
        readline.createInterface({ input: child.stdout }).once("line", (line) => {
            clearTimeout(timer);
            resolve(line.trim());
        });
        child.once("exit", (code) => reject(new Error(`run-policy-pack exited with ${code}: ${stderr}`)));
    }).finally(() => child.kill("SIGKILL"));
}

describe("pulumi policy publish, and the install on every previewing machine", function () {
    this.timeout(600_000);
    let workDir: string;
    let packStdout: string;
    let tarballName: string;
    let packedFiles: string[];
    const installs: Record<string, string> = {};

    before(async () => {
        // What the README tells a publisher to run first: building is no lifecycle script of `npm pack`.
        execFileSync(NPM, ["run", "stage-publish", "--silent"], { cwd: ROOT, stdio: "ignore" });
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-replication-publish-"));
        packStdout = execFileSync(NPM, ["pack", "--loglevel=error"], { cwd: STAGED, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        tarballName = packStdout.trim();
        const tarball = path.join(STAGED, tarballName);
        assert.ok(
            fs.existsSync(tarball),
            `'npm pack' completed successfully but the package .tgz file was not generated: stdout was ${JSON.stringify(packStdout)}`,
        );
        fs.renameSync(tarball, path.join(workDir, "pack.tgz"));
        packedFiles = execFileSync("tar", ["-tzf", path.join(workDir, "pack.tgz")], { encoding: "utf8" })
            .split("\n")
            .filter(Boolean)
            .map((entry) => entry.replace(/^package\//, ""));

        const npmVersions: Record<string, string[]> = { "npm 11 (installed)": [NPM], "npm 10": [NPX, "-y", "npm@10"] };
        await Promise.all(
            Object.entries(npmVersions).map(async ([label, command]) => {
                const dir = path.join(workDir, label.replace(/\W+/g, "-"));
                fs.mkdirSync(dir);
                execFileSync("tar", ["-xzf", path.join(workDir, "pack.tgz"), "-C", dir]);
                const packDir = path.join(dir, "package");
                const args = languageHostInstall(runtimeOptions(path.join(packDir, "PulumiPolicy.yaml")));
                // Pulumi's exact arguments; the environment only spares npm re-validating cached metadata (what is installed is the same).
                const env = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_prefer_offline: "true" };
                await run(command[0], [...command.slice(1), ...args], { cwd: packDir, env });
                installs[label] = packDir;
            }),
        );
    });

    after(() => {
        if (workDir) {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    it("npm pack in publish/ prints nothing but the tarball's name, with lifecycle scripts enabled", () => {
        assert.strictEqual(tarballName, "s3-encrypted-replication-0.1.0.tgz");
        const scripts = JSON.parse(fs.readFileSync(path.join(STAGED, "package.json"), "utf8")).scripts ?? {};
        assert.deepStrictEqual(
            ["prepare", "prepack", "postpack"].filter((name) => name in scripts),
            [],
            "a lifecycle script of npm pack in publish/ prints its banner on stdout",
        );
    });

    // `pulumi policy publish` in the root would upload a pack with a bin/ as old as the last build (and with
    // devDependencies): its `npm pack --loglevel=error` fails at once instead, and the CLI shows npm's stderr.
    it("npm pack in the repository root (pulumi policy publish there) fails at once and says to run npm run stage-publish", async () => {
        const before = new Set(fs.readdirSync(ROOT));
        const outcome = await run(NPM, ["pack", "--loglevel=error"], { cwd: ROOT }).then(
            () => ({ failed: false, stderr: "" }),
            (error: { stderr?: string }) => ({ failed: true, stderr: error.stderr ?? "" }),
        );
        assert.ok(outcome.failed, "npm pack in the repository root succeeded");
        assert.match(outcome.stderr, /do not pack or publish the repository root[\s\S]*npm run stage-publish && cd publish && pulumi policy publish <org>/);
        assert.deepStrictEqual(
            fs.readdirSync(ROOT).filter((entry) => !before.has(entry) && entry.endsWith(".tgz")),
            [],
        );
    });

    it("ships the compiled entries, PulumiPolicy.yaml and LICENSE; no tests, examples, benchmarks or TypeScript sources", () => {
        for (const file of ["bin/index.js", "bin/library.js", "bin/library.d.ts", "PulumiPolicy.yaml", "package.json", "README.md", "LICENSE"]) {
            assert.ok(packedFiles.includes(file), `${file} missing from npm pack`);
        }
        const unwanted = packedFiles.filter((f) => /^(bin\/)?(tests|examples|bench)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")));
        assert.deepStrictEqual(unwanted, []);
    });

    it("the staged package.json declares no devDependencies, and PulumiPolicy.yaml asks for a production install", () => {
        const staged = JSON.parse(fs.readFileSync(path.join(STAGED, "package.json"), "utf8"));
        const own = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.strictEqual(staged.devDependencies, undefined);
        assert.deepStrictEqual({ ...staged, scripts: own.scripts, devDependencies: own.devDependencies }, own);
        assert.strictEqual(runtimeOptions(path.join(STAGED, "PulumiPolicy.yaml")).production, true);
    });

    for (const label of ["npm 11 (installed)", "npm 10"]) {
        it(`installs no development-only package (${label})`, () => {
            const installed = installedPackages(installs[label]);
            const devOnly = devOnlyPackages(path.join(ROOT, "package-lock.json"));
            assert.deepStrictEqual(
                installed.filter((name) => devOnly.has(name)),
                [],
            );
            for (const name of ["@pulumi/policy", "@pulumi/pulumi", "@grpc/grpc-js", "google-protobuf"]) {
                assert.ok(installed.includes(name), `${name} was not installed`);
            }
        });
    }

    it("starts by itself through run-policy-pack (no module from this repository on the path)", async () => {
        assert.match(await startsAlone(installs["npm 11 (installed)"]), /^\d+$/);
    });

    it("answers the analyzer protocol, reports a broken setup, and applies the environments setting (end-to-end smoke)", async () => {
        const packDir = installs["npm 11 (installed)"];
        const pack = await startPack(packDir);
        try {
            const info = await pack.getAnalyzerInfo();
            assert.strictEqual(info.name, "s3-encrypted-replication");
            assert.deepStrictEqual(
                info.policies.map((p) => p.name),
                [...policyNames],
            );
            await pack.configureStack({ stack: "dev", project: "smoke", organization: "acme", dryRun: true });
            const brokenRule = ruleWithoutOptIn("dev", "smoke");
            await pack.configure({});
            const strict = await pack.analyze(brokenRule);
            assert.deepStrictEqual(
                strict.diagnostics.map((d) => [d.policyName, d.enforcementLevel]),
                [["s3-replication-sse-kms-opt-in", "mandatory"]],
            );
            await pack.configure({ "s3-replication-environments": { enforcementLevel: "disabled", properties: { advisoryStacks: ["dev"] } } });
            const inDev = await pack.analyze(brokenRule);
            assert.deepStrictEqual(
                inDev.diagnostics.map((d) => [d.policyName, d.enforcementLevel]),
                [["s3-replication-sse-kms-opt-in", "advisory"]],
            );
            assert.match(inDev.diagnostics[0].message, /\nadvisory on stack dev \(s3-replication-environments\)$/);
        } finally {
            await pack.close();
        }
    });
});
