/**
 * The checker as a process: what a user sees on odd input and when it is stopped, and that no
 * pack it started outlives it, however it ends.
 */
import * as assert from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { buildPackOnce } from "../e2e/helpers";
import { eventually, PACKS, packProcessesOf, STACKS } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..");
const EXPORT_FILE = path.join(STACKS, "export.json");
const CHECK_COMMAND = path.join(REPO, "bin", "cli", "check.js");

interface Finished {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    ms: number;
}

function startCheck(args: string[]): { child: ChildProcess; finished: Promise<Finished> } {
    const started = Date.now();
    // The compiled command the package's bin names (built by the describe block's before hook).
    const child = spawn(process.execPath, [CHECK_COMMAND, ...args], { cwd: os.tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (data) => (stdout += data));
    child.stderr!.on("data", (data) => (stderr += data));
    const finished = new Promise<Finished>((resolve) =>
        child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started })),
    );
    return { child, finished };
}

/** No line of a JavaScript stack trace ("    at f (file:1:2)") and no V8 native stack. */
function assertNoStackTrace(text: string): void {
    assert.doesNotMatch(text, /^\s+at .+[(:]\d+/m, text);
    assert.doesNotMatch(text, /FATAL ERROR|node::|Native stack/, text);
}

describe("check as a process: odd input, signals, no pack left behind", function () {
    this.timeout(90_000);
    before(buildPackOnce);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-process-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("refuses a FIFO, a device, a directory and a file over --max-file-size: exit 2, one line each, at once", async () => {
        const fifo = path.join(dir, "stack.fifo");
        execFileSync("mkfifo", [fifo]);
        const big = path.join(dir, "big.json");
        fs.writeFileSync(big, `{"version": 3, "deployment": {"resources": [], "pad": "${"x".repeat(2 * 1024 * 1024)}"}}`);
        const { finished } = startCheck(["--max-file-size", "1", fifo, "/dev/zero", dir, big]);
        const run = await finished;
        assert.strictEqual(run.code, 2, run.stderr);
        assert.strictEqual(run.stdout, "");
        assert.deepStrictEqual(run.stderr.trimEnd().split("\n"), [
            `check: ${fifo}: not a regular file (a FIFO); give a file`,
            "check: /dev/zero: not a regular file (a device); give a file",
            `check: ${dir}: not a regular file (a directory); give a file`,
            `check: ${big}: 2 MiB, over the limit of 1 MiB (--max-file-size)`,
        ]);
        assertNoStackTrace(run.stderr);
    });

    it("refuses a policy config that is a FIFO the same way", async () => {
        const fifo = path.join(dir, "config.fifo");
        execFileSync("mkfifo", [fifo]);
        const run = await startCheck(["--policy-config", fifo, EXPORT_FILE]).finished;
        assert.strictEqual(run.code, 2);
        assert.strictEqual(run.stderr, `check: ${fifo}: not a regular file (a FIFO); give a file\n`);
    });

    /** A run that must end at once: a hang (the bug) fails here instead of at mocha's timeout. */
    async function finishedWithin(args: string[], ms: number): Promise<Finished> {
        const { child, finished } = startCheck(args);
        const timer = setTimeout(() => child.kill("SIGKILL"), ms);
        const run = await finished;
        clearTimeout(timer);
        assert.notStrictEqual(run.signal, "SIGKILL", `still running after ${ms} ms: ${run.stderr}`);
        return run;
    }

    it("refuses --output to a FIFO nobody reads, or to a device, instead of blocking forever (issue 22.10)", async () => {
        const fifo = path.join(dir, "report.fifo");
        execFileSync("mkfifo", [fifo]);
        for (const target of [fifo, "/dev/zero"]) {
            const run = await finishedWithin(["--output", target, EXPORT_FILE], 60_000);
            assert.strictEqual(run.code, 2, run.stderr);
            assert.strictEqual(
                run.stderr,
                `check: ${target}: not a regular file (${target === fifo ? "a FIFO" : "a device"}); give a file to write the report to\n`,
            );
            assertNoStackTrace(run.stderr);
        }
    });

    it("refuses --output naming an input, which it would overwrite (issue 22.10)", async () => {
        const input = path.join(dir, "input-export.json");
        fs.copyFileSync(EXPORT_FILE, input);
        const before = fs.readFileSync(input, "utf8");
        const config = path.join(dir, "input-config.json");
        fs.writeFileSync(config, '{"all": "advisory"}');
        for (const [output, args] of [
            [input, [input]],
            [path.join(dir, ".", "input-export.json"), ["--json", input]],
            [config, ["--policy-config", config, input]],
        ] as const) {
            const run = await finishedWithin(["--output", output, ...args], 60_000);
            assert.strictEqual(run.code, 2, run.stderr);
            const named = output === config ? config : input;
            assert.strictEqual(run.stderr, `check: ${output}: is an input of this check (${named}); give another file to write the report to\n`);
        }
        assert.strictEqual(fs.readFileSync(input, "utf8"), before);
        assert.strictEqual(fs.readFileSync(config, "utf8"), '{"all": "advisory"}');
    });

    it("refuses a policy config nested 2,000 deep, naming the file in one line (issue 22.10)", async () => {
        const config = path.join(dir, "deep-config.json");
        // Objects inside a policy's properties, which the config schema check walks (once "Maximum call stack size exceeded").
        fs.writeFileSync(config, `{"s3-replication-environments": {"x": ${'{"a": '.repeat(2000)}1${"}".repeat(2000)}}}`);
        const run = await finishedWithin(["--policy-config", config, EXPORT_FILE], 60_000);
        assert.strictEqual(run.code, 2, run.stderr);
        assert.strictEqual(run.stderr, `check: ${config}: JSON nested more than 256 deep; the checker reads JSON nested up to 256 deep\n`);
    });

    it("refuses stack files whose decoding the size limit does not bound: too many values, too deep (issue 22.9)", async () => {
        // 1 MiB: 43,690 values at most; 300,000 zeros take 600 KB.
        const flat = path.join(dir, "flat.json");
        fs.writeFileSync(flat, `{"version": 3, "deployment": {"resources": [], "pad": [${"0,".repeat(299_999)}0]}}`);
        const deep = path.join(dir, "deep.json");
        fs.writeFileSync(deep, `{"version": 3, "deployment": {"resources": [], "pad": ${"[".repeat(5000)}${"]".repeat(5000)}}}`);
        const run = await finishedWithin(["--max-file-size", "1", flat, deep], 60_000);
        assert.strictEqual(run.code, 2, run.stderr);
        assert.deepStrictEqual(run.stderr.trimEnd().split("\n"), [
            `check: ${flat}: more than 43,690 JSON values, the most the checker reads from a file under its size limit (one per 24 bytes of --max-file-size)`,
            `check: ${deep}: JSON nested more than 256 deep; the checker reads JSON nested up to 256 deep`,
        ]);
        assertNoStackTrace(run.stderr);
    });

    /**
     * A check of a pack that never listens, once its pack process is running. The fixture is copied
     * to this suite's folder: its processes are told apart from those of the pack-lifecycle tests,
     * which start the same fixture and may run at the same time (mocha --parallel).
     */
    async function checkWithStartedPack() {
        const packDir = path.join(dir, "never-listens");
        fs.cpSync(path.join(PACKS, "never-listens"), packDir, { recursive: true, force: true });
        const { child, finished } = startCheck(["--pack", packDir, EXPORT_FILE]);
        await eventually(
            () => packProcessesOf(packDir).length > 0,
            () => "the pack never started",
            30_000,
        );
        return { packDir, child, finished };
    }

    it("ends the packs it started when stopped by a signal, with one line and the signal's exit code", async () => {
        const { packDir, child, finished } = await checkWithStartedPack();
        child.kill("SIGTERM");
        const run = await finished;
        assert.strictEqual(run.code, 143);
        assert.strictEqual(run.stderr, "\ncheck: stopped by SIGTERM\n");
        await eventually(
            () => packProcessesOf(packDir).length === 0,
            () => `still running: ${packProcessesOf(packDir)}`,
            10_000,
        );
    });

    // A V8 fatal error (out of memory) ends the checker the same way: at once, no handler of ours runs.
    it("leaves no pack running even when killed outright (SIGKILL, as after a V8 fatal error)", async () => {
        const { packDir, child, finished } = await checkWithStartedPack();
        child.kill("SIGKILL");
        const run = await finished;
        assert.strictEqual(run.signal, "SIGKILL");
        await eventually(
            () => packProcessesOf(packDir).length === 0,
            () => `still running: ${packProcessesOf(packDir)}`,
            10_000,
        );
    });
});
