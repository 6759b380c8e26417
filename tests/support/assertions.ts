import * as assert from "assert";

/** Asserts that `text` contains each of `parts`; a failure shows the whole text. */
export function assertIncludes(text: string, ...parts: string[]): void {
    for (const part of parts) {
        assert.ok(text.includes(part), `expected to find ${JSON.stringify(part)} in:\n${text}`);
    }
}

/** A sentence that ends, or a list that goes on, where a name should be: `into bucket:`, `bucket "".`, `key , ` (issue 19.8). */
export const EMPTY_NAME = /\b(bucket|key|role|alias|resource)( "")?\s*[:.,;](\s|$)/;

/** An alias called a KMS key (`KMS key arn:aws:kms:...:alias/x`, `KMS key alias/aws/s3`): messages call it the key behind the alias (issue 19.8). */
export const ALIAS_AS_KEY = /KMS key (arn:[^ ]*:)?alias\//;

/** The one item of `items`; fails, showing `context`, when there is none or more than one. */
export function theOnly<T>(items: readonly T[], context: string): T {
    assert.strictEqual(items.length, 1, context);
    return items[0];
}
