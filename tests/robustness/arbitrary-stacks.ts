/**
 * Arbitrary stacks of every resource type the pack reads: plausible properties (names, ARNs and
 * policy documents drawn from a small pool, so that references often resolve), in which any
 * position may instead hold arbitrary JSON, an unknown sentinel or a secret; random providers;
 * random `propertyDependencies` between the resources, self-references and cycles included.
 *
 * Policy documents and free text carry a secret marker: text no message may ever quote.
 */
import * as fc from "fast-check";
import { anywhere as anywhereIn, unknownSentinel, wild } from "../support/arbitraries";
import { types } from "../../policies/model/resource-types";
import { apiRule, inlineRule, RuleVocabulary } from "../support/rule-arbitraries";
import { isUnknownValue } from "../../policies/model/value";
import { ResourceSpec, secret, StackBuilder, UNKNOWN } from "../support/harness";
import {
    ACCOUNT,
    DESTINATION_BUCKET,
    DESTINATION_REGION,
    MULTI_REGION_KEY_ID,
    REPLICA_ALIAS,
    REPLICA_KEY_ID,
    GUIDE_SHAPES,
    GuideOptions,
    guideStack,
    SOURCE_BUCKET,
    SOURCE_KEY_ID,
    SOURCE_REGION,
} from "../support/guide-stack";

/** Every secret marker starts with this; messages must never contain it. */
export const SECRET_MARKER = "SECRET-MARKER-";

/** The signature key of a secret as the engine sends it: part of the wire form, not a value. */
export const SECRET_SIGNATURE_KEY = Object.keys(secret(null) as object)[0];

/**
 * A resource every generated stack holds, outside the AWS providers (like a random string's
 * result): an unknown computed from it names nothing the pack can resolve.
 */
export const OPAQUE_TYPE = "random:index/randomString:RandomString";

export type Props = Record<string, unknown>;

// ---- Values ----------------------------------------------------------------------------------

/** A position that usually holds what the schema says, and sometimes anything at all. */
function anywhere(structured: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    return anywhereIn(structured, 14);
}

/** An object whose fields are each optional and each `anywhere`. */
function block(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
    return anywhere(optionalFields(fields));
}

/** Each field present four times in five. */
function optionalFields(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Props> {
    const model = Object.fromEntries(Object.entries(fields).map(([name, arbitrary]) => [name, fc.option(anywhere(arbitrary), { freq: 5, nil: undefined })]));
    return fc.record(model).map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));
}

function list(element: fc.Arbitrary<unknown>, maxLength = 3): fc.Arbitrary<unknown> {
    return anywhere(fc.array(element, { maxLength }));
}

/** Text no message may quote, alone or inside an ARN-like string. */
const secretText = fc
    .tuple(fc.nat(), fc.constantFrom("", "arn:aws:s3:::", "prefix ", "arn:aws:kms:us-west-2:111111111111:key/"))
    .map(([n, prefix]) => `${prefix}${SECRET_MARKER}${n.toString(36)}`);

// ---- Identifiers: a small pool, so that references resolve to resources of the stack ----------

const region = fc.constantFrom(SOURCE_REGION, DESTINATION_REGION, "eu-west-1", "mars-north-1");
const account = fc.constantFrom(ACCOUNT, "222222222222");
const bucketName = fc.constantFrom(SOURCE_BUCKET, DESTINATION_BUCKET, "logs-bucket", "d--usw2-az1--x-s3");
const bucketArn = bucketName.map((name) => `arn:aws:s3:::${name}`);
const bucketRef = fc.oneof(bucketName, bucketArn);
const keyId = fc.constantFrom(SOURCE_KEY_ID, REPLICA_KEY_ID, MULTI_REGION_KEY_ID);
const keyArn = fc.tuple(region, account, keyId).map(([r, a, id]) => `arn:aws:kms:${r}:${a}:key/${id}`);
const aliasName = fc.constantFrom(REPLICA_ALIAS, "alias/source");
const aliasArn = fc.tuple(region, account, aliasName).map(([r, a, name]) => `arn:aws:kms:${r}:${a}:${name}`);
const keyRef = fc.oneof(keyId, keyArn, aliasName, aliasArn);
const roleName = fc.constantFrom("replication-role", "other-role");
const roleArn = fc.tuple(account, roleName).map(([a, name]) => `arn:aws:iam::${a}:role/${name}`);
const roleRef = fc.oneof(roleName, roleArn);
const policyArn = fc.constantFrom("arn:aws:iam::111111111111:policy/replication", "arn:aws:iam::aws:policy/AmazonS3FullAccess");
const status = fc.oneof({ weight: 4, arbitrary: fc.constant("Enabled") }, fc.constantFrom("Disabled", "Suspended", "enabled", ""));
const boolish = fc.constantFrom(true, false, "true", "false");
const text = fc.oneof(fc.constantFrom("", "Tax", "x".repeat(300)), fc.string({ maxLength: 8 }));
const freeText = fc.oneof(text, secretText);
const tags = anywhere(fc.dictionary(fc.string({ maxLength: 5 }), anywhere(freeText), { maxKeys: 2 }));

// ---- Policy documents --------------------------------------------------------------------------

const action = fc.constantFrom(
    "s3:GetReplicationConfiguration",
    "s3:ListBucket",
    "s3:GetObjectVersionForReplication",
    "s3:ReplicateObject",
    "s3:Replicate*",
    "s3:*",
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:*",
    "*",
    "iam:PassRole",
    "sts:AssumeRole",
);
const resourcePattern = fc.oneof(
    bucketArn,
    bucketArn.map((arn) => `${arn}/*`),
    keyArn,
    fc.constant("*"),
    secretText,
);
const principal = fc.oneof(
    fc.constant("*"),
    fc.record({ AWS: fc.oneof(roleArn, account, fc.constant("*"), fc.array(fc.oneof(roleArn, account, secretText), { maxLength: 2 })) }),
    fc.record({ Service: fc.constantFrom("s3.amazonaws.com", "kms.amazonaws.com") }),
);
const conditionOperator = fc.constantFrom(
    "StringLike",
    "StringEquals",
    "ArnLike",
    "StringNotEquals",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
    "Null",
    "Bool",
    "StringEqualsIgnoreCase",
    "NumericLessThan",
    "StringLikeIfExists",
    "Nonsense",
);
const conditionKey = fc.constantFrom(
    "kms:ViaService",
    "kms:EncryptionContext:aws:s3:arn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:PrincipalArn",
    "kms:CallerAccount",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
);
const conditionValue = fc.oneof(
    fc.constantFrom("s3.us-east-1.amazonaws.com", "s3.us-west-2.amazonaws.com", "111111111111", "true"),
    bucketArn.map((arn) => `${arn}/Tax*`),
    secretText,
    fc.boolean(),
    fc.integer(),
    fc.array(fc.oneof(secretText, bucketArn), { maxLength: 2 }),
);
const condition = fc.dictionary(conditionOperator, anywhere(fc.dictionary(conditionKey, anywhere(conditionValue), { maxKeys: 2 })), { maxKeys: 2 });
const oneOrMany = <T>(element: fc.Arbitrary<T>) => fc.oneof(element, fc.array(element, { maxLength: 3 }));
const statement = optionalFields({
    Sid: text,
    Effect: fc.constantFrom("Allow", "Deny", "allow"),
    Principal: principal,
    NotPrincipal: principal,
    Action: oneOrMany(action),
    NotAction: oneOrMany(action),
    Resource: oneOrMany(resourcePattern),
    NotResource: oneOrMany(resourcePattern),
    Condition: condition,
});
const document = optionalFields({
    Version: fc.constantFrom("2012-10-17", "2008-10-17"),
    Id: secretText,
    Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 })),
});

/** Mostly JSON text (as classic resources take it), sometimes an object, broken JSON or anything. */
const policyDocument = fc.oneof(
    { weight: 6, arbitrary: document.map((d) => JSON.stringify(d)) },
    { weight: 1, arbitrary: document },
    {
        weight: 1,
        arbitrary: fc.tuple(document, fc.nat()).map(([d, cut]) => {
            const json = JSON.stringify(d);
            return json.slice(0, cut % (json.length + 1));
        }),
    },
    { weight: 1, arbitrary: secretText.map((t) => `{"Statement": "${t}"`) },
);

// ---- Replication rules: the shared structure (tests/support/rule-arbitraries.ts), with this file's values --

const vocabulary: RuleVocabulary = {
    block,
    list,
    status,
    text,
    tagKey: text,
    tagValue: freeText,
    tags,
    bucket: bucketRef,
    account,
    replicaKey: keyRef,
    enabled: boolish,
    owner: fc.constantFrom("Destination", "Source"),
    metricsMinutes: fc.constantFrom(15, 0, "15"),
    replicationTimeMinutes: fc.constantFrom(15, 10),
};

const sseAlgorithm = fc.constantFrom("aws:kms", "aws:kms:dsse", "AES256", "aws:fsx");
const byDefault = block({ sseAlgorithm, kmsMasterKeyId: keyRef });

// ---- Resources of every type the pack reads ----------------------------------------------------

const propertiesByType: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
    [types.bucketReplicationConfig]: { bucket: bucketRef, role: roleArn, rules: list(apiRule(vocabulary, false)), region, token: freeText },
    [types.bucket]: {
        bucket: bucketName,
        arn: bucketArn,
        region,
        tags,
        versioning: block({ enabled: boolish, mfaDelete: boolish }),
        serverSideEncryptionConfiguration: block({ rule: block({ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: boolish }) }),
        replicationConfiguration: block({ role: roleArn, rules: list(inlineRule(vocabulary, false)) }),
        policy: policyDocument,
    },
    [types.bucketV2]: {
        bucket: bucketName,
        arn: bucketArn,
        region,
        tags,
        versionings: list(block({ enabled: boolish }), 2),
        serverSideEncryptionConfigurations: list(
            block({ rules: list(block({ applyServerSideEncryptionByDefaults: list(byDefault, 2), bucketKeyEnabled: boolish }), 2) }),
            2,
        ),
        replicationConfigurations: list(block({ role: roleArn, rules: list(inlineRule(vocabulary, true)) }), 2),
        policy: policyDocument,
    },
    [types.nativeBucket]: {
        bucketName,
        arn: bucketArn,
        tags: list(block({ key: text, value: freeText }), 2),
        versioningConfiguration: block({ status }),
        bucketEncryption: block({ serverSideEncryptionConfiguration: list(block({ serverSideEncryptionByDefault: byDefault, bucketKeyEnabled: boolish }), 2) }),
        replicationConfiguration: block({ role: roleArn, rules: list(apiRule(vocabulary, true)) }),
    },
    [types.bucketVersioning]: { bucket: bucketRef, region, versioningConfiguration: block({ status, mfaDelete: status }) },
    [types.bucketVersioningV2]: { bucket: bucketRef, versioningConfiguration: block({ status, mfaDelete: status }) },
    [types.bucketEncryption]: {
        bucket: bucketRef,
        region,
        rules: list(block({ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: boolish }), 2),
    },
    [types.bucketEncryptionV2]: { bucket: bucketRef, rules: list(block({ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: boolish }), 2) },
    [types.bucketPolicy]: { bucket: bucketRef, policy: policyDocument },
    [types.kmsKey]: {
        arn: keyArn,
        keyId,
        region,
        description: freeText,
        policy: policyDocument,
        tags,
        keyUsage: fc.constantFrom("ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC"),
        customerMasterKeySpec: fc.constantFrom("SYMMETRIC_DEFAULT", "RSA_2048"),
        keySpec: fc.constantFrom("SYMMETRIC_DEFAULT", "HMAC_256"),
        isEnabled: boolish,
        multiRegion: boolish,
        enableKeyRotation: boolish,
        deletionWindowInDays: fc.integer({ min: 0, max: 30 }),
    },
    [types.kmsReplicaKey]: {
        arn: keyArn,
        keyId,
        region,
        primaryKeyArn: keyArn,
        description: freeText,
        policy: policyDocument,
        keyUsage: fc.constantFrom("ENCRYPT_DECRYPT", "SIGN_VERIFY"),
        keySpec: fc.constantFrom("SYMMETRIC_DEFAULT", "RSA_2048"),
        enabled: boolish,
    },
    [types.kmsAlias]: { name: aliasName, arn: aliasArn, targetKeyId: keyRef, region },
    [types.kmsKeyPolicy]: { keyId: keyRef, policy: policyDocument, bypassPolicyLockoutSafetyCheck: boolish },
    [types.kmsGrant]: { keyId: keyRef, granteePrincipal: roleArn, operations: list(fc.constantFrom("Encrypt", "Decrypt", "GenerateDataKey")), name: freeText },
    [types.iamRole]: {
        name: roleName,
        arn: roleArn,
        description: freeText,
        tags,
        assumeRolePolicy: policyDocument,
        inlinePolicies: list(block({ name: text, policy: policyDocument }), 2),
        managedPolicyArns: list(policyArn, 2),
    },
    [types.iamRolePolicy]: { role: roleRef, name: text, namePrefix: text, policy: policyDocument },
    [types.iamPolicy]: { name: text, arn: policyArn, description: freeText, path: fc.constantFrom("/", "/service/"), policy: policyDocument },
    [types.iamRolePolicyAttachment]: { role: roleRef, policyArn },
    [types.iamPolicyAttachment]: { name: text, roles: list(roleRef, 2), policyArn },
    // aws-native (AWS Cloud Control) IAM and KMS resources, with the property names of the aws-native schema.
    [types.nativeBucketPolicy]: { bucket: bucketRef, policyDocument },
    [types.nativeRole]: {
        roleName,
        arn: roleArn,
        assumeRolePolicyDocument: policyDocument,
        policies: list(block({ policyName: text, policyDocument }), 2),
        managedPolicyArns: list(policyArn, 2),
        permissionsBoundary: policyArn,
    },
    [types.nativeRolePolicy]: { roleName, policyName: text, policyDocument },
    [types.nativeManagedPolicy]: { policyArn, policyDocument, roles: list(roleRef, 2) },
    [types.nativeKmsKey]: {
        arn: keyArn,
        keyId,
        keyPolicy: policyDocument,
        keyUsage: fc.constantFrom("ENCRYPT_DECRYPT", "SIGN_VERIFY"),
        keySpec: fc.constantFrom("SYMMETRIC_DEFAULT", "RSA_2048"),
        enabled: boolish,
        multiRegion: boolish,
    },
    [types.nativeKmsReplicaKey]: { arn: keyArn, keyId, primaryKeyArn: keyArn, keyPolicy: policyDocument, enabled: boolish },
    [types.nativeKmsAlias]: { aliasName, targetKeyId: keyRef },
};

/** The properties the generator may write for a resource type. */
export function propertyNamesOf(type: string): string[] {
    return Object.keys(propertiesByType[type] ?? {});
}

const awsProviderProps = optionalFields({
    region,
    allowedAccountIds: fc.oneof(
        fc.array(account, { maxLength: 2 }).map((a) => JSON.stringify(a)),
        fc.array(account, { maxLength: 2 }),
    ),
    assumeRoles: list(block({ roleArn, sessionName: freeText }), 2),
    assumeRole: block({ roleArn }),
    secretKey: secretText.map(secret),
});
const nativeProviderProps = optionalFields({ region, roleArn, secretKey: secretText.map(secret) });

interface ResourceDraft {
    type: string;
    props: Props;
    /** Index into the providers, if the resource names one. */
    provider: number | null;
    /** Property index (into the props' keys and a few names of its own) -> resource indexes. */
    dependencies: Array<{ property: number; on: number[] }>;
}

const resourceDraft: fc.Arbitrary<ResourceDraft> = fc
    .record({
        resource: fc.oneof(...Object.entries(propertiesByType).map(([type, fields]) => optionalFields(fields).map((props) => ({ type, props })))),
        provider: fc.option(fc.nat(), { nil: null }),
        dependencies: fc.array(fc.record({ property: fc.nat(), on: fc.array(fc.nat(), { maxLength: 3 }) }), { maxLength: 3 }),
    })
    .map(({ resource, provider, dependencies }) => ({ ...resource, provider, dependencies }));

const providerDraft = fc.oneof(
    awsProviderProps.map((props) => ({ pkg: "aws", props })),
    nativeProviderProps.map((props) => ({ pkg: "aws-native", props })),
);

const guideOptions: fc.Arbitrary<GuideOptions> = fc.record({
    shape: fc.constantFrom(...GUIDE_SHAPES),
    preview: fc.boolean(),
    overrides: fc.record(
        {
            sourceAlgorithm: fc.constantFrom("aws:kms", "aws:kms:dsse", "AES256", "none"),
            replicaKeyRegion: fc.constantFrom(DESTINATION_REGION, SOURCE_REGION),
            destinationRegion: fc.constantFrom(DESTINATION_REGION, SOURCE_REGION),
            replicaKeyKind: fc.constantFrom("key", "alias", "replica-key", "bucket-arn"),
            replicaKey: fc.record({ keyUsage: fc.constantFrom("ENCRYPT_DECRYPT", "SIGN_VERIFY"), isEnabled: fc.boolean() }, { requiredKeys: [] }),
            sourceVersioning: fc.constantFrom("Enabled", "Suspended", "Disabled", "none"),
            destinationVersioning: fc.constantFrom("Enabled", "Suspended", "Disabled", "none"),
            // The destination bucket and the replica key in another account than the source (cross-account-key), and the rule's account.
            destinationAccount: account,
            rule: fc.record({ sseKms: fc.constantFrom("Enabled", "Disabled"), account }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
    ),
});

/** A change to the built stack: a value set, wrapped in a secret or deleted, dependencies recorded, or the provider dropped. */
type Mutation =
    | { kind: "set"; resource: number; position: number; value: unknown }
    | { kind: "secret" | "delete"; resource: number; position: number }
    | { kind: "depend"; resource: number; property: number; on: number[] }
    | { kind: "drop-provider"; resource: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("set" as const), resource: fc.nat(), position: fc.nat(), value: fc.oneof(wild, unknownSentinel) }),
    fc.record({ kind: fc.constantFrom("secret" as const, "delete" as const), resource: fc.nat(), position: fc.nat() }),
    fc.record({ kind: fc.constant("depend" as const), resource: fc.nat(), property: fc.nat(), on: fc.array(fc.nat(), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant("drop-provider" as const), resource: fc.nat() }),
);

export interface StackDraft {
    /** The guide example's set-up (tests/support/guide-stack.ts) the stack starts from, if any. */
    guide: GuideOptions | null;
    providers: Array<{ pkg: string; props: Props }>;
    resources: ResourceDraft[];
    mutations: Mutation[];
}

/**
 * Half the stacks start from the guide example's replication set-up in one of its shapes, so that rules,
 * buckets, keys and versioning link up and the stack policies have something to check; the
 * others are up to 8 resources of any type. Both get extra providers and resources, random
 * dependencies and changes anywhere.
 */
export const stackDrafts: fc.Arbitrary<StackDraft> = fc.oneof(
    fc.record({
        guide: guideOptions,
        providers: fc.array(providerDraft, { maxLength: 1 }),
        resources: fc.array(resourceDraft, { maxLength: 4 }),
        mutations: fc.array(mutation, { maxLength: 6 }),
    }),
    fc.record({
        guide: fc.constant(null),
        providers: fc.array(providerDraft, { maxLength: 3 }),
        resources: fc.array(resourceDraft, { minLength: 1, maxLength: 8 }),
        mutations: fc.array(mutation, { maxLength: 3 }),
    }),
);

/** Properties a dependency may be recorded for besides the resource's own. */
const EXTRA_DEPENDENCY_PROPERTIES = ["bucket", "rules", "policy", "keyId"];

function dependencyProperty(resource: ResourceSpec, pick: number): string {
    const properties = [...Object.keys(resource.props), ...EXTRA_DEPENDENCY_PROPERTIES];
    return properties[pick % properties.length];
}

/**
 * The stack a draft describes: the guide example's resources (with its providers), extra providers, the
 * opaque resource and extra resources; then the mutations. Dependencies may point at any
 * resource, the resource itself included.
 */
export function buildStack(original: StackDraft): ResourceSpec[] {
    const draft = structuredClone(original); // The mutations change values in place; fast-check reuses drafts.
    const stack = draft.guide ? guideStack(draft.guide).stack : new StackBuilder();
    const providers = [
        ...stack.resources.filter(isProvider),
        ...draft.providers.map(({ pkg, props }, i) => stack.provider(`${pkg}-provider-${i}`, props, pkg)),
    ];
    stack.add(OPAQUE_TYPE, "opaque", { length: 16, result: UNKNOWN });
    const extras = draft.resources.map(({ type, props, provider }, i) => {
        const pick = provider !== null && providers.length > 0 ? providers[provider % providers.length] : undefined;
        return stack.add(type, `extra-${type.split(":").pop()!.toLowerCase()}-${i}`, props, { provider: pick });
    });
    const all = stack.resources;
    draft.resources.forEach(({ dependencies }, i) => {
        for (const { property, on } of dependencies) {
            setDependencies(
                extras[i],
                dependencyProperty(extras[i], property),
                on.map((j) => all[j % all.length]),
            );
        }
    });
    const mutable = all.filter((r) => r.type !== OPAQUE_TYPE);
    for (const change of draft.mutations) {
        applyMutation(change, mutable[change.resource % mutable.length], all);
    }
    return all;
}

function applyMutation(change: Mutation, resource: ResourceSpec, all: ResourceSpec[]): void {
    if (change.kind === "depend") {
        setDependencies(
            resource,
            dependencyProperty(resource, change.property),
            change.on.map((j) => all[j % all.length]),
        );
        return;
    }
    if (change.kind === "drop-provider") {
        resource.provider = undefined;
        return;
    }
    const positions = positionsIn(resource.props);
    if (positions.length === 0) {
        return;
    }
    const path = positions[change.position % positions.length];
    switch (change.kind) {
        case "set":
            setAt(resource.props, path, change.value);
            break;
        case "secret":
            setAt(resource.props, path, secret(valueAt(resource.props, path)));
            break;
        case "delete": {
            const parent = valueAt(resource.props, path.slice(0, -1)) as Record<string | number, unknown>;
            if (SECRET_SIGNATURE_KEY in parent) {
                break; // The engine never sends a secret without its value.
            }
            if (Array.isArray(parent)) {
                parent.splice(path[path.length - 1] as number, 1);
            } else {
                delete parent[path[path.length - 1]];
            }
            break;
        }
    }
}

export type Path = Array<string | number>;

/**
 * Every position below `value` (optionally only those holding a known value); the signature of
 * a secret is part of its wire form, not a value, and an undefined field is not sent at all.
 */
export function positionsIn(value: unknown, options: { knownOnly?: boolean } = {}, path: Path = []): Path[] {
    if (typeof value !== "object" || value === null) {
        return [];
    }
    const children: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    return children
        .filter(([key, child]) => key !== SECRET_SIGNATURE_KEY && child !== undefined && !(options.knownOnly && isUnknownValue(child)))
        .flatMap(([key, child]) => [[...path, key], ...positionsIn(child, options, [...path, key])]);
}

export function valueAt(root: unknown, path: Path): unknown {
    return path.reduce<unknown>((parent, segment) => (parent as Record<string | number, unknown>)[segment], root);
}

export function setAt(root: unknown, path: Path, value: unknown): void {
    (valueAt(root, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]] = value;
}

/** Records `property` of `resource` as computed from `on` (replacing what was recorded before). */
export function setDependencies(resource: ResourceSpec, property: string, on: readonly ResourceSpec[]): void {
    resource.propertyDependencies[property] = on.map((r) => r.urn);
    resource.dependencies = [...new Set(Object.values(resource.propertyDependencies).flat())];
}

export function isProvider(resource: ResourceSpec): boolean {
    return resource.type.startsWith("pulumi:providers:");
}

export function opaqueOf(stack: readonly ResourceSpec[]): ResourceSpec {
    return stack.find((r) => r.type === OPAQUE_TYPE)!;
}

/** A deep copy of the stack whose providers are the copies of its provider resources. */
export function copyStack(stack: readonly ResourceSpec[]): ResourceSpec[] {
    const copies = new Map(
        stack.map((r) => [
            r.urn,
            {
                ...r,
                props: structuredClone(r.props),
                propertyDependencies: structuredClone(r.propertyDependencies),
                dependencies: [...r.dependencies],
            },
        ]),
    );
    for (const copy of copies.values()) {
        copy.provider = copy.provider ? copies.get(copy.provider.urn) : undefined;
    }
    return [...copies.values()];
}
