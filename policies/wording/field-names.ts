/**
 * How messages name the fields of a replication rule: a property path as users write it, and how
 * each replication shape spells the fields a message tells users to set. Fields to set are named by
 * their Pulumi schema path and, where the name differs, the S3 API element, never as code of one
 * language: Python, Go, C# and YAML programs read the same findings.
 */
import { listWrappedName, ReplicationShape } from "../model/replication";
import { PathSegment } from "../model/value";

/** `replicationConfigurations[0].role`: a property path as users write it. */
export function formatPath(path: readonly PathSegment[]): string {
    return path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
}

/** How a shape spells the fields messages tell users to write, relative to the rule. */
export interface ShapeFieldNames {
    optIn: string;
    replicaKey: string;
    filter: string;
    tagFilter: string;
    /** How to write a prefix and tags in one filter. */
    combinedFilter: string;
    deleteMarkerReplication: string;
    /** What to write so that delete markers are not replicated. */
    disableDeleteMarkers: string;
    sourceSelectionCriteria: string;
    sseKmsEncryptedObjects: string;
    destination: string;
    encryptionConfiguration: string;
    account: string;
    accessControlTranslation: string;
    metrics: string;
    metricsMinutes: string;
    replicationTime: string;
    replicationTimeMinutes: string;
}

function apiShapeNames(native: boolean): ShapeFieldNames {
    const tagsInAnd = native ? "tagFilters" : "tags";
    return {
        optIn: '`sourceSelectionCriteria.sseKmsEncryptedObjects.status` set to "Enabled" (S3 API: SourceSelectionCriteria/SseKmsEncryptedObjects/Status)',
        replicaKey: "destination.encryptionConfiguration.replicaKmsKeyId",
        filter: "filter",
        tagFilter: native ? "filter.tagFilter or filter.and.tagFilters" : "filter.tag or filter.and.tags",
        combinedFilter: `both inside \`filter.and\` (\`filter.and.prefix\` and \`filter.and.${tagsInAnd}\`; S3 API: Filter/And)`,
        deleteMarkerReplication: "deleteMarkerReplication",
        disableDeleteMarkers: 'set `deleteMarkerReplication.status` to "Disabled" (S3 API: DeleteMarkerReplication/Status)',
        sourceSelectionCriteria: "sourceSelectionCriteria",
        sseKmsEncryptedObjects: "sourceSelectionCriteria.sseKmsEncryptedObjects",
        destination: "destination",
        encryptionConfiguration: "destination.encryptionConfiguration",
        account: "destination.account",
        accessControlTranslation: "destination.accessControlTranslation",
        metrics: "destination.metrics",
        metricsMinutes: "destination.metrics.eventThreshold.minutes",
        replicationTime: "destination.replicationTime",
        replicationTimeMinutes: "destination.replicationTime.time.minutes",
    };
}

/** The inline shapes; BucketV2 wraps each block in a one-element list under a plural name. */
function inlineShapeNames(wrapped: boolean): ShapeFieldNames {
    const block = (name: string) => (wrapped ? `${listWrappedName(name)}[0]` : name);
    const destination = block("destination");
    return {
        optIn: `\`${block("sourceSelectionCriteria")}.${block("sseKmsEncryptedObjects")}.enabled\` set to true (S3 API: SourceSelectionCriteria/SseKmsEncryptedObjects/Status Enabled)`,
        replicaKey: `${destination}.replicaKmsKeyId`,
        filter: block("filter"),
        tagFilter: `${block("filter")}.tags`,
        combinedFilter: `both in \`${block("filter")}\` (\`${block("filter")}.prefix\` and \`${block("filter")}.tags\`; S3 API: Filter/And)`,
        deleteMarkerReplication: "deleteMarkerReplicationStatus",
        disableDeleteMarkers: "remove deleteMarkerReplicationStatus",
        sourceSelectionCriteria: block("sourceSelectionCriteria"),
        sseKmsEncryptedObjects: `${block("sourceSelectionCriteria")}.${block("sseKmsEncryptedObjects")}`,
        destination,
        encryptionConfiguration: `${destination}.replicaKmsKeyId`,
        account: `${destination}.accountId`,
        accessControlTranslation: `${destination}.${block("accessControlTranslation")}`,
        metrics: `${destination}.${block("metrics")}`,
        metricsMinutes: `${destination}.${block("metrics")}.minutes`,
        replicationTime: `${destination}.${block("replicationTime")}`,
        replicationTimeMinutes: `${destination}.${block("replicationTime")}.minutes`,
    };
}

/** How each shape spells the fields messages tell users to write. */
export const fieldNames: Readonly<Record<ReplicationShape, ShapeFieldNames>> = {
    BucketReplicationConfig: apiShapeNames(false),
    Bucket: inlineShapeNames(false),
    BucketV2: inlineShapeNames(true),
    "aws-native Bucket": apiShapeNames(true),
};
