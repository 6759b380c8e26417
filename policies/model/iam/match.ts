/**
 * Wildcard matching as IAM does it: `*` matches any run of characters (also none), `?` exactly
 * one. Patterns are sequences of units so that text substituted from policy variables, or the
 * escapes `${*}` and `${?}`, stays literal.
 */
import { BoundedMemo } from "../bounded-memo";
import { isUnknownValue } from "../value";
import { Ternary } from "./ternary";

export const ANY_SEQUENCE: unique symbol = Symbol("*");
export const ANY_CHARACTER: unique symbol = Symbol("?");

/** One character (code point) to match literally, or a wildcard. */
export type GlobUnit = string | typeof ANY_SEQUENCE | typeof ANY_CHARACTER;
export type Glob = readonly GlobUnit[];

/** `text` with every character literal (operators without wildcard support). */
export function literalGlob(text: string): GlobUnit[] {
    return Array.from(text);
}

/** `text` with `*` and `?` read as wildcards. */
export function wildcardGlob(text: string): GlobUnit[] {
    return Array.from(text, (character) =>
        character === "*" ? ANY_SEQUENCE : character === "?" ? ANY_CHARACTER : character,
    );
}

/** Longer patterns are compiled anew each time rather than kept (a 1 MB document can hold such values). */
const MAX_MEMO_TEXT = 2048;
const MEMO_ENTRIES = 16384;

function lowerCased(glob: Glob): GlobUnit[] {
    return glob.map((unit) => (typeof unit === "string" ? unit.toLowerCase() : unit));
}

/** Globs compiled from patterns: the patterns of a stack's documents recur across statements, requests and policies. */
const patternMemo = (compile: (text: string) => Glob) => new BoundedMemo(compile, MEMO_ENTRIES, MAX_MEMO_TEXT);
const wildcardGlobs = patternMemo((text) => Object.freeze(wildcardGlob(text)));
const literalGlobs = patternMemo((text) => Object.freeze(literalGlob(text)));
const lowerCaseWildcardGlobs = patternMemo((text) => Object.freeze(lowerCased(wildcardGlobs.get(text))));

/** `wildcardGlob(text)`, compiled once and shared: it must not be changed. */
export function wildcardPattern(text: string): Glob {
    return wildcardGlobs.get(text);
}

/** `literalGlob(text)`, compiled once and shared: it must not be changed. */
export function literalPattern(text: string): Glob {
    return literalGlobs.get(text);
}

/** Each literal character of a glob lower-cased, for matching it case-insensitively. */
const lowerCaseGlobs = new WeakMap<Glob, Glob>();

function lowerCaseGlob(glob: Glob): Glob {
    let lower = lowerCaseGlobs.get(glob);
    if (lower === undefined) {
        lower = lowerCased(glob);
        lowerCaseGlobs.set(glob, lower);
    }
    return lower;
}

const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;
const LOW_SURROGATE_FIRST = 0xdc00;
const LOW_SURROGATE_LAST = 0xdfff;

/**
 * The length in UTF-16 code units of the character (code point) at `index`: 2 for a surrogate
 * pair, else 1 (a lone surrogate is a character of its own, as when iterating a string).
 */
function characterLength(text: string, index: number): number {
    const code = text.charCodeAt(index);
    if (code < HIGH_SURROGATE_FIRST || code > HIGH_SURROGATE_LAST || index + 1 >= text.length) {
        return 1;
    }
    const next = text.charCodeAt(index + 1);
    return next >= LOW_SURROGATE_FIRST && next <= LOW_SURROGATE_LAST ? 2 : 1;
}

const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const ASCII_END = 0x80;
const TO_LOWER_CASE = 0x20;

/**
 * Whether `unit` is the character of `text` at `index` (`length` code units long); with
 * `lowerCase`, `unit` is lower-cased already and is compared with the character lower-cased.
 */
function sameCharacter(unit: string, text: string, index: number, length: number, lowerCase: boolean): boolean {
    const code = text.charCodeAt(index);
    if (lowerCase) {
        if (code < ASCII_END) {
            // `toLowerCase` of an ASCII character, without making a string of it.
            return unit.length === 1 && unit.charCodeAt(0) === (code >= UPPER_A && code <= UPPER_Z ? code + TO_LOWER_CASE : code);
        }
        return unit === text.slice(index, index + length).toLowerCase();
    }
    return unit.length === length && unit.charCodeAt(0) === code && (length === 1 || unit.charCodeAt(1) === text.charCodeAt(index + 1));
}

/**
 * Greedy matching with backtracking to the last `*`: linear memory, O(pattern × text) time.
 * The text is walked a character (code point) at a time, in place. With `lowerCase`, the glob's
 * characters are lower-cased already and the text's are lower-cased one at a time.
 */
function matchesText(glob: Glob, text: string, lowerCase: boolean): boolean {
    let patternIndex = 0;
    let textIndex = 0;
    let lastStar = -1;
    let textIndexAtLastStar = 0;
    while (textIndex < text.length) {
        const unit = glob[patternIndex];
        if (unit === ANY_SEQUENCE) {
            lastStar = patternIndex;
            textIndexAtLastStar = textIndex;
            patternIndex++;
            continue;
        }
        const length = characterLength(text, textIndex);
        if (unit === ANY_CHARACTER || (typeof unit === "string" && sameCharacter(unit, text, textIndex, length, lowerCase))) {
            patternIndex++;
            textIndex += length;
        } else if (lastStar >= 0) {
            patternIndex = lastStar + 1;
            textIndexAtLastStar += characterLength(text, textIndexAtLastStar);
            textIndex = textIndexAtLastStar;
        } else {
            return false;
        }
    }
    while (glob[patternIndex] === ANY_SEQUENCE) {
        patternIndex++;
    }
    return patternIndex === glob.length;
}

/** Greedy matching with backtracking to the last `*`: linear memory, O(pattern × text) time. */
export function globMatches(glob: Glob, text: string, ignoreCase: boolean): boolean {
    return matchesText(ignoreCase ? lowerCaseGlob(glob) : glob, text, ignoreCase);
}

function matchesEverything(glob: Glob): boolean {
    return glob.length > 0 && glob.every((unit) => unit === ANY_SEQUENCE);
}

/**
 * Matches `text`, which may be an unknown sentinel: only a pattern of nothing but `*` is sure to
 * match an unknown text. `glob` is undefined when the pattern itself could not be resolved.
 */
export function globMatchesValue(glob: Glob | undefined, text: string, ignoreCase: boolean): Ternary {
    if (glob === undefined) {
        return "unknown";
    }
    if (isUnknownValue(text)) {
        return matchesEverything(glob) ? true : "unknown";
    }
    return globMatches(glob, text, ignoreCase);
}

/** Action names are matched case-insensitively and support no policy variables. */
export function actionMatches(pattern: string, action: string): Ternary {
    // `globMatchesValue(wildcardPattern(pattern), action, true)`, with the pattern lower-cased once.
    const glob = lowerCaseWildcardGlobs.get(pattern);
    if (isUnknownValue(action)) {
        return matchesEverything(glob) ? true : "unknown";
    }
    return matchesText(glob, action, true);
}

/**
 * Resource ARNs are matched case-sensitively over the whole ARN. AWS documents wildcards per
 * colon-separated segment but lets a `*` ending a segment run past colons, which whole-string
 * matching gives as well.
 */
export function resourceMatches(pattern: Glob | undefined, resource: string): Ternary {
    return globMatchesValue(pattern, resource, false);
}

const ARN_SEGMENTS = 6;

/** By glob: `null` when it has fewer than six segments. */
const arnGlobSegments = new WeakMap<Glob, readonly Glob[] | null>();

function arnGlobSegmentsOf(glob: Glob): readonly Glob[] | undefined {
    let segments = arnGlobSegments.get(glob);
    if (segments === undefined) {
        segments = splitArnGlob(glob) ?? null;
        arnGlobSegments.set(glob, segments);
    }
    return segments ?? undefined;
}

function splitArnGlob(glob: Glob): Glob[] | undefined {
    const segments: GlobUnit[][] = [[]];
    for (const unit of glob) {
        if (unit === ":" && segments.length < ARN_SEGMENTS) {
            segments.push([]);
        } else {
            segments[segments.length - 1].push(unit);
        }
    }
    return segments.length === ARN_SEGMENTS ? segments : undefined;
}

function splitArn(arn: string): string[] | undefined {
    const segments: string[] = [];
    let start = 0;
    for (let i = 0; i < ARN_SEGMENTS - 1; i++) {
        const colon = arn.indexOf(":", start);
        if (colon < 0) {
            return undefined;
        }
        segments.push(arn.slice(start, colon));
        start = colon + 1;
    }
    segments.push(arn.slice(start));
    return segments;
}

/**
 * `ArnEquals` / `ArnLike` (AWS treats them alike): both sides split into the six colon-delimited
 * segments, each matched on its own, case-sensitively, with wildcards that cannot cross a segment.
 * A pattern or value with fewer than six segments matches nothing.
 */
export function arnMatches(pattern: Glob, arn: string): boolean {
    const patternSegments = arnGlobSegmentsOf(pattern);
    const arnSegments = splitArn(arn);
    if (patternSegments === undefined || arnSegments === undefined) {
        return false;
    }
    return patternSegments.every((segment, i) => globMatches(segment, arnSegments[i], false));
}
