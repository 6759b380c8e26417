import { Finding, stackPolicy } from "./support/define";
import { enabledReplications } from "./support/each-rule";
import { bucketLabel, configurationLabel } from "./wording/labels";
import { types } from "./model/resource-types";
import { describeResource, PolicyResource, Resolution, StackIndex, Versioning } from "./model/stack";
import { Read, stringOf } from "./model/value";

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

export const replicationVersioning = stackPolicy({
    name: "s3-replication-versioning",
    description: "Versioning must be enabled on the source and destination buckets of replication; S3 rejects the configuration otherwise.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
    severity: "high",
    remediationSteps:
        "Enable versioning (status Enabled) on the source bucket and on every destination bucket, for " +
        "example with an aws.s3.BucketVersioning resource for each.",
    check(_args, _config, { index }) {
        const findings: Finding[] = [];
        for (const { bucket, roles, configurationResources } of bucketsInUse(index)) {
            const versioning = index.versioning(bucket.resource);
            const reason = notEnabled(versioning);
            if (reason) {
                findings.push({
                    urn: bucket.resource.urn,
                    message:
                        `${bucketLabel(index, bucket)} is the ${[...roles].join(" and ")} of ${[...configurationResources].join(", ")}, ` +
                        `but ${reason}. S3 replicates only between versioned buckets and rejects the replication ` +
                        `configuration: ${remedy(bucket.resource, versioning)}.`,
                });
            }
        }
        return findings;
    },
});
