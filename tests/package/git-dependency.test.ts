/**
 * Installing the pack as a git dependency (`npm install git+https://…#<tag>`, `github:<owner>/<repo>#<tag>`), as the
 * README says, from a clone served over `git+file://`. npm clones the repository, installs its dependencies and
 * devDependencies there and runs its `prepare` script, then packs it as `npm pack` would ("If a package being
 * installed through git contains a prepare script, its dependencies and devDependencies will be installed, and the
 * prepare script will be run, before the package is packaged and installed": npm docs, "scripts",
 * https://docs.npmjs.com/cli/v11/using-npm/scripts). `prepack` does not run there (pacote's DirFetcher runs only
 * `prepare`), so `prepare` must compile bin/. The clone is a snapshot of this working tree committed under a new
 * commit, so that npm's cache of git dependencies cannot serve an earlier build. Slow (npm installs the
 * devDependencies and TypeScript compiles the pack): not part of `npm run test:unit`.
 */
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { policyNames } from "../../policies/pack/factory";

const ROOT = path.resolve(__dirname, "../..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
const NPM_VERSIONS: Record<string, string[]> = { "npm 11 (installed)": [NPM], "npm 10": [NPX, "-y", "npm@10"] };
const run = promisify(execFile);
const GIT_IDENTITY = { GIT_AUTHOR_NAME: "test", GIT_AUTHOR_EMAIL: "test@example.com", GIT_COMMITTER_NAME: "test", GIT_COMMITTER_EMAIL: "test@example.com" };

/** A new repository holding this working tree's tracked files (uncommitted edits included), committed and tagged. */
function snapshotRepository(dir: string, tag: string): void {
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    for (const file of tracked) {
        const from = path.join(ROOT, file);
        if (fs.existsSync(from)) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.copyFileSync(from, path.join(dir, file));
        }
    }
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: { ...process.env, ...GIT_IDENTITY }, stdio: "ignore" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", `snapshot for the git-dependency test, ${new Date().toISOString()} ${process.pid}`);
    git("tag", tag);
}

describe("npm install of the pack as a git dependency", function () {
    this.timeout(600_000);
    let workDir: string;
    /** The installed package, and what npm printed on stderr, by npm version. */
    const installs: Record<string, { installed: string; stderr: string }> = {};

    before(async () => {
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-replication-git-dependency-"));
        const repository = path.join(workDir, "repository");
        snapshotRepository(repository, "v0.1.0-test");
        // The environment only spares npm re-validating cached registry metadata; the git dependency is new to npm's cache.
        const env = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_prefer_offline: "true" };
        const spec = `git+file://${repository}#v0.1.0-test`;
        await Promise.all(
            Object.entries(NPM_VERSIONS).map(async ([label, command]) => {
                const consumer = path.join(workDir, label.replace(/\W+/g, "-"));
                fs.mkdirSync(consumer);
                fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
                const { stderr } = await run(command[0], [...command.slice(1), "install", "--loglevel=error", spec], {
                    cwd: consumer,
                    env,
                    maxBuffer: 16 * 1024 * 1024,
                });
                installs[label] = { installed: path.join(consumer, "node_modules", "s3-encrypted-replication"), stderr };
            }),
        );
    });

    after(() => {
        if (workDir) {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    for (const label of Object.keys(NPM_VERSIONS)) {
        it(`installs a compiled pack: prepare built bin/ (${label})`, () => {
            const { installed, stderr } = installs[label];
            for (const file of ["bin/index.js", "bin/library.js", "bin/library.d.ts", "bin/cli/check.js", "PulumiPolicy.yaml", "package.json"]) {
                assert.ok(fs.existsSync(path.join(installed, file)), `${file} missing from the installed git dependency; npm said: ${stderr}`);
            }
        });

        it(`installs what package.json's files list, no sources, tests or benchmarks (${label})`, () => {
            const entries = fs.readdirSync(installs[label].installed).filter((entry) => entry !== "node_modules");
            assert.deepStrictEqual(
                entries.filter((entry) => ["policies", "tests", "bench", "examples", "scripts", "index.ts", "library.ts"].includes(entry)),
                [],
            );
        });

        it(`is usable as a library from the project that installed it (${label})`, async () => {
            const consumer = path.dirname(path.dirname(installs[label].installed));
            const { stdout } = await run(
                process.execPath,
                [
                    "-e",
                    'const { s3EncryptedReplicationPolicies } = require("s3-encrypted-replication"); console.log(s3EncryptedReplicationPolicies().map((p) => p.name).join(","))',
                ],
                { cwd: consumer },
            );
            assert.deepStrictEqual(stdout.trim().split(","), [...policyNames]);
        });
    }
});
