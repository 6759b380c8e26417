/**
 * Finding secret texts inside a message: `redact(message, secrets)` replaces every occurrence of
 * any of them by "(secret)", in time linear in the message however many secrets there are and
 * however they overlap (an Aho–Corasick automaton over UTF-16 units, built once per set of
 * secrets). Where the texts come from is the caller's business (secret-values.ts notes them from
 * the engine's requests); this module only matches.
 */

export const SECRET_PLACEHOLDER = "(secret)";

/**
 * Secrets shorter than this are replaced only where they stand on their own: not inside a longer
 * run of letters and digits ("7" in "statement 7", not in "s3:PutObject7"), or a one-letter
 * secret would blank out every message.
 */
export const SHORT_SECRET = 4;

const ROOT = 0;
const NONE = -1;
const MANY = -2;

function isWordUnit(code: number): boolean {
    if (code < 0x80) {
        return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    }
    return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

/** A set of secret texts, compiled for matching. Immutable once built. */
export class SecretMatcher {
    /**
     * Transitions. Most states of a trie of long texts have one child: its unit and state are kept
     * in two arrays (`NONE` when there is no child, `MANY` when the map holds the children).
     */
    private readonly onlyUnit: number[] = [NONE];
    private readonly onlyChild: number[] = [ROOT];
    private readonly manyChildren: Array<Map<number, number> | undefined> = [undefined];
    private readonly fail: number[] = [ROOT];
    /** The length of the pattern that ends at a state, 0 when none. */
    private readonly own: number[] = [0];
    /** The nearest state along the failure links (itself excluded) where a pattern ends, or -1. */
    private readonly outputLink: number[] = [-1];
    readonly size: number;

    constructor(texts: Iterable<string>) {
        let size = 0;
        for (const text of texts) {
            if (text !== "") {
                this.insert(text);
                size++;
            }
        }
        this.size = size;
        this.link();
    }

    private insert(text: string): void {
        let state = ROOT;
        for (let i = 0; i < text.length; i++) {
            const unit = text.charCodeAt(i);
            let child = this.step(state, unit);
            if (child === undefined) {
                child = this.fail.length;
                this.onlyUnit.push(NONE);
                this.onlyChild.push(ROOT);
                this.manyChildren.push(undefined);
                this.fail.push(ROOT);
                this.own.push(0);
                this.outputLink.push(-1);
                this.addChild(state, unit, child);
            }
            state = child;
        }
        this.own[state] = text.length;
    }

    private addChild(state: number, unit: number, child: number): void {
        const only = this.onlyUnit[state];
        if (only === NONE) {
            this.onlyUnit[state] = unit;
            this.onlyChild[state] = child;
        } else if (only === MANY) {
            this.manyChildren[state]!.set(unit, child);
        } else {
            this.manyChildren[state] = new Map([
                [only, this.onlyChild[state]],
                [unit, child],
            ]);
            this.onlyUnit[state] = MANY;
        }
    }

    private step(state: number, unit: number): number | undefined {
        const only = this.onlyUnit[state];
        if (only === unit) {
            return this.onlyChild[state];
        }
        return only === MANY ? this.manyChildren[state]!.get(unit) : undefined;
    }

    private childrenOf(state: number): Iterable<[number, number]> {
        const only = this.onlyUnit[state];
        if (only === NONE) {
            return [];
        }
        return only === MANY ? this.manyChildren[state]!.entries() : [[only, this.onlyChild[state]]];
    }

    /** Failure and output links, breadth first (a state's links need its parent's). */
    private link(): void {
        const queue: number[] = [];
        for (const [, child] of this.childrenOf(ROOT)) {
            queue.push(child);
        }
        for (let head = 0; head < queue.length; head++) {
            const state = queue[head];
            for (const [unit, child] of this.childrenOf(state)) {
                let fallback = this.fail[state];
                let target = this.step(fallback, unit);
                while (target === undefined && fallback !== ROOT) {
                    fallback = this.fail[fallback];
                    target = this.step(fallback, unit);
                }
                const failTo = target !== undefined && target !== child ? target : ROOT;
                this.fail[child] = failTo;
                this.outputLink[child] = this.own[failTo] > 0 ? failTo : this.outputLink[failTo];
                queue.push(child);
            }
        }
    }

    /**
     * The ranges [start, end) of `message` that secrets cover, in order, overlapping ones merged.
     * Linear in the message: at each position only the longest secret ending there counts (every
     * shorter one lies inside it), and the short ones that do not stand on their own are skipped
     * (at most three per position).
     */
    ranges(message: string): Range[] {
        const ranges: Range[] = [];
        if (this.size === 0) {
            return ranges;
        }
        let state = ROOT;
        for (let i = 0; i < message.length; i++) {
            const unit = message.charCodeAt(i);
            let target = this.step(state, unit);
            while (target === undefined && state !== ROOT) {
                state = this.fail[state];
                target = this.step(state, unit);
            }
            state = target ?? ROOT;
            const length = this.longestStandingMatch(state, message, i + 1);
            if (length > 0) {
                addRange(ranges, i + 1 - length, i + 1);
            }
        }
        return ranges;
    }

    /** `message` with every occurrence of a secret replaced by the placeholder; overlapping or nested ones become one. */
    redact(message: string): string {
        return redact(message, [this]);
    }

    /** The longest secret ending at `end` (exclusive) in state `state` that counts there; 0 when none. */
    private longestStandingMatch(state: number, message: string, end: number): number {
        for (let at = this.own[state] > 0 ? state : this.outputLink[state]; at >= 0; at = this.outputLink[at]) {
            const length = this.own[at];
            if (length >= SHORT_SECRET || standsAlone(message, end - length, end)) {
                return length;
            }
        }
        return 0;
    }
}

/** Whether `message[start, end)` is not part of a longer run of letters and digits. */
function standsAlone(message: string, start: number, end: number): boolean {
    const joinsBefore = start > 0 && isWordUnit(message.charCodeAt(start)) && isWordUnit(message.charCodeAt(start - 1));
    const joinsAfter = end < message.length && isWordUnit(message.charCodeAt(end - 1)) && isWordUnit(message.charCodeAt(end));
    return !joinsBefore && !joinsAfter;
}

export type Range = [start: number, end: number];

/** Adds [start, end) to ranges ordered by end, merging those it overlaps (they may start before it). */
function addRange(ranges: Range[], start: number, end: number): void {
    let from = start;
    let to = end;
    while (ranges.length > 0 && ranges[ranges.length - 1][1] > from) {
        const [lastStart, lastEnd] = ranges.pop()!;
        from = Math.min(from, lastStart);
        to = Math.max(to, lastEnd);
    }
    ranges.push([from, to]);
}

/**
 * `message` with every secret of any of `matchers` replaced by "(secret)": the ranges each finds
 * in the message as given, merged, so that a secret of one overlapping a secret of another is
 * replaced whole (replacing one matcher's secrets first would hide the other's).
 */
export function redact(message: string, matchers: readonly SecretMatcher[]): string {
    let ranges: Range[] = [];
    for (const matcher of matchers) {
        const found = matcher.ranges(message);
        if (found.length > 0) {
            ranges = ranges.length === 0 ? found : mergeRanges(ranges, found);
        }
    }
    if (ranges.length === 0) {
        return message;
    }
    const pieces: string[] = [];
    let copied = 0;
    for (const [start, end] of ranges) {
        pieces.push(message.slice(copied, start), SECRET_PLACEHOLDER);
        copied = end;
    }
    pieces.push(message.slice(copied));
    return pieces.join("");
}

function mergeRanges(a: readonly Range[], b: readonly Range[]): Range[] {
    const all = [...a, ...b].sort((x, y) => x[1] - y[1] || x[0] - y[0]);
    const merged: Range[] = [];
    for (const [start, end] of all) {
        addRange(merged, start, end);
    }
    return merged;
}
