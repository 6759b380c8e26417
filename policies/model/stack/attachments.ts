/**
 * Resources that configure another resource by naming it: a bucket's versioning, default
 * encryption and policy, a key's policy, a role's policies. Each is linked to its target once.
 */
import { types } from "../resource-types";
import { read, stringOf } from "../value";
import { regionOf } from "./location";
import { Resolution, ResourceLookup } from "./resource-lookup";
import { push } from "./collections";
import { Category } from "./identity";
import { dependenciesOf, PolicyResource } from "./resource";

export interface AttachmentKind {
    types: readonly string[];
    /** The property naming the target (its name, id or ARN). */
    property: string;
    target: readonly Category[];
}

export const attachmentKinds = {
    bucketVersioning: { types: [types.bucketVersioning, types.bucketVersioningV2], property: "bucket", target: ["bucket"] },
    bucketEncryption: { types: [types.bucketEncryption, types.bucketEncryptionV2], property: "bucket", target: ["bucket"] },
    bucketPolicy: { types: [types.bucketPolicy, types.nativeBucketPolicy], property: "bucket", target: ["bucket"] },
    keyPolicy: { types: [types.kmsKeyPolicy], property: "keyId", target: ["kmsKey"] },
    rolePolicy: { types: [types.iamRolePolicy], property: "role", target: ["role"] },
    nativeRolePolicy: { types: [types.nativeRolePolicy], property: "roleName", target: ["role"] },
    rolePolicyAttachment: { types: [types.iamRolePolicyAttachment], property: "role", target: ["role"] },
} as const satisfies Record<string, AttachmentKind>;

export interface Attached {
    /** Resources of the kind that name the target. */
    attached: PolicyResource[];
    /** Resources of the kind whose target cannot be told (unknown and ambiguous): any could be the target's. */
    undecided: PolicyResource[];
}

/**
 * The one resource of `attached` that is surely in force on its target, when settings of the kind
 * replace each other (a bucket's versioning or default encryption, a key's policy); `"none"` when
 * no resource of the kind configures the target; `"undecidable"` when an undecided resource may
 * configure it too, or several do (which was applied last cannot be told from the stack).
 */
export function soleAttachment({ attached, undecided }: Attached): PolicyResource | "none" | "undecidable" {
    if (undecided.length > 0 || attached.length > 1) {
        return "undecidable";
    }
    return attached.length === 1 ? attached[0] : "none";
}

interface KindIndex {
    byTarget: Map<string, PolicyResource[]>;
    /** Undecided between a few targets, listed under each. */
    undecidedByTarget: Map<string, PolicyResource[]>;
    /** Undecided, with nothing to narrow the target down. */
    undecided: PolicyResource[];
}

export class Attachments {
    private readonly kinds = new Map<AttachmentKind, KindIndex>();

    constructor(private readonly lookup: ResourceLookup) {}

    of(target: PolicyResource, kind: AttachmentKind): Attached {
        const index = this.indexOf(kind);
        return {
            attached: index.byTarget.get(target.urn) ?? [],
            undecided: [...index.undecided, ...(index.undecidedByTarget.get(target.urn) ?? [])],
        };
    }

    /**
     * What an attachment resource configures, e.g. the bucket of a BucketVersioning. A multi-Region
     * key and its replicas share one `mrk-` id (KMS developer guide, "Control access to multi-Region
     * keys": "Each multi-Region key is an independent resource with a unique key ARN and key
     * policy"): the attachment's provider Region, then the one of them its property was computed
     * from (its `keyId` dependency), tell which it is.
     */
    targetOf(attachment: PolicyResource, kind: AttachmentKind): Resolution {
        const dependencies = dependenciesOf(attachment, kind.property);
        const resolution = this.lookup.resolve(read(attachment.props, kind.property), kind.target, dependencies, { region: stringOf(regionOf(attachment)) });
        if (resolution.kind === "unresolved" && resolution.candidates) {
            const named = resolution.candidates.filter((candidate) => dependencies.some((d) => d.urn === candidate.urn));
            if (named.length === 1) {
                return { kind: "in-stack", resource: named[0] };
            }
        }
        return resolution;
    }

    private indexOf(kind: AttachmentKind): KindIndex {
        let index = this.kinds.get(kind);
        if (!index) {
            index = this.build(kind);
            this.kinds.set(kind, index);
        }
        return index;
    }

    private build(kind: AttachmentKind): KindIndex {
        const index: KindIndex = { byTarget: new Map(), undecidedByTarget: new Map(), undecided: [] };
        for (const attachment of this.lookup.ofType(...kind.types)) {
            const target = this.targetOf(attachment, kind);
            if (target.kind === "in-stack") {
                push(index.byTarget, target.resource.urn, attachment);
            } else if (target.kind === "unresolved" && target.candidates) {
                target.candidates.forEach((candidate) => push(index.undecidedByTarget, candidate.urn, attachment));
            } else if (target.kind === "unresolved") {
                index.undecided.push(attachment);
            }
        }
        return index;
    }
}
