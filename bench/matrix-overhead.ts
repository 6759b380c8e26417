/**
 * `npm run bench:matrix-overhead`: what working out "what replicates" (cli/report/matrix.ts) adds
 * to a check. For exports of several sizes (copies of the guide example, bench/checker-memory.ts),
 * one pack process analyses the stack as `check` does (ConfigureStack, Configure, Analyze,
 * AnalyzeStack), then the checker works out the verdict matrix in process: wall-clock time of both,
 * CPU time of the matrix (the pack's CPU is in its own process). One run per size, the two measured
 * back to back, so their ratio is the figure to read. Writes bench/matrix-overhead-results.md.
 *
 * Options: --resources=500,2000,5000, --results=<file>
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { largeExport } from "./checker-memory";
import { readStackFile, startPack, stackConfiguration } from "../driver";
import { matricesOrWarning } from "../cli/report/matrix";

const ROOT = path.resolve(__dirname, "..");

async function measure(count: number, work: string): Promise<string> {
    const file = path.join(work, `export-${count}.json`);
    fs.writeFileSync(file, largeExport(count));
    const stack = readStackFile(file, 1 << 30);
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
        return `| ${stack.resources.length.toLocaleString("en-US")} | ${matrices?.length ?? "failed"} | ${packMs.toFixed(0)} | ${matrixMs.toFixed(0)} | ${matrixCpuMs.toFixed(0)} | ${((100 * matrixMs) / packMs).toFixed(0)}% |`;
    } finally {
        await pack.close();
        fs.rmSync(file, { force: true });
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
            rows.push(await measure(size, work));
            console.log(rows[rows.length - 1]);
        }
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
            "| resources | rules | pack analysis, wall ms | matrix, wall ms | matrix, CPU ms | matrix / pack analysis |",
            "| --- | --- | --- | --- | --- | --- |",
            ...rows,
            "",
        ].join("\n"),
    );
}

void main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
