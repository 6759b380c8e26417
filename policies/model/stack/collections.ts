/** Small collection helpers the index uses. */
import { PolicyResource } from "./resource";

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

export function mapFor<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
    let inner = map.get(key);
    if (!inner) {
        inner = new Map();
        map.set(key, inner);
    }
    return inner;
}

/** The resources without repeats, in first-seen order. */
export function uniqueResources(resources: readonly PolicyResource[]): PolicyResource[] {
    return [...new Map(resources.map((r) => [r.urn, r])).values()];
}
