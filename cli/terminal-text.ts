/**
 * Text that is safe and readable on a terminal: control characters and escape sequences shown
 * escaped (a resource name may carry ESC sequences), absurdly long identifiers shortened, words
 * wrapped to a width.
 */

/** Identifiers (runs without spaces) longer than this are shortened to their start and end. */
export const MAX_TOKEN_LENGTH = 300;
const KEEP_START = 120;
const KEEP_END = 40;
const LONG_TOKEN = new RegExp(`\\S{${MAX_TOKEN_LENGTH + 1},}`, "g");

/**
 * C0 controls but newline, DEL, C1 controls (U+009B is CSI on some terminals), and the Unicode
 * characters that reorder or break displayed text (bidi overrides and isolates, line separators).
 */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_WITH_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\x1b`, `\u202e`: visible, and inert on any terminal. Newlines are kept unless `newlines` is false. */
export function escapeControls(text: string, newlines = true): string {
    return text.replace(newlines ? UNSAFE : UNSAFE_WITH_NEWLINE, (character) => {
        const code = character.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    });
}

/** `start…end (N characters)` for a word longer than MAX_TOKEN_LENGTH. */
export function shortenToken(token: string): string {
    if (token.length <= MAX_TOKEN_LENGTH) {
        return token;
    }
    return `${token.slice(0, KEEP_START)}…${token.slice(-KEEP_END)} (${token.length} characters)`;
}

/** Shortens every over-long word of `text`. */
export function shortenTokens(text: string): string {
    return text.replace(LONG_TOKEN, shortenToken);
}

/** Escaped and shortened: how every piece of text from a stack file or the pack is printed. */
export function safeText(text: string, newlines = true): string {
    return shortenTokens(escapeControls(text, newlines));
}

/**
 * Splits `text` into lines of at most `width` characters (words longer than that get a line of
 * their own, unbroken, so identifiers stay copyable), the first line prefixed by `first`, the
 * rest by `rest`. `width` Infinity: one line per paragraph.
 */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = "";
        for (const word of paragraph.split(" ").filter((w) => w !== "")) {
            const prefix = lines.length === 0 && line === "" ? first : rest;
            if (line === "") {
                line = prefix + word;
            } else if (line.length + 1 + word.length <= width) {
                line += " " + word;
            } else {
                lines.push(line);
                line = rest + word;
            }
        }
        lines.push(line === "" ? (lines.length === 0 ? first : rest).trimEnd() : line);
    }
    return lines;
}
