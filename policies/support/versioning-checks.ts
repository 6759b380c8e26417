/**
 * The check of s3-replication-versioning, kept here so that the verdict matrix (verdict-matrix.ts)
 * says that nothing replicates under a configuration S3 rejects for an unversioned bucket, in the
 * words of the finding. AWS S3 user guide, "Requirements and considerations for replication"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html): "Both
 * source and destination buckets must have versioning enabled"; PutBucketReplication answers
 * `InvalidRequest: Destination bucket must have versioning enabled` otherwise.
 */
import { ReplicationConfiguration } from "../model/replication";
import { types } from "../model/resource-types";
import { describeResource, PolicyResource, ReplicationInStack, Resolution, StackIndex, Versioning } from "../model/stack";
import { Read, stringOf } from "../model/value";
import { enabledReplications } from "./each-rule";
import { bucketLabel, configurationLabel } from "../wording/labels";

type Role = "source" | "destination";

/** Why the bucket's versioning is not enabled, or undefined when it is (or may be). */
function notEnabled(versioning: Read<Versioning>): string | undefined {
    if (versioning.state === "absent") {
        return "nothing in the stack enables versioning on it";
    }
    if (versioning.state === "unknown" || versioning.value.status.state === "unknown") {
        return undefined;
    }
    const status = stringOf(versioning.value.status);
    return status === "Enabled" ? undefined : `its versioning is ${status ?? "not set"} (${describeResource(versioning.value.declaredBy)})`;
}

function remedy(bucket: PolicyResource, versioning: Read<Versioning>): string {
    if (versioning.state === "known" && versioning.value.declaredBy.urn !== bucket.urn) {
        return `set \`versioningConfiguration.status\` to "Enabled" on ${describeResource(versioning.value.declaredBy)}`;
    }
    const status = `\`versioningConfiguration.status\` set to "Enabled" (S3 API: VersioningConfiguration/Status)`;
    switch (bucket.type) {
        case types.nativeBucket:
            return 'set `versioningConfiguration.status` to "Enabled" (S3 API: VersioningConfiguration/Status) on the bucket';
        case types.bucketV2:
            return `add an aws.s3.BucketVersioningV2 for the bucket with ${status} (or set the bucket's \`versionings[0].enabled\` to true)`;
        default:
            return (
                `add an aws.s3.BucketVersioning (BucketVersioningV2 before v7) for the bucket with ${status} ` +
                "(or, on a v6 Bucket, set its `versioning.enabled` to true)"
            );
    }
}

interface BucketUse {
    bucket: Resolution & { kind: "in-stack" };
    roles: Set<Role>;
    configurationResources: Set<string>;
}

function bucketsInUse(index: StackIndex): BucketUse[] {
    const uses = new Map<string, BucketUse>();
    const note = (bucket: Resolution, role: Role, configurationResource: string) => {
        if (bucket.kind !== "in-stack") {
            return;
        }
        const use = uses.get(bucket.resource.urn) ?? { bucket, roles: new Set<Role>(), configurationResources: new Set<string>() };
        use.roles.add(role);
        use.configurationResources.add(configurationResource);
        uses.set(bucket.resource.urn, use);
    };
    for (const replication of enabledReplications(index)) {
        note(replication.source, "source", configurationLabel(replication));
        note(replication.destination, "destination", configurationLabel(replication));
    }
    return [...uses.values()];
}

/** A bucket of replication whose versioning is not enabled: the finding, reported on the bucket. */
export interface UnversionedBucket {
    urn: string;
    message: string;
}

/** s3-replication-versioning: every in-stack source or destination of an enabled rule whose versioning is not enabled (once per stack). */
export function unversionedBuckets(index: StackIndex): readonly UnversionedBucket[] {
    return index.memo("versioning-checks/unversioned-buckets", () =>
        bucketsInUse(index).flatMap(({ bucket, roles, configurationResources }) => {
            const versioning = index.versioning(bucket.resource);
            const reason = notEnabled(versioning);
            if (!reason) {
                return [];
            }
            return [
                {
                    urn: bucket.resource.urn,
                    message:
                        `${bucketLabel(index, bucket)} is the ${[...roles].join(" and ")} of ${[...configurationResources].join(", ")}, ` +
                        `but ${reason}. S3 replicates only between versioned buckets and rejects the replication ` +
                        `configuration: ${remedy(bucket.resource, versioning)}.`,
                },
            ];
        }),
    );
}

/**
 * The unversioned buckets that make S3 reject the configuration holding `replication`: its source,
 * and the destination of any enabled rule of the same configuration (PutBucketReplication applies
 * the configuration whole).
 */
export function unversionedBucketsOf(index: StackIndex, replication: ReplicationInStack): UnversionedBucket[] {
    return ofConfiguration(index, replication, unversionedBuckets(index));
}

/** A bucket of replication whose versioning the stack cannot tell yet (the policy stays silent on it). */
export interface VersioningInDoubt {
    urn: string;
    /** `bucket "source-bucket"`. */
    bucket: string;
}

/** The in-stack sources and destinations of enabled rules whose versioning is unknown until deployment (once per stack). */
function versioningInDoubt(index: StackIndex): readonly VersioningInDoubt[] {
    return index.memo("versioning-checks/versioning-in-doubt", () =>
        bucketsInUse(index).flatMap(({ bucket }) => {
            const versioning = index.versioning(bucket.resource);
            const unknown = versioning.state === "unknown" || (versioning.state === "known" && versioning.value.status.state === "unknown");
            return unknown ? [{ urn: bucket.resource.urn, bucket: bucketLabel(index, bucket) }] : [];
        }),
    );
}

/** The buckets of the configuration holding `replication` whose versioning is unknown until deployment. */
export function versioningInDoubtOf(index: StackIndex, replication: ReplicationInStack): VersioningInDoubt[] {
    return ofConfiguration(index, replication, versioningInDoubt(index));
}

function ofConfiguration<T extends { urn: string }>(index: StackIndex, replication: ReplicationInStack, buckets: readonly T[]): T[] {
    if (buckets.length === 0) {
        return [];
    }
    const inConfiguration = bucketsByConfiguration(index).get(replication.configuration);
    return buckets.filter((bucket) => inConfiguration?.has(bucket.urn));
}

/** The in-stack buckets of each configuration's enabled rules (once per stack). */
function bucketsByConfiguration(index: StackIndex): ReadonlyMap<ReplicationConfiguration, ReadonlySet<string>> {
    return index.memo("versioning-checks/buckets-by-configuration", () => {
        const buckets = new Map<ReplicationConfiguration, Set<string>>();
        for (const { configuration, source, destination } of enabledReplications(index)) {
            const urns = buckets.get(configuration) ?? new Set<string>();
            for (const bucket of [source, destination]) {
                if (bucket.kind === "in-stack") {
                    urns.add(bucket.resource.urn);
                }
            }
            buckets.set(configuration, urns);
        }
        return buckets;
    });
}
