/** Command line of `check`. */

export const USAGE = `usage: s3-encrypted-replication-check [options] <stack files...>
       (in a clone of the pack: npm run -s check -- [options] [stack files...])

Checks stack files against the policy pack, driving it over the analyzer protocol as the Pulumi
engine does. Stack files are JSON:
  pulumi stack export > stack.json                     after deploy: every resource, values known
  pulumi preview --json --show-sames > preview.json    before deploy; without --show-sames the
                                                       preview leaves out unchanged resources and
                                                       the check is incomplete (exit code 3)

  --policy-config <file>   policy config, as for \`pulumi preview --policy-pack-config\`; validated
                           against each policy's config schema as the Pulumi CLI validates it
  --stack <name>           the stack the files belong to, as \`pulumi --stack\` takes it
                           (org/project/stack, org/stack or stack): the environments setting's
                           advisoryStacks match it as the engine matches the stack's name
  --stack-tag <key=value>  a tag of that stack (repeatable), for advisoryStackTags
  --json                   print a machine-readable report
  --output <file>          write the report to <file> instead of standard output (a regular file
                           that is not an input)
  --html <file>            also write a self-contained HTML page: per replication rule, a picture
                           of its buckets, keys and role with each request coloured by verdict,
                           beside what replicates (see docs/verdict-matrix.md)
  --pack <dir>             the policy pack to run (default: this package)
  --max-file-size <MiB>    refuse larger input files (default: 32), and files of more JSON values
                           than one per 24 bytes of this size; JSON nested over 256 deep is refused
  stack files              default, in a clone of the pack: every example under examples/stacks/

Exit code: 0 when no mandatory policy is violated (advisory findings never fail the check),
1 when one is, 2 when the input is bad or the pack cannot run, 3 when nothing mandatory was found
but a file leaves resources out (a preview without --show-sames), so the check is incomplete.`;

export interface CheckArguments {
    policyConfig?: string;
    json: boolean;
    output?: string;
    html?: string;
    pack?: string;
    maxFileMiB?: number;
    /** --stack, split as the Pulumi CLI splits it. */
    stack?: StackName;
    /** --stack-tag, in the order given (a later value of a key wins). */
    stackTags: Record<string, string>;
    files: string[];
    help: boolean;
}

export interface StackName {
    organization?: string;
    project?: string;
    stack: string;
}

export class UsageError extends Error {}

const OPTIONS_WITH_VALUES = ["--policy-config", "--pack", "--output", "--html", "--max-file-size", "--stack", "--stack-tag"] as const;
type OptionWithValue = (typeof OPTIONS_WITH_VALUES)[number];

export function parseCheckArguments(argv: readonly string[]): CheckArguments {
    const parsed: CheckArguments = { json: false, files: [], help: false, stackTags: {} };
    for (let i = 0; i < argv.length; i++) {
        const argument = argv[i];
        if (argument === "--") {
            parsed.files.push(...argv.slice(i + 1));
            break;
        }
        if (argument === "--json") {
            parsed.json = true;
        } else if (argument === "--help" || argument === "-h") {
            parsed.help = true;
        } else if (argument.startsWith("-") && argument !== "-") {
            const [name, inlineValue] = splitOption(argument);
            if (!(OPTIONS_WITH_VALUES as readonly string[]).includes(name)) {
                throw new UsageError(`unknown option ${name}`);
            }
            const value = inlineValue ?? argv[++i];
            if (value === undefined || value === "") {
                throw new UsageError(`${name} needs a value`);
            }
            setOption(parsed, name as OptionWithValue, value);
        } else {
            parsed.files.push(argument);
        }
    }
    return parsed;
}

function setOption(parsed: CheckArguments, name: OptionWithValue, value: string): void {
    switch (name) {
        case "--pack":
            parsed.pack = value;
            break;
        case "--policy-config":
            parsed.policyConfig = value;
            break;
        case "--output":
            parsed.output = value;
            break;
        case "--stack":
            parsed.stack = parseStackName(value);
            break;
        case "--stack-tag": {
            const equals = value.indexOf("=");
            if (equals <= 0) {
                throw new UsageError(`--stack-tag takes key=value, such as environment=dev, not ${JSON.stringify(value)}`);
            }
            parsed.stackTags[value.slice(0, equals)] = value.slice(equals + 1);
            break;
        }
        case "--html":
            parsed.html = value;
            break;
        case "--max-file-size": {
            const mebibytes = Number(value);
            if (!/^\d+(\.\d+)?$/.test(value) || !(mebibytes > 0)) {
                throw new UsageError(`--max-file-size takes a size in MiB, such as 512, not ${JSON.stringify(value)}`);
            }
            parsed.maxFileMiB = mebibytes;
            break;
        }
    }
}

function splitOption(argument: string): [string, string | undefined] {
    const equals = argument.indexOf("=");
    return equals < 0 ? [argument, undefined] : [argument.slice(0, equals), argument.slice(equals + 1)];
}

/** `stack`, `org/stack` or `org/project/stack`, as `pulumi --stack` reads a stack reference. */
export function parseStackName(value: string): StackName {
    const parts = value.split("/");
    if (parts.length > 3 || parts.some((part) => part === "")) {
        throw new UsageError(`--stack takes org/project/stack, org/stack or stack, not ${JSON.stringify(value)}`);
    }
    if (parts.length === 3) {
        return { organization: parts[0], project: parts[1], stack: parts[2] };
    }
    return parts.length === 2 ? { organization: parts[0], stack: parts[1] } : { stack: parts[0] };
}
