/** Helpers over `Read`s for nested blocks whose parents may be unknown. */
import { ABSENT, Read, readBelow } from "../value";

export { UNKNOWN_READ } from "../value";

export function knownRead<T>(value: T): Read<T> {
    return { state: "known", value, secret: false };
}

/** The first element of a known list; the list's own state otherwise. */
export function first(list: Read): Read {
    if (list.state !== "known") {
        return list;
    }
    return Array.isArray(list.value) ? readBelow(list, 0) : ABSENT;
}
