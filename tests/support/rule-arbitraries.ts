/**
 * Replication rules as fast-check arbitraries, in the API shape (BucketReplicationConfig, aws-native)
 * and the inline shape (legacy Bucket; BucketV2 wraps each block in a list under a plural name).
 * The property tests share the rule's structure and bring their own vocabulary: how a block is
 * built (how often a field is odd or missing) and the values drawn for its leaves.
 */
import * as fc from "fast-check";
import { listWrappedName } from "../../policies/model/replication";

/**
 * The values drawn for a rule's leaves. `tagKey`/`tagValue` fill a tag block, `tags` is a tag map
 * (`and.tags`, the inline filter's `tags`), `enabled` the inline `sseKmsEncryptedObjects.enabled`.
 */
type Leaf =
    | "status"
    | "text"
    | "tagKey"
    | "tagValue"
    | "tags"
    | "bucket"
    | "account"
    | "replicaKey"
    | "enabled"
    | "owner"
    | "metricsMinutes"
    | "replicationTimeMinutes";

export interface RuleVocabulary extends Record<Leaf, fc.Arbitrary<unknown>> {
    /** An object whose fields are each optional, and each position possibly odd. */
    block(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown>;
    list(element: fc.Arbitrary<unknown>, maxLength?: number): fc.Arbitrary<unknown>;
}

const PRIORITY = fc.integer({ min: -1, max: 3 });

export function apiRule(v: RuleVocabulary, native: boolean): fc.Arbitrary<unknown> {
    const tag = v.block({ key: v.tagKey, value: v.tagValue });
    const statusBlock = v.block({ status: v.status });
    return v.block({
        id: v.text,
        priority: PRIORITY,
        status: v.status,
        prefix: v.text,
        filter: v.block({
            prefix: v.text,
            [native ? "tagFilter" : "tag"]: tag,
            and: v.block({ prefix: v.text, ...(native ? { tagFilters: v.list(tag, 2) } : { tags: v.tags }) }),
        }),
        deleteMarkerReplication: statusBlock,
        existingObjectReplication: statusBlock,
        sourceSelectionCriteria: v.block({ sseKmsEncryptedObjects: statusBlock, replicaModifications: statusBlock }),
        destination: v.block({
            bucket: v.bucket,
            account: v.account,
            storageClass: fc.constantFrom("STANDARD", "GLACIER"),
            accessControlTranslation: v.block({ owner: v.owner }),
            encryptionConfiguration: v.block({ replicaKmsKeyId: v.replicaKey }),
            metrics: v.block({ status: v.status, eventThreshold: v.block({ minutes: v.metricsMinutes }) }),
            replicationTime: v.block({ status: v.status, time: v.block({ minutes: v.replicationTimeMinutes }) }),
        }),
    });
}

export function inlineRule(v: RuleVocabulary, wrapped: boolean): fc.Arbitrary<unknown> {
    const nested = (name: string, arbitrary: fc.Arbitrary<unknown>): Record<string, fc.Arbitrary<unknown>> =>
        wrapped ? { [listWrappedName(name)]: v.list(arbitrary, 2) } : { [name]: arbitrary };
    return v.block({
        id: v.text,
        priority: PRIORITY,
        status: v.status,
        prefix: v.text,
        deleteMarkerReplicationStatus: v.status,
        ...nested("filter", v.block({ prefix: v.text, tags: v.tags })),
        ...nested("sourceSelectionCriteria", v.block(nested("sseKmsEncryptedObjects", v.block({ enabled: v.enabled })))),
        ...nested(
            "destination",
            v.block({
                bucket: v.bucket,
                accountId: v.account,
                storageClass: fc.constantFrom("STANDARD"),
                replicaKmsKeyId: v.replicaKey,
                ...nested("accessControlTranslation", v.block({ owner: v.owner })),
                ...nested("metrics", v.block({ status: v.status, minutes: v.metricsMinutes })),
                ...nested("replicationTime", v.block({ status: v.status, minutes: v.replicationTimeMinutes })),
            }),
        ),
    });
}
