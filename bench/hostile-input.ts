/**
 * `npm run bench:hostile-input`: issue 22's classes of hostile input (bench/hostile-stacks.ts, one
 * generator per class), each stack sent in one AnalyzeStack call over the analyzer protocol to our
 * pack, to the do-nothing pack with the same policies, and (with `--before=<dir>`, a compiled
 * checkout of the code before the fixes) to that pack too, in one run: on a shared, noisy machine
 * only figures of one run compare. Target (issue 22): at most 2 s of the pack process's CPU time
 * over the do-nothing pack.
 *
 * Options: --classes=condition-keys,astral-wildcards,… (default all) --rounds=1
 *          --before=<dir> --results=bench/hostile-input-results.md
 */
import * as path from "path";

import { readStackFile, Stack } from "../driver";
import { machine, option, runBenchmark, writeResults } from "./cli";
import { withDoNothingPack } from "./do-nothing-pack";
import { astralWildcardsStack, attachmentsStack, conditionKeysStack, distinctPatternsStack, grantsStack, outputSizeStack } from "./hostile-stacks";
import { median, runWorkload, Workload } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const TARGET_MS = 2000;

const CLASSES: Record<string, { issue: string; describe: string; build: (base: Stack) => Stack }> = {
    "condition-keys": {
        issue: "22.1",
        describe: "10 rules, inline 10,240 + 10 × 6,144 characters of ~2,300 distinct aws:PrincipalTag keys",
        build: (b) => conditionKeysStack(b, 10),
    },
    "astral-wildcards": {
        issue: "22.2",
        describe: "10 rules with an emoji in their 1,000-character prefixes, 20 managed policies of distinct ?-laden patterns",
        build: (b) => astralWildcardsStack(b, 10),
    },
    "ascii-wildcards": {
        issue: "22.2 (control)",
        describe: "the same with an ASCII character for the emoji",
        build: (b) => astralWildcardsStack(b, 10, false),
    },
    "distinct-patterns": {
        issue: "22.3",
        describe:
            "the AWS-limits stack (1,000 rules of 1,024-character prefixes, every pattern distinct) and 10 more managed policies of short distinct ?-laden patterns",
        build: (b) => distinctPatternsStack(b),
    },
    grants: {
        issue: "22.4",
        describe: "1,000 rules, 1,000 aws.kms.Grants on the replica key, the key policy not letting the role encrypt",
        build: (b) => grantsStack(b),
    },
    attachments: {
        issue: "22.4",
        describe: "800 roles of 800 replication configurations, 1,000 PolicyAttachments naming 20 roles each",
        build: (b) => attachmentsStack(b),
    },
    "output-size": {
        issue: "22.8",
        describe: "1,000 rules, a role with 20 outside-the-stack managed policies of 2,048-character ARNs",
        build: (b) => outputSizeStack(b),
    },
};

type Label = "ours" | "before" | "baseline";

async function main(): Promise<void> {
    const classes = option("classes", Object.keys(CLASSES).join(",")).split(",");
    const rounds = Number(option("rounds", "1"));
    const before = option("before", "");
    const resultsFile = path.resolve(option("results", path.join(__dirname, "hostile-input-results.md")));
    const base = readStackFile(path.join(ROOT, "examples", "stacks", "compliant-cross-region.deployed.json"));
    const rows: string[] = [];
    let failures = 0;
    await withDoNothingPack(async (baselineDir) => {
        const packs: { label: Label; dir: string }[] = [
            { label: "baseline", dir: baselineDir },
            { label: "ours", dir: ROOT },
            ...(before ? [{ label: "before" as const, dir: path.resolve(before) }] : []),
        ];
        for (const name of classes) {
            const spec = CLASSES[name];
            if (!spec) {
                throw new Error(`no class ${name}: ${Object.keys(CLASSES).join(", ")}`);
            }
            const stack = spec.build(base);
            const runs: Partial<Record<Label, Workload[]>> = {};
            for (let round = 0; round < rounds; round++) {
                for (const pack of round % 2 === 0 ? packs : [...packs].reverse()) {
                    (runs[pack.label] ??= []).push(
                        await runWorkload({ label: pack.label === "baseline" ? "baseline" : "ours", dir: pack.dir }, stack, { analyzeEachResource: false }),
                    );
                }
            }
            const cpu = (label: Label) => median((runs[label] ?? []).map((w) => w.analyzeStack.cpuMs));
            const over = (label: Label) => cpu(label) - cpu("baseline");
            const verdict = over("ours") <= TARGET_MS ? "PASS" : "FAIL";
            failures += verdict === "FAIL" ? 1 : 0;
            const output = (label: Label) => {
                const w = runs[label]?.[0];
                return w ? `${w.mandatory + w.advisory} / ${(w.messageCharacters / 1024).toFixed(0)} KB` : "";
            };
            const row =
                `| ${name} (${spec.issue}) | ${stack.resources.length} | ${cpu("baseline").toFixed(0)} ms | ` +
                (before ? `${over("before").toFixed(0)} ms | ${output("before")} | ` : "") +
                `${over("ours").toFixed(0)} ms | ${output("ours")} | ${verdict} |`;
            console.log(row);
            rows.push(row);
        }
    });
    writeResults(
        resultsFile,
        [
            "## Benchmark: hostile input, round 2 (issue 22)",
            "",
            `\`npm run bench:hostile-input\` (bench/hostile-input.ts, stacks from bench/hostile-stacks.ts), ${new Date().toISOString()}, ${machine()}; ` +
                `one AnalyzeStack call over the analyzer protocol per pack, median of ${rounds} round(s), each pack in a fresh process, all in one run.`,
            `"over" is the pack process's CPU time minus the do-nothing pack's (same policies, doing nothing); "findings / text" counts diagnostics and their message characters.` +
                (before ? ` "before" is the pack compiled from ${before}.` : ""),
            "",
            ...Object.entries(CLASSES)
                .filter(([name]) => classes.includes(name))
                .map(([name, spec]) => `- ${name}: ${spec.describe}.`),
            "",
            `| class | resources | do-nothing CPU | ${before ? "before: over | before: findings / text | " : ""}after: over | after: findings / text | target ≤ ${TARGET_MS} ms over |`,
            `| --- | --- | --- | ${before ? "--- | --- | " : ""}--- | --- | --- |`,
            ...rows,
        ],
        failures,
    );
}

runBenchmark(main);
