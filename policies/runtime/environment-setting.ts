/**
 * The environments setting (`s3-replication-environments`): under the stack names and stack tags
 * an organisation lists, mandatory findings are reported as advisory. Pure functions: the
 * setting is compiled once per Configure (engine-observer.ts keeps the compiled form) and
 * matched per finding without building any regular expression.
 */
import { globMatches, wildcardGlob } from "../model/iam/match";
import { ExternalFacts, ExternalResourcesConfig, NO_FACTS, parseExternalFacts } from "../model/external-facts";

export interface EnvironmentConfig {
    /** Stack names (`dev`, `acme/shop/dev`, globs such as `*-dev`) whose mandatory findings become advisory. */
    advisoryStacks?: string[];
    /** Stack tags (`{"environment": "dev"}`; values may be globs) under which mandatory findings become advisory. */
    advisoryStackTags?: Record<string, string>;
    /** Facts about resources outside the stack (their account, Region, whether a key is AWS managed), read by every policy. */
    externalResources?: ExternalResourcesConfig;
}

/** Bounds the config schema declares, so that the CLI rejects absurd settings before running anything. */
export const ENVIRONMENT_LIMITS = Object.freeze({
    /** Characters in one pattern: stack names are at most 100 characters, tag values 256. */
    patternLength: 256,
    /** Entries in `advisoryStacks`, and tags in `advisoryStackTags`. */
    patterns: 100,
});

export interface StackIdentity {
    organization: string;
    project: string;
    stack: string;
}

type Glob = ReturnType<typeof wildcardGlob>;

interface CompiledPattern {
    readonly text: string;
    readonly glob: Glob;
}

/** A setting ready to match: what could be used of it, and what could not (said once, as an advisory). */
export interface CompiledEnvironment {
    readonly stacks: readonly CompiledPattern[];
    readonly tags: readonly { readonly key: string; readonly pattern: CompiledPattern }[];
    /** Why parts of the setting are ignored; empty when all of it is in force. */
    readonly problems: readonly string[];
    /** The setting's `externalResources`: facts about resources outside the stack, read by every policy. */
    readonly facts: ExternalFacts;
}

export const NO_ENVIRONMENT: CompiledEnvironment = Object.freeze({ stacks: [], tags: [], problems: [], facts: NO_FACTS });

function compilePattern(where: string, pattern: unknown, problems: string[]): CompiledPattern | undefined {
    if (typeof pattern !== "string") {
        problems.push(`${where} is not a string`);
        return undefined;
    }
    if (pattern.length > ENVIRONMENT_LIMITS.patternLength) {
        problems.push(`${where} is ${pattern.length} characters long, more than ${ENVIRONMENT_LIMITS.patternLength}`);
        return undefined;
    }
    return { text: pattern, glob: wildcardGlob(pattern) };
}

function limited<T>(what: string, entries: T[], problems: string[]): T[] {
    if (entries.length > ENVIRONMENT_LIMITS.patterns) {
        problems.push(`${what} has ${entries.length} entries; only the first ${ENVIRONMENT_LIMITS.patterns} are used`);
        return entries.slice(0, ENVIRONMENT_LIMITS.patterns);
    }
    return entries;
}

/** Never throws: whatever the configuration holds, the unusable parts become problems. */
export function compileEnvironment(config: unknown): CompiledEnvironment {
    if (config === undefined || config === null) {
        return NO_ENVIRONMENT;
    }
    if (typeof config !== "object" || Array.isArray(config)) {
        return { stacks: [], tags: [], problems: ["the setting is not an object"], facts: NO_FACTS };
    }
    const { advisoryStacks, advisoryStackTags, externalResources } = config as Record<string, unknown>;
    const problems: string[] = [];
    const stacks: CompiledPattern[] = [];
    if (Array.isArray(advisoryStacks)) {
        limited("advisoryStacks", advisoryStacks, problems).forEach((pattern, index) => {
            const compiled = compilePattern(`advisoryStacks entry ${index + 1}`, pattern, problems);
            if (compiled) {
                stacks.push(compiled);
            }
        });
    } else if (advisoryStacks !== undefined) {
        problems.push("advisoryStacks is not a list of stack names");
    }
    const tags: { key: string; pattern: CompiledPattern }[] = [];
    if (typeof advisoryStackTags === "object" && advisoryStackTags !== null && !Array.isArray(advisoryStackTags)) {
        limited("advisoryStackTags", Object.entries(advisoryStackTags), problems).forEach(([key, value], index) => {
            if (key.length > ENVIRONMENT_LIMITS.patternLength) {
                problems.push(`advisoryStackTags entry ${index + 1} has a tag name longer than ${ENVIRONMENT_LIMITS.patternLength} characters`);
                return;
            }
            const compiled = compilePattern(`advisoryStackTags entry ${index + 1}`, value, problems);
            if (compiled) {
                tags.push({ key, pattern: compiled });
            }
        });
    } else if (advisoryStackTags !== undefined) {
        problems.push("advisoryStackTags is not an object of tag names and values");
    }
    return { stacks, tags, problems, facts: externalResources === undefined ? NO_FACTS : parseExternalFacts(externalResources) };
}

function stackNames(identity: StackIdentity | undefined): string[] {
    if (!identity || !identity.stack) {
        return [];
    }
    const { organization, project, stack } = identity;
    return [stack, `${project}/${stack}`, `${organization}/${project}/${stack}`];
}

const QUOTED_LENGTH = 64;

/** A stack name or tag as the reason for lowering a finding quotes it: at most 64 characters. */
function clipped(text: string): string {
    return text.length <= QUOTED_LENGTH ? text : `${text.slice(0, QUOTED_LENGTH - 1)}…`;
}

/**
 * Why findings in this stack are advisory (`advisory on stack dev`), or undefined when the
 * setting does not lower them. Matching costs at most pattern × name length per pattern, and
 * both are bounded.
 */
export function advisoryReason(
    environment: CompiledEnvironment,
    identity: StackIdentity | undefined,
    stackTags: ReadonlyMap<string, string>,
): string | undefined {
    const names = environment.stacks.length > 0 ? stackNames(identity) : [];
    const name = names.find((candidate) => environment.stacks.some(({ glob }) => globMatches(glob, candidate, false)));
    if (name !== undefined) {
        return `advisory on stack ${clipped(name)}`;
    }
    for (const { key, pattern } of environment.tags) {
        const actual = stackTags.get(key);
        if (actual !== undefined && globMatches(pattern.glob, actual, false)) {
            return `advisory under stack tag ${clipped(key)}=${clipped(actual)}`;
        }
    }
    return undefined;
}

/** Whether the setting names stacks, which needs the stack's name (tags come with every request). */
export function needsStackName(environment: CompiledEnvironment): boolean {
    return environment.stacks.length > 0;
}
