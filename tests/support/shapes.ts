/**
 * One replication rule written in each of the four shapes the pack reads, from a
 * shape-independent description, so that a policy test can run on all of them.
 */
import { types } from "../../policies/model/resource-types";

export interface RuleSpec {
    id?: string;
    priority?: number;
    status?: string;
    filterPrefix?: string;
    filterTag?: { key: string; value: string };
    deleteMarkerReplication?: string;
    destinationBucket?: unknown;
    account?: unknown;
    ownerOverride?: boolean;
    replicaKmsKeyId?: unknown;
    /** "Enabled" / "Disabled" / unknown sentinel; undefined: no SourceSelectionCriteria. */
    sseKms?: unknown;
    metrics?: { status: string; minutes?: number };
    replicationTime?: { status: string; minutes?: number };
}

export interface ShapedResource {
    shape: "BucketReplicationConfig" | "Bucket" | "BucketV2" | "aws-native Bucket";
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

function apiRule(r: RuleSpec, native: boolean): Record<string, unknown> {
    const filter = r.filterPrefix !== undefined || r.filterTag
        ? defined({ prefix: r.filterPrefix, [native ? "tagFilter" : "tag"]: r.filterTag })
        : undefined;
    return defined({
        id: r.id,
        priority: r.priority,
        status: r.status ?? "Enabled",
        filter,
        deleteMarkerReplication: r.deleteMarkerReplication ? { status: r.deleteMarkerReplication } : undefined,
        sourceSelectionCriteria: r.sseKms !== undefined ? { sseKmsEncryptedObjects: { status: r.sseKms } } : undefined,
        destination: defined({
            bucket: r.destinationBucket ?? "arn:aws:s3:::destination-bucket",
            account: r.account,
            accessControlTranslation: r.ownerOverride ? { owner: "Destination" } : undefined,
            encryptionConfiguration: r.replicaKmsKeyId !== undefined ? { replicaKmsKeyId: r.replicaKmsKeyId } : undefined,
            metrics: r.metrics ? defined({ status: r.metrics.status, eventThreshold: r.metrics.minutes !== undefined ? { minutes: r.metrics.minutes } : undefined }) : undefined,
            replicationTime: r.replicationTime ? defined({ status: r.replicationTime.status, time: r.replicationTime.minutes !== undefined ? { minutes: r.replicationTime.minutes } : undefined }) : undefined,
        }),
    });
}

function inlineRule(r: RuleSpec, listWrapped: boolean): Record<string, unknown> {
    const wrap = (v: unknown) => (v === undefined ? undefined : listWrapped ? [v] : v);
    const s = (name: string) => (listWrapped ? `${name}s` : name);
    const filter = r.filterPrefix !== undefined || r.filterTag
        ? defined({ prefix: r.filterPrefix, tags: r.filterTag ? { [r.filterTag.key]: r.filterTag.value } : undefined })
        : undefined;
    const sse = r.sseKms !== undefined ? { enabled: asBoolean(r.sseKms) } : undefined;
    return defined({
        id: r.id,
        priority: r.priority,
        status: r.status ?? "Enabled",
        deleteMarkerReplicationStatus: r.deleteMarkerReplication,
        [s("filter")]: wrap(filter),
        [listWrapped ? "sourceSelectionCriterias" : "sourceSelectionCriteria"]:
            sse ? wrap({ [listWrapped ? "sseKmsEncryptedObjects" : "sseKmsEncryptedObjects"]: wrap(sse) }) : undefined,
        [s("destination")]: wrap(defined({
            bucket: r.destinationBucket ?? "arn:aws:s3:::destination-bucket",
            accountId: r.account,
            replicaKmsKeyId: r.replicaKmsKeyId,
            [s("accessControlTranslation")]: r.ownerOverride ? wrap({ owner: "Destination" }) : undefined,
            [listWrapped ? "metrics" : "metrics"]: r.metrics ? wrap(defined({ status: r.metrics.status, minutes: r.metrics.minutes })) : undefined,
            [s("replicationTime")]: r.replicationTime ? wrap(defined({ status: r.replicationTime.status, minutes: r.replicationTime.minutes })) : undefined,
        })),
    });
}

const ROLE = "arn:aws:iam::111111111111:role/replication";

/** The same rules as each of the four shapes. */
export function inEveryShape(rules: RuleSpec[], role: unknown = ROLE): ShapedResource[] {
    return [
        { shape: "BucketReplicationConfig", type: types.bucketReplicationConfig, props: { bucket: "source-bucket", role, rules: rules.map((r) => apiRule(r, false)) } },
        { shape: "Bucket", type: types.bucket, props: { bucket: "source-bucket", replicationConfiguration: { role, rules: rules.map((r) => inlineRule(r, false)) } } },
        { shape: "BucketV2", type: types.bucketV2, props: { bucket: "source-bucket", replicationConfigurations: [{ role, rules: rules.map((r) => inlineRule(r, true)) }] } },
        { shape: "aws-native Bucket", type: types.nativeBucket, props: { bucketName: "source-bucket", replicationConfiguration: { role, rules: rules.map((r) => apiRule(r, true)) } } },
    ];
}
