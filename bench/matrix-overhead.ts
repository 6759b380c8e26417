/**
 * `npm run bench:matrix-overhead`: what working out "what replicates" (cli/report/matrix.ts) adds
 * to a check. For exports of several sizes (copies of the guide example, bench/checker-memory.ts),
 * one pack process analyses the stack as `check` does (ConfigureStack, Configure, Analyze,
 * AnalyzeStack), then the checker works out the verdict matrix in process: wall-clock time of both,
 * CPU time of the matrix (the pack's CPU is in its own process). One run per size, the two measured
 * back to back, so their ratio is the figure to read; and the same for the compliant setup at AWS's
 * limits (1,000 rules, bench/aws-limits-stack.ts), with the size of its `whatReplicates` JSON.
 * Writes bench/matrix-overhead-results.md.
 *
 * Options: --resources=500,2000,5000, --results=<file>
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { largeExport } from "./checker-memory";
import { awsLimitsStack } from "./aws-limits-stack";
import { readStackFile, Stack, startPack, stackConfiguration } from "../driver";
import { matricesOrWarning } from "../cli/report/matrix";
import { jsonMatrix } from "../cli/report/matrix-json";

const ROOT = path.resolve(__dirname, "..");

async function measureExport(count: number, work: string): Promise<string> {
    const file = path.join(work, `export-${count}.json`);
    fs.writeFileSync(file, largeExport(count));
    try {
        return await measure(readStackFile(file, 1 << 30), `${count.toLocaleString("en-US")} resources`);
    } finally {
        fs.rmSync(file, { force: true });
    }
}

async function measure(stack: Stack, label: string): Promise<string> {
    const pack = await startPack(ROOT);
    try {
        await pack.configureStack(stackConfiguration(stack));
        await pack.configure({});
        let start = process.hrtime.bigint();
        const analysis = await pack.analyzeAll(stack);
        const packMs = Number(process.hrtime.bigint() - start) / 1e6;
        start = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        const matrices = await matricesOrWarning(analysis.analyzed ?? stack, {}, (warning) => console.error(warning));
        const matrixMs = Number(process.hrtime.bigint() - start) / 1e6;
        const used = process.cpuUsage(cpu);
        const matrixCpuMs = (used.user + used.system) / 1000;
        const json = JSON.stringify((matrices ?? []).map(jsonMatrix)).length;
        return `| ${label} | ${matrices?.length ?? "failed"} | ${packMs.toFixed(0)} | ${matrixMs.toFixed(0)} | ${matrixCpuMs.toFixed(0)} | ${((100 * matrixMs) / packMs).toFixed(0)}% | ${(json / 1e6).toFixed(1)} MB |`;
    } finally {
        await pack.close();
    }
}

async function main(): Promise<void> {
    let sizes = [500, 2000, 5000];
    let results = path.join(__dirname, "matrix-overhead-results.md");
    for (const arg of process.argv.slice(2)) {
        const [flag, value] = arg.split("=");
        if (flag === "--resources" && value) {
            sizes = value.split(",").map(Number);
        } else if (flag === "--results" && value) {
            results = value;
        } else {
            throw new Error(`bench/matrix-overhead.ts: unknown option ${arg}`);
        }
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "matrix-overhead-"));
    const rows: string[] = [];
    try {
        for (const size of sizes) {
            rows.push(await measureExport(size, work));
            console.log(rows[rows.length - 1]);
        }
        const base = readStackFile(path.join(ROOT, "examples", "stacks", "compliant-cross-region.deployed.json"), 1 << 30);
        rows.push(await measure(awsLimitsStack(base), "AWS limits: 1,000 rules"));
        console.log(rows[rows.length - 1]);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
    const cpus = os.cpus();
    fs.writeFileSync(
        results,
        [
            "# What replicates: the checker's extra work",
            "",
            `\`npm run bench:matrix-overhead\`, ${new Date().toISOString()}, Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? "CPU"}, load ${os.loadavg()[0].toFixed(1)} (a shared, noisy machine: read the ratio, measured back to back).`,
            "",
            "| stack | rules | pack analysis, wall ms | matrix, wall ms | matrix, CPU ms | matrix / pack analysis | `whatReplicates` JSON |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            ...rows,
            "",
        ].join("\n"),
    );
}

void main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
