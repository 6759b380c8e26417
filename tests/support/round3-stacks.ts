/**
 * Issue 19's stacks ("Trust, round 3"), built once for the unit tests (tests/policies/authorization-round3.test.ts)
 * and the analyzer-protocol suite (tests/e2e/authorization.test.ts): the guide example with its complete
 * role policy written with literal ARNs (so known in a first preview too), changed one thing at a time.
 */
import { types } from "../../policies/model/resource-types";
import { editedGuidePolicy, guideRolePolicy, guideWithRolePolicies } from "./guide-role";
import {
    ACCOUNT,
    aliasArn,
    DESTINATION_REGION,
    GuideOverrides,
    GuideShape,
    GuideStack,
    keyArn,
    MULTI_REGION_KEY_ID,
    REPLICA_KEY_ID,
    ROLE_ARN,
    SOURCE_KEY_ID,
} from "./guide-stack";
import { ResourceSpec, UNKNOWN } from "./harness";
import { allowStatement, keyPolicyJson, OTHER_ACCOUNT, ownerStatement } from "./key-policies";
import { withBoundary } from "./boundary";

export interface Round3Case {
    shape: GuideShape;
    preview: boolean;
}

export const KEY_ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admin`;

/** The guide example with its role policy known from the first preview on, and (unless told) no S3 Bucket Key. */
export function round3Guide({ shape, preview }: Round3Case, overrides: GuideOverrides = {}): GuideStack {
    return guideWithRolePolicies([guideRolePolicy()], { shape, preview, knownInPreview: true, overrides: { sourceBucketKey: false, ...overrides } });
}

/** Item 1: the guide example's policy granting s3:GetObjectVersion where it grants s3:GetObjectVersionForReplication. */
export const PLAIN_READ_POLICY = editedGuidePolicy((statements) =>
    statements.map((s, i) => (i === 1 ? { ...s, Action: ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"] } : s)),
);

/** Item 1: the role reads source objects with s3:GetObjectVersion; without the opt-in, the stack has no SSE-KMS source at all. */
export function plainReadStack({ shape, preview }: Round3Case, optIn: boolean): GuideStack {
    const overrides: GuideOverrides = optIn ? { sourceBucketKey: false } : { rule: { sseKms: undefined }, sourceAlgorithm: "none", sourceBucketKey: false };
    return guideWithRolePolicies([PLAIN_READ_POLICY], { shape, preview, knownInPreview: true, overrides });
}

/**
 * Item 3: a permissions boundary allowing only `s3:*`, and (with `namingRole`) a source key policy
 * statement that allows the role's ARN kms:Decrypt.
 */
export function roleArnGrantStack(c: Round3Case, namingRole: boolean): GuideStack {
    const overrides = namingRole ? { sourceKey: { policy: keyPolicyJson(ownerStatement(ACCOUNT), allowStatement(ROLE_ARN, ["kms:Decrypt"])) } } : {};
    return withBoundary(round3Guide(c, overrides), c.preview, "s3:*");
}

/** Item 4: a Deny for everyone but the role and its account, by NotPrincipal. */
export const NOT_PRINCIPAL_TRAP = {
    Effect: "Deny",
    NotPrincipal: { AWS: [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`] },
    Action: "s3:*",
    Resource: ["arn:aws:s3:::source-bucket", "arn:aws:s3:::source-bucket/*"],
};

/** Item 4: the source bucket's policy (in the shape's own type) is `NOT_PRINCIPAL_TRAP`; with `bounded`, the role has a boundary allowing everything. */
export function notPrincipalTrapStack(c: Round3Case, bounded: boolean): { guide: GuideStack; policy: ResourceSpec } {
    const guide = bounded ? withBoundary(round3Guide(c), c.preview, "*") : round3Guide(c);
    const name = guide.source.props.bucket ?? guide.source.props.bucketName;
    const native = c.shape === "aws-native";
    const document = { Version: "2012-10-17", Statement: [NOT_PRINCIPAL_TRAP] };
    const policy = guide.stack.add(
        native ? types.nativeBucketPolicy : types.bucketPolicy,
        "source-policy",
        { bucket: typeof name === "string" ? name : UNKNOWN, [native ? "policyDocument" : "policy"]: native ? document : JSON.stringify(document) },
        { provider: guide.source.provider, deps: { bucket: guide.source } },
    );
    return { guide, policy };
}

/** Item 2: the in-stack replica key's policy lets in only a key administrator (`adminOnly`), or delegates to the account. */
export function replicaKeyPolicyStack(c: Round3Case, policy: "admin-only" | "delegating"): GuideStack {
    const document = policy === "admin-only" ? keyPolicyJson(allowStatement(KEY_ADMIN, "kms:*")) : keyPolicyJson(ownerStatement(ACCOUNT));
    return round3Guide(c, { replicaKey: { policy: document } });
}

/** Item 5: the statements of each key policy of the multi-Region stack (each defaults to the owner statement). */
export interface MultiRegionKeyPolicies {
    replica: object[];
    primary?: object[];
    source?: object[];
}

/**
 * Item 5: the rule's replica key is the replica of a multi-Region primary key. On aws (v7, v6): an `aws.kms.ReplicaKey`,
 * with an `aws.kms.KeyPolicy` for it and for its primary naming the shared mrk- key id. On aws-native: an
 * `aws-native:kms:ReplicaKey` of an `aws-native:kms:Key` (multiRegion), each with its policy inline (`keyPolicy`), as
 * aws-native has no KeyPolicy resource. `policyOf` is the resource whose policy decides each key.
 */
export function multiRegionKeyPolicyStack(
    c: Round3Case,
    policies: MultiRegionKeyPolicies,
): { guide: GuideStack; replicaPolicy: ResourceSpec; primaryPolicy: ResourceSpec; sourcePolicy: ResourceSpec } {
    const native = c.shape === "aws-native";
    const owner = [ownerStatement(ACCOUNT)];
    const primaryDocument = keyPolicyJson(...(policies.primary ?? owner));
    const replicaDocument = keyPolicyJson(...policies.replica);
    const guide = guideWithRolePolicies([guideRolePolicy({ replicaKeyArn: keyArn(DESTINATION_REGION, MULTI_REGION_KEY_ID) })], {
        shape: c.shape,
        preview: c.preview,
        knownInPreview: true,
        overrides: {
            sourceBucketKey: false,
            replicaKeyKind: "replica-key",
            ...(policies.source ? { sourceKey: { policy: keyPolicyJson(...policies.source) } } : {}),
            ...(native ? { nativeKeys: true, primaryKey: { policy: primaryDocument }, replicaKey: { policy: replicaDocument } } : {}),
        },
    });
    const primary = guide.primaryKey;
    if (!primary) {
        throw new Error("the guide stack has no primary key");
    }
    if (native) {
        return { guide, replicaPolicy: guide.replicaKey, primaryPolicy: primary, sourcePolicy: guide.sourceKey };
    }
    const keyId = c.preview ? UNKNOWN : MULTI_REGION_KEY_ID;
    const primaryPolicy = guide.stack.add(
        types.kmsKeyPolicy,
        "primary-key-policy",
        { keyId, policy: primaryDocument },
        { provider: primary.provider, deps: { keyId: primary } },
    );
    const replicaPolicy = guide.stack.add(
        types.kmsKeyPolicy,
        "replica-key-policy",
        { keyId, policy: replicaDocument },
        { provider: guide.replicaKey.provider, deps: { keyId: guide.replicaKey } },
    );
    return { guide, replicaPolicy, primaryPolicy, sourcePolicy: guide.sourceKey };
}

/** Item 6: the replica key, in another account, as the rule names it: an alias ARN. */
export const CROSS_ACCOUNT_ALIAS = aliasArn(DESTINATION_REGION, "alias/replica", OTHER_ACCOUNT);
/** Every key of the replica key's account in the destination Region. */
export const OTHER_ACCOUNT_KEYS = `arn:aws:kms:${DESTINATION_REGION}:${OTHER_ACCOUNT}:key/*`;
/** The replica key's own ARN. */
export const CROSS_ACCOUNT_REPLICA_KEY = `arn:aws:kms:${DESTINATION_REGION}:${OTHER_ACCOUNT}:key/${REPLICA_KEY_ID}`;

/**
 * Item 6, AWS's cross-account replication sample: a Bucket Key on the source, the replica key named
 * by an alias ARN of the destination account, the role's replica-key statement allowing `actions` on `resource`.
 */
export function crossAccountAliasStack(c: Round3Case, actions: string[], resource: string): GuideStack {
    const rolePolicy = editedGuidePolicy((statements) => [...statements.slice(0, 4), { ...statements[4], Action: actions, Resource: resource }], {
        forBucketKey: true,
    });
    return guideWithRolePolicies([rolePolicy], {
        shape: c.shape,
        preview: c.preview,
        knownInPreview: true,
        overrides: { destinationAccount: OTHER_ACCOUNT, sourceBucketKey: true, rule: { replicaKmsKeyId: CROSS_ACCOUNT_ALIAS } },
    });
}

/** Item 7: a `*` statement allowing kms:Decrypt only when the principal's `key` is `value`, which the stack cannot tell. */
function decryptOnlyIfPrincipal(key: string, value: string): object {
    return { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { [key]: value } } };
}

/** Item 7: a `*` statement that lets in only principals of an organization. */
export const ORG_ONLY_DECRYPT = decryptOnlyIfPrincipal("aws:PrincipalOrgID", "o-abc123");

/** Item 7: a Deny naming a session of the role, which may or may not be the one S3 uses. */
export const SESSION_DENY_DECRYPT = {
    Effect: "Deny",
    Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/replication-role/s3` },
    Action: "kms:Decrypt",
    Resource: "*",
};

/** Item 7: a `*` statement that lets in only principals with a tag. */
export const TAG_ONLY_DECRYPT = decryptOnlyIfPrincipal("aws:PrincipalTag/team", "replication");

/** Item 7: a Deny for everyone but the role and its account, by NotPrincipal (the session S3 uses is not listed). */
export const NOT_PRINCIPAL_DENY_DECRYPT = {
    Effect: "Deny",
    NotPrincipal: { AWS: [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`] },
    Action: "kms:Decrypt",
    Resource: "*",
};

/**
 * Item 7: an `aws.kms.Grant` giving the role (by its literal ARN, or, with `computedGrantee`, by the
 * role's `arn` output, unknown in a first preview) Decrypt on the source key, only for an encryption
 * context; the source key's policy is `keyPolicy` (by default it lets in only a key administrator).
 */
export function constrainedGrantStack(
    c: Round3Case,
    { computedGrantee = false, keyPolicy = keyPolicyJson(allowStatement(KEY_ADMIN, "kms:*")) }: { computedGrantee?: boolean; keyPolicy?: string } = {},
): { guide: GuideStack; grant: ResourceSpec } {
    const guide = round3Guide(c, { sourceKey: { policy: keyPolicy } });
    const grant = guide.stack.add(
        types.kmsGrant,
        "constrained-grant",
        {
            keyId: c.preview ? UNKNOWN : SOURCE_KEY_ID,
            granteePrincipal: computedGrantee && c.preview ? UNKNOWN : ROLE_ARN,
            operations: ["Decrypt"],
            constraints: [{ encryptionContextEquals: { "aws:s3:arn": "arn:aws:s3:::source-bucket/Tax/2024.csv" } }],
        },
        { provider: guide.sourceKey.provider, deps: { keyId: guide.sourceKey, ...(computedGrantee ? { granteePrincipal: guide.role } : {}) } },
    );
    return { guide, grant };
}

/** Item 7: the source key's policy is made of `statements`. */
export function sourceKeyPolicyStack(c: Round3Case, ...statements: object[]): GuideStack {
    return round3Guide(c, { sourceKey: { policy: keyPolicyJson(...statements) } });
}

/** Item 8: a `*` statement for the role's account whose kms:ViaService names the wrong Region (the source is in us-east-1). */
export const WRONG_REGION_DECRYPT = {
    Effect: "Allow",
    Principal: "*",
    Action: ["kms:Decrypt"],
    Resource: "*",
    Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "s3.us-west-2.amazonaws.com" } },
};

/** Item 8: a statement naming the role whose encryption context is another bucket's objects. */
export const OTHER_BUCKET_DECRYPT = {
    Effect: "Allow",
    Principal: { AWS: ROLE_ARN },
    Action: ["kms:Decrypt"],
    Resource: "*",
    Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::other-bucket/*" } },
};

/** Item 8: a permissions boundary the stack does not hold (an AWS managed policy). */
export const OUT_OF_STACK_BOUNDARY = "arn:aws:iam::aws:policy/AmazonS3FullAccess";

export function outOfStackBoundaryStack(c: Round3Case): GuideStack {
    const guide = round3Guide(c);
    guide.role.props.permissionsBoundary = OUT_OF_STACK_BOUNDARY;
    return guide;
}

/**
 * Item 8: the source key's policy lets in only a key administrator, and an `aws.kms.Grant` gives the
 * role `operations` on the source key (its key id and grantee unknown in a first preview).
 */
export function sourceKeyGrantStack(c: Round3Case, operations: string[]): { guide: GuideStack; grant: ResourceSpec } {
    const guide = round3Guide(c, { sourceKey: { policy: keyPolicyJson(allowStatement(KEY_ADMIN, "kms:*")) } });
    const grant = guide.stack.add(
        types.kmsGrant,
        "replication-grant",
        { keyId: c.preview ? UNKNOWN : SOURCE_KEY_ID, granteePrincipal: c.preview ? UNKNOWN : ROLE_ARN, operations },
        { provider: guide.sourceKey.provider, deps: { keyId: guide.sourceKey, granteePrincipal: guide.role } },
    );
    return { guide, grant };
}

/** Item 8: bucket names the program leaves to Pulumi (auto-naming): unknown in a first preview. */
export function autoNamedBucketsStack(c: Round3Case): GuideStack {
    const guide = round3Guide(c);
    if (c.preview) {
        for (const bucket of [guide.source, guide.destination]) {
            bucket.props[c.shape === "aws-native" ? "bucketName" : "bucket"] = UNKNOWN;
        }
    }
    return guide;
}
