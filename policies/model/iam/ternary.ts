/**
 * Three-valued logic for answers that may depend on values unknown until deployment (or on
 * policy features this evaluator cannot decide): `"unknown"` means "could be either".
 */
export type Ternary = true | false | "unknown";

/** A list of policy or request values of which some entries (or the list itself) are unknown. */
export interface ValueList {
    readonly known: readonly string[];
    readonly hasUnknown: boolean;
}

const NO_STRINGS: readonly string[] = Object.freeze([]);
export const EMPTY_VALUE_LIST: ValueList = Object.freeze({ known: NO_STRINGS, hasUnknown: false });
export const UNKNOWN_VALUE_LIST: ValueList = Object.freeze({ known: NO_STRINGS, hasUnknown: true });

export function not(value: Ternary): Ternary {
    return value === "unknown" ? value : !value;
}

/** `value`, or its negation for a `Not...` element or a negated operator. */
export function negateIf(negated: boolean, value: Ternary): Ternary {
    return negated ? not(value) : value;
}

export function and(...values: Ternary[]): Ternary {
    if (values.includes(false)) {
        return false;
    }
    return values.includes("unknown") ? "unknown" : true;
}

export function or(...values: Ternary[]): Ternary {
    if (values.includes(true)) {
        return true;
    }
    return values.includes("unknown") ? "unknown" : false;
}

/** Whether `predicate` holds for some entry; an unknown entry could be the one that does. */
export function someValue(list: ValueList, predicate: (value: string) => Ternary): Ternary {
    let result: Ternary = list.hasUnknown ? "unknown" : false;
    for (const value of list.known) {
        const outcome = predicate(value);
        if (outcome === true) {
            return true;
        }
        if (outcome === "unknown") {
            result = "unknown";
        }
    }
    return result;
}

/** Whether `predicate` holds for every entry; an unknown entry could be the one that does not. */
export function everyValue(list: ValueList, predicate: (value: string) => Ternary): Ternary {
    return not(someValue(list, (value) => not(predicate(value))));
}
