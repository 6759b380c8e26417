/**
 * `npm run bench:checker`: what a user waits for. Wall-clock time of the offline checker
 * (the compiled `bin/cli/check.js`, as `npm run check` runs it) over one shipped example and
 * over all of them, interleaved round by round so that load on the machine falls on both alike;
 * medians. Target: all examples cost at most 2x one example (one pack process serves every file).
 * Writes bench/checker-results.md.
 *
 * Options: --rounds=5, --results=<file>
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
}

function options(argv: string[]): { rounds: number; results: string } {
    const parsed = { rounds: 5, results: path.join(__dirname, "checker-results.md") };
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

function timeCheck(args: string[]): number {
    const start = performance.now();
    const result = spawnSync(process.execPath, [CHECK, ...args], { cwd: ROOT, encoding: "utf8" });
    const wallMs = performance.now() - start;
    if (result.status !== 0 && result.status !== 1) {
        throw new Error(`check ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    }
    return wallMs;
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
        { label: "one example", args: [ONE], files: 1, wallMs: [] },
        { label: `all ${all.length} examples`, args: [], files: all.length, wallMs: [] },
        { label: `all ${all.length} examples, --json`, args: ["--json"], files: all.length, wallMs: [] },
    ];
    timeCheck([ONE]); // warm the file cache
    for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? runs : [...runs].reverse();
        for (const run of order) {
            run.wallMs.push(timeCheck(run.args));
        }
        process.stderr.write(`round ${round + 1}/${rounds} done\n`);
    }
    const one = median(runs[0].wallMs);
    const rows = runs.map((run) => {
        const ms = median(run.wallMs);
        const ratio = ms / one;
        const verdict = run === runs[0] ? "" : ratio <= TARGET_RATIO ? "PASS" : "FAIL";
        return `| ${run.label} | ${run.files} | ${ms.toFixed(0)} ms | ${ratio.toFixed(2)}x | ${verdict} |`;
    });
    const cpus = os.cpus();
    const markdown = [
        "## Benchmark: the offline checker, all shipped examples against one",
        "",
        `\`npm run bench:checker\` (bench/checker.ts), ${new Date().toISOString()}, Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? "CPU"}.`,
        `Wall-clock time of \`node bin/cli/check.js\` from start to exit, medians of ${rounds} interleaved rounds.`,
        "",
        `| run | files | wall time | ratio to one example | target ≤ ${TARGET_RATIO}x |`,
        "| --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
    fs.writeFileSync(results, markdown);
    process.stdout.write(markdown);
}

main();
