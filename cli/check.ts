#!/usr/bin/env node
/**
 * `check`: runs the policy pack over stack files offline, the way `pulumi preview` / `pulumi up`
 * would run it, and reports the violations. See USAGE in check-args.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import {
    GivenPolicyConfig,
    parsePolicyConfig,
    readStackFile,
    reconcilePolicyConfig,
    Stack,
    stackConfiguration,
    StackFileError,
    startPack,
} from "../driver";
import { findPackageRoot } from "../driver/locations";
import { parseCheckArguments, USAGE, UsageError } from "./check-args";
import { CheckedStack, jsonReport, summarize, textReport } from "./check-report";

export const EXIT_OK = 0;
export const EXIT_MANDATORY_VIOLATION = 1;
export const EXIT_CANNOT_CHECK = 2;

export interface CheckOutput {
    stdout(text: string): void;
    stderr(text: string): void;
}

export interface CheckDefaults {
    /** The pack run when --pack is not given. */
    packDir: string;
    /** Where stack files are looked for when none are given. */
    stacksDir: string;
}

/** Starting a pack is most of the work of checking a file; start as many at once as there are cores. */
const PARALLEL_PACKS = Math.min(4, os.availableParallelism());

const PROCESS_OUTPUT: CheckOutput = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
};

/** Input the checker cannot use; each problem is reported on a line of its own. */
class BadInput extends Error {
    constructor(readonly problems: string[]) {
        super(problems.join("\n"));
    }
}

/** This package's root, whether running from cli/ (ts-node) or bin/cli/ (compiled). */
export function defaultCheckDefaults(): CheckDefaults {
    const packageRoot = findPackageRoot(__dirname);
    return { packDir: packageRoot, stacksDir: path.join(packageRoot, "examples", "stacks") };
}

export async function runCheck(
    argv: readonly string[],
    output: CheckOutput = PROCESS_OUTPUT,
    defaults: CheckDefaults = defaultCheckDefaults(),
): Promise<number> {
    const fail = (...messages: string[]) => {
        messages.forEach((message) => output.stderr(`check: ${message}\n`));
        return EXIT_CANNOT_CHECK;
    };
    try {
        const args = parseCheckArguments(argv);
        if (args.help) {
            output.stdout(USAGE + "\n");
            return EXIT_OK;
        }
        const policyConfig = args.policyConfig ? readPolicyConfigFile(args.policyConfig) : {};
        const scanning = args.files.length === 0;
        const stacks = readStacks(scanning ? findJsonFiles(defaults.stacksDir) : args.files, scanning, output);

        const warnings = new Set<string>();
        const packDir = args.pack ?? defaults.packDir;
        const checked = await mapInOrder(stacks, PARALLEL_PACKS, (stack) =>
            checkStack(stack, packDir, policyConfig, warnings),
        );
        warnings.forEach((warning) => output.stderr(`check: warning: ${warning}\n`));
        output.stdout(args.json ? jsonReport(checked) : textReport(checked));
        return summarize(checked).mandatory > 0 ? EXIT_MANDATORY_VIOLATION : EXIT_OK;
    } catch (error) {
        if (error instanceof UsageError) {
            return fail(`${error.message}\n${USAGE}`);
        }
        if (error instanceof BadInput) {
            return fail(...error.problems);
        }
        // Bad input and a pack that cannot run alike: the stacks could not be checked.
        return fail((error as Error).message);
    }
}

function readPolicyConfigFile(file: string): GivenPolicyConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new BadInput([`${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code})`}`]);
    }
    try {
        return parsePolicyConfig(text);
    } catch (error) {
        throw new BadInput([`${file}: ${(error as Error).message}`]);
    }
}

/** Every .json file under `dir`, sorted, for when no files are named. */
function findJsonFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        throw new BadInput([`no files given and ${dir} does not exist`]);
    }
    const files = (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((name) => name.endsWith(".json"))
        .map((name) => path.join(dir, name))
        .sort();
    if (files.length === 0) {
        throw new BadInput([`no files given and ${dir} holds no .json files`]);
    }
    return files;
}

/**
 * Reads every file first, so that all bad ones are reported, one line each, and nothing runs.
 * When scanning a folder, JSON files that are no stack file at all (an index, say) are skipped.
 */
function readStacks(files: readonly string[], scanning: boolean, output: CheckOutput): Stack[] {
    const stacks: Stack[] = [];
    const problems: string[] = [];
    for (const file of files) {
        try {
            stacks.push(readStackFile(file));
        } catch (error) {
            if (!(error instanceof StackFileError)) {
                throw error;
            }
            if (scanning && error.kind === "unknown-format") {
                output.stderr(`check: note: skipped ${file}, which is not a stack file\n`);
            } else {
                problems.push(error.message);
            }
        }
    }
    if (problems.length > 0) {
        throw new BadInput(problems);
    }
    if (stacks.length === 0) {
        throw new BadInput(["no stack files to check"]);
    }
    return stacks;
}

/** One pack per stack file, started and configured for that stack, as the engine does per operation. */
async function checkStack(
    stack: Stack,
    packDir: string,
    policyConfig: GivenPolicyConfig,
    warnings: Set<string>,
): Promise<CheckedStack> {
    const pack = await startPack(packDir, { stack: stackConfiguration(stack) });
    try {
        const info = await pack.getAnalyzerInfo();
        const policyNames = new Set(info.policies.map((policy) => policy.name));
        for (const name of Object.keys(policyConfig)) {
            if (name !== "all" && !policyNames.has(name)) {
                warnings.add(`the policy config names "${name}", which pack ${info.name} does not have`);
            }
        }
        await pack.configure(reconcilePolicyConfig(info, policyConfig));
        return { stack, analysis: await pack.analyzeAll(stack) };
    } finally {
        await pack.close();
    }
}

/** Runs `work` on up to `limit` items at once; results in the order of `items`, the first failure thrown. */
async function mapInOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const outcomes: PromiseSettledResult<R>[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            outcomes[index] = await work(items[index]).then(
                (value) => ({ status: "fulfilled", value }) as const,
                (reason) => ({ status: "rejected", reason }) as const,
            );
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return outcomes.map((outcome) => {
        if (outcome.status === "rejected") {
            throw outcome.reason;
        }
        return outcome.value;
    });
}

if (require.main === module) {
    void runCheck(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
