/**
 * The replication role's identity policies for a guide stack: the guide example document's complete example
 * policy with the stack's names and ARNs, attached in each way a program can attach a policy to
 * a role. As `pulumi.jsonStringify` of bucket and key ARNs gives them, the documents are unknown
 * during a first preview (unless `knownInPreview`, as for documents written with literal ARNs).
 */
import { types } from "../../policies/model/resource-types";
import { ResourceSpec, secret, UNKNOWN } from "./harness";
import {
    ACCOUNT,
    bucketArn,
    DESTINATION_BUCKET,
    DESTINATION_REGION,
    keyArn,
    REPLICA_KEY_ID,
    GuideOverrides,
    GuideShape,
    GuideStack,
    guideStack,
    SOURCE_BUCKET,
    SOURCE_KEY_ID,
    SOURCE_REGION,
} from "./guide-stack";

export type AttachAs =
    /** The role's own `inlinePolicies`. */
    | "inline"
    /** `aws.iam.RolePolicy` naming the role. */
    | "role-policy"
    /** `aws.iam.Policy` + `aws.iam.RolePolicyAttachment`. */
    | "role-policy-attachment"
    /** `aws.iam.Policy` + `aws.iam.PolicyAttachment` listing the role. */
    | "policy-attachment"
    /** `aws.iam.Policy` in the role's `managedPolicyArns`. */
    | "managed-policy-arns";

export const ATTACH_WAYS: readonly AttachAs[] = ["inline", "role-policy", "role-policy-attachment", "policy-attachment", "managed-policy-arns"];

export const PREFIX = "Tax";
export const ROLE_NAME = "replication-role";
export const SOURCE_KEY_ARN = keyArn(SOURCE_REGION, SOURCE_KEY_ID);
export const REPLICA_KEY_ARN = keyArn(DESTINATION_REGION, REPLICA_KEY_ID);

export type PolicyDocument = { Version: string; Statement: Record<string, unknown>[] };

/** `StringLike` on the KMS context S3 sends from `region` for `contexts`. */
export function s3KmsCondition(region: string, contexts: string[]): Record<string, unknown> {
    return { StringLike: { "kms:ViaService": `s3.${region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": contexts } };
}

export interface GuidePolicyOptions {
    /**
     * As the guide example says to write it with an S3 Bucket Key: the encryption contexts are the bucket
     * ARNs, and the role may also decrypt with the replica key. Default false: the guide example's
     * complete example as printed (object ARNs under the prefix).
     */
    forBucketKey?: boolean;
    replicaKeyArn?: string;
    destinationRegion?: string;
}

/** The guide example's "complete IAM policy" with the guide example stack's buckets, prefix, keys and Regions. */
export function guideRolePolicy(options: GuidePolicyOptions = {}): PolicyDocument {
    const source = bucketArn(SOURCE_BUCKET);
    const destination = bucketArn(DESTINATION_BUCKET);
    const context = (bucket: string) => (options.forBucketKey ? [bucket] : [`${bucket}/${PREFIX}*`]);
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [source] },
            { Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"], Resource: [`${source}/${PREFIX}*`] },
            { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete"], Resource: `${destination}/${PREFIX}*` },
            { Action: ["kms:Decrypt"], Effect: "Allow", Condition: s3KmsCondition(SOURCE_REGION, context(source)), Resource: [SOURCE_KEY_ARN] },
            {
                Action: options.forBucketKey ? ["kms:Encrypt", "kms:Decrypt"] : ["kms:Encrypt"],
                Effect: "Allow",
                Condition: s3KmsCondition(options.destinationRegion ?? DESTINATION_REGION, context(destination)),
                Resource: [options.replicaKeyArn ?? REPLICA_KEY_ARN],
            },
        ],
    };
}

export interface AttachOptions {
    preview: boolean;
    as: AttachAs;
    /** Documents (objects, written as JSON text) or raw values (e.g. a managed policy ARN for `policyArns`). */
    documents: unknown[];
    /** Documents written with literal ARNs are known during a preview too. */
    knownInPreview?: boolean;
}

const SECRET_SIGNATURE_KEY = Object.keys(secret(null) as object)[0];

/** JSON text already, or a secret (as the engine sends one), to pass on as it is. */
function isText(document: unknown): boolean {
    return typeof document === "string" || (typeof document === "object" && document !== null && SECRET_SIGNATURE_KEY in document);
}

/** Attaches identity policies to the guide example's role; returns the resources added. */
export function attachRolePolicies(guide: GuideStack, { preview, as, documents, knownInPreview = false }: AttachOptions): ResourceSpec[] {
    const out = (value: unknown) => (preview ? UNKNOWN : value);
    const text = (document: unknown) => (preview && !knownInPreview ? UNKNOWN : isText(document) ? document : JSON.stringify(document));
    const provider = guide.providers[SOURCE_REGION];
    const { role, stack } = guide;
    const computedFrom = [guide.source, guide.destination, guide.sourceKey, guide.replicaKey];
    const policies = () =>
        documents.map((document, i) =>
            stack.add(
                types.iamPolicy,
                `replication-policy-${i + 1}`,
                {
                    name: `replication-policy-${i + 1}`,
                    policy: text(document),
                    arn: out(`arn:aws:iam::${ACCOUNT}:policy/replication-policy-${i + 1}`),
                },
                { provider, deps: { policy: computedFrom } },
            ),
        );
    switch (as) {
        case "inline":
            role.props.inlinePolicies = documents.map((document, i) => ({ name: `replication-${i + 1}`, policy: text(document) }));
            dependOn(role, "inlinePolicies", computedFrom);
            return [];
        case "role-policy":
            return documents.map((document, i) =>
                stack.add(
                    types.iamRolePolicy,
                    `replication-role-policy-${i + 1}`,
                    {
                        role: out(ROLE_NAME),
                        policy: text(document),
                    },
                    { provider, deps: { role, policy: computedFrom } },
                ),
            );
        case "role-policy-attachment":
            return policies().flatMap((policy, i) => [
                policy,
                stack.add(
                    types.iamRolePolicyAttachment,
                    `replication-attachment-${i + 1}`,
                    {
                        role: out(ROLE_NAME),
                        policyArn: policy.props.arn,
                    },
                    { provider, deps: { role, policyArn: policy } },
                ),
            ]);
        case "policy-attachment":
            return policies().flatMap((policy, i) => [
                policy,
                stack.add(
                    types.iamPolicyAttachment,
                    `replication-policy-attachment-${i + 1}`,
                    {
                        name: `replication-policy-attachment-${i + 1}`,
                        roles: [out(ROLE_NAME)],
                        policyArn: policy.props.arn,
                    },
                    { provider, deps: { roles: role, policyArn: policy } },
                ),
            ]);
        case "managed-policy-arns": {
            const added = policies();
            role.props.managedPolicyArns = added.map((policy) => policy.props.arn);
            dependOn(role, "managedPolicyArns", added);
            return added;
        }
    }
}

/** Records that a property of an already-built resource was computed from `from`. */
export function dependOn(resource: ResourceSpec, property: string, from: ResourceSpec[]): void {
    resource.propertyDependencies[property] = from.map((r) => r.urn);
    resource.dependencies = [...new Set([...resource.dependencies, ...from.map((r) => r.urn)])];
}

/** An AWS managed policy, attached with a RolePolicyAttachment: outside the stack. */
export function attachManagedPolicy(guide: GuideStack, preview: boolean, policyArn: string): ResourceSpec {
    return guide.stack.add(
        types.iamRolePolicyAttachment,
        "managed-attachment",
        {
            role: preview ? UNKNOWN : ROLE_NAME,
            policyArn,
        },
        { provider: guide.providers[SOURCE_REGION], deps: { role: guide.role } },
    );
}

/** Replaces the role's trust policy. */
export function setTrustPolicy(guide: GuideStack, document: unknown): void {
    guide.role.props.assumeRolePolicy = typeof document === "string" ? document : JSON.stringify(document);
}

export interface GuideRoleOptions {
    shape?: GuideShape;
    preview?: boolean;
    as?: AttachAs;
    knownInPreview?: boolean;
    overrides?: GuideOverrides;
}

/** The guide example stack (v7, deployed, unless told) with `documents` as its role's policies (RolePolicy unless told). */
export function guideWithRolePolicies(documents: unknown[], options: GuideRoleOptions = {}): GuideStack {
    const preview = options.preview ?? false;
    const guide = guideStack({ shape: options.shape ?? "v7", preview, overrides: options.overrides });
    attachRolePolicies(guide, { preview, as: options.as ?? "role-policy", documents, knownInPreview: options.knownInPreview });
    return guide;
}

/** The guide example's policy with its statements changed by `edit` (given and returning the statement list). */
export function editedGuidePolicy(
    edit: (statements: Record<string, unknown>[]) => Record<string, unknown>[],
    options: GuidePolicyOptions = {},
): PolicyDocument {
    const policy = guideRolePolicy(options);
    return { ...policy, Statement: edit(policy.Statement) };
}
