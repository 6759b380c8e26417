/**
 * Wildcard matching as IAM does it: `*` matches any run of characters (also none), `?` exactly
 * one. Patterns are sequences of units so that text substituted from policy variables, or the
 * escapes `${*}` and `${?}`, stays literal.
 *
 * What "one character" is for text outside the Basic Multilingual Plane (an emoji, a surrogate
 * pair in UTF-16) AWS does not say: the IAM User Guide's "IAM JSON policy elements: Condition
 * operators" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
 * and "IAM JSON policy elements: Resource" speak only of "a single character". This matcher keeps
 * the reading it has always had: one character is one code point, so `?` matches a whole
 * surrogate pair, and a literal never matches half of one. Every path reads text that way.
 */
import { BoundedMemo } from "../bounded-memo";
import { isUnknownValue } from "../value";
import { and, Ternary } from "./ternary";
import { boundReached, mayMatch } from "./work-bound";

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
    return Array.from(text, (character) => (character === "*" ? ANY_SEQUENCE : character === "?" ? ANY_CHARACTER : character));
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

/** `compute(key)`, worked out once per key object (a compiled glob or segment) and kept while it lives. */
function perObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
    const values = new WeakMap<K, { value: V }>();
    return (key) => {
        let entry = values.get(key);
        if (entry === undefined) {
            entry = { value: compute(key) };
            values.set(key, entry);
        }
        return entry.value;
    };
}

/** Each literal character of a glob lower-cased, for matching it case-insensitively. */
const lowerCaseGlob = perObject((glob: Glob): Glob => lowerCased(glob));

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
 * Greedy matching with backtracking to the last `*`: linear memory, O(pattern × text) time. Used
 * only where the text is short or the pattern has no `*`: action names (the replication's own,
 * a few dozen characters) and `StringEqualsIgnoreCase` (no wildcards, so one pass).
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

/**
 * Case-sensitive matching, with repeated questions answered from a memo (see `caseSensitiveMatches`);
 * never bounded (for the pack's own settings). Policy documents are matched through
 * `globMatchesValue`, `resourceMatches` and `arnMatches`, which the work bound applies to.
 */
export function globMatches(glob: Glob, text: string, ignoreCase: boolean): boolean {
    return ignoreCase ? matchesText(lowerCaseGlob(glob), text, true) : caseSensitiveMatches(glob, text);
}

/**
 * A glob split at its `*`s: the first segment anchored at the start of the text (unless the glob
 * starts with `*`), the last at its end (unless it ends with `*`), the ones between found in turn,
 * each at its leftmost place (which is always right for globs: a later place leaves less text to
 * the segments after it, never more).
 */
interface Segmented {
    readonly segments: readonly Segment[];
    readonly hasStar: boolean;
    readonly startsWithStar: boolean;
    readonly endsWithStar: boolean;
    /** Results by text (see `caseSensitiveMatches`), of memo generation `generation`. */
    results: Map<string, boolean>;
    generation: number;
}

interface Segment {
    readonly units: readonly GlobUnit[];
    /** The segment's text when it has no `?`: found with `indexOf` and compared with `startsWith`. */
    readonly literal: string | undefined;
}

/**
 * A segment with `?`s as a bit-parallel automaton (shift-and) over the text's characters (code
 * points): bit j of the state says the last j + 1 characters of the text match the segment's
 * first j + 1 units. One pass over the text, `ceil(units / 32)` word operations a character,
 * whatever the text, astral characters (surrogate pairs) included (issue 22.2).
 */
interface ShiftAnd {
    readonly words: number;
    /** By character code below 128, `words` words each: the units the character matches. */
    readonly asciiMasks: Uint32Array;
    /** By code point, for the other characters the segment names. */
    readonly masks: ReadonlyMap<number, Uint32Array>;
    /** The units that match any character: the `?`s. */
    readonly anyMask: Uint32Array;
}

const ASCII_CODES = 128;

const shiftAndOf = perObject((segment: Segment) => buildShiftAnd(segment));

function buildShiftAnd(segment: Segment): ShiftAnd {
    const words = Math.ceil(segment.units.length / 32);
    const anyMask = new Uint32Array(words);
    segment.units.forEach((unit, j) => {
        if (unit === ANY_CHARACTER) {
            anyMask[j >>> 5] |= 1 << (j & 31);
        }
    });
    const masks = new Map<number, Uint32Array>();
    segment.units.forEach((unit, j) => {
        if (typeof unit === "string") {
            const code = unit.codePointAt(0) as number;
            let mask = masks.get(code);
            if (mask === undefined) {
                mask = Uint32Array.from(anyMask);
                masks.set(code, mask);
            }
            mask[j >>> 5] |= 1 << (j & 31);
        }
    });
    const asciiMasks = new Uint32Array(ASCII_CODES * words);
    for (let code = 0; code < ASCII_CODES; code++) {
        asciiMasks.set(masks.get(code) ?? anyMask, code * words);
    }
    return { words, asciiMasks, masks, anyMask };
}

/**
 * Where the leftmost place of the segment at or after `from` ends, or -1. The text is read a code
 * point at a time (a lone surrogate is a character of its own, as `Array.from` reads it), so a `?`
 * stands for a whole surrogate pair, as it does everywhere else in this matcher.
 */
function shiftAndFind(automaton: ShiftAnd, length: number, text: string, from: number): number {
    const { words, asciiMasks, masks, anyMask } = automaton;
    const state = new Uint32Array(words);
    const lastWord = (length - 1) >>> 5;
    const lastBit = 1 << ((length - 1) & 31);
    for (let i = from; i < text.length;) {
        const code = text.codePointAt(i) as number;
        i += code > 0xffff ? 2 : 1;
        const mask = code < ASCII_CODES ? asciiMasks : (masks.get(code) ?? anyMask);
        const offset = code < ASCII_CODES ? code * words : 0;
        let carry = 1;
        for (let w = 0; w < words; w++) {
            const word = state[w];
            state[w] = ((word << 1) | carry) & mask[offset + w];
            carry = word >>> 31;
        }
        if ((state[lastWord] & lastBit) !== 0) {
            return i;
        }
    }
    return -1;
}

function segmentOf(units: GlobUnit[]): Segment {
    return { units, literal: units.every((unit) => typeof unit === "string") ? units.join("") : undefined };
}

function segmented(glob: Glob): Segmented {
    const segments: Segment[] = [];
    let current: GlobUnit[] = [];
    for (const unit of glob) {
        if (unit === ANY_SEQUENCE) {
            segments.push(segmentOf(current));
            current = [];
        } else {
            current.push(unit);
        }
    }
    segments.push(segmentOf(current));
    return {
        segments,
        hasStar: segments.length > 1,
        startsWithStar: glob[0] === ANY_SEQUENCE,
        endsWithStar: glob.length > 0 && glob[glob.length - 1] === ANY_SEQUENCE,
        results: new Map(),
        generation: memoGeneration,
    };
}

const segmentedGlob = perObject(segmented);

function isLowSurrogate(text: string, index: number): boolean {
    const code = text.charCodeAt(index);
    return code >= LOW_SURROGATE_FIRST && code <= LOW_SURROGATE_LAST;
}

function isHighSurrogate(text: string, index: number): boolean {
    const code = text.charCodeAt(index);
    return code >= HIGH_SURROGATE_FIRST && code <= HIGH_SURROGATE_LAST;
}

/** Whether `index` starts a character (code point) of `text`, not the second half of a surrogate pair. */
function isCharacterBoundary(text: string, index: number): boolean {
    return index <= 0 || index >= text.length || !(isLowSurrogate(text, index) && isHighSurrogate(text, index - 1));
}

/** Where `segment` matched at `index` ends, or -1: one step per unit. */
function matchAt(segment: Segment, text: string, index: number): number {
    if (segment.literal !== undefined) {
        const end = index + segment.literal.length;
        return text.startsWith(segment.literal, index) && isCharacterBoundary(text, end) ? end : -1;
    }
    let at = index;
    for (const unit of segment.units) {
        if (at >= text.length) {
            return -1;
        }
        const length = characterLength(text, at);
        if (unit !== ANY_CHARACTER && !sameCharacter(unit as string, text, at, length, false)) {
            return -1;
        }
        at += length;
    }
    return at;
}

/**
 * Where the leftmost place at or after `from` where `segment` matches ends, or -1: a literal
 * segment by native string search, one with `?` by its automaton; linear in the text either way.
 */
function findSegment(segment: Segment, text: string, from: number): number {
    if (segment.units.length === 0) {
        return from;
    }
    if (segment.literal === undefined) {
        return shiftAndFind(shiftAndOf(segment), segment.units.length, text, from);
    }
    const literal = segment.literal;
    for (let found = text.indexOf(literal, from); found >= 0; found = text.indexOf(literal, found + 1)) {
        // Not in the middle of a surrogate pair, at either end.
        if (isCharacterBoundary(text, found) && isCharacterBoundary(text, found + literal.length)) {
            return found + literal.length;
        }
    }
    return -1;
}

/** Where the last segment must start to end the text, or -1: the text's last characters, one per unit. */
function suffixStart(segment: Segment, text: string): number {
    if (segment.literal !== undefined) {
        return text.length - segment.literal.length;
    }
    let at = text.length;
    for (let i = 0; i < segment.units.length; i++) {
        if (at <= 0) {
            return -1;
        }
        at -= at >= 2 && isLowSurrogate(text, at - 1) && isHighSurrogate(text, at - 2) ? 2 : 1;
    }
    return at;
}

/**
 * Case-sensitive matching in one pass over the text: literal segments are found by native string
 * search, segments with `?` by a bit-parallel automaton (text × units / 32 word operations),
 * whatever characters the text holds.
 */
function segmentMatches({ segments, hasStar, startsWithStar, endsWithStar }: Segmented, text: string): boolean {
    if (!hasStar) {
        return matchAt(segments[0], text, 0) === text.length;
    }
    let first = 0;
    let last = segments.length;
    let position = 0;
    let end = text.length;
    if (!startsWithStar) {
        position = matchAt(segments[0], text, 0);
        if (position < 0) {
            return false;
        }
        first = 1;
    }
    if (!endsWithStar) {
        const lastSegment = segments[segments.length - 1];
        end = suffixStart(lastSegment, text);
        if (end < position || !isCharacterBoundary(text, end) || matchAt(lastSegment, text, end) !== text.length) {
            return false;
        }
        last = segments.length - 1;
    }
    for (let i = first; i < last; i++) {
        const found = findSegment(segments[i], text, position);
        if (found < 0 || found > end) {
            return false;
        }
        position = found;
    }
    return true;
}

/**
 * Results by glob and text: the same resource is matched for several actions, requests and
 * policies. Bounded over all globs: past `MATCH_MEMO_ENTRIES` results, every glob's results are
 * dropped (a new generation starts).
 */
const MATCH_MEMO_ENTRIES = 1 << 18;
let memoGeneration = 0;
let matchMemoEntries = 0;

function caseSensitiveMatches(glob: Glob, text: string): boolean {
    return boundedMatches(glob, text, false) as boolean;
}

/**
 * `caseSensitiveMatches` charged to the work bound (work-bound.ts): "unknown" when the bound does
 * not hold the match's steps (its text's length for each segment searched, times the automaton's
 * words for one with `?`), with `bounded`; always a boolean without.
 */
function boundedMatches(glob: Glob, text: string, bounded: boolean): Ternary {
    if (bounded && boundReached()) {
        return "unknown";
    }
    const compiled = segmentedGlob(glob);
    if (matchMemoEntries >= MATCH_MEMO_ENTRIES) {
        memoGeneration++;
        matchMemoEntries = 0;
    }
    if (compiled.generation !== memoGeneration) {
        compiled.results = new Map();
        compiled.generation = memoGeneration;
    }
    const known = compiled.results.get(text);
    if (known !== undefined) {
        return known;
    }
    if (bounded && !mayMatch(stepsOf(compiled, text))) {
        return "unknown";
    }
    const result = segmentMatches(compiled, text);
    compiled.results.set(text, result);
    matchMemoEntries++;
    return result;
}

/** What matching `text` may cost, in character steps: each segment searched over the text, `?`-laden ones a word a character per 32 units. */
function stepsOf({ segments }: Segmented, text: string): number {
    let words = 0;
    for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        words += segment.literal === undefined ? Math.ceil(segment.units.length / 32) : 1;
    }
    return text.length * words;
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
    return ignoreCase ? matchesText(lowerCaseGlob(glob), text, true) : boundedMatches(glob, text, true);
}

/** Action names are matched case-insensitively and support no policy variables. */
export function actionMatches(pattern: string, action: string): Ternary {
    // `globMatchesValue(wildcardPattern(pattern), action, true)`, with the pattern lower-cased once.
    const glob = lowerCaseWildcardGlobs.get(pattern);
    if (isUnknownValue(action)) {
        return matchesEverything(glob) ? true : "unknown";
    }
    // Every rule asks about the same few actions: each pattern's answers are kept (the actions are the pack's own, a few dozen).
    const answers = actionAnswers(glob);
    let answer = answers.get(action);
    if (answer === undefined) {
        answer = matchesText(glob, action, true);
        if (answers.size < MAX_ACTIONS_KEPT) {
            answers.set(action, answer);
        }
    }
    return answer;
}

const MAX_ACTIONS_KEPT = 64;
const actionAnswers = perObject((_glob: Glob) => new Map<string, boolean>());

/**
 * Resource ARNs are matched case-sensitively over the whole ARN. AWS documents wildcards per
 * colon-separated segment but lets a `*` ending a segment run past colons, which whole-string
 * matching gives as well.
 */
export function resourceMatches(pattern: Glob | undefined, resource: string): Ternary {
    return globMatchesValue(pattern, resource, false);
}

const ARN_SEGMENTS = 6;

/** By glob: undefined when it has fewer than six segments. */
const arnGlobSegmentsOf = perObject((glob: Glob): readonly Glob[] | undefined => splitArnGlob(glob));

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
export function arnMatches(pattern: Glob, arn: string): Ternary {
    const patternSegments = arnGlobSegmentsOf(pattern);
    const arnSegments = splitArn(arn);
    if (patternSegments === undefined || arnSegments === undefined) {
        return false;
    }
    let result: Ternary = true;
    for (let i = 0; i < patternSegments.length && result !== false; i++) {
        result = and(result, boundedMatches(patternSegments[i], arnSegments[i], true));
    }
    return result;
}
