/**
 * The end-to-end suite's data: one row per policy with the stack that shows its typical violation,
 * the remediations, the secret-wrapped inputs and the malformed stack. Hand-made stacks are copies
 * of a compliant example with one thing changed, so that each row breaks exactly what it names.
 */
import { PropertyMap, PropertyValue, secret, Stack, StackResource, UNKNOWN, urnName } from "../../driver";
import { types } from "../../policies/model/resource-types";
import { changedExample, changeResource, exampleStack, firstRule, objectAt } from "./helpers";

const COMPLIANT = "compliant-cross-region";
const REPLICATION = "replication-config";

/** The compliant example after deployment, with `resourceName` changed. */
function compliantWith(resourceName: string, change: (properties: PropertyMap) => void): Stack {
    return changedExample(COMPLIANT, "deployed", resourceName, change);
}

function replicaKeyOf(rule: PropertyMap): PropertyMap {
    return objectAt(rule, "destination", "encryptionConfiguration");
}

function sourceEncryptionRule(props: PropertyMap): PropertyMap {
    return objectAt(props, "rules", 0);
}

interface PolicyDocument {
    Statement: Record<string, unknown>[];
}

/** A JSON policy document (a key policy, a role policy) as `edit` leaves it. */
function editedDocument(document: PropertyValue, edit: (document: PolicyDocument) => void): string {
    const parsed = JSON.parse(document as string) as PolicyDocument;
    edit(parsed);
    return JSON.stringify(parsed);
}

const ROLE = "replication-role";

/** The compliant example with the replication role's policy statements changed by `edit`. */
function withRoleStatements(edit: (statements: Record<string, unknown>[]) => void): Stack {
    return compliantWith("replication-role-policy", (props) => {
        props.policy = editedDocument(props.policy, (document) => edit(document.Statement));
    });
}

/** The cross-account example's key policy statement that lets the source account's role use the replica key. */
const SOURCE_ROLE_GRANT = "AllowSourceAccountReplicationRole";

function dropSourceRoleGrant(document: PolicyDocument): void {
    document.Statement = document.Statement.filter((statement) => statement.Sid !== SOURCE_ROLE_GRANT);
}

function sourceRoleGrant(document: PolicyDocument): Record<string, unknown> {
    const statement = document.Statement.find((candidate) => candidate.Sid === SOURCE_ROLE_GRANT);
    if (!statement) {
        throw new Error(`the key policy has no statement ${SOURCE_ROLE_GRANT}`);
    }
    return statement;
}

// ---- Typical violations ----------------------------------------------------------------------

export interface TypicalViolation {
    policy: string;
    /** What is wrong, for the test's title. */
    defect: string;
    stack(): Stack;
    /** The resource the finding is shown under; undefined where the policy is yet to say. */
    resourceName?: string;
    message: RegExp;
}

export const TYPICAL_VIOLATIONS: readonly TypicalViolation[] = [
    {
        policy: "s3-replication-sse-kms-opt-in",
        defect: "a rule names a replica key without opting in (example broken-missing-opt-in)",
        stack: () => exampleStack("broken-missing-opt-in", "deployed"),
        resourceName: REPLICATION,
        message: /names a replica KMS key but does not opt in to replicating SSE-KMS encrypted objects/,
    },
    {
        policy: "s3-replication-replica-key-format",
        defect: "the replica key is a bare key id",
        stack: () =>
            compliantWith(REPLICATION, (props) => {
                replicaKeyOf(firstRule(props)).replicaKmsKeyId = "6e06a9b7-560c-40b9-ba7e-9744542f6d79";
            }),
        resourceName: REPLICATION,
        message: /is a bare key id/,
    },
    {
        policy: "s3-replication-rule-valid",
        defect: "a rule filters on a tag and replicates delete markers",
        stack: () =>
            compliantWith(REPLICATION, (props) => {
                const rule = firstRule(props);
                rule.filter = { tag: { key: "class", value: "tax" } };
                rule.deleteMarkerReplication = { status: "Enabled" };
            }),
        resourceName: REPLICATION,
        message: /filters on tags .* and replicates delete markers/,
    },
    {
        policy: "s3-replication-encrypted-source-opt-in",
        defect: "a plain rule replicates from a bucket encrypted with SSE-KMS by default",
        stack: () =>
            compliantWith(REPLICATION, (props) => {
                const rule = firstRule(props);
                delete rule.sourceSelectionCriteria;
                delete objectAt(rule, "destination").encryptionConfiguration;
            }),
        resourceName: REPLICATION,
        message: /does not opt in to replicating KMS-encrypted objects, but its source bucket .* encrypts new objects with aws:kms/,
    },
    {
        policy: "s3-replication-replica-key-region",
        defect: "the replica key is in the source Region (example broken-replica-key-wrong-region)",
        stack: () => exampleStack("broken-replica-key-wrong-region", "deployed"),
        resourceName: REPLICATION,
        message: /in us-east-1, but the destination bucket .* is in us-west-2/,
    },
    {
        policy: "s3-replication-replica-key-usable",
        defect: "the replica key is disabled",
        stack: () =>
            compliantWith("replica-key", (props) => {
                props.isEnabled = false;
            }),
        resourceName: REPLICATION,
        message: /is disabled \(isEnabled: false\)/,
    },
    {
        policy: "s3-replication-multi-region-key",
        defect: "the replica key is a multi-Region key",
        stack: () =>
            compliantWith("replica-key", (props) => {
                props.multiRegion = true;
            }),
        resourceName: REPLICATION,
        message: /a multi-Region key/,
    },
    {
        policy: "s3-replication-versioning",
        defect: "the source bucket's versioning is Suspended",
        stack: () =>
            compliantWith("source-bucket-versioning", (props) => {
                objectAt(props, "versioningConfiguration").status = "Suspended";
            }),
        resourceName: "source-bucket",
        message: /is the source of .*, but its versioning is Suspended/,
    },
    {
        policy: "s3-replication-cross-account-key",
        defect: "the other account's replica key policy does not admit the replication role",
        stack: () =>
            changedExample("compliant-cross-account", "deployed", "replica-key", (props) => {
                props.policy = editedDocument(props.policy, dropSourceRoleGrant);
            }),
        resourceName: "replica-key",
        message: /key policy .* does not let the .* call kms:Encrypt/,
    },
    {
        policy: "s3-replication-bucket-key",
        defect: "replicas use a Bucket Key but the replica key policy grants the role no kms:Decrypt",
        stack: () => {
            const stack = changedExample("compliant-cross-account", "deployed", "source-bucket-encryption", (props) => {
                sourceEncryptionRule(props).bucketKeyEnabled = true;
            });
            return changeResource(stack, "replica-key", (props) => {
                props.policy = editedDocument(props.policy, (document) => {
                    sourceRoleGrant(document).Action = ["kms:Encrypt"];
                });
            });
        },
        resourceName: "replica-key",
        message: /S3 calls kms:Decrypt on .* to verify the Bucket Key/,
    },
    {
        policy: "s3-replication-kms-throttling",
        defect: "SSE-KMS objects replicate from a bucket whose default encryption uses no Bucket Key",
        // As the compliant example already does: an advisory, which it leaves compliant.
        stack: () =>
            compliantWith("source-bucket-encryption", (props) => {
                sourceEncryptionRule(props).bucketKeyEnabled = false;
            }),
        resourceName: "source-bucket-encryption",
        message: /whose default encryption uses no S3 Bucket Key/,
    },
    {
        policy: "s3-replication-replica-etag",
        defect: "an SSE-S3 source bucket replicates into an SSE-KMS destination",
        stack: () =>
            compliantWith("source-bucket-encryption", (props) => {
                sourceEncryptionRule(props).applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" };
            }),
        resourceName: REPLICATION,
        message: /their replicas' ETags differ from the source objects'/,
    },
    {
        policy: "s3-replication-role-kms-permissions",
        defect: "the role's policy lacks kms:Encrypt on the replica key (example broken-role-without-kms-encrypt)",
        stack: () => exampleStack("broken-role-without-kms-encrypt", "deployed"),
        resourceName: ROLE,
        message: /is not allowed kms:Encrypt on the replica KMS key/,
    },
    {
        policy: "s3-replication-role-s3-permissions",
        defect: "the role may s3:GetObjectVersion on the source objects, not s3:GetObjectVersionForReplication",
        stack: () =>
            withRoleStatements((statements) => {
                statements[1].Action = ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"];
            }),
        resourceName: ROLE,
        message: /is not allowed s3:GetObjectVersionForReplication on the source objects/,
    },
    {
        policy: "s3-replication-role-trust",
        defect: "EC2, not S3, may assume the replication role",
        stack: () =>
            compliantWith(ROLE, (props) => {
                props.assumeRolePolicy = editedDocument(props.assumeRolePolicy, (document) => {
                    document.Statement[0].Principal = { Service: "ec2.amazonaws.com" };
                });
            }),
        resourceName: ROLE,
        message: /cannot be assumed by Amazon S3/,
    },
    {
        policy: "s3-replication-least-privilege",
        defect: "the role may also s3:GetObjectVersion on the source objects",
        stack: () =>
            withRoleStatements((statements) => {
                statements[1].Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersion"];
            }),
        resourceName: ROLE,
        message: /is allowed s3:GetObjectVersion on the source objects/,
    },
];

/**
 * Policies that report the expected policy's defect in its place while ARNs are unknown: on a first
 * preview s3-replication-sse-kms-opt-in cannot see that a rule names a replica key, and
 * s3-replication-encrypted-source-opt-in reports the missing opt-in from the bucket's default
 * encryption instead. Once deployed, one cause gets one finding: no other policy is allowed.
 */
export const REPORTED_INSTEAD_IN_PREVIEW_BY: Readonly<Record<string, readonly string[]>> = {
    "s3-replication-sse-kms-opt-in": ["s3-replication-encrypted-source-opt-in"],
};

export function policiesAllowedFor(expectedViolations: readonly string[], phase: "preview" | "deployed"): string[] {
    return expectedViolations.flatMap((policy) => [policy, ...(phase === "preview" ? (REPORTED_INSTEAD_IN_PREVIEW_BY[policy] ?? []) : [])]);
}

// ---- Remediations ------------------------------------------------------------------------------

export interface RemediationCase {
    policy: string;
    defect: string;
    /** The stack holding the broken resource. */
    stack(): Stack;
    resourceName: string;
    /** Applies to the broken properties exactly what the remediation must add. */
    fix(properties: PropertyMap): void;
}

export const REMEDIATIONS: readonly RemediationCase[] = [
    {
        policy: "s3-replication-sse-kms-opt-in",
        defect: "a rule names a replica key without opting in",
        stack: () => exampleStack("broken-missing-opt-in", "deployed"),
        resourceName: REPLICATION,
        fix: (props) => {
            firstRule(props).sourceSelectionCriteria = { sseKmsEncryptedObjects: { status: "Enabled" } };
        },
    },
    {
        policy: "s3-replication-rule-valid",
        defect: "a filtered rule says nothing about delete-marker replication",
        stack: () =>
            compliantWith(REPLICATION, (props) => {
                delete firstRule(props).deleteMarkerReplication;
            }),
        resourceName: REPLICATION,
        fix: (props) => {
            firstRule(props).deleteMarkerReplication = { status: "Disabled" };
        },
    },
    {
        policy: "s3-replication-rule-valid",
        defect: "a rule enables Replication Time Control without metrics",
        stack: () =>
            compliantWith(REPLICATION, (props) => {
                objectAt(firstRule(props), "destination").replicationTime = { status: "Enabled", time: { minutes: 15 } };
            }),
        resourceName: REPLICATION,
        fix: (props) => {
            objectAt(firstRule(props), "destination").metrics = { status: "Enabled", eventThreshold: { minutes: 15 } };
        },
    },
];

/** Policy documents the pack must never rewrite, whatever remediation is enabled. */
export const POLICY_DOCUMENTS: readonly { example: string; resourceName: string; document: string }[] = [
    { example: "broken-role-without-kms-encrypt", resourceName: "replication-role-policy", document: "the role's inline policy" },
    { example: "broken-role-without-kms-encrypt", resourceName: "replication-role", document: "the role's trust policy" },
    { example: "compliant-cross-account", resourceName: "replica-key", document: "the replica key's key policy" },
    { example: "compliant-cross-account", resourceName: "destination-bucket-policy", document: "the destination bucket policy" },
];

// ---- Secrets -----------------------------------------------------------------------------------

/** Text that must never appear in a message or log: it only ever travels inside a secret. */
export const SECRET_MARKER = "AcmeSecretMarker7f3a";

/** A policy document, as `edit` leaves it, with the marker as every statement's Sid, sent as a secret. */
function secretDocumentWithMarker(document: PropertyValue, edit: (document: PolicyDocument) => void = () => undefined): PropertyValue {
    return secret(
        editedDocument(document, (parsed) => {
            edit(parsed);
            parsed.Statement.forEach((statement, index) => (statement.Sid = `${SECRET_MARKER}${index}`));
        }),
    );
}

export interface SecretCase {
    what: string;
    stack(): Stack;
    /** The policy whose finding depends on the secret; undefined: the stack must stay free of mandatory findings. */
    expectedPolicy?: string;
}

/**
 * Not among them: a secret replica key that is a bare key id. The framework unwraps secrets before
 * Analyze and AnalyzeStack, so the pack cannot tell it from a plain one and quotes it, as it quotes
 * every bare key id (see tests/policies/replica-key-format.test.ts).
 */
export const SECRET_INPUTS: readonly SecretCase[] = [
    {
        what: "key material where the replica key ARN goes",
        stack: () =>
            compliantWith(REPLICATION, (props) => {
                replicaKeyOf(firstRule(props)).replicaKmsKeyId = secret(`${SECRET_MARKER}-key-material`);
            }),
        expectedPolicy: "s3-replication-replica-key-format",
    },
    {
        what: "the role policy of a role without kms:Encrypt",
        stack: () =>
            changedExample("broken-role-without-kms-encrypt", "deployed", "replication-role-policy", (props) => {
                props.policy = secretDocumentWithMarker(props.policy);
            }),
        expectedPolicy: "s3-replication-role-kms-permissions",
    },
    {
        what: "the other account's key policy admitting the replication role (compliant)",
        stack: () =>
            changedExample("compliant-cross-account", "deployed", "replica-key", (props) => {
                props.policy = secretDocumentWithMarker(props.policy);
            }),
    },
    {
        what: "the other account's key policy without the replication role",
        stack: () =>
            changedExample("compliant-cross-account", "deployed", "replica-key", (props) => {
                props.policy = secretDocumentWithMarker(props.policy, dropSourceRoleGrant);
            }),
        expectedPolicy: "s3-replication-cross-account-key",
    },
];

// ---- Malformed input ---------------------------------------------------------------------------

export const ONE_MEGABYTE_STRING = "x".repeat(1 << 20);
export const ONE_MEGABYTE_RESOURCE = "one-megabyte";
const ELSEWHERE = "urn:pulumi:dev::elsewhere::";
export const URNS_NOT_IN_STACK = [`${ELSEWHERE}aws:s3/bucket:Bucket::ghost`, `${ELSEWHERE}aws:kms/key:Key::ghost-key`];

/** Every kind of value where the pack expects a particular one. */
const ODD_VALUES: readonly PropertyValue[] = [
    null,
    true,
    0,
    -1.5,
    "",
    "not-an-arn",
    [],
    [null, 1, "x", {}, [UNKNOWN]],
    {},
    { nested: { deeper: [UNKNOWN, secret("s")] } },
    UNKNOWN,
    secret("secret-text"),
    secret({ rules: [UNKNOWN] }),
    secret(UNKNOWN),
];

/** How many odd values each place receives (rotating through them), to keep the stack small. */
const ODD_VALUES_PER_PLACE = 3;

type Path = (string | number)[];

/** Every place in a value: each object key and list element, at every depth. */
function placesIn(value: PropertyValue, prefix: Path = []): Path[] {
    const children: [string | number, PropertyValue][] = Array.isArray(value)
        ? value.map((element, index) => [index, element])
        : typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype
          ? Object.entries(value as PropertyMap)
          : [];
    return children.flatMap(([key, child]) => [[...prefix, key], ...placesIn(child, [...prefix, key])]);
}

function replacedAt(value: PropertyValue, path: Path, replacement: PropertyValue): PropertyValue {
    if (path.length === 0) {
        return replacement;
    }
    const [head, ...rest] = path;
    if (Array.isArray(value)) {
        return value.map((element, index) => (index === head ? replacedAt(element, rest, replacement) : element));
    }
    const map = value as PropertyMap;
    return { ...map, [head]: replacedAt(map[head], rest, replacement) };
}

/** Variants of `resource` with one place holding an odd value, linked to resources the stack does not hold. */
function oddVariants(resource: StackResource): StackResource[] {
    return placesIn(resource.inputs).flatMap((place, placeIndex) =>
        Array.from({ length: ODD_VALUES_PER_PLACE }, (_, n) => {
            const valueIndex = (placeIndex * ODD_VALUES_PER_PLACE + n) % ODD_VALUES.length;
            const inputs = replacedAt(resource.inputs, place, ODD_VALUES[valueIndex]) as PropertyMap;
            const name = `${urnName(resource.urn)}.${place.join(".")}.odd${valueIndex}`;
            return {
                ...resource,
                urn: resource.urn.replace(/::[^:]+$/, `::${name}`),
                name,
                inputs,
                outputs: inputs,
                parent: URNS_NOT_IN_STACK[0],
                dependencies: URNS_NOT_IN_STACK,
                propertyDependencies: Object.fromEntries(Object.keys(inputs).map((key) => [key, URNS_NOT_IN_STACK])),
            };
        }),
    );
}

function odd(type: string, name: string, inputs: PropertyMap): StackResource {
    return {
        urn: `urn:pulumi:dev::${COMPLIANT}::${type}::${name}`,
        type,
        inputs,
        outputs: inputs,
        dependencies: URNS_NOT_IN_STACK,
        propertyDependencies: { bucket: URNS_NOT_IN_STACK, rules: [URNS_NOT_IN_STACK[1]], policy: ["not even a urn"] },
        provider: { urn: `${ELSEWHERE}pulumi:providers:aws::gone`, id: "gone-id" },
    };
}

/** Whole values of the wrong kind, secrets and unknowns at the top, and one megabyte where a name goes. */
const ODD_RESOURCES: readonly StackResource[] = [
    odd(types.bucketReplicationConfig, "rules-not-a-list", { bucket: 42, role: [], rules: "rules" }),
    odd(types.bucketReplicationConfig, "rules-unknown", { bucket: UNKNOWN, role: UNKNOWN, rules: UNKNOWN }),
    odd(types.bucketReplicationConfig, "rules-secret", { bucket: secret("b"), role: secret(UNKNOWN), rules: secret([{ status: "Enabled" }]) }),
    odd(types.bucketReplicationConfig, ONE_MEGABYTE_RESOURCE, {
        bucket: ONE_MEGABYTE_STRING,
        role: ONE_MEGABYTE_STRING,
        rules: [
            {
                id: ONE_MEGABYTE_STRING,
                status: "Enabled",
                filter: { prefix: ONE_MEGABYTE_STRING },
                destination: { bucket: ONE_MEGABYTE_STRING, encryptionConfiguration: { replicaKmsKeyId: ONE_MEGABYTE_STRING } },
            },
        ],
    }),
    odd(types.bucket, "inline-odd", { bucket: "inline", replicationConfiguration: { role: 1, rules: [{ destination: "x" }, null] }, versioning: "on" }),
    odd(types.bucketV2, "inline-lists-odd", {
        bucket: "v2",
        replicationConfigurations: [{ rules: [{ destinations: [null], sourceSelectionCriterias: {} }] }],
        versionings: [{}],
    }),
    odd(types.nativeBucket, "native-odd", { bucketName: 7, replicationConfiguration: [], versioningConfiguration: UNKNOWN }),
    odd(types.kmsKey, "key-odd", { isEnabled: "yes", multiRegion: "no", keyUsage: 1, keyId: {}, arn: [], policy: "{not json" }),
    odd(types.kmsReplicaKey, "replica-key-odd", { primaryKeyArn: 5, enabled: null, policy: { Statement: "x" } }),
    odd(types.nativeKmsReplicaKey, "native-replica-key-odd", { primaryKeyArn: [], enabled: "no", keyPolicy: "{not json", keyId: 3 }),
    odd(types.kmsAlias, "alias-odd", { name: [], targetKeyId: secret(UNKNOWN) }),
    odd(types.kmsKeyPolicy, "key-policy-odd", { keyId: UNKNOWN, policy: ONE_MEGABYTE_STRING }),
    odd(types.iamRolePolicy, "role-policy-odd", { role: {}, policy: '{"Statement": [{"Effect": 1, "Action": {}, "Resource": null}]}' }),
    odd(types.iamRole, "role-odd", { assumeRolePolicy: [], inlinePolicies: "none", arn: secret(1) }),
    odd(types.iamRolePolicyAttachment, "attachment-odd", { role: null, policyArn: -1 }),
    odd(types.bucketVersioning, "versioning-odd", { bucket: "source-bucket-4456a51", versioningConfiguration: [] }),
    odd(types.bucketEncryption, "encryption-odd", { bucket: "source-bucket-4456a51", rules: [{ applyServerSideEncryptionByDefault: "aws:kms" }] }),
    odd(types.bucketPolicy, "bucket-policy-odd", { bucket: null, policy: 3 }),
];

/**
 * The compliant example after deployment plus: every place of each of its resources holding odd
 * values in turn (as resources of their own, so that stack policies link them to the real ones),
 * and whole resources of the wrong kinds, all depending on URNs the stack does not hold.
 */
export function malformedStack(): Stack {
    const stack = exampleStack(COMPLIANT, "deployed");
    const variants = stack.resources.filter((resource) => resource.type !== "pulumi:pulumi:Stack").flatMap(oddVariants);
    return { ...stack, resources: [...stack.resources, ...variants, ...ODD_RESOURCES] };
}
