/**
 * The one way policies read resource properties.
 *
 * The framework hands policies its inputs behind an unknown-checking proxy that throws on any
 * value still unknown during preview, and (in `Remediate`) a secrets-preserving proxy that wraps
 * secrets in `Secret`. This module reads straight from the proxies' targets, so nothing throws,
 * and tells a known value from an unknown one and from an absent one. A read is `secret` when it
 * crossed a `Secret` wrapper; a value the engine marked secret in the request, which the framework
 * unwrapped, is secret by the call's `SecretValues` (`isSecretRead`).
 */
import type { SecretValues } from "./secret-values";

/** The sentinels the engine sends for values that cannot be known during preview. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The engine's sentinel for an unknown string, the one the driver and tests send. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const SPECIAL_PROXY = "__isSpecialProxy";
const SPECIAL_PROXY_TARGET = "__getSpecialProxyTarget";

export type Known<T> = { state: "known"; value: T; secret: boolean };
export type Unknown = { state: "unknown"; secret: boolean };
export type Absent = { state: "absent" };
export type Read<T = unknown> = Known<T> | Unknown | Absent;

export const ABSENT: Absent = Object.freeze({ state: "absent" }) as Absent;
/** The one unknown read, shared. */
export const UNKNOWN_READ: Unknown = Object.freeze({ state: "unknown", secret: false }) as Unknown;

export type PathSegment = string | number;

/** Every sentinel is a UUID: other strings (a 1 KB ARN) are told apart by length, without hashing them. */
const SENTINEL_LENGTH = 36;

export function isUnknownValue(value: unknown): boolean {
    return typeof value === "string" && value.length === SENTINEL_LENGTH && UNKNOWN_SENTINELS.has(value);
}

function isObjectLike(value: unknown): value is Record<PropertyKey, unknown> {
    return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** Strips the framework's proxies (they may be nested) and returns the object beneath. */
export function unproxy(value: unknown): unknown {
    let current = value;
    for (let depth = 0; depth < 8 && isObjectLike(current); depth++) {
        let isProxy = false;
        try {
            isProxy = current[SPECIAL_PROXY] === true;
        } catch {
            return current;
        }
        if (!isProxy) {
            return current;
        }
        current = current[SPECIAL_PROXY_TARGET];
    }
    return current;
}

/**
 * A `Secret` from `@pulumi/policy` (only `Remediate` keeps them), recognised without importing it.
 * Its class is looked up on the prototype: a plain object with a `constructor` key is no secret.
 */
function isSecretWrapper(value: unknown): value is { value: unknown } {
    if (!isObjectLike(value) || !("value" in value)) {
        return false;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    const constructor = isObjectLike(prototype) && Object.prototype.hasOwnProperty.call(prototype, "constructor") ? prototype.constructor : undefined;
    return typeof constructor === "function" && constructor.name === "Secret";
}

/** Unproxies and unwraps one value, noting whether a secret was crossed. */
function open(value: unknown): { value: unknown; secret: boolean } {
    let current = unproxy(value);
    let secret = false;
    for (let depth = 0; depth < 8 && isSecretWrapper(current); depth++) {
        secret = true;
        current = unproxy(current.value);
    }
    return { value: current, secret };
}

/**
 * Reads the value at `path` below `root`. Never throws: a value that cannot be inspected (a
 * throwing getter, a revoked proxy) reads as unknown, so that no finding is based on it.
 */
export function read(root: unknown, ...path: PathSegment[]): Read {
    try {
        return readUnguarded(root, path);
    } catch {
        return UNKNOWN_READ;
    }
}

function readUnguarded(root: unknown, path: PathSegment[]): Read {
    let { value: current, secret } = open(root);
    for (const segment of path) {
        if (isUnknownValue(current)) {
            return secret ? { state: "unknown", secret } : UNKNOWN_READ;
        }
        if (current === undefined || current === null) {
            return ABSENT;
        }
        let next: unknown;
        if (Array.isArray(current)) {
            if (typeof segment !== "number") {
                return ABSENT;
            }
            next = current[segment];
        } else if (isObjectLike(current) && typeof segment === "string") {
            next = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
        } else {
            return ABSENT;
        }
        const opened = open(next);
        current = opened.value;
        secret = secret || opened.secret;
    }
    if (isUnknownValue(current)) {
        return secret ? { state: "unknown", secret } : UNKNOWN_READ;
    }
    if (current === undefined || current === null) {
        return ABSENT;
    }
    return { state: "known", value: current, secret };
}

/**
 * Whether a read is secret: behind a `Secret` (Remediate keeps them) or below one, or a value
 * the engine marked secret in a request (`secrets`: the framework unwrapped it for Analyze and AnalyzeStack).
 */
export function isSecretRead(r: Read, secrets: SecretValues): boolean {
    return r.state !== "absent" && (r.secret || (r.state === "known" && secrets.isSecret(r.value)));
}

/**
 * Reads `path` below an already-read block: an unknown block makes everything below it unknown
 * (not absent), and a secret block makes what is below it secret.
 */
export function readBelow(block: Read, ...path: PathSegment[]): Read {
    if (block.state !== "known") {
        return block;
    }
    const below = read(block.value, ...path);
    return block.secret && below.state !== "absent" ? { ...below, secret: true } : below;
}

export function isKnown<T>(r: Read<T>): r is Known<T> {
    return r.state === "known";
}

/*
 * Reading a value as a type. Each conversion is written once, on a `Read` (`stringOf`, ...); the
 * path readers (`knownString`, ...) are the same conversion of `read(root, ...path)`. Each gives
 * undefined when the value is absent, unknown or not of the type.
 */

/** The known string a read holds. */
export function stringOf(r: Read): string | undefined {
    return r.state === "known" && typeof r.value === "string" ? r.value : undefined;
}

/** The known boolean a read holds; the strings "true"/"false" count too (the engine sends both). */
export function booleanOf(r: Read): boolean | undefined {
    if (r.state !== "known") {
        return undefined;
    }
    if (typeof r.value === "boolean") {
        return r.value;
    }
    return r.value === "true" || r.value === "false" ? r.value === "true" : undefined;
}

/** The known finite number a read holds; numeric strings count too. */
export function numberOf(r: Read): number | undefined {
    if (r.state !== "known") {
        return undefined;
    }
    if (typeof r.value === "number" && Number.isFinite(r.value)) {
        return r.value;
    }
    if (typeof r.value === "string" && r.value.trim() !== "" && Number.isFinite(Number(r.value))) {
        return Number(r.value);
    }
    return undefined;
}

/**
 * The elements of a known array a read holds, as raw values: each may itself be unknown (a
 * first preview sends `[<unknown>]`), so read them with `elementsOf`, or by index with `readBelow`.
 */
export function arrayOf(r: Read): unknown[] | undefined {
    return r.state === "known" && Array.isArray(r.value) ? r.value : undefined;
}

/**
 * Each element of a known array a read holds, read on its own: an unknown element reads as
 * unknown (never as the sentinel string), and the elements of a secret list are secret.
 */
export function elementsOf(r: Read): Read[] | undefined {
    return arrayOf(r)?.map((_, index) => readBelow(r, index));
}

/** `stringOf` the value at `path` below `root`. */
export function knownString(root: unknown, ...path: PathSegment[]): string | undefined {
    return stringOf(read(root, ...path));
}

/** `booleanOf` the value at `path` below `root`. */
export function knownBoolean(root: unknown, ...path: PathSegment[]): boolean | undefined {
    return booleanOf(read(root, ...path));
}

/** `numberOf` the value at `path` below `root`. */
export function knownNumber(root: unknown, ...path: PathSegment[]): number | undefined {
    return numberOf(read(root, ...path));
}

/** `elementsOf` the value at `path` below `root`. */
export function knownElements(root: unknown, ...path: PathSegment[]): Read[] | undefined {
    return elementsOf(read(root, ...path));
}

/** Whether anything below `value` is unknown (or cannot be inspected). */
export function containsUnknown(value: unknown, depth = 0): boolean {
    try {
        return containsUnknownUnguarded(value, depth);
    } catch {
        return true;
    }
}

function containsUnknownUnguarded(value: unknown, depth: number): boolean {
    const { value: current } = open(value);
    if (isUnknownValue(current)) {
        return true;
    }
    if (depth > 64 || !isObjectLike(current)) {
        return false;
    }
    const children = Array.isArray(current) ? current : Object.values(current);
    return children.some((child) => containsUnknownUnguarded(child, depth + 1));
}

/**
 * A plain copy of `value` with proxies and secret wrappers removed (for parsing documents); a
 * part that cannot be inspected is left out.
 */
export function plain(value: unknown, depth = 0): unknown {
    try {
        return plainUnguarded(value, depth);
    } catch {
        return undefined;
    }
}

function plainUnguarded(value: unknown, depth: number): unknown {
    const { value: current } = open(value);
    if (!isObjectLike(current) || depth > 64) {
        return current;
    }
    if (Array.isArray(current)) {
        return current.map((child) => plain(child, depth + 1));
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(current)) {
        copy[key] = plain(current[key], depth + 1);
    }
    return copy;
}

/** Whether a read holds a known value equal to `expected`. */
export function isKnownValue(r: Read, expected: unknown): boolean {
    return r.state === "known" && r.value === expected;
}

export function knownRead<T>(value: T): Read<T> {
    return { state: "known", value, secret: false };
}

/** The first element of a known list; the list's own state otherwise. */
export function first(list: Read): Read {
    if (list.state !== "known") {
        return list;
    }
    return Array.isArray(list.value) ? readBelow(list, 0) : ABSENT;
}
