/**
 * `npm run bench:check-overhead`: what `npm run check` (the README's main job) costs on a built
 * tree over the installed command, `node bin/cli/check.js`, over the same files (every shipped
 * example). `npm run check` builds only when a source changed (scripts/build.js --if-stale), so
 * on a built tree its extra cost is npm itself and the staleness check. Interleaved rounds, medians
 * of wall-clock time and of CPU time (user + system of every process, through /usr/bin/time).
 * Target: `npm run check` at most 1.5x the installed command. Writes bench/check-overhead-results.md.
 *
 * Options: --rounds=7, --results=<file>
 */
import { execFileSync, spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { median } from "./measure";
import { loadAverage, roundsAndResults, timeCommand, writeResults } from "./timed-command";

const ROOT = path.resolve(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TARGET_RATIO = 1.5;

interface Run {
    label: string;
    command: string[];
    wallMs: number[];
    cpuMs: number[];
}

function options(argv: string[]): { rounds: number; results: string } {
    return roundsAndResults(argv, { rounds: 7, results: path.join(__dirname, "check-overhead-results.md") }, "bench/check-overhead.ts");
}

function main(): void {
    const { rounds, results } = options(process.argv.slice(2));
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.js"), "--if-stale"], { cwd: ROOT, stdio: "inherit" });
    const runs: Run[] = [
        { label: "`node bin/cli/check.js` (installed command)", command: [process.execPath, path.join(ROOT, "bin", "cli", "check.js")], wallMs: [], cpuMs: [] },
        { label: "`npm run -s check` (built tree)", command: [NPM, "run", "-s", "check"], wallMs: [], cpuMs: [] },
    ];
    timeCommand(runs[1].command, ROOT, [1]); // warm the file cache
    for (let round = 0; round < rounds; round++) {
        for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
            // Exit code 1: the broken examples carry mandatory violations, as they should.
            const timing = timeCommand(run.command, ROOT, [1]);
            run.wallMs.push(timing.wallMs);
            run.cpuMs.push(timing.cpuMs);
        }
        process.stderr.write(`round ${round + 1}/${rounds} done\n`);
    }
    const [baseWall, baseCpu] = [median(runs[0].wallMs), median(runs[0].cpuMs)];
    const rows = runs.map((run) => {
        const [wall, cpu] = [median(run.wallMs), median(run.cpuMs)];
        const verdict = run === runs[0] ? "" : wall / baseWall <= TARGET_RATIO && cpu / baseCpu <= TARGET_RATIO ? "PASS" : "FAIL";
        return `| ${run.label} | ${wall.toFixed(0)} ms | ${(wall / baseWall).toFixed(2)}x | ${cpu.toFixed(0)} ms | ${(cpu / baseCpu).toFixed(2)}x | ${verdict} |`;
    });
    const cpus = os.cpus();
    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
    const markdown = [
        "## Benchmark: `npm run check` on a built tree against the installed command",
        "",
        `\`npm run bench:check-overhead\` (bench/check-overhead.ts), ${new Date().toISOString()}, Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? "CPU"}, commit ${commit}.`,
        `Both over every shipped example (examples/stacks/), from start to exit: wall-clock time, and CPU time of every process; medians of ${rounds} interleaved rounds.`,
        `Load average at the end: ${loadAverage()} (the machine is shared: compare the ratios, measured in one run).`,
        "",
        `| command | wall time | wall ratio | CPU time | CPU ratio | target ≤ ${TARGET_RATIO}x |`,
        "| --- | --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
    writeResults(results, markdown);
}

main();
