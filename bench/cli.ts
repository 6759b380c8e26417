/** What the benchmark scripts share on their command line and in their results files. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** `--name=value` from the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
    const given = process.argv.find((a) => a.startsWith(`--${name}=`));
    return given ? given.slice(name.length + 3) : fallback;
}

/** `Node.js v20…, 2 × <CPU model>`: the machine a results file was measured on. */
export function machine(): string {
    const cpus = os.cpus();
    return `Node.js ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}`;
}

/** Runs a benchmark's `main`: exit code 2 with the stack on an error (the script sets 0 or 1 itself). */
export function runBenchmark(main: () => Promise<void>): void {
    main().catch((error) => {
        console.error(error instanceof Error ? error.stack : error);
        process.exitCode = 2;
    });
}

/** Writes a results file (its lines, a table last) and sets the exit code: 1 when a row missed its target. */
export function writeResults(file: string, lines: readonly string[], failures: number): void {
    fs.writeFileSync(file, [...lines, ""].join("\n"));
    console.log(`Written to ${path.relative(process.cwd(), file)}`);
    process.exitCode = failures === 0 ? 0 : 1;
}
