/**
 * The shape of a JSON text, measured before it is parsed: how many values it holds and how deep
 * they nest. A file's size does not bound what decoding it costs: 10 MB of `[0,0,0,…]` is five
 * million values, each of which the checker decodes, encodes for the pack and the pack decodes
 * again, and 2,000 nested arrays overflow the stack of every recursive reader. One pass, no
 * allocation, so that a text past a limit is refused before any of that work starts.
 */
import { DEFAULT_MAX_FILE_BYTES } from "./input-file";

export interface JsonLimits {
    /** Values of every kind (objects, arrays, strings, numbers, literals), keys included. */
    maxValues: number;
    /** Objects and arrays inside one another. */
    maxDepth: number;
}

/**
 * Depth: no Pulumi state nests anywhere near 64 (a resource's properties sit at depth 4 of an
 * export); 256 leaves room for deep JSON documents held as values, and stays far below where the
 * recursive readers (the checker's decoder, protobuf's Struct conversion) overflow their stack.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Values: one per `BYTES_PER_VALUE` bytes of the file size limit (`--max-file-size`), so that a file
 * of compact, typical JSON that is under the size limit is under this one too (a `pulumi stack export`
 * holds one value per 28 to 40 bytes), and a file of tiny values (`[0,0,0,…]`: one per 2 bytes)
 * costs no more than the largest typical file (bench/checker-memory-results.md).
 */
export const BYTES_PER_VALUE = 24;

/** The limits for files of at most `maxBytes` bytes. */
export function jsonLimitsFor(maxBytes: number): JsonLimits {
    return { maxValues: Math.max(1, Math.floor(maxBytes / BYTES_PER_VALUE)), maxDepth: MAX_JSON_DEPTH };
}

export const DEFAULT_JSON_LIMITS: JsonLimits = jsonLimitsFor(DEFAULT_MAX_FILE_BYTES);

export type JsonShapeProblem = { kind: "depth"; depth: number; limit: number } | { kind: "values"; limit: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isStructural(code: number): boolean {
    // [ ] { } , : " and JSON white space
    return code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d || code === 0x2c || code === 0x3a || code === QUOTE || code <= 0x20;
}

/** The first limit `text` passes, if any. Malformed JSON is left to the parser to describe. */
export function jsonShapeProblem(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonShapeProblem | undefined {
    return measureJson(text, limits).exceeded;
}

/** How many values `text` holds and how deep it nests, up to the first limit it passes. */
export function measureJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): { values: number; depth: number; exceeded?: JsonShapeProblem } {
    let depth = 0;
    let deepest = 0;
    let values = 0;
    let inPrimitive = false;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === QUOTE) {
            inPrimitive = false;
            values++;
            // Skip the string, escapes included.
            for (i++; i < text.length; i++) {
                const inner = text.charCodeAt(i);
                if (inner === BACKSLASH) {
                    i++;
                } else if (inner === QUOTE) {
                    break;
                }
            }
        } else if (code === 0x5b || code === 0x7b) {
            inPrimitive = false;
            values++;
            depth++;
            deepest = Math.max(deepest, depth);
            if (depth > limits.maxDepth) {
                return { values, depth: deepest, exceeded: { kind: "depth", depth, limit: limits.maxDepth } };
            }
        } else if (code === 0x5d || code === 0x7d) {
            inPrimitive = false;
            depth--;
        } else if (isStructural(code)) {
            inPrimitive = false;
        } else if (!inPrimitive) {
            // The first character of a number or literal.
            inPrimitive = true;
            values++;
        }
        if (values > limits.maxValues) {
            return { values, depth: deepest, exceeded: { kind: "values", limit: limits.maxValues } };
        }
    }
    return { values, depth: deepest };
}

/** The problem as the end of a one-line message: "nested more than 256 deep; ...". */
export function describeJsonShapeProblem(problem: JsonShapeProblem): string {
    return problem.kind === "depth"
        ? `JSON nested more than ${problem.limit} deep; the checker reads JSON nested up to ${problem.limit} deep`
        : `more than ${problem.limit.toLocaleString("en-US")} JSON values, the most the checker reads from a file under its size limit (one per ${BYTES_PER_VALUE} bytes of --max-file-size)`;
}
