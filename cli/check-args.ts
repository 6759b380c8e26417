/** Command line of `check`. */

export const USAGE = `usage: check [--policy-config <file>] [--json] [--pack <dir>] [files...]

Checks stack files (\`pulumi stack export\` or \`pulumi preview --json\` output) against the policy
pack, driving it over the analyzer protocol exactly as the Pulumi engine does.

  --policy-config <file>  policy config, as for \`pulumi preview --policy-pack-config\`
  --json                  print a machine-readable report
  --pack <dir>            the policy pack to run (default: this package)
  files                   stack files (default: every .json file under examples/stacks/)

Exit code: 1 if a mandatory policy is violated, 2 on bad input or when the pack cannot run, else 0.`;

export interface CheckArguments {
    policyConfig?: string;
    json: boolean;
    pack?: string;
    files: string[];
    help: boolean;
}

export class UsageError extends Error {}

const OPTIONS_WITH_VALUES = ["--policy-config", "--pack"] as const;

export function parseCheckArguments(argv: readonly string[]): CheckArguments {
    const parsed: CheckArguments = { json: false, files: [], help: false };
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
        } else if (argument.startsWith("-")) {
            const [name, inlineValue] = splitOption(argument);
            if (!(OPTIONS_WITH_VALUES as readonly string[]).includes(name)) {
                throw new UsageError(`unknown option ${name}`);
            }
            const value = inlineValue ?? argv[++i];
            if (value === undefined || value === "") {
                throw new UsageError(`${name} needs a value`);
            }
            if (name === "--pack") {
                parsed.pack = value;
            } else {
                parsed.policyConfig = value;
            }
        } else {
            parsed.files.push(argument);
        }
    }
    return parsed;
}

function splitOption(argument: string): [string, string | undefined] {
    const equals = argument.indexOf("=");
    return equals < 0 ? [argument, undefined] : [argument.slice(0, equals), argument.slice(equals + 1)];
}
