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
