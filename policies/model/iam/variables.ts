/**
 * Policy variables (`${aws:username}`, `${key, 'default'}`, `${*}`, `${?}`, `${$}`) in `Resource`
 * and condition values. Only policies with `Version` 2012-10-17 have them; in older ones `${...}`
 * is literal text.
 */
import { Glob, GlobUnit, literalPattern, wildcardPattern } from "./match";
import { RequestContext, readContextKey } from "./request-context";

/** Whether a policy's `${...}` are variables: known from its `Version`, or unknown with it. */
export type VariableSupport = "variables" | "literal" | "unknown";

export interface ResolveOptions {
    readonly wildcards: boolean;
    readonly variables: VariableSupport;
    readonly context: RequestContext | undefined;
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
    ["*", "*"],
    ["?", "?"],
    ["$", "$"],
]);

/** Compiled once per text and shared (see `wildcardPattern`). */
function textGlob(text: string, wildcards: boolean): Glob {
    return wildcards ? wildcardPattern(text) : literalPattern(text);
}

/** `push(...units)` would overflow the stack for the long texts a 1 MB document can hold. */
function append(target: GlobUnit[], units: readonly GlobUnit[]): void {
    for (const unit of units) {
        target.push(unit);
    }
}

/** `key` or `key, 'default'` (spaces around either are ignored). */
function parseVariable(body: string): { key: string; fallback?: string } | undefined {
    const comma = body.indexOf(",");
    const key = (comma < 0 ? body : body.slice(0, comma)).trim();
    if (key === "") {
        return undefined;
    }
    if (comma < 0) {
        return { key };
    }
    const fallback = body.slice(comma + 1).trim();
    const quoted = fallback.length >= 2 && fallback.startsWith("'") && fallback.endsWith("'");
    return quoted ? { key, fallback: fallback.slice(1, -1) } : undefined;
}

/** A variable's value as literal text, or undefined when the request cannot supply one. */
function variableValue(body: string, context: RequestContext | undefined): string | undefined {
    const escaped = ESCAPES.get(body.trim());
    if (escaped !== undefined) {
        return escaped;
    }
    const variable = parseVariable(body);
    if (variable === undefined) {
        return undefined;
    }
    const read = readContextKey(context, variable.key);
    if (read.state === "single") {
        return read.value;
    }
    // A multivalued key cannot be a variable, so it is treated like a missing one.
    return read.state === "unknown" ? undefined : variable.fallback;
}

/**
 * The pattern `raw` as glob units, with variables replaced by literal text from the request
 * context. Undefined when a variable cannot be resolved: AWS only says this "might" invalidate
 * the statement, so the caller must treat the match as undecidable. A pattern without variables
 * is compiled once and shared: the glob must not be changed.
 */
export function resolvePattern(raw: string, options: ResolveOptions): Glob | undefined {
    if (options.variables === "literal" || !raw.includes("${")) {
        return textGlob(raw, options.wildcards);
    }
    if (options.variables === "unknown") {
        return undefined;
    }
    const units: GlobUnit[] = [];
    let position = 0;
    while (position < raw.length) {
        const start = raw.indexOf("${", position);
        const end = start < 0 ? -1 : raw.indexOf("}", start + 2);
        if (end < 0) {
            append(units, textGlob(raw.slice(position), options.wildcards));
            break;
        }
        append(units, textGlob(raw.slice(position, start), options.wildcards));
        const value = variableValue(raw.slice(start + 2, end), options.context);
        if (value === undefined) {
            return undefined;
        }
        append(units, literalPattern(value));
        position = end + 1;
    }
    return units;
}
