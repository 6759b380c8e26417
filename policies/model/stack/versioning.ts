/**
 * A bucket's versioning state, from the resource that configures it (v7 BucketVersioning, v6
 * BucketVersioningV2) or from the bucket's inline block (`versioning`, `versionings[]`,
 * aws-native `versioningConfiguration`).
 */
import { enabledToStatus } from "../replication";
import { types } from "../resource-types";
import { ABSENT, read, Read } from "../value";
import { knownRead } from "../value";
import { PolicyResource, programRead } from "./resource";

export interface Versioning {
    /** The versioning resource, or the bucket for inline configuration. */
    declaredBy: PolicyResource;
    /** `Enabled`, `Suspended` or `Disabled` (the inline `enabled` boolean mapped to Enabled/Disabled). */
    status: Read;
}

export function versioningFromResource(resource: PolicyResource): Versioning {
    return { declaredBy: resource, status: read(resource.props, "versioningConfiguration", "status") };
}

/** The versioning a bucket configures inline; absent when it configures none. */
export function inlineVersioning(bucket: PolicyResource): Read<Versioning> {
    const inline = (property: string, status: (block: unknown) => Read): Read<Versioning> => {
        const block = programRead(bucket, property);
        return block.state === "known" ? knownRead({ declaredBy: bucket, status: status(block.value) }) : block;
    };
    switch (bucket.type) {
        case types.bucket:
            return inline("versioning", (block) => enabledToStatus(read(block, "enabled")));
        case types.bucketV2:
            return inline("versionings", (block) => enabledToStatus(read(block, 0, "enabled")));
        case types.nativeBucket:
            return inline("versioningConfiguration", (block) => read(block, "status"));
        default:
            return ABSENT;
    }
}
