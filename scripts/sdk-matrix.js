#!/usr/bin/env node
/**
 * The SDK matrix: for each combination in scripts/sdk-matrix.json (a Node.js major, an
 * @pulumi/policy and an @pulumi/pulumi version), installs the packed tarball as a user does and
 * runs the end-to-end suite against it on that Node.js:
 *
 *   1. `npm install --engine-strict` of a folder depending on the tarball and on the two SDK
 *      versions (so npm itself checks this package's peer ranges and each SDK's engines field),
 *      run by that Node.js;
 *   2. the installed pack started by itself through run-policy-pack (no NODE_PATH), as the engine does;
 *   3. mocha over tests/e2e (the analyzer-protocol suite, standalone and composed: the folder is
 *      also an organisation's pack composing the library) and tests/package/sdk-api.test.ts, on
 *      that Node.js, against the installed copy.
 *
 *   node scripts/sdk-matrix.js [--only <label substring>]
 *
 * A Node.js major other than the running one is installed from the npm registry (`npm install
 * node@<version>`, the `node` package brings a real binary) into the cache folder,
 * $SDK_MATRIX_CACHE or .cache/sdk-matrix. Exit code 1 when a combination fails.
 */
"use strict";
const { execFileSync, spawn, spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const { setTimeout, clearTimeout } = require("timers");

const root = path.resolve(__dirname, "..");
const matrix = JSON.parse(fs.readFileSync(path.join(__dirname, "sdk-matrix.json"), "utf8"));
const cache = path.resolve(process.env.SDK_MATRIX_CACHE ?? path.join(root, ".cache", "sdk-matrix"));
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const QUIET = ["--loglevel=error", "--no-audit", "--no-fund"];

const log = (line) => process.stdout.write(`sdk-matrix: ${line}\n`);

/** A Node.js binary of the given major: the running one, or one installed from the npm registry into the cache. */
function nodeBinary(major) {
    if (process.versions.node.split(".")[0] === major) {
        return process.execPath;
    }
    const version = matrix.node[major];
    const dir = path.join(cache, `node-${version}`);
    const binary = path.join(dir, "node_modules", "node", "bin", "node");
    if (!fs.existsSync(binary)) {
        log(`installing Node.js ${version} from the npm registry (node@${version})`);
        fs.mkdirSync(dir, { recursive: true });
        execFileSync(NPM, ["install", ...QUIET, "--prefix", dir, `node@${version}`], { stdio: "inherit" });
    }
    return binary;
}

/** The tarball `pulumi policy publish` would upload: staged (npm run stage-publish) and packed. */
function packTarball() {
    const staged = path.join(cache, "staged");
    fs.rmSync(staged, { recursive: true, force: true });
    execFileSync(process.execPath, [path.join(__dirname, "stage-publish.js"), staged], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    const name = execFileSync(NPM, ["pack", "--loglevel=error", "--pack-destination", cache], { cwd: staged, encoding: "utf8" }).trim();
    return path.join(cache, name);
}

/** An organisation's pack: the tarball and the SDKs as its dependencies; index.js composes the library. */
function installCombination(dir, combination, tarball, node) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const manifest = {
        name: "acme-org-policies",
        version: "1.0.0",
        private: true,
        main: "index.js",
        dependencies: {
            "s3-encrypted-replication": `file:${tarball}`,
            "@pulumi/policy": combination["@pulumi/policy"],
            "@pulumi/pulumi": combination["@pulumi/pulumi"],
        },
    };
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const composed = path.join(root, "tests", "fixtures", "packs", "composed");
    fs.copyFileSync(path.join(composed, "PulumiPolicy.yaml"), path.join(dir, "PulumiPolicy.yaml"));
    const source = fs
        .readFileSync(path.join(composed, "index.js"), "utf8")
        .replace('require("../../../../bin/library.js")', 'require("s3-encrypted-replication/library")');
    if (!source.includes('require("s3-encrypted-replication/library")')) {
        throw new Error("tests/fixtures/packs/composed/index.js no longer requires ../../../../bin/library.js: update scripts/sdk-matrix.js");
    }
    fs.writeFileSync(path.join(dir, "index.js"), source);
    // npm runs on the combination's Node.js (its shebang finds `node` on PATH), so --engine-strict checks that one.
    const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
    execFileSync(NPM, ["install", ...QUIET, "--engine-strict"], { cwd: dir, env, stdio: "inherit" });
}

/** Starts the installed pack as the engine does, with nothing from this repository on the path; resolves with its port. */
function startsAlone(node, packDir) {
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    const env = { ...process.env };
    delete env.NODE_PATH;
    const child = spawn(node, [runPolicyPack, "127.0.0.1:1", packDir], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no port within 60 s; stderr: ${stderr}`)), 60_000);
        readline.createInterface({ input: child.stdout }).once("line", (line) => {
            clearTimeout(timer);
            if (/^\d+$/.test(line.trim())) {
                resolve(line.trim());
            } else {
                reject(new Error(`first line of stdout is not a port: ${line}`));
            }
        });
        child.once("exit", (code) => reject(new Error(`run-policy-pack exited with ${code}: ${stderr}`)));
    }).finally(() => child.kill("SIGKILL"));
}

function runSuite(node, dir) {
    const mocha = path.join(root, "node_modules", "mocha", "bin", "mocha.js");
    const env = {
        ...process.env,
        S3_REPLICATION_E2E_STANDALONE_PACK: path.join(dir, "node_modules", "s3-encrypted-replication"),
        S3_REPLICATION_E2E_COMPOSED_PACK: dir,
    };
    const files = ["tests/e2e/**/*.test.ts", "tests/package/sdk-api.test.ts"];
    return spawnSync(node, [mocha, "--parallel", "--jobs", "2", "--reporter", "dot", ...files], { cwd: root, env, stdio: "inherit" }).status === 0;
}

async function main() {
    const started = Date.now();
    fs.mkdirSync(cache, { recursive: true });
    execFileSync(process.execPath, [path.join(__dirname, "build.js"), "--if-stale"], { cwd: root, stdio: ["ignore", 2, 2] });
    const tarball = packTarball();
    const results = [];
    for (const combination of matrix.combinations) {
        const label = `node${combination.node}-policy${combination["@pulumi/policy"]}-pulumi${combination["@pulumi/pulumi"]}`;
        if (only && !label.includes(only)) {
            continue;
        }
        const since = Date.now();
        let outcome;
        try {
            const node = nodeBinary(combination.node);
            const nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
            log(`${label}: Node.js ${nodeVersion}, installing`);
            const dir = path.join(cache, label);
            installCombination(dir, combination, tarball, node);
            const port = await startsAlone(node, path.join(dir, "node_modules", "s3-encrypted-replication"));
            log(`${label}: run-policy-pack started the installed pack (port ${port}); running the end-to-end suite`);
            outcome = runSuite(node, dir) ? "passed" : "FAILED (tests)";
            outcome = `${outcome} on Node.js ${nodeVersion}`;
        } catch (error) {
            outcome = `FAILED (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
        }
        results.push(`${label}: ${outcome}, ${Math.round((Date.now() - since) / 1000)} s`);
        log(results[results.length - 1]);
    }
    log(`summary (${Math.round((Date.now() - started) / 1000)} s):\n  ${results.join("\n  ")}`);
    process.exitCode = results.length > 0 && results.every((line) => line.includes(": passed")) ? 0 : 1;
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
