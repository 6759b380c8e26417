/**
 * A bounded memo of values computed from text: what a stack's documents repeat (patterns,
 * condition operators, accounts) is worked out once per pack process. Once full, the oldest
 * entry makes room; keys longer than `maxKeyLength` are computed anew each time rather than kept
 * (a 1 MB document can hold such values). Values are shared: they must not be changed.
 */
export class BoundedMemo<V> {
    private readonly entries = new Map<string, V>();

    constructor(
        private readonly compute: (key: string) => V,
        private readonly maxEntries: number,
        private readonly maxKeyLength = Infinity,
    ) {}

    get(key: string): V {
        if (key.length > this.maxKeyLength) {
            return this.compute(key);
        }
        const known = this.entries.get(key);
        if (known !== undefined || this.entries.has(key)) {
            return known as V;
        }
        const value = this.compute(key);
        if (this.entries.size >= this.maxEntries) {
            this.entries.delete(this.entries.keys().next().value as string);
        }
        this.entries.set(key, value);
        return value;
    }
}
