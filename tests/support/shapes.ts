/**
 * One replication rule written in each of the four shapes the pack reads, from a
 * shape-independent description, so that a policy test can run on all of them.
 */
import { types } from "../../policies/model/resource-types";

export interface RuleSpec {
    id?: unknown;
    priority?: unknown;
    /** Defaults to "Enabled"; `null` leaves the rule without a status. */
    status?: unknown;
    /** The V1 schema's rule-level prefix. */
    prefix?: unknown;
    /** Writes an empty filter (`filter: {}`) when neither filterPrefix nor filterTag is given. */
    filter?: boolean;
    filterPrefix?: unknown;
    filterTag?: { key: string; value: string };
    deleteMarkerReplication?: unknown;
    destinationBucket?: unknown;
    account?: unknown;
    ownerOverride?: boolean;
    /** The access control translation's owner (implies the block); ownerOverride writes "Destination". */
    owner?: unknown;
    replicaKmsKeyId?: unknown;
    /** "Enabled" / "Disabled" / unknown sentinel; undefined: no SourceSelectionCriteria. */
    sseKms?: unknown;
    /** ReplicaModifications status (the API shapes only; the inline shapes cannot write it). */
    replicaModifications?: unknown;
    metrics?: { status: unknown; minutes?: unknown };
    replicationTime?: { status: unknown; minutes?: unknown };
}

export type ShapeName = "BucketReplicationConfig" | "Bucket" | "BucketV2" | "aws-native Bucket";

export const SHAPES: readonly ShapeName[] = ["BucketReplicationConfig", "Bucket", "BucketV2", "aws-native Bucket"];

export interface ShapedResource {
    shape: ShapeName;
    type: string;
    props: Record<string, unknown>;
}

const SENTINEL_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-/;

function asBoolean(status: unknown): unknown {
    if (typeof status === "string" && SENTINEL_LIKE.test(status)) {
        return status;
    }
    return status === "Enabled";
}

function defined<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function status(r: RuleSpec): unknown {
    return r.status === null ? undefined : (r.status ?? "Enabled");
}

function hasFilter(r: RuleSpec): boolean {
    return r.filter === true || r.filterPrefix !== undefined || r.filterTag !== undefined;
}

function owner(r: RuleSpec): unknown {
    return r.owner ?? (r.ownerOverride ? "Destination" : undefined);
}

function apiRule(r: RuleSpec, native: boolean): Record<string, unknown> {
    const filter = hasFilter(r) ? defined({ prefix: r.filterPrefix, [native ? "tagFilter" : "tag"]: r.filterTag }) : undefined;
    const sourceSelectionCriteria =
        r.sseKms !== undefined || r.replicaModifications !== undefined
            ? defined({
                  sseKmsEncryptedObjects: r.sseKms !== undefined ? { status: r.sseKms } : undefined,
                  replicaModifications: r.replicaModifications !== undefined ? { status: r.replicaModifications } : undefined,
              })
            : undefined;
    return defined({
        id: r.id,
        priority: r.priority,
        status: status(r),
        prefix: r.prefix,
        filter,
        deleteMarkerReplication: r.deleteMarkerReplication ? { status: r.deleteMarkerReplication } : undefined,
        sourceSelectionCriteria,
        destination: defined({
            bucket: r.destinationBucket ?? "arn:aws:s3:::destination-bucket",
            account: r.account,
            accessControlTranslation: owner(r) !== undefined ? { owner: owner(r) } : undefined,
            encryptionConfiguration: r.replicaKmsKeyId !== undefined ? { replicaKmsKeyId: r.replicaKmsKeyId } : undefined,
            metrics: r.metrics
                ? defined({ status: r.metrics.status, eventThreshold: r.metrics.minutes !== undefined ? { minutes: r.metrics.minutes } : undefined })
                : undefined,
            replicationTime: r.replicationTime
                ? defined({
                      status: r.replicationTime.status,
                      time: r.replicationTime.minutes !== undefined ? { minutes: r.replicationTime.minutes } : undefined,
                  })
                : undefined,
        }),
    });
}

function inlineRule(r: RuleSpec, listWrapped: boolean): Record<string, unknown> {
    const wrap = (v: unknown) => (v === undefined ? undefined : listWrapped ? [v] : v);
    const s = (name: string) => (listWrapped ? `${name}s` : name);
    const filter = hasFilter(r) ? defined({ prefix: r.filterPrefix, tags: r.filterTag ? { [r.filterTag.key]: r.filterTag.value } : undefined }) : undefined;
    const sse = r.sseKms !== undefined ? { enabled: asBoolean(r.sseKms) } : undefined;
    return defined({
        id: r.id,
        priority: r.priority,
        status: status(r),
        prefix: r.prefix,
        deleteMarkerReplicationStatus: r.deleteMarkerReplication,
        [s("filter")]: wrap(filter),
        [listWrapped ? "sourceSelectionCriterias" : "sourceSelectionCriteria"]: sse
            ? wrap({ [listWrapped ? "sseKmsEncryptedObjects" : "sseKmsEncryptedObjects"]: wrap(sse) })
            : undefined,
        [s("destination")]: wrap(
            defined({
                bucket: r.destinationBucket ?? "arn:aws:s3:::destination-bucket",
                accountId: r.account,
                replicaKmsKeyId: r.replicaKmsKeyId,
                [s("accessControlTranslation")]: owner(r) !== undefined ? wrap({ owner: owner(r) }) : undefined,
                [listWrapped ? "metrics" : "metrics"]: r.metrics ? wrap(defined({ status: r.metrics.status, minutes: r.metrics.minutes })) : undefined,
                [s("replicationTime")]: r.replicationTime ? wrap(defined({ status: r.replicationTime.status, minutes: r.replicationTime.minutes })) : undefined,
            }),
        ),
    });
}

export const ROLE = "arn:aws:iam::111111111111:role/replication";
export const SOURCE_BUCKET = "source-bucket";

/** One rule written in one shape. */
export function ruleInShape(shape: ShapeName, rule: RuleSpec): Record<string, unknown> {
    switch (shape) {
        case "BucketReplicationConfig":
            return apiRule(rule, false);
        case "aws-native Bucket":
            return apiRule(rule, true);
        case "Bucket":
            return inlineRule(rule, false);
        case "BucketV2":
            return inlineRule(rule, true);
    }
}

/** The resource of each shape around a rule list written per shape (a list, or an unknown sentinel). */
export function inEveryShapeWith(rulesFor: (shape: ShapeName) => unknown, role: unknown = ROLE, sourceBucket: unknown = SOURCE_BUCKET): ShapedResource[] {
    return [
        {
            shape: "BucketReplicationConfig",
            type: types.bucketReplicationConfig,
            props: { bucket: sourceBucket, role, rules: rulesFor("BucketReplicationConfig") },
        },
        { shape: "Bucket", type: types.bucket, props: { bucket: sourceBucket, replicationConfiguration: { role, rules: rulesFor("Bucket") } } },
        { shape: "BucketV2", type: types.bucketV2, props: { bucket: sourceBucket, replicationConfigurations: [{ role, rules: rulesFor("BucketV2") }] } },
        {
            shape: "aws-native Bucket",
            type: types.nativeBucket,
            props: { bucketName: sourceBucket, replicationConfiguration: { role, rules: rulesFor("aws-native Bucket") } },
        },
    ];
}

/** The same rules as each of the four shapes. */
export function inEveryShape(rules: RuleSpec[], role: unknown = ROLE, sourceBucket: unknown = SOURCE_BUCKET): ShapedResource[] {
    return inEveryShapeWith((shape) => rules.map((r) => ruleInShape(shape, r)), role, sourceBucket);
}
