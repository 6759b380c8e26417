/** Shared by the driver tests: fixture locations and reading back what the echo pack reported. */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

import { CheckDefaults, runCheck } from "../../cli/check";
import { Diagnostic } from "../../driver";

export const PACKS = path.join(__dirname, "..", "fixtures", "packs");
export const ECHO_PACK = path.join(PACKS, "echo");
export const STACKS = path.join(__dirname, "stacks");

export function diagnosticOf<D extends Diagnostic>(result: { diagnostics: D[] }, policyName: string): D {
    const found = result.diagnostics.find((d) => d.policyName === policyName);
    assert.ok(found, `no diagnostic from ${policyName} in ${JSON.stringify(result.diagnostics, null, 2)}`);
    return found;
}

/** The echo pack's policies report JSON after their description's line. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function echoed(diagnostic: Diagnostic): any {
    return JSON.parse(diagnostic.message.slice(diagnostic.message.indexOf("\n") + 1));
}

export function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Command lines of running pack processes started from `packDir`. */
export function packProcessesOf(packDir: string): string[] {
    const commandLines = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n");
    return commandLines.filter((line) => line.includes("run-policy-pack") && line.includes(packDir));
}

/** Waits for `condition`, for things that arrive on another channel (the pack's logs). */
export async function eventually(condition: () => boolean, what: () => string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) {
            assert.fail(`timed out waiting: ${what()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

export interface CheckRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the checker in this process, its output captured; the echo pack and the fixture stacks unless told. */
export async function check(argv: string[], defaults: Partial<CheckDefaults> = {}): Promise<CheckRun> {
    let stdout = "";
    let stderr = "";
    const code = await runCheck(
        argv,
        { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
        { packDir: ECHO_PACK, stacksDir: STACKS, ...defaults },
    );
    return { code, stdout, stderr };
}
