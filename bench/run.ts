/**
 * `npm run bench`: the pack's cost over the analyzer protocol, against a do-nothing pack with
 * the same policies, on stacks of N copies of the base stack's set-up (examples/stacks/
 * compliant-cross-region, 13 resources a copy) as a first preview (unknown ARNs) and as deployed.
 *
 * Measured for both packs, interleaved so that load on the machine falls on both alike: start-up
 * (launch until the port is printed), all per-resource Analyze calls in sequence, the one
 * AnalyzeStack call, and the pack process's peak memory. Prints the tables with PASS/FAIL per
 * target and writes them to bench/results.md. The pack runs from its compiled entry (bin/):
 * `npm run bench` builds first.
 *
 * Options:
 *   --sizes=10,100,1000     the N to measure
 *   --startups=7            launches of each pack for the start-up median
 *   --node-options=...      NODE_OPTIONS for both packs (e.g. --max-old-space-size=256)
 *   --results=file          where to write the markdown (default bench/results.md)
 *   --cpu-prof[=dir]        afterwards, profile our pack's AnalyzeStack at the largest N
 *   --profile-only          only that
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";

import { readStackFile, Stack } from "../driver";
import { s3EncryptedReplicationPolicies } from "../policies/pack/factory";
import { cloneStack } from "./clone-stack";
import { writeDoNothingPack } from "./do-nothing-pack";
import { Pack, runWorkload, summarize, timeStartup, Workload } from "./measure";
import { profilingEnvironment, summarizeProfile } from "./profile";
import { buildReport, render, Summary, Variant, verdictLine } from "./report";

const ROOT = path.resolve(__dirname, "..");
const BASE_EXAMPLE = "compliant-cross-region";
const VARIANTS: readonly Variant[] = ["preview", "deployed"];

interface Options {
    sizes: number[];
    startups: number;
    nodeOptions?: string;
    resultsFile: string;
    cpuProfileDir?: string;
    profileOnly: boolean;
}

function parseOptions(argv: string[]): Options {
    const options: Options = { sizes: [10, 100, 1000], startups: 7, resultsFile: path.join(__dirname, "results.md"), profileOnly: false };
    const defaultProfileDir = path.join(os.tmpdir(), "s3-replication-bench-profiles");
    for (const arg of argv) {
        const at = arg.indexOf("=");
        const [flag, value] = at < 0 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
        if (flag === "--sizes" && value) {
            options.sizes = value.split(",").map(Number);
        } else if (flag === "--startups" && value) {
            options.startups = Number(value);
        } else if (flag === "--node-options" && value) {
            options.nodeOptions = value;
        } else if (flag === "--results" && value) {
            options.resultsFile = path.resolve(value);
        } else if (flag === "--cpu-prof") {
            options.cpuProfileDir = value ? path.resolve(value) : defaultProfileDir;
        } else if (flag === "--profile-only") {
            options.profileOnly = true;
            options.cpuProfileDir ??= defaultProfileDir;
        } else {
            throw new Error(`unknown option ${arg}; the options are listed at the top of bench/run.ts`);
        }
    }
    return options;
}

/** Small stacks take milliseconds: repeat them, each time in fresh packs, and take medians. */
/** Rounds per size: each run's CPU time moves by about ±15% on a shared machine, so medians need several. */
function repeatsFor(size: number): number {
    return size <= 10 ? 7 : size <= 100 ? 5 : 3;
}

/** Both packs in turn, the first one alternating from round to round. */
function inTurn(packs: readonly Pack[], round: number): Pack[] {
    return round % 2 === 0 ? [...packs] : [...packs].reverse();
}

async function measureStartups(packs: readonly Pack[], rounds: number, env: Record<string, string>): Promise<{ ours: number[]; baseline: number[] }> {
    const startups = { ours: [] as number[], baseline: [] as number[] };
    for (let round = 0; round < rounds; round++) {
        for (const pack of inTurn(packs, round)) {
            startups[pack.label].push(await timeStartup(pack, env));
        }
    }
    const list = (values: number[]) => values.map((t) => t.toFixed(0)).join(", ");
    console.log(`start-up: ours ${list(startups.ours)} ms; do-nothing ${list(startups.baseline)} ms`);
    return startups;
}

async function measureWorkloads(packs: readonly Pack[], bases: Record<Variant, Stack>, sizes: number[], env: Record<string, string>): Promise<Summary[]> {
    const summaries: Summary[] = [];
    for (const size of sizes) {
        for (const variant of VARIANTS) {
            const stack = cloneStack(bases[variant], size);
            const runs = { ours: [] as Workload[], baseline: [] as Workload[] };
            for (let round = 0; round < repeatsFor(size); round++) {
                for (const pack of inTurn(packs, round)) {
                    runs[pack.label].push(await runWorkload(pack, stack, { env }));
                }
            }
            const summary = { size, variant, resources: stack.resources.length, ours: summarize(runs.ours), baseline: summarize(runs.baseline) };
            summaries.push(summary);
            const cpu = (w: Workload) =>
                `Analyze ${w.analyze.cpuMs.toFixed(0)} ms, AnalyzeStack ${w.analyzeStack.cpuMs.toFixed(0)} ms, peak ${w.peakMb.toFixed(0)} MB`;
            console.log(`N=${size} ${variant} (pack CPU): ours ${cpu(summary.ours)}; do-nothing ${cpu(summary.baseline)}`);
        }
    }
    return summaries;
}

/** Our pack's AnalyzeStack at `size` again, under the CPU profiler, and where its time goes. */
async function profileOurPack(pack: Pack, bases: Record<Variant, Stack>, size: number, dir: string): Promise<void> {
    for (const variant of VARIANTS) {
        const file = path.join(dir, `analyze-stack-${size}-${variant}.cpuprofile`);
        await runWorkload(pack, cloneStack(bases[variant], size), { env: profilingEnvironment(dir, file), analyzeEachResource: false });
        console.log(`\nCPU profile of our pack's AnalyzeStack at N=${size}, ${variant} (start-up included): ${file}`);
        console.log(summarizeProfile(file, path.join(ROOT, "bin")));
    }
}

function environmentLine(options: Options): string {
    let commit = "unknown";
    try {
        commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
        if (execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).trim() !== "") {
            commit += " with uncommitted changes";
        }
    } catch {
        // Not a git checkout.
    }
    const cpus = os.cpus();
    const nodeOptions = options.nodeOptions ? `, packs run with NODE_OPTIONS=${options.nodeOptions}` : "";
    return `${new Date().toISOString()}, Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, commit ${commit}${nodeOptions}`;
}

async function main(): Promise<void> {
    const options = parseOptions(process.argv.slice(2));
    if (!fs.existsSync(path.join(ROOT, "bin", "index.js"))) {
        throw new Error("bin/index.js is missing: run `npm run build` first (`npm run bench` does)");
    }
    const bases: Record<Variant, Stack> = {
        preview: readStackFile(path.join(ROOT, "examples", "stacks", `${BASE_EXAMPLE}.preview.json`)),
        deployed: readStackFile(path.join(ROOT, "examples", "stacks", `${BASE_EXAMPLE}.deployed.json`)),
    };
    const baselineDir = fs.mkdtempSync(path.join(os.tmpdir(), "do-nothing-pack-"));
    try {
        writeDoNothingPack(baselineDir, s3EncryptedReplicationPolicies());
        const packs: Pack[] = [
            { label: "ours", dir: ROOT },
            { label: "baseline", dir: baselineDir },
        ];
        const env: Record<string, string> = options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {};
        const started = performance.now();
        if (!options.profileOnly) {
            const startups = await measureStartups(packs, options.startups, env);
            const summaries = await measureWorkloads(packs, bases, options.sizes, env);
            const report = buildReport(startups, summaries);
            console.log(`\n${render(report, false)}\n\n${verdictLine(report)}`);
            fs.writeFileSync(
                options.resultsFile,
                [
                    "## Benchmark: s3-encrypted-replication against a do-nothing pack with the same policies",
                    "",
                    `\`npm run bench\` (bench/run.ts), ${environmentLine(options)}.`,
                    `Stacks: N copies of examples/stacks/${BASE_EXAMPLE} (${bases.deployed.resources.length - 1} resources a copy, providers included, plus the root stack), ` +
                        "as a first preview and as deployed, sent over the analyzer protocol by the driver (driver/).",
                    "",
                    render(report, true),
                    "",
                    `**${verdictLine(report)}**`,
                    "",
                ].join("\n"),
            );
            console.log(`Written to ${path.relative(process.cwd(), options.resultsFile)}`);
            process.exitCode = report.failures.length === 0 ? 0 : 1;
        }
        if (options.cpuProfileDir) {
            await profileOurPack(packs[0], bases, Math.max(...options.sizes), options.cpuProfileDir);
        }
        console.log(`(bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    } finally {
        fs.rmSync(baselineDir, { recursive: true, force: true });
    }
}

main().catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 2;
});
