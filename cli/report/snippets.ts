/**
 * Finds the JSON a finding asks to add (an IAM or key policy statement) inside its message, so
 * the report can print it on lines of its own, whole and ready to copy.
 */
import { isPlainObject } from "../../driver/values";

export type MessagePart = { kind: "text"; text: string } | { kind: "json"; value: Record<string, unknown> };

/** The message as text and JSON objects, in order; text with no JSON object in it is one part. */
export function splitSnippets(message: string): MessagePart[] {
    const parts: MessagePart[] = [];
    let textStart = 0;
    let at = message.indexOf('{"');
    while (at >= 0) {
        const end = objectEnd(message, at);
        const value = end === undefined ? undefined : parseObject(message.slice(at, end));
        if (end !== undefined && value) {
            if (at > textStart) {
                parts.push({ kind: "text", text: message.slice(textStart, at) });
            }
            parts.push({ kind: "json", value });
            textStart = end;
        }
        at = message.indexOf('{"', end ?? at + 1);
    }
    if (textStart < message.length) {
        parts.push({ kind: "text", text: message.slice(textStart) });
    }
    return parts;
}

/** The index after the brace closing the object that opens at `start`, strings respected. */
function objectEnd(text: string, start: number): number | undefined {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
        const character = text[i];
        if (inString) {
            if (character === "\\") {
                i++;
            } else if (character === '"') {
                inString = false;
            }
        } else if (character === '"') {
            inString = true;
        } else if (character === "{" || character === "[") {
            depth++;
        } else if (character === "}" || character === "]") {
            depth--;
            if (depth === 0) {
                return i + 1;
            }
        }
    }
    return undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(text);
        return isPlainObject(value) ? value : undefined;
    } catch {
        return undefined;
    }
}
