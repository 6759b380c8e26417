import * as assert from "assert";

/** Asserts that `text` contains each of `parts`; a failure shows the whole text. */
export function assertIncludes(text: string, ...parts: string[]): void {
    for (const part of parts) {
        assert.ok(text.includes(part), `expected to find ${JSON.stringify(part)} in:\n${text}`);
    }
}
