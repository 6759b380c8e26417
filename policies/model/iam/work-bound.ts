/**
 * A bound on the work of matching policy patterns for one stack (issue 22.3). Matching is linear
 * in the text for every pattern, but a stack within AWS's limits can still ask for much of it:
 * 1,000 rules, each with its own 1,024-character prefix, against every distinct pattern of the
 * role's, buckets' and keys' policies. Past the bound, a match is not worked out: it is "unknown",
 * so the requests it decides are undecided (never a finding of a denial), and the policies say
 * which rules were not fully evaluated.
 */

/**
 * Steps per stack: a character read by native search or one automaton word of one character is a
 * step; so is each match's fixed cost, counted as `MATCH_CALL_STEPS`. Calibrated on this pack's
 * benchmark machine (about a nanosecond a step) to about a second of matching: the AWS-limits stack
 * (bench/aws-limits-stack.ts) takes about 700 million and is evaluated in full (bench/hostile-input-results.md).
 */
export const MATCH_STEPS_PER_STACK = 900_000_000;
/** The fixed cost of one match (compiled pattern and memo lookups, the call), in steps. */
export const MATCH_CALL_STEPS = 200;

export class WorkBound {
    private remaining: number;
    /** How many matches were not worked out for want of budget. */
    refused = 0;

    /** Whether the bound was reached: every match from now on is refused. */
    get exhausted(): boolean {
        return this.refused > 0;
    }

    constructor(steps: number = MATCH_STEPS_PER_STACK) {
        this.remaining = steps;
    }

    /** Takes `steps` from the budget; false (and counted as refused) when the budget does not hold them. */
    take(steps: number): boolean {
        if (this.refused > 0 || steps > this.remaining) {
            this.remaining = 0;
            this.refused++;
            return false;
        }
        this.remaining -= steps;
        return true;
    }
}

let active: WorkBound | undefined;

/** `work()` with `bound` charged for the matching it does; with none (outside an AnalyzeStack call), whatever bound is active already, if any. */
export function withWorkBound<T>(bound: WorkBound | undefined, work: () => T): T {
    const previous = active;
    active = bound ?? active;
    try {
        return work();
    } finally {
        active = previous;
    }
}

/** Whether a match of `steps` (besides its fixed cost) may be worked out (always, with no bound active). */
export function mayMatch(steps: number): boolean {
    return active === undefined || active.take(MATCH_CALL_STEPS + steps);
}

/** Whether the active bound has been reached (then no match is worked out); asking counts as a refused match. */
export function boundReached(): boolean {
    if (active === undefined || !active.exhausted) {
        return false;
    }
    active.refused++;
    return true;
}

/** The bound being charged, if any. */
export function activeWorkBound(): WorkBound | undefined {
    return active;
}

const boundsByScope = new WeakMap<object, WorkBound>();

/** The one bound of a scope (the AnalyzeStack request every stack policy of one response shares). */
export function workBoundFor(scope: object | undefined): WorkBound | undefined {
    if (scope === undefined) {
        return undefined;
    }
    let bound = boundsByScope.get(scope);
    if (bound === undefined) {
        bound = new WorkBound();
        boundsByScope.set(scope, bound);
    }
    return bound;
}
