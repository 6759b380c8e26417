/**
 * Wildcard matching as IAM does it: `*` matches any run of characters (also none), `?` exactly
 * one. Patterns are sequences of units so that text substituted from policy variables, or the
 * escapes `${*}` and `${?}`, stays literal.
 */
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

function sameCharacter(patternCharacter: string, textCharacter: string, ignoreCase: boolean): boolean {
    return ignoreCase
        ? patternCharacter.toLowerCase() === textCharacter.toLowerCase()
        : patternCharacter === textCharacter;
}

/** Greedy matching with backtracking to the last `*`: linear memory, O(pattern × text) time. */
export function globMatches(glob: Glob, text: string, ignoreCase: boolean): boolean {
    const characters = Array.from(text);
    let patternIndex = 0;
    let textIndex = 0;
    let lastStar = -1;
    let textIndexAtLastStar = 0;
    while (textIndex < characters.length) {
        const unit = glob[patternIndex];
        if (unit === ANY_SEQUENCE) {
            lastStar = patternIndex;
            textIndexAtLastStar = textIndex;
            patternIndex++;
        } else if (
            unit === ANY_CHARACTER ||
            (typeof unit === "string" && sameCharacter(unit, characters[textIndex], ignoreCase))
        ) {
            patternIndex++;
            textIndex++;
        } else if (lastStar >= 0) {
            patternIndex = lastStar + 1;
            textIndexAtLastStar++;
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
    return globMatchesValue(wildcardGlob(pattern), action, true);
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
    const patternSegments = splitArnGlob(pattern);
    const arnSegments = splitArn(arn);
    if (patternSegments === undefined || arnSegments === undefined) {
        return false;
    }
    return patternSegments.every((segment, i) => globMatches(segment, arnSegments[i], false));
}
