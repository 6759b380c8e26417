/**
 * Starts a policy pack the way the engine's Node.js analyzer shim does:
 * `node .../@pulumi/pulumi/cmd/run-policy-pack <engine-address> <packDir>` in the pack directory,
 * then reads the port the pack's gRPC server listens on from the first line of its stdout.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";

import { resolveRunPolicyPack } from "./locations";
import { PackOutput, withFailureTail } from "./pack-output";

const STOP_GRACE_MS = 2000;

export class PackStartError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackStartError";
    }
}

export interface ProcessExit {
    code: number | null;
    signal: NodeJS.Signals | null;
}

export interface LaunchOptions {
    engineAddress: string;
    env: NodeJS.ProcessEnv;
    startTimeoutMs: number;
    output: PackOutput;
}

export interface PackProcess {
    readonly port: number;
    readonly pid: number;
    whenExited(): Promise<ProcessExit>;
    /** Ends the pack (SIGTERM, then SIGKILL) and waits until it is gone. */
    stop(): Promise<void>;
}

/**
 * Loaded into every pack before run-policy-pack: the pack ends when its stdin, a pipe from this
 * process, closes. So no pack outlives the driver, however the driver ends: an error, a signal,
 * SIGKILL, or a V8 fatal error (out of memory), where no exit handler of ours can run.
 */
export const PARENT_WATCH = `data:text/javascript,${encodeURIComponent(
    'const s=process.stdin;s.on("end",()=>process.exit(0));s.on("error",()=>process.exit(0));s.resume();if(s.unref)s.unref();',
)}`;

// Packs still running when this process exits normally are killed at once.
const runningChildren = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of runningChildren) {
        child.kill("SIGKILL");
    }
});

export async function launchPack(packDir: string, options: LaunchOptions): Promise<PackProcess> {
    const absolutePackDir = path.resolve(packDir);
    checkPackDir(absolutePackDir);

    const child = spawn(process.execPath, ["--import", PARENT_WATCH, resolveRunPolicyPack(absolutePackDir), options.engineAddress, absolutePackDir], {
        cwd: absolutePackDir,
        env: options.env,
        stdio: ["pipe", "pipe", "pipe"],
    });
    runningChildren.add(child);
    // Kept open, never written: its end tells the pack this process is gone (PARENT_WATCH).
    child.stdin!.on("error", () => undefined);

    let exitInfo: ProcessExit | undefined;
    const closed = new Promise<ProcessExit>((resolve) => {
        child.once("close", (code, signal) => {
            exitInfo = { code, signal };
            runningChildren.delete(child);
            child.stdin!.destroy();
            resolve(exitInfo);
        });
    });

    readline.createInterface({ input: child.stderr! }).on("line", (line) => {
        options.output.add({ source: "stderr", severity: "info", message: line });
    });

    const stop = async (): Promise<void> => {
        if (exitInfo) {
            return;
        }
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
        await closed;
        clearTimeout(timer);
    };

    let port: number;
    try {
        port = await readPort(child, closed, options);
    } catch (error) {
        // Once stopped, the pack's streams are closed and everything it wrote has been read.
        await stop();
        const reason = `policy pack ${absolutePackDir} failed to start: ${(error as Error).message}`;
        throw new PackStartError(withFailureTail(reason, options.output));
    }

    return {
        port,
        pid: child.pid!,
        whenExited: () => closed,
        stop,
    };
}

function checkPackDir(packDir: string): void {
    if (!fs.existsSync(packDir) || !fs.statSync(packDir).isDirectory()) {
        throw new PackStartError(`policy pack ${packDir} failed to start: no such directory`);
    }
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        throw new PackStartError(`policy pack ${packDir} failed to start: it has no PulumiPolicy.yaml`);
    }
}

function readPort(child: ChildProcess, closed: Promise<ProcessExit>, options: LaunchOptions): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        let settled = false;
        const settle = (action: () => void) => {
            if (!settled) {
                settled = true;
                clearTimeout(timer);
                action();
            }
        };
        const timer = setTimeout(() => settle(() => reject(new Error(`it printed no port within ${options.startTimeoutMs} ms`))), options.startTimeoutMs);

        readline.createInterface({ input: child.stdout! }).on("line", (line) => {
            if (settled) {
                options.output.add({ source: "stdout", severity: "info", message: line });
                return;
            }
            const trimmed = line.trim();
            if (/^\d+$/.test(trimmed)) {
                settle(() => resolve(Number(trimmed)));
            } else {
                settle(() => reject(new Error(`it printed ${JSON.stringify(line)} where its port was expected`)));
            }
        });
        child.once("error", (error) => settle(() => reject(new Error(`node could not be run: ${error.message}`))));
        void closed.then((exit) => {
            settle(() => reject(new Error(`it exited (${describeExit(exit)}) before printing its port`)));
        });
    });
}

export function describeExit(exit: ProcessExit): string {
    return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
