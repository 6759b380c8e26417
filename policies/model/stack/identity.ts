/**
 * What kinds of resource replication rules refer to, and the identifiers (names, ids, ARNs) by
 * which other resources refer to them.
 */
import { isMultiRegionKeyId, parseBucketArn, parseKmsArn, parseRoleArn } from "../arn";
import { types } from "../resource-types";
import { read, stringOf } from "../value";
import { PolicyResource } from "./resource";

export type Category = "bucket" | "kmsKey" | "kmsAlias" | "role" | "managedPolicy";

const identityProperties: Record<string, { category: Category; properties: readonly string[] }> = {
    [types.bucket]: { category: "bucket", properties: ["bucket", "arn"] },
    [types.bucketV2]: { category: "bucket", properties: ["bucket", "arn"] },
    [types.nativeBucket]: { category: "bucket", properties: ["bucketName", "arn"] },
    [types.kmsKey]: { category: "kmsKey", properties: ["keyId", "arn"] },
    [types.kmsReplicaKey]: { category: "kmsKey", properties: ["keyId", "arn"] },
    [types.kmsAlias]: { category: "kmsAlias", properties: ["name", "arn"] },
    [types.iamRole]: { category: "role", properties: ["name", "arn"] },
    // aws-native (AWS Cloud Control) IAM and KMS resources, as the aws-native schema names their properties.
    [types.nativeRole]: { category: "role", properties: ["roleName", "arn"] },
    [types.nativeManagedPolicy]: { category: "managedPolicy", properties: ["policyArn"] },
    [types.nativeKmsKey]: { category: "kmsKey", properties: ["keyId", "arn"] },
    [types.nativeKmsReplicaKey]: { category: "kmsKey", properties: ["keyId", "arn"] },
    [types.nativeKmsAlias]: { category: "kmsAlias", properties: ["aliasName"] },
    // Attachments name a managed policy by its ARN only.
    [types.iamPolicy]: { category: "managedPolicy", properties: ["arn"] },
};

/**
 * Resource types that could yield a reference of the category without being modelled here
 * (e.g. `aws:kms/externalKey:ExternalKey`): a reference computed from one stays unresolved
 * rather than "not a key".
 */
const families: Record<Category, readonly string[]> = {
    bucket: ["aws:s3/bucket", "aws-native:s3:"],
    kmsKey: ["aws:kms/", "aws-native:kms:"],
    kmsAlias: ["aws:kms/", "aws-native:kms:"],
    role: ["aws:iam/", "aws-native:iam:"],
    managedPolicy: ["aws:iam/", "aws-native:iam:"],
};

export function categoryOf(type: string): Category | undefined {
    return identityProperties[type]?.category;
}

export function isInFamily(type: string, category: Category): boolean {
    return families[category].some((prefix) => type.startsWith(prefix));
}

export interface Identity {
    /** The known identifiers, e.g. a bucket's name and ARN. */
    known: string[];
    /** Every identifying property is known: no unknown reference can have come from this resource. */
    complete: boolean;
}

export function identityOf(resource: PolicyResource): Identity {
    const properties = identityProperties[resource.type]?.properties ?? [];
    const values = properties.map((property) => read(resource.props, property));
    const known = values.map(stringOf).filter((value): value is string => value !== undefined && value !== "");
    return { known, complete: known.length === properties.length };
}

/**
 * Categories whose names the program chooses: a known reference (a name, or an ARN holding it)
 * may name a resource of the stack whose name is still unknown. (Key ids are made by KMS: a
 * literal key id or ARN cannot name a key the stack has yet to create.)
 */
const CHOSEN_NAMES: ReadonlySet<Category> = new Set<Category>(["bucket", "role", "kmsAlias"]);

/** A resource whose chosen name is unknown (e.g. computed from another resource): a known reference may still name it. */
export function hasUnknownChosenName(resource: PolicyResource): boolean {
    const identity = identityProperties[resource.type];
    return identity !== undefined && CHOSEN_NAMES.has(identity.category) && read(resource.props, identity.properties[0]).state === "unknown";
}

export interface ReferenceKeys {
    /** Identifiers to look the reference up by: itself and the name inside an ARN. */
    keys: string[];
    /** The Region or account an ARN names, to choose between same-named aliases or roles. */
    region?: string;
    account?: string;
}

/** `regionHint`: the Region a bare alias name or multi-Region key id is looked up in (the referring resource's). */
export function referenceKeys(category: Category, reference: string, regionHint?: string): ReferenceKeys {
    switch (category) {
        case "bucket": {
            const arn = parseBucketArn(reference);
            return { keys: arn ? [reference, arn.bucket] : [reference] };
        }
        case "kmsKey":
        case "kmsAlias": {
            const arn = parseKmsArn(reference);
            if (arn) {
                const named = (arn.kind === "key") === (category === "kmsKey");
                return named ? { keys: [reference, arn.name], region: arn.region, account: arn.account } : { keys: [reference] };
            }
            // Alias names and multi-Region key ids recur across Regions; other key ids are unique.
            const recurs = category === "kmsAlias" || isMultiRegionKeyId(reference);
            return { keys: [reference], region: recurs ? regionHint : undefined };
        }
        case "role": {
            const arn = parseRoleArn(reference);
            return arn ? { keys: [reference, arn.roleName], account: arn.account } : { keys: [reference] };
        }
        case "managedPolicy":
            return { keys: [reference] };
    }
}
