/**
 * `ts-node --transpile-only bench/checker-memory.ts [--resources=20000,40000] [--results=<file>]`:
 * what the offline checker (the compiled bin/cli/check.js, with the pack it starts) costs in time
 * and peak memory on large exports, to choose the default limits of issue 22.9 (input-file.ts,
 * json-shape.ts). Each export is copies of a shipped example, every logical name (and so every URN,
 * auto-name and ARN built from it) renamed per copy, so that copies link up only with themselves.
 * Peak memory is the largest resident set of the checker or its pack process (/usr/bin/time %M:
 * the larger of the process and its waited-for children). Also runs the two hostile files of the
 * issue (one array of 5,000,000 elements, a policy config nested 2,000 deep) and records how
 * they end. Writes bench/checker-memory-results.md.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { measureJson } from "../driver/json-shape";

const ROOT = path.resolve(__dirname, "..");
const CHECK = path.join(ROOT, "bin", "cli", "check.js");
const BASE = path.join(ROOT, "examples", "stacks", "compliant-cross-account.deployed.json");

interface Resource {
    urn: string;
    type: string;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An export of about `count` resources: copies of the base export's resources (its stack and providers shared). */
export function largeExport(count: number): string {
    const document = JSON.parse(fs.readFileSync(BASE, "utf8"));
    const resources = document.deployment.resources as Resource[];
    const shared = resources.filter((r) => r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:"));
    const copied = resources.filter((r) => !shared.includes(r));
    const names = [...new Set(copied.map((r) => r.urn.slice(r.urn.lastIndexOf("::") + 2)))].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(`(?<![A-Za-z0-9-])(${names.map(escapeRegExp).join("|")})(?![A-Za-z])`, "g");
    const texts = copied.map((r) => JSON.stringify(r));
    const out: string[] = shared.map((r) => JSON.stringify(r));
    for (let copy = 0; out.length < count; copy++) {
        for (const text of texts) {
            out.push(copy === 0 ? text : text.replace(pattern, (name) => `${name}-c${copy}`));
        }
    }
    return `{"version":3,"deployment":{"manifest":${JSON.stringify(document.deployment.manifest ?? {})},"resources":[${out.join(",")}]}}`;
}

interface Measured {
    label: string;
    bytes: number;
    values: string;
    code: number | null;
    seconds: number;
    cpuSeconds: number;
    peakMiB: number;
    stderr: string;
}

function run(label: string, args: string[], file: string): Measured {
    const timeFile = path.join(os.tmpdir(), `bench-checker-memory-${process.pid}.time`);
    const result = spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%e %U %S %M", process.execPath, CHECK, "--json", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1024 * 1024 * 1024,
        timeout: 15 * 60 * 1000,
    });
    const [elapsed, user, system, peakKiB] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    fs.rmSync(timeFile, { force: true });
    const text = fs.readFileSync(file, "utf8");
    const values = measureJson(text, { maxValues: Number.MAX_SAFE_INTEGER, maxDepth: Number.MAX_SAFE_INTEGER }).values;
    return {
        label,
        bytes: Buffer.byteLength(text),
        values: values.toLocaleString("en-US"),
        code: result.status,
        seconds: elapsed,
        cpuSeconds: user + system,
        peakMiB: Math.round(peakKiB / 1024),
        stderr: (result.stderr ?? "").trim().split("\n").slice(-1)[0]?.slice(0, 160) ?? "",
    };
}

function main(): void {
    let counts = [20_000, 40_000];
    let hostile = true;
    let results = path.join(__dirname, "checker-memory-results.md");
    for (const arg of process.argv.slice(2)) {
        const [flag, value] = arg.split("=", 2);
        if (flag === "--resources") {
            counts = value.split(",").map(Number);
        } else if (flag === "--no-hostile") {
            hostile = false;
        } else if (flag === "--results") {
            results = path.resolve(value);
        } else {
            throw new Error(`unknown option ${arg}; see the top of bench/checker-memory.ts`);
        }
    }
    if (!fs.existsSync(CHECK)) {
        throw new Error(`${CHECK} is missing: run \`npm run build\` first`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-checker-memory-"));
    const rows: Measured[] = [];
    try {
        const flat = path.join(dir, "flat-array.json");
        if (hostile) {
            fs.writeFileSync(flat, `{"version":3,"deployment":{"resources":[],"pad":[${"0,".repeat(4_999_999)}0]}}`);
            rows.push(run("one array of 5,000,000 elements", ["--max-file-size", "64", flat], flat));
            const deep = path.join(dir, "deep-config.json");
            fs.writeFileSync(deep, `{"all":${"[".repeat(2000)}${"]".repeat(2000)}}`);
            rows.push(run("policy config nested 2,000 deep", ["--policy-config", deep, BASE], deep));
        }
        for (const count of counts) {
            const file = path.join(dir, `export-${count}.json`);
            fs.writeFileSync(file, largeExport(count));
            rows.push(run(`export of ${count.toLocaleString("en-US")} resources`, ["--max-file-size", "1024", file], file));
            fs.rmSync(file, { force: true });
            process.stderr.write(`${rows[rows.length - 1].label}: done\n`);
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    const cpus = os.cpus();
    const markdown = [
        "## Benchmark: the offline checker's memory on large and hostile files (issue 22.9)",
        "",
        `\`ts-node --transpile-only bench/checker-memory.ts\`, ${new Date().toISOString()}, Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB.`,
        "Wall and CPU time (checker and pack process), the larger peak resident set of the two, the exit code and the last line of standard error.",
        "",
        "| input | size | JSON values | exit | wall | CPU | peak memory | last line of stderr |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows.map(
            (r) =>
                `| ${r.label} | ${(r.bytes / 2 ** 20).toFixed(1)} MiB | ${r.values} | ${r.code} | ${r.seconds.toFixed(1)} s | ${r.cpuSeconds.toFixed(1)} s | ${r.peakMiB} MiB | ${r.stderr.replace(/\|/g, "\\|")} |`,
        ),
        "",
    ].join("\n");
    fs.writeFileSync(results, markdown);
    process.stdout.write(markdown);
}

if (require.main === module) {
    main();
}
