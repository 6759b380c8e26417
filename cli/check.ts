#!/usr/bin/env node
/**
 * `check`: runs the policy pack over stack files offline, the way `pulumi preview` / `pulumi up`
 * would run it, and reports the violations. See USAGE in check-args.ts.
 *
 * One pack process checks every file: for each stack the checker sends ConfigureStack (the
 * stack's name, project, dry run, config) and Configure, as the engine does at the start of each
 * operation, then Remediate, Analyze and AnalyzeStack. The pack learns which stack it is checking
 * from ConfigureStack alone; it is started without the PULUMI_STACK-style variables, which would
 * name only one of the stacks.
 */
import * as fs from "fs";
import * as path from "path";

import {
    checkPolicyConfig,
    GivenPolicyConfig,
    PackSession,
    parsePolicyConfig,
    policyConfigEnvironments,
    readStackFile,
    reconcilePolicyConfig,
    Stack,
    stackConfiguration,
    StackFileError,
    startPack,
} from "../driver";
import { DEFAULT_MAX_FILE_BYTES, InputFileError, readInputFile } from "../driver/input-file";
import { findPackageRoot } from "../driver/locations";
import { CheckArguments, parseCheckArguments, USAGE, UsageError } from "./check-args";
import { outputProblem, writeOutputFile } from "./output-file";
import { Progress, ProgressSink } from "./progress";
import { CheckedStack, EXIT_CANNOT_CHECK, EXIT_OK, exitCodeOf, summarize } from "./report/checked";
import { jsonReport } from "./report/json";
import { matricesOrWarning } from "./report/matrix";
import { htmlReport } from "./report/html/page";
import { textReport } from "./report/text";
import { safeText } from "./terminal-text";

export { EXIT_CANNOT_CHECK, EXIT_INCOMPLETE, EXIT_MANDATORY_VIOLATION, EXIT_OK } from "./report/checked";

export interface CheckOutput {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Columns of the terminal standard output is, if it is one: the text report wraps there. */
    stdoutColumns?: number;
    /** Where the progress line goes (stderr), if it is a terminal. */
    progress?: ProgressSink;
}

export interface CheckDefaults {
    /** The pack run when --pack is not given. */
    packDir: string;
    /** Where stack files are looked for when none are given. */
    stacksDir: string;
}

const MEBIBYTE = 1024 * 1024;

const PROCESS_OUTPUT: CheckOutput = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    progress: {
        isTTY: Boolean(process.stderr.isTTY),
        columns: process.stderr.columns,
        write: (text) => process.stderr.write(text),
    },
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
    let pack: PackSession | undefined;
    let progress: Progress | undefined;
    try {
        const args = parseCheckArguments(argv);
        if (args.help) {
            output.stdout(USAGE + "\n");
            return EXIT_OK;
        }
        const maxBytes = args.maxFileMiB !== undefined ? Math.floor(args.maxFileMiB * MEBIBYTE) : DEFAULT_MAX_FILE_BYTES;
        const files = args.files.length > 0 ? args.files : findExampleFiles(defaults.stacksDir);
        const inputs = args.policyConfig ? [args.policyConfig, ...files] : files;
        for (const target of [args.output, args.html]) {
            if (target !== undefined) {
                checkOutputTarget(target);
                const refused = outputProblem(target, inputs);
                if (refused) {
                    throw new BadInput([`${safeText(target, false)}: ${refused}`]);
                }
            }
        }
        if (args.output !== undefined && args.html !== undefined && path.resolve(args.output) === path.resolve(args.html)) {
            throw new BadInput([`${safeText(args.html, false)}: --html and --output name the same file; give each its own`]);
        }
        const policyConfig = args.policyConfig ? readPolicyConfigFile(args.policyConfig, maxBytes, output) : {};
        const stacks = readStacks(files, maxBytes).map((stack) => withStackIdentity(stack, args));

        progress = new Progress(args.json ? undefined : output.progress);
        progress.update(0, stacks.length, "starting the policy pack");
        pack = await startPack(args.pack ?? defaults.packDir);
        const info = await pack.getAnalyzerInfo();
        const config = reconcilePolicyConfig(info, policyConfig);
        const { errors, warnings } = checkPolicyConfig(info, config, policyConfig);
        if (errors.length > 0) {
            const source = args.policyConfig ?? `the default config of pack ${info.name}`;
            throw new BadInput(errors.map((error) => `${safeText(source, false)}: invalid policy config: ${safeText(error, false)}`));
        }
        warnings.forEach((warning) => output.stderr(`check: warning: ${safeText(warning, false)}\n`));

        const checked: CheckedStack[] = [];
        for (const [index, stack] of stacks.entries()) {
            progress.update(index, stacks.length, safeText(stack.file ?? "", false));
            await pack.configureStack(stackConfiguration(stack));
            await pack.configure(config);
            const analysis = await pack.analyzeAll(stack);
            // What replicates, on the stack AnalyzeStack received (remediations applied), with the pack's config.
            const warn = (warning: string) => output.stderr(`check: warning: ${safeText(warning, false)}\n`);
            checked.push({ stack, analysis, matrix: await matricesOrWarning(analysis.analyzed ?? stack, config, warn) });
        }
        progress.clear();

        const toFile = args.output !== undefined;
        const report = args.json ? jsonReport(checked) : textReport(checked, { width: toFile ? Infinity : (output.stdoutColumns ?? Infinity) });
        if (toFile) {
            writeReport(args.output!, report, inputs);
        } else {
            output.stdout(report);
        }
        if (args.html !== undefined) {
            writeReport(args.html, htmlReport(checked), inputs);
        }
        return exitCodeOf(summarize(checked));
    } catch (error) {
        progress?.clear();
        if (error instanceof UsageError) {
            return fail(`${error.message}\n${USAGE}`);
        }
        if (error instanceof BadInput) {
            return fail(...error.problems);
        }
        // A pack that cannot run: the stacks could not be checked. What it printed is quoted, its stack frames not.
        return fail(safeText(withoutStackFrames((error as Error).message)));
    } finally {
        await pack?.close();
    }
}

/** Drops the "    at f (file:1:2)" lines of a stack trace a pack printed. */
function withoutStackFrames(text: string): string {
    return text
        .split("\n")
        .filter((line) => !/^\s+at \S/.test(line))
        .join("\n");
}

function readPolicyConfigFile(file: string, maxBytes: number, output: CheckOutput): GivenPolicyConfig {
    let text: string;
    try {
        text = readInputFile(file, maxBytes);
    } catch (error) {
        throw error instanceof InputFileError ? new BadInput([safeText(error.message, false)]) : error;
    }
    let config: GivenPolicyConfig;
    try {
        config = parsePolicyConfig(text);
    } catch (error) {
        const problem = (error as Error).message;
        const hint = looksLikeStackFile(text) ? ": this is a stack file, so pass it without --policy-config" : "";
        throw new BadInput([safeText(`${file}: ${problem}${hint}`, false)]);
    }
    const environments = policyConfigEnvironments(text);
    if (environments.length > 0) {
        output.stderr(
            `check: warning: ${safeText(file, false)} names Pulumi ESC environments (${safeText(environments.join(", "), false)}), which the checker cannot open offline\n`,
        );
    }
    return config;
}

function looksLikeStackFile(text: string): boolean {
    try {
        const document = JSON.parse(text);
        return typeof document === "object" && document !== null && ("deployment" in document || "steps" in document);
    } catch {
        return false;
    }
}

/** Every example stack file (the `.json` files of `dir`, but its index), for when no files are named. */
function findExampleFiles(dir: string): string[] {
    const files = fs.existsSync(dir)
        ? (fs.readdirSync(dir) as string[])
              .filter((name) => name.endsWith(".json") && name !== "index.json")
              .map((name) => path.join(dir, name))
              .sort()
        : [];
    if (files.length === 0) {
        throw new BadInput([
            "no stack files given; pass the files to check, e.g.",
            "  pulumi stack export > stack.json                    # a deployed stack",
            "  pulumi preview --json --show-sames > preview.json   # a preview, before deploy (every resource)",
            "  s3-encrypted-replication-check stack.json preview.json [--policy-config <file>]",
            "(--help lists the options)",
        ]);
    }
    return files;
}

/** Reads every file first, so that all bad ones are reported, one line each, and nothing runs. */
function readStacks(files: readonly string[], maxBytes: number): Stack[] {
    const stacks: Stack[] = [];
    const problems: string[] = [];
    for (const file of files) {
        try {
            stacks.push(readStackFile(file, maxBytes));
        } catch (error) {
            if (!(error instanceof StackFileError)) {
                throw error;
            }
            problems.push(safeText(error.message, false));
        }
    }
    if (problems.length > 0) {
        throw new BadInput(problems);
    }
    return stacks;
}

/**
 * The report's file, checked before anything runs, so that a long analysis is not lost to a typo:
 * an existing file must be writable, a new one's folder must exist and be writable.
 */
function checkOutputTarget(file: string): void {
    const problem = (why: string) => new BadInput([`${safeText(file, false)}: the report cannot be written there (${why}); nothing was checked`]);
    let stats: fs.Stats | undefined;
    try {
        stats = fs.statSync(file);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
            throw problem((error as NodeJS.ErrnoException).code ?? "cannot stat");
        }
    }
    if (stats?.isDirectory()) {
        throw problem("it is a folder");
    }
    const target = stats ? file : path.dirname(path.resolve(file));
    try {
        fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "not writable";
        throw problem(stats ? `${code}` : `its folder: ${code}`);
    }
}

/**
 * --stack and --stack-tag: the organization and tags no stack file holds, and the project and
 * stack name, which must agree with the ones the file's URNs carry.
 */
function withStackIdentity(stack: Stack, args: CheckArguments): Stack {
    const given = args.stack;
    const tags = Object.keys(args.stackTags).length > 0 ? { tags: args.stackTags } : {};
    if (!given) {
        return { ...stack, ...tags };
    }
    const clash = (what: string, inFile: string | undefined, named: string | undefined) =>
        inFile !== undefined && named !== undefined && inFile !== named ? `${what} ${inFile}` : undefined;
    const clashes = [clash("project", stack.project, given.project), clash("stack", stack.stackName, given.stack)].filter(Boolean);
    if (clashes.length > 0) {
        throw new BadInput([
            `${safeText(stack.file ?? "(stack)", false)}: its resources belong to ${safeText(clashes.join(", "), false)}, not to the --stack given`,
        ]);
    }
    return {
        ...stack,
        stackName: given.stack,
        ...(given.project ? { project: given.project } : {}),
        ...(given.organization ? { organization: given.organization } : {}),
        ...tags,
    };
}

function writeReport(file: string, report: string, inputs: readonly string[]): void {
    try {
        writeOutputFile(file, report, inputs);
    } catch (error) {
        throw new BadInput([`${safeText(file, false)}: ${safeText((error as Error).message, false)}`]);
    }
}

/**
 * The command: exit codes as documented, one line on every failure and never a stack trace,
 * and no pack left running, whichever way the checker ends (pack-process.ts).
 */
function main(): void {
    const signalExit: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
    for (const [signal, code] of Object.entries(signalExit)) {
        process.once(signal as NodeJS.Signals, () => {
            process.stderr.write(`\ncheck: stopped by ${signal}\n`);
            process.exit(code); // the exit handler of pack-process.ts kills the packs
        });
    }
    const internalError = (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`check: internal error: ${safeText(message, false)}\n`);
        process.exit(EXIT_CANNOT_CHECK);
    };
    process.on("uncaughtException", internalError);
    process.on("unhandledRejection", internalError);
    // A closed pipe (`check | head`) ends the checker quietly.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => process.exit(error.code === "EPIPE" ? EXIT_OK : EXIT_CANNOT_CHECK));
    void runCheck(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    }, internalError);
}

if (require.main === module) {
    main();
}
