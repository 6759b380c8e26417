/**
 * The longest string the driver sends a pack. google-protobuf's JavaScript encoder collects a
 * message's bytes in a plain array, and V8 aborts the whole process ("Fatal JavaScript invalid
 * size error") once one string makes that array grow past its maximum length, near 90 million
 * bytes; a 190 MB string in a stack export did exactly that. Such a file is refused with one line
 * instead. No AWS resource property a policy reads comes near the limit.
 */
export const MAX_STRING_BYTES = 32 * 1024 * 1024;

/** The JSON path of the first string (value or key) in `document` longer than MAX_STRING_BYTES, and its size. */
export function findOversizedString(document: unknown): { path: string; bytes: number } | undefined {
    const pending: Array<{ value: unknown; path: string }> = [{ value: document, path: "" }];
    while (pending.length > 0) {
        const { value, path } = pending.pop()!;
        if (typeof value === "string") {
            const bytes = oversized(value);
            if (bytes !== undefined) {
                return { path: path || "(the document)", bytes };
            }
        } else if (Array.isArray(value)) {
            value.forEach((element, index) => pending.push({ value: element, path: `${path}[${index}]` }));
        } else if (typeof value === "object" && value !== null) {
            for (const [key, element] of Object.entries(value)) {
                const bytes = oversized(key);
                if (bytes !== undefined) {
                    return { path: `${path} (a key)`, bytes };
                }
                pending.push({ value: element, path: path ? `${path}.${key}` : key });
            }
        }
    }
    return undefined;
}

/** The UTF-8 size of `text` when over the limit (at most 3 bytes a UTF-16 unit, so most strings need no count). */
function oversized(text: string): number | undefined {
    if (text.length * 3 <= MAX_STRING_BYTES) {
        return undefined;
    }
    const bytes = Buffer.byteLength(text, "utf8");
    return bytes > MAX_STRING_BYTES ? bytes : undefined;
}
