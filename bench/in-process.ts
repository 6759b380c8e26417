/**
 * `npm run bench:in-process`: where the AnalyzeStack gap goes. Runs one AnalyzeStack call per fresh
 * process (bench/cold-call.ts) for our pack and its do-nothing twin, in turn, and prints the medians
 * of CPU time and their ratio; then the same with V8's `--trace-opt`, which times every function the
 * optimising compiler (TurboFan) compiles, to show how much of the difference is compilation
 * (which runs on a background thread, counted in the process's CPU time).
 *
 * Options: --size=1000 --variant=preview --rounds=5
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { median } from "./measure";

const ROOT = path.resolve(__dirname, "..");

function option(name: string, fallback: string): string {
    const given = process.argv.find((a) => a.startsWith(`--${name}=`));
    return given ? given.slice(name.length + 3) : fallback;
}

interface ColdCall {
    cpuMs: number;
    /** With --trace-opt: milliseconds TurboFan spent compiling, over the whole process. */
    compileMs: number;
}

/** `[completed compiling <JSFunction f> (target TURBOFAN) - took 0.01, 3.06, 0.02 ms]`: prepare, execute, finalize. */
const COMPILE_TIME = /\(target TURBOFAN\)(?: OSR)? - took ([\d.]+), ([\d.]+), ([\d.]+) ms/g;

function coldCall(nodeFlags: string[], pack: string, variant: string, size: number): ColdCall {
    const output = execFileSync(
        process.execPath,
        [...nodeFlags, "-r", "ts-node/register/transpile-only", path.join(__dirname, "cold-call.ts"), pack, variant, String(size)],
        { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 24 },
    );
    const result = JSON.parse(output.split("\n").find((line) => line.startsWith('{"cpuMs"')) ?? "{}") as { cpuMs: number; error?: string };
    if (result.error) {
        throw new Error(result.error);
    }
    let compileMs = 0;
    for (const match of output.matchAll(COMPILE_TIME)) {
        compileMs += Number(match[1]) + Number(match[2]) + Number(match[3]);
    }
    return { cpuMs: result.cpuMs, compileMs };
}

function main(): void {
    const size = Number(option("size", "1000"));
    const variant = option("variant", "preview");
    const rounds = Number(option("rounds", "5"));
    for (const flags of [[], ["--trace-opt"]]) {
        const calls: Record<string, ColdCall[]> = { ours: [], "do-nothing": [] };
        for (let round = 0; round < rounds; round++) {
            const order = round % 2 === 0 ? ["ours", "do-nothing"] : ["do-nothing", "ours"];
            for (const pack of order) {
                calls[pack].push(coldCall(flags, pack === "ours" ? "ours" : "nothing", variant, size));
            }
        }
        const [ours, baseline] = [median(calls.ours.map((c) => c.cpuMs)), median(calls["do-nothing"].map((c) => c.cpuMs))];
        console.log(
            `N=${size} ${variant}, node ${flags.join(" ") || "(default flags)"}: AnalyzeStack CPU ours ${ours.toFixed(0)} ms, do-nothing ${baseline.toFixed(0)} ms, ` +
                `difference ${(ours - baseline).toFixed(0)} ms, ratio ${(ours / baseline).toFixed(2)}x (median of ${rounds})`,
        );
        if (flags.includes("--trace-opt")) {
            const [oursCompile, baselineCompile] = [median(calls.ours.map((c) => c.compileMs)), median(calls["do-nothing"].map((c) => c.compileMs))];
            console.log(
                `  TurboFan compilation over the whole process: ours ${oursCompile.toFixed(0)} ms, do-nothing ${baselineCompile.toFixed(0)} ms, difference ${(oursCompile - baselineCompile).toFixed(0)} ms`,
            );
        }
    }
}

main();
