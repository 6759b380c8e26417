/** One run of a command from start to exit: wall-clock time, and CPU time (user + system) of every process it started, through /usr/bin/time. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";

export interface Timing {
    wallMs: number;
    cpuMs: number;
}

/** Throws unless the command exits with one of `expectedStatuses`. */
export function timeCommand(command: readonly string[], cwd: string, expectedStatuses: readonly number[]): Timing {
    const timeFile = path.join(os.tmpdir(), `bench-timed-command-${process.pid}.time`);
    const start = performance.now();
    const result = spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%U %S", ...command], { cwd, encoding: "utf8" });
    const wallMs = performance.now() - start;
    if (result.status === null || !expectedStatuses.includes(result.status)) {
        throw new Error(`${command.join(" ")} exited ${result.status}: ${result.stderr}`);
    }
    const [user, system] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    fs.rmSync(timeFile, { force: true });
    return { wallMs, cpuMs: (user + system) * 1000 };
}

/** `--rounds=N` and `--results=<file>`, the options of the benchmarks that time commands. */
export function roundsAndResults(argv: readonly string[], defaults: { rounds: number; results: string }, script: string): { rounds: number; results: string } {
    const parsed = { ...defaults };
    for (const arg of argv) {
        const [flag, value] = arg.split("=", 2);
        if (flag === "--rounds" && Number(value) > 0) {
            parsed.rounds = Number(value);
        } else if (flag === "--results" && value) {
            parsed.results = path.resolve(value);
        } else {
            throw new Error(`unknown option ${arg}; see the top of ${script}`);
        }
    }
    return parsed;
}

/** The load averages, e.g. "1.2, 0.9, 0.7". */
export function loadAverage(): string {
    return os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(", ");
}

/** Writes a results file and prints it. */
export function writeResults(file: string, markdown: string): void {
    fs.writeFileSync(file, markdown);
    process.stdout.write(markdown);
}
