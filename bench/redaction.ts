/**
 * `ts-node --transpile-only bench/redaction.ts` (after `npm run build`): what redacting secrets costs
 * (issue 22.5). A broken example stack (examples/stacks/broken-role-without-kms-encrypt) whose
 * replication rules have prefixes of 1,000 `a`s, which the findings quote, and 40 more buckets each
 * with 50 secret tags of 256 characters (AWS's longest tag value: "Tag naming limits and
 * requirements", AWS Resource Groups and Tag Editor User Guide) that all start with 200 `a`s. A
 * matcher that tries every secret sharing a start at every position of a message costs
 * messages × characters × secrets; a linear one costs the messages' length.
 *
 * One AnalyzeStack call over the analyzer protocol, as a deployed stack, against the do-nothing pack
 * (bench/do-nothing-pack.ts); the pack process's CPU time, median of the rounds. Target: at most 2 s
 * over the do-nothing pack.
 *
 * Options: --rules=1,10 --rounds=3 --results=bench/redaction-results.md
 *          --pack=<dir>   measure another compiled checkout of the pack as ours (e.g. the code before a change)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { readStackFile, Secret, Stack } from "../driver";
import { setNumberedRules, setProperty } from "./aws-limits-stack";
import { withDoNothingPack } from "./do-nothing-pack";
import { interleavedRuns, median, Pack } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const TARGET_MS = 2000;
const BUCKETS = 40;
const TAGS_PER_BUCKET = 50;
const TAG_VALUE_LENGTH = 256;
const PREFIX_LENGTH = 1000;

function option(name: string, fallback: string): string {
    const given = process.argv.find((a) => a.startsWith(`--${name}=`));
    return given ? given.slice(name.length + 3) : fallback;
}

/** The base stack with `rules` rules of 1,000-`a` prefixes and 40 buckets of 50 secret tags each. */
export function redactionStack(base: Stack, rules: number): Stack {
    const stack: Stack = structuredClone(base);
    const replication = stack.resources.find((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")!;
    setNumberedRules(replication, rules, (rule) => `${"a".repeat(PREFIX_LENGTH - 4)}${String(rule - 1).padStart(4, "0")}`);
    const bucket = stack.resources.find((r) => r.urn.endsWith("::source-bucket"))!;
    for (let b = 0; b < BUCKETS; b++) {
        const tags = Object.fromEntries(
            Array.from({ length: TAGS_PER_BUCKET }, (_, t) => [`tag-${t}`, `${"a".repeat(200)}${`${b}-${t}`.padStart(TAG_VALUE_LENGTH - 200, "a")}`]),
        );
        const copy = structuredClone(bucket);
        copy.urn = `${bucket.urn}-tagged-${b}`;
        copy.id = `tagged-bucket-${b}`;
        setProperty(copy, "bucket", `tagged-bucket-${b}`);
        setProperty(copy, "arn", `arn:aws:s3:::tagged-bucket-${b}`);
        setProperty(copy, "tags", new Secret(tags));
        stack.resources.push(copy);
    }
    return stack;
}

async function main(): Promise<void> {
    const ours = path.resolve(option("pack", ROOT));
    if (!fs.existsSync(path.join(ours, "bin", "index.js"))) {
        throw new Error("bin/index.js is missing: run `npm run build` first");
    }
    const sizes = option("rules", "1,10").split(",").map(Number);
    const rounds = Number(option("rounds", "3"));
    const resultsFile = path.resolve(option("results", path.join(__dirname, "redaction-results.md")));
    const base = readStackFile(path.join(ROOT, "examples", "stacks", "broken-role-without-kms-encrypt.deployed.json"));
    const rows: string[] = [];
    await withDoNothingPack(async (baselineDir) => {
        const packs: Pack[] = [
            { label: "ours", dir: ours },
            { label: "baseline", dir: baselineDir },
        ];
        for (const rules of sizes) {
            const stack = redactionStack(base, rules);
            const runs = await interleavedRuns(packs, stack, rounds, { analyzeEachResource: false });
            const cpu = (label: Pack["label"]) => median(runs[label].map((w) => w.analyzeStack.cpuMs));
            const over = cpu("ours") - cpu("baseline");
            const row =
                `| ${rules} | ${stack.resources.length} | ${cpu("ours").toFixed(0)} ms | ${cpu("baseline").toFixed(0)} ms | ${over.toFixed(0)} ms | ` +
                `${runs.ours[0].mandatory + runs.ours[0].advisory} | ${over <= TARGET_MS ? "PASS" : "FAIL"} |`;
            console.log(row);
            rows.push(row);
        }
    });
    const cpus = os.cpus();
    const text = [
        "## Benchmark: redaction (issue 22.5)",
        "",
        `\`ts-node --transpile-only bench/redaction.ts\`, ${new Date().toISOString()}, Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ` +
            (ours === ROOT ? "this checkout." : `the pack in ${ours}.`),
        `broken-role-without-kms-encrypt (deployed) with N rules of ${PREFIX_LENGTH}-character prefixes and ${BUCKETS} buckets of ${TAGS_PER_BUCKET} secret tags of ${TAG_VALUE_LENGTH} characters;`,
        `one AnalyzeStack call over the analyzer protocol, pack CPU time, median of ${rounds} rounds, each pack in a fresh process.`,
        "",
        `| rules | resources | ours CPU | do-nothing CPU | CPU over do-nothing | findings | target ≤ ${TARGET_MS} ms over |`,
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
    fs.writeFileSync(resultsFile, text);
    console.log(`Written to ${path.relative(process.cwd(), resultsFile)}`);
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error instanceof Error ? error.stack : error);
        process.exitCode = 2;
    });
}
