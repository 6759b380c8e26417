/** The request an IAM policy is evaluated against, and how its context keys are read. */
import { isUnknownValue } from "../value";
import { ValueList } from "./ternary";

/**
 * A context key's value. A string is a single-valued key, an array a multivalued one (give
 * single-valued keys as strings). Any string may be the unknown sentinel.
 */
export type ContextValue = string | readonly string[] | boolean | number | undefined;

export type RequestContext = Readonly<Record<string, ContextValue>>;

/** Who makes the request, for resource policies' `Principal` / `NotPrincipal`. */
export interface RequestPrincipal {
    readonly type: "AWS" | "Service";
    /** An IAM ARN or account ID for "AWS", a service principal such as `s3.amazonaws.com` for "Service". */
    readonly id: string;
}

export interface Request {
    readonly action: string;
    readonly resource: string;
    readonly context?: RequestContext;
    readonly principal?: RequestPrincipal;
}

export type ContextRead =
    | { readonly state: "absent" }
    | { readonly state: "unknown" }
    | { readonly state: "single"; readonly value: string }
    | { readonly state: "multi"; readonly values: ValueList };

const ABSENT_READ: ContextRead = Object.freeze({ state: "absent" });
const UNKNOWN_CONTEXT_VALUE: ContextRead = Object.freeze({ state: "unknown" });

function scalarText(value: unknown): string | undefined {
    if (typeof value === "string") {
        return value;
    }
    if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) {
        return String(value);
    }
    return undefined;
}

/**
 * By context: its key names by their lower-cased form (the first in key order when several differ
 * only by case), built on the first read and kept while the context lives. A context is read once
 * per condition clause of every statement in scope, so a scan of its keys on every read would
 * cost clauses × keys (issue 22.1). Contexts are read-only once built: the index is not updated.
 */
const keyIndexes = new WeakMap<RequestContext, ReadonlyMap<string, string>>();

function keyIndexOf(context: RequestContext): ReadonlyMap<string, string> {
    let index = keyIndexes.get(context);
    if (index === undefined) {
        const built = new Map<string, string>();
        for (const name of Object.keys(context)) {
            const lowerCase = name.toLowerCase();
            if (!built.has(lowerCase)) {
                built.set(lowerCase, name);
            }
        }
        index = built;
        keyIndexes.set(context, index);
    }
    return index;
}

/** Gives `context` the index of its key names that `readContextKey` would build (a builder that has it at hand saves a pass). */
export function indexContextKeys(context: RequestContext, lowerCaseNames: ReadonlyMap<string, string>): void {
    keyIndexes.set(context, lowerCaseNames);
}

function findKey(context: RequestContext, key: string): string | undefined {
    return keyIndexOf(context).get(key.toLowerCase());
}

/** Reads a context key; key names are case-insensitive, an empty array counts as absent. */
export function readContextKey(context: RequestContext | undefined, key: string): ContextRead {
    const name = context === undefined ? undefined : findKey(context, key);
    const raw: unknown = name === undefined || context === undefined ? undefined : context[name];
    if (raw === undefined || raw === null) {
        return ABSENT_READ;
    }
    if (isUnknownValue(raw)) {
        return UNKNOWN_CONTEXT_VALUE;
    }
    if (Array.isArray(raw)) {
        if (raw.length === 0) {
            return ABSENT_READ;
        }
        const known: string[] = [];
        let hasUnknown = false;
        for (const entry of raw as unknown[]) {
            const text = scalarText(entry);
            if (text === undefined || isUnknownValue(text)) {
                hasUnknown = true;
            } else {
                known.push(text);
            }
        }
        return { state: "multi", values: { known, hasUnknown } };
    }
    const text = scalarText(raw);
    return text === undefined ? UNKNOWN_CONTEXT_VALUE : { state: "single", value: text };
}
