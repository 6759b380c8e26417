/** How stack-policy messages name a replication configuration, and how problems are told apart. */
import { ReplicationInStack } from "../model/stack";

/** `BucketReplicationConfig "replication-config"`: the shape and resource name of the configuration's holder. */
export function carrierLabel({ configuration, carrier }: Pick<ReplicationInStack, "configuration" | "carrier">): string {
    return `${configuration.shape} "${carrier.name}"`;
}

/**
 * One identifier made of several parts (URNs, labels, ARNs), for grouping problems and naming
 * memos: the parts are joined with NUL, which none of them holds, so different parts never
 * make the same key. An undefined part counts as empty.
 */
export function groupKey(...parts: ReadonlyArray<string | undefined>): string {
    return parts.join("\u0000");
}
