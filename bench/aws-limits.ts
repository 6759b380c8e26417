/**
 * `npm run bench:aws-limits`: the pack's AnalyzeStack on the "AWS limits" stack (bench/aws-limits-stack.ts:
 * up to 1,000 rules with 1,024-character prefixes, and role, managed, bucket and key policies at
 * AWS's maximum sizes, written to make wildcard matching work hard) against the do-nothing pack,
 * over the analyzer protocol, as a deployed stack. Target (issue 15.3): at most 2 s more
 * AnalyzeStack time than the do-nothing pack, judged on the pack process's CPU time.
 *
 * Options: --rules=10,100,1000 --rounds=3 --results=bench/aws-limits-results.md
 *          --pack=<dir>   measure another compiled checkout of the pack as ours (e.g. the code before a change)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { readStackFile } from "../driver";
import { AWS_LIMITS, awsLimitsStack } from "./aws-limits-stack";
import { machine, option, runBenchmark, writeResults } from "./cli";
import { withDoNothingPack } from "./do-nothing-pack";
import { interleavedRuns, median, Pack } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const TARGET_MS = 2000;

function commit(): string {
    try {
        const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
        const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
        return dirty ? `${head} with uncommitted changes` : head;
    } catch {
        return "unknown";
    }
}

async function main(): Promise<void> {
    const ours = path.resolve(option("pack", ROOT));
    if (!fs.existsSync(path.join(ours, "bin", "index.js"))) {
        throw new Error("bin/index.js is missing: run `npm run build` first (`npm run bench:aws-limits` does)");
    }
    const sizes = option("rules", `10,100,${AWS_LIMITS.rules}`).split(",").map(Number);
    const rounds = Number(option("rounds", "3"));
    const resultsFile = path.resolve(option("results", path.join(__dirname, "aws-limits-results.md")));
    const base = readStackFile(path.join(ROOT, "examples", "stacks", "compliant-cross-region.deployed.json"));
    const rows: string[] = [];
    let failures = 0;
    await withDoNothingPack(async (baselineDir) => {
        const packs: Pack[] = [
            { label: "ours", dir: ours },
            { label: "baseline", dir: baselineDir },
        ];
        for (const rules of sizes) {
            const stack = awsLimitsStack(base, rules);
            const runs = await interleavedRuns(packs, stack, rounds, { analyzeEachResource: false });
            const cpu = (label: Pack["label"]) => median(runs[label].map((w) => w.analyzeStack.cpuMs));
            const wall = (label: Pack["label"]) => median(runs[label].map((w) => w.analyzeStack.wallMs));
            const peak = (label: Pack["label"]) => median(runs[label].map((w) => w.peakMb));
            const over = cpu("ours") - cpu("baseline");
            const verdict = over <= TARGET_MS ? "PASS" : "FAIL";
            failures += verdict === "FAIL" ? 1 : 0;
            const row =
                `| ${rules} | ${stack.resources.length} | ${wall("ours").toFixed(0)} ms | ${wall("baseline").toFixed(0)} ms | ${cpu("ours").toFixed(0)} ms | ` +
                `${cpu("baseline").toFixed(0)} ms | ${over.toFixed(0)} ms | ${peak("ours").toFixed(0)} MB | ${peak("baseline").toFixed(0)} MB | ${runs.ours[0].mandatory} | ${verdict} |`;
            console.log(row);
            rows.push(row);
        }
    });
    writeResults(
        resultsFile,
        [
            "## Benchmark: the AWS-limits stack (issue 15.3)",
            "",
            `\`npm run bench:aws-limits\` (bench/aws-limits.ts), ${new Date().toISOString()}, ${machine()}, ` +
                (ours === ROOT ? `commit ${commit()}.` : `the pack in ${ours}.`),
            "The base stack's deployed set-up with N replication rules of 1,024-character prefixes, a 10,240-character inline role policy, ten 6,144-character managed policies,",
            "20 KB bucket policies and 32 KB key policies (bench/aws-limits-stack.ts), one AnalyzeStack call over the analyzer protocol, median of " +
                `${rounds} rounds, each pack in a fresh process.`,
            "",
            `| rules | resources | ours wall | do-nothing wall | ours CPU | do-nothing CPU | CPU over do-nothing | ours peak | do-nothing peak | mandatory | target ≤ ${TARGET_MS} ms over |`,
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            ...rows,
        ],
        failures,
    );
}

runBenchmark(main);
