/** A bucket's name, default encryption and versioning, wherever in the stack they are configured. */
import { types } from "../resource-types";
import { read, Read } from "../value";
import { AttachmentKind, Attachments, attachmentKinds, soleAttachment } from "./attachments";
import { DefaultEncryption, encryptionFromResource, inlineEncryption } from "./encryption";
import { knownRead, UNKNOWN_READ } from "../value";
import { PolicyResource } from "./resource";
import { inlineVersioning, Versioning, versioningFromResource } from "./versioning";

export function bucketName(bucket: PolicyResource): Read {
    return read(bucket.props, bucket.type === types.nativeBucket ? "bucketName" : "bucket");
}

export class BucketSettings {
    constructor(private readonly attachments: Attachments) {}

    /**
     * The bucket's default encryption: known, unknown (something unknown could configure it), or
     * absent (nothing in the stack configures it: S3 applies SSE-S3).
     */
    encryption(bucket: PolicyResource): Read<DefaultEncryption> {
        return this.configured(bucket, attachmentKinds.bucketEncryption, encryptionFromResource, inlineEncryption);
    }

    /** The bucket's versioning: known, unknown, or absent (nothing in the stack configures it). */
    versioning(bucket: PolicyResource): Read<Versioning> {
        return this.configured(bucket, attachmentKinds.bucketVersioning, versioningFromResource, inlineVersioning);
    }

    /**
     * A separate resource overrides the bucket's inline block (the bucket's output lags behind it).
     * Unknown whenever a resource whose bucket cannot be told may configure this one too (even
     * beside one known to: it may be applied last), or several do.
     */
    private configured<T>(
        bucket: PolicyResource,
        kind: AttachmentKind,
        fromResource: (r: PolicyResource) => T,
        inline: (b: PolicyResource) => Read<T>,
    ): Read<T> {
        const inForce = soleAttachment(this.attachments.of(bucket, kind));
        switch (inForce) {
            case "undecidable":
                return UNKNOWN_READ;
            case "none":
                return inline(bucket);
            default:
                return knownRead(fromResource(inForce));
        }
    }
}
