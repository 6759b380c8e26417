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
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median } from "./measure";
import { loadAverage, roundsAndResults, Timing, timeCommand, writeResults } from "./timed-command";

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

function options(argv: string[]): { rounds: number; results: string } {
    return roundsAndResults(argv, { rounds: 7, results: path.join(__dirname, "checker-results.md") }, "bench/checker.ts");
}

/** One run of the checker; CPU time counts the pack process too (the checker waits for it). */
function timeCheck(args: string[]): Timing {
    return timeCommand([process.execPath, CHECK, ...args], ROOT, [0, 1]);
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
        `Load average at the end: ${loadAverage()} (the machine is shared; wall-clock ratios move with other load, CPU ratios much less).`,
        "",
        `| run | files | wall time | wall ratio | CPU time | CPU ratio | target ≤ ${TARGET_RATIO}x (CPU) |`,
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
    writeResults(results, markdown);
}

main();
