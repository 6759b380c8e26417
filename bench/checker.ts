/**
 * `npm run bench:checker`: what a user waits for. Wall-clock time of the offline checker
 * (the compiled `bin/cli/check.js`, as `npm run check` runs it) over one shipped example and
 * over all of them, interleaved round by round so that load on the machine falls on both alike;
 * medians of wall-clock time and of CPU time (user + system, the checker and the pack process it
 * starts, through /usr/bin/time). Target: all examples cost at most 2x one example (one pack process
 * serves every file); judged on CPU time, which other load on a shared machine does not inflate.
 * Writes bench/checker-results.md.
 *
 * Options: --rounds=7, --results=<file>
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";

const ROOT = path.resolve(__dirname, "..");
const CHECK = path.join(ROOT, "bin", "cli", "check.js");
const STACKS = path.join(ROOT, "examples", "stacks");
const ONE = path.join(STACKS, "compliant-cross-region.deployed.json");
const TARGET_RATIO = 2;

interface Run {
    label: string;
    args: string[];
    files: number;
    wallMs: number[];
    cpuMs: number[];
}

interface Timing {
    wallMs: number;
    cpuMs: number;
}

function options(argv: string[]): { rounds: number; results: string } {
    const parsed = { rounds: 7, results: path.join(__dirname, "checker-results.md") };
    for (const arg of argv) {
        const [flag, value] = arg.split("=", 2);
        if (flag === "--rounds" && Number(value) > 0) {
            parsed.rounds = Number(value);
        } else if (flag === "--results" && value) {
            parsed.results = path.resolve(value);
        } else {
            throw new Error(`unknown option ${arg}; see the top of bench/checker.ts`);
        }
    }
    return parsed;
}

/** One run of the checker; CPU time counts the pack process too (the checker waits for it). */
function timeCheck(args: string[]): Timing {
    const timeFile = path.join(os.tmpdir(), `bench-checker-${process.pid}.time`);
    const start = performance.now();
    const result = spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%U %S", process.execPath, CHECK, ...args], { cwd: ROOT, encoding: "utf8" });
    const wallMs = performance.now() - start;
    if (result.status !== 0 && result.status !== 1) {
        throw new Error(`check ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    }
    const [user, system] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    fs.rmSync(timeFile, { force: true });
    return { wallMs, cpuMs: (user + system) * 1000 };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main(): void {
    const { rounds, results } = options(process.argv.slice(2));
    if (!fs.existsSync(CHECK)) {
        throw new Error(`${CHECK} is missing: run \`npm run build\` first`);
    }
    const all = fs.readdirSync(STACKS).filter((name) => name.endsWith(".json") && name !== "index.json");
    const runs: Run[] = [
        { label: "one example", args: [ONE], files: 1, wallMs: [], cpuMs: [] },
        { label: `all ${all.length} examples`, args: [], files: all.length, wallMs: [], cpuMs: [] },
        { label: `all ${all.length} examples, --json`, args: ["--json"], files: all.length, wallMs: [], cpuMs: [] },
    ];
    timeCheck([ONE]); // warm the file cache
    for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? runs : [...runs].reverse();
        for (const run of order) {
            const timing = timeCheck(run.args);
            run.wallMs.push(timing.wallMs);
            run.cpuMs.push(timing.cpuMs);
        }
        process.stderr.write(`round ${round + 1}/${rounds} done\n`);
    }
    const [oneWall, oneCpu] = [median(runs[0].wallMs), median(runs[0].cpuMs)];
    const rows = runs.map((run) => {
        const [wall, cpu] = [median(run.wallMs), median(run.cpuMs)];
        const verdict = run === runs[0] ? "" : cpu / oneCpu <= TARGET_RATIO ? "PASS" : "FAIL";
        return `| ${run.label} | ${run.files} | ${wall.toFixed(0)} ms | ${(wall / oneWall).toFixed(2)}x | ${cpu.toFixed(0)} ms | ${(cpu / oneCpu).toFixed(2)}x | ${verdict} |`;
    });
    const cpus = os.cpus();
    const markdown = [
        "## Benchmark: the offline checker, all shipped examples against one",
        "",
        `\`npm run bench:checker\` (bench/checker.ts), ${new Date().toISOString()}, Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? "CPU"}.`,
        `\`node bin/cli/check.js\` from start to exit: wall-clock time, and CPU time of the checker and the pack process it starts; medians of ${rounds} interleaved rounds.`,
        `Load average at the end: ${os
            .loadavg()
            .map((load) => load.toFixed(1))
            .join(", ")} (the machine is shared; wall-clock ratios move with other load, CPU ratios much less).`,
        "",
        `| run | files | wall time | wall ratio | CPU time | CPU ratio | target ≤ ${TARGET_RATIO}x (CPU) |`,
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
    fs.writeFileSync(results, markdown);
    process.stdout.write(markdown);
}

main();
