/**
 * One policy group for every environment: under the stack names and stack tags an organisation
 * lists, mandatory findings are reported as advisory.
 *
 * The framework passes policies the stack's tags but not its name, so the name is taken from
 * the engine's `ConfigureStack` request as the framework reads it (framework-requests.ts).
 */
import { setLevelAdjuster } from "./define";
import { onStackConfigured, StackIdentity } from "./framework-requests";

export interface EnvironmentConfig {
    /** Stack names (`dev`, `acme/shop/dev`, globs such as `*-dev`) whose mandatory findings become advisory. */
    advisoryStacks?: string[];
    /** Stack tags (`{"environment": "dev"}`; values may be globs) under which mandatory findings become advisory. */
    advisoryStackTags?: Record<string, string>;
}

let stackIdentity: StackIdentity | undefined;
let environment: EnvironmentConfig = {};

export function setEnvironmentConfig(config: EnvironmentConfig): void {
    environment = config ?? {};
}

export function setStackIdentity(identity: StackIdentity | undefined): void {
    stackIdentity = identity;
}

function globToRegExp(glob: string): RegExp {
    const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`);
}

function matchesAny(patterns: unknown, candidates: string[]): boolean {
    if (!Array.isArray(patterns)) {
        return false;
    }
    return patterns.some((pattern) => typeof pattern === "string"
        && candidates.some((candidate) => globToRegExp(pattern).test(candidate)));
}

function stackNames(identity: StackIdentity | undefined): string[] {
    if (!identity || !identity.stack) {
        return [];
    }
    const { organization, project, stack } = identity;
    return [stack, `${project}/${stack}`, `${organization}/${project}/${stack}`];
}

function tagsMatch(wanted: unknown, stackTags: ReadonlyMap<string, string>): boolean {
    if (typeof wanted !== "object" || wanted === null) {
        return false;
    }
    return Object.entries(wanted).some(([key, pattern]) => {
        const actual = stackTags.get(key);
        return typeof pattern === "string" && actual !== undefined && globToRegExp(pattern).test(actual);
    });
}

/** Whether findings in this stack are to be lowered to advisory. */
export function isAdvisoryStack(stackTags: ReadonlyMap<string, string>): boolean {
    return matchesAny(environment.advisoryStacks, stackNames(stackIdentity))
        || tagsMatch(environment.advisoryStackTags, stackTags);
}

onStackConfigured(setStackIdentity);
setLevelAdjuster(({ stackTags }) => (isAdvisoryStack(stackTags) ? "advisory" : undefined));
