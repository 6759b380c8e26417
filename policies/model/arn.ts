/** ARN parsing for the identifiers replication rules refer to: buckets, KMS keys and aliases, IAM roles. */

export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

const ACCOUNT_ID = /^\d{12}$/;
// Two to four letters first: `us-east-1`, `cn-north-1`, `us-gov-west-1`, `eusc-de-east-1`.
export const REGION_PATTERN = "^[a-z]{2,4}(-[a-z]+)+-\\d+$";
const REGION = new RegExp(REGION_PATTERN);

export function isAccountId(value: string): boolean {
    return ACCOUNT_ID.test(value);
}

export function isRegionName(value: string): boolean {
    return REGION.test(value);
}

export function parseArn(value: unknown): Arn | undefined {
    if (typeof value !== "string" || !value.startsWith("arn:")) {
        return undefined;
    }
    const parts = value.split(":");
    if (parts.length < 6) {
        return undefined;
    }
    const [, partition, service, region, account] = parts;
    const resource = parts.slice(5).join(":");
    if (!partition || !service || !resource) {
        return undefined;
    }
    return { partition, service, region, account, resource };
}

export interface BucketArn extends Arn {
    bucket: string;
}

/** `arn:<partition>:s3:::<bucket>` with no key part, region or account. */
export function parseBucketArn(value: unknown): BucketArn | undefined {
    const arn = parseArn(value);
    if (!arn || arn.service !== "s3" || arn.region !== "" || arn.account !== "" || arn.resource.includes("/")) {
        return undefined;
    }
    return { ...arn, bucket: arn.resource };
}

export interface KmsArn extends Arn {
    kind: "key" | "alias";
    /** The key id (`1234abcd-...` or `mrk-...`) or the alias name (`alias/...`). */
    name: string;
}

export function parseKmsArn(value: unknown): KmsArn | undefined {
    const arn = parseArn(value);
    if (!arn || arn.service !== "kms") {
        return undefined;
    }
    if (arn.resource.startsWith("key/") && arn.resource.length > 4) {
        return { ...arn, kind: "key", name: arn.resource.slice(4) };
    }
    if (arn.resource.startsWith("alias/") && arn.resource.length > 6) {
        return { ...arn, kind: "alias", name: arn.resource };
    }
    return undefined;
}

/** Whether a key reference is an alias: an alias ARN, or an alias name (`alias/...`). Messages call it an alias, never a key (issue 19.8). */
export function isKmsAliasReference(value: string): boolean {
    return parseKmsArn(value)?.kind === "alias" || (value.startsWith("alias/") && value.length > 6);
}

export interface RoleArn extends Arn {
    /** The role name without its path. */
    roleName: string;
}

export function parseRoleArn(value: unknown): RoleArn | undefined {
    const arn = parseArn(value);
    if (!arn || arn.service !== "iam" || arn.region !== "" || !arn.resource.startsWith("role/")) {
        return undefined;
    }
    const roleName = arn.resource.split("/").pop() ?? "";
    return roleName ? { ...arn, roleName } : undefined;
}

export function isKnownPartition(partition: string): boolean {
    return PARTITIONS.includes(partition);
}

/** `s3.<region>.amazonaws.com`, the `kms:ViaService` S3 presents in every partition. */
export function s3ServiceEndpoint(region: string): string {
    return `s3.${region}.amazonaws.com`;
}

export function bucketArn(partition: string, bucket: string): string {
    return `arn:${partition}:s3:::${bucket}`;
}

/** Multi-Region KMS key ids start with `mrk-`. */
export function isMultiRegionKeyId(keyIdOrArn: string): boolean {
    const kms = parseKmsArn(keyIdOrArn);
    const id = kms ? kms.name : keyIdOrArn;
    return id.startsWith("mrk-");
}

/** `arn:<partition>:iam::<account>:root`: the account as a whole, as policies name it. */
export function accountRootArn(partition: string, account: string): string {
    return `arn:${partition}:iam::${account}:root`;
}

/** The partition a Region belongs to, by its name's prefix (`cn-`, `us-gov-`, ...); undefined for a malformed name. */
export function partitionOfRegion(region: string): string | undefined {
    if (!isRegionName(region)) {
        return undefined;
    }
    const prefixes: [string, string][] = [
        ["cn-", "aws-cn"],
        ["us-gov-", "aws-us-gov"],
        ["us-iso-", "aws-iso"],
        ["us-isob-", "aws-iso-b"],
        ["eu-isoe-", "aws-iso-e"],
        ["us-isof-", "aws-iso-f"],
        ["eusc-", "aws-eusc"],
    ];
    return prefixes.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}
