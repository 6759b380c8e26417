/**
 * Hostile environments settings through the analyzer protocol (issue "Hostile and extreme input",
 * cases 1 and 2): one Analyze of a one-resource stack whose stack name is 35 `a`s, under
 * `advisoryStacks` patterns that made the former RegExp matcher backtrack or fail to compile.
 * The pack gets the setting over the protocol as given, without the CLI's schema check.
 *
 *   npm run bench:environments [-- <pack dir> [<timeout seconds>]]
 *
 * Prints, per pattern, the Analyze time or how it failed. Each case runs in a fresh pack process,
 * so a hung case does not slow the next.
 *
 * Measured 2026-12-02, Node.js 20, 2 shared cores, 60 s deadline per Analyze:
 *
 *   pattern                          RegExp matcher (before)              glob matcher (after)
 *   *a*a*a*a*a*a*a*a*a*a*a*a*a*a*b   no answer in 60 s                    109 ms (first call of the process)
 *   twenty * then x                  no answer in 60 s                    13 ms
 *   1,000 * then x                   no answer in 60 s                    29 ms (over 256 characters: ignored, said once)
 *   50,000 characters                request failed (RegExp too large)    98 ms (ignored, said once)
 */
import * as path from "path";
import { startPack } from "../driver";
import { ruleWithoutOptIn } from "../tests/support/rule-without-opt-in";

const packDir = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
const timeoutMs = Number(process.argv[3] ?? 60) * 1000;

const CASES: { label: string; pattern: string }[] = [
    { label: "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", pattern: "*a".repeat(14) + "*b" },
    { label: "twenty * then x", pattern: "*".repeat(20) + "x" },
    { label: "1,000 * then x", pattern: "*".repeat(1_000) + "x" },
    { label: "50,000 characters", pattern: "ab".repeat(25_000) },
];

const RULE = ruleWithoutOptIn("aaa", "bench");

async function measure(pattern: string): Promise<string> {
    const pack = await startPack(packDir, { callTimeoutMs: timeoutMs });
    try {
        await pack.configureStack({ stack: "a".repeat(35), project: "bench", organization: "acme", dryRun: true });
        await pack.configure({ "s3-replication-environments": { enforcementLevel: "advisory", properties: { advisoryStacks: [pattern] } } });
        const started = process.hrtime.bigint();
        try {
            const { diagnostics } = await pack.analyze(RULE);
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            return `${ms.toFixed(1)} ms (${diagnostics.map((d) => d.enforcementLevel).join(", ") || "no findings"})`;
        } catch (error) {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            return `failed after ${(ms / 1000).toFixed(1)} s: ${error instanceof Error ? error.message.split("\n")[0].slice(0, 120) : String(error)}`;
        }
    } finally {
        await pack.close();
    }
}

async function main(): Promise<void> {
    console.log(`pack: ${packDir}; timeout per Analyze: ${timeoutMs / 1000} s`);
    for (const { label, pattern } of CASES) {
        console.log(`${label.padEnd(34)} ${await measure(pattern)}`);
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
