/**
 * Turns every example program into stack files under `examples/stacks/`:
 *   <name>.preview.json   as `pulumi preview --json` prints it (new resources' outputs unknown);
 *   <name>.deployed.json  as `pulumi stack export` prints it after `pulumi up`;
 *   index.json            which example is compliant and which policies the broken ones trigger.
 *
 * Usage (from the repository root):
 *   npx ts-node --transpile-only examples/generate.ts          write the files
 *   npx ts-node --transpile-only examples/generate.ts --check exit 1 if a committed file differs
 */
import * as fs from "fs";
import * as path from "path";
import { EXAMPLE_PROGRAMS, EXAMPLE_STACK, ExampleProgram, isCompliant, programEntry, REPOSITORY_ROOT, STACKS_DIRECTORY } from "./example-programs";
import { captureProgram } from "./harness/capture";
import { jsonFileText, previewDigest, stackExport } from "./harness/stack-files";

export const GENERATE_COMMAND = "npx ts-node --transpile-only examples/generate.ts";

export const INDEX_FILE = "index.json";

export function previewFileName(example: ExampleProgram): string {
    return `${example.name}.preview.json`;
}

export function deployedFileName(example: ExampleProgram): string {
    return `${example.name}.deployed.json`;
}

function fromRepositoryRoot(file: string): string {
    return path.relative(REPOSITORY_ROOT, file).split(path.sep).join("/");
}

function stackIndex() {
    return {
        description: "Stack files recorded from examples/programs under the Pulumi SDK's mock runtime. Paths are relative to the repository root.",
        regenerate: GENERATE_COMMAND,
        stack: EXAMPLE_STACK,
        examples: EXAMPLE_PROGRAMS.map((example) => ({
            name: example.name,
            description: example.description,
            program: fromRepositoryRoot(programEntry(example)),
            compliant: isCompliant(example),
            expectedViolations: example.expectedViolations,
            preview: fromRepositoryRoot(path.join(STACKS_DIRECTORY, previewFileName(example))),
            deployed: fromRepositoryRoot(path.join(STACKS_DIRECTORY, deployedFileName(example))),
        })),
    };
}

/** Every file of `examples/stacks/`, by file name, rendered from the programs. */
export async function renderStackFiles(): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const example of EXAMPLE_PROGRAMS) {
        const run = { project: example.name, stack: EXAMPLE_STACK };
        const entry = programEntry(example);
        const previewed = await captureProgram(entry, { ...run, preview: true });
        const deployed = await captureProgram(entry, { ...run, preview: false });
        files.set(previewFileName(example), jsonFileText(previewDigest(previewed)));
        files.set(deployedFileName(example), jsonFileText(stackExport(deployed)));
    }
    files.set(INDEX_FILE, jsonFileText(stackIndex()));
    return files;
}

/** File names whose committed content differs from `expected`, plus stale and missing files. */
export function driftedFiles(expected: Map<string, string>): string[] {
    const committed = fs.existsSync(STACKS_DIRECTORY) ? fs.readdirSync(STACKS_DIRECTORY) : [];
    const names = new Set([...committed, ...expected.keys()]);
    return Array.from(names)
        .filter((name) => {
            const file = path.join(STACKS_DIRECTORY, name);
            return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== expected.get(name);
        })
        .sort();
}

async function main(): Promise<void> {
    const files = await renderStackFiles();
    if (process.argv.includes("--check")) {
        const drifted = driftedFiles(files);
        if (drifted.length > 0) {
            console.error(`examples/stacks is out of date (${drifted.join(", ")}); run: ${GENERATE_COMMAND}`);
            process.exitCode = 1;
        }
        return;
    }
    fs.rmSync(STACKS_DIRECTORY, { recursive: true, force: true });
    fs.mkdirSync(STACKS_DIRECTORY, { recursive: true });
    for (const [name, text] of files) {
        fs.writeFileSync(path.join(STACKS_DIRECTORY, name), text);
    }
    console.log(`wrote ${files.size} files to ${fromRepositoryRoot(STACKS_DIRECTORY)}`);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(error);
        process.exit(1);
    });
}
