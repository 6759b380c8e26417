/**
 * Issue 11's numbered cases over the analyzer protocol: the compiled pack, the example stacks with
 * one thing changed, on the `aws` shapes and with the role, its policies and the keys as
 * `aws-native` resources, as a first preview and deployed.
 */
import * as assert from "assert";

import { PropertyMap, PropertyValue, Stack, StackAnalysis, StackResource, UNKNOWN, urnName } from "../../driver";
import {
    buildPackOnce,
    changeResource,
    describeFindings,
    exampleStack,
    findingsOf,
    firstRule,
    objectAt,
    Phase,
    PHASES,
    policyConfig,
    resourceNamed,
    RunningPack,
    STANDALONE_PACK,
    startPacks,
    stopPacks,
} from "./helpers";
import { allowStatement, decryptOnlyForAdminDeny, keyPolicyJson, OTHER_ACCOUNT, ownerStatement as accountOwnerStatement } from "../support/key-policies";
import { ALIAS_AS_KEY, assertIncludes, EMPTY_NAME, theOnly } from "../support/assertions";
import { REPLICA_KEY_ARN, SOURCE_KEY_ARN } from "../support/guide-role";
import { GuideShape, GuideStack, ROLE_ARN } from "../support/guide-stack";
import * as round3 from "../support/round3-stacks";
import { stackFromSpecs } from "./audit-scans";

const ACCOUNT = "111111111111";
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
const ROLE_KMS = "s3-replication-role-kms-permissions";
const ROLE_S3 = "s3-replication-role-s3-permissions";
const CROSS_ACCOUNT_KEY = "s3-replication-cross-account-key";

type Shape = "aws" | "aws-native";
const SHAPES: readonly Shape[] = ["aws", "aws-native"];

// ---- aws-native versions of the examples' IAM and KMS resources ------------------------------

const NATIVE_TYPES: Record<string, { type: string; rename: Record<string, string>; documents: string[] }> = {
    "aws:iam/role:Role": {
        type: "aws-native:iam:Role",
        rename: { name: "roleName", assumeRolePolicy: "assumeRolePolicyDocument" },
        documents: ["assumeRolePolicyDocument"],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        type: "aws-native:iam:RolePolicy",
        rename: { role: "roleName", name: "policyName", policy: "policyDocument" },
        documents: ["policyDocument"],
    },
    "aws:iam/policy:Policy": {
        type: "aws-native:iam:ManagedPolicy",
        rename: { name: "managedPolicyName", policy: "policyDocument", arn: "policyArn" },
        documents: ["policyDocument"],
    },
    "aws:kms/key:Key": {
        type: "aws-native:kms:Key",
        rename: { isEnabled: "enabled", customerMasterKeySpec: "keySpec", policy: "keyPolicy" },
        documents: ["keyPolicy"],
    },
};

/** A JSON document as the object aws-native takes; unknown stays unknown. */
function asObject(value: PropertyValue | undefined): PropertyValue | undefined {
    if (typeof value !== "string") {
        return value;
    }
    try {
        return JSON.parse(value) as PropertyValue;
    } catch {
        return value;
    }
}

function renamed(properties: PropertyMap | undefined, rename: Record<string, string>, documents: string[]): PropertyMap | undefined {
    if (!properties) {
        return properties;
    }
    const out: PropertyMap = {};
    for (const [key, value] of Object.entries(properties)) {
        const name = rename[key] ?? key;
        out[name] = documents.includes(name) ? (asObject(value) as PropertyValue) : value;
    }
    return out;
}

/** The stack with its roles, role policies, managed policies and keys as aws-native resources (with aws-native providers). */
function nativeIamAndKms(stack: Stack): Stack {
    const urns = new Map<string, string>();
    for (const resource of stack.resources) {
        const native = NATIVE_TYPES[resource.type];
        if (native) {
            urns.set(resource.urn, resource.urn.replace(`::${resource.type}::`, `::${native.type}::`));
        }
    }
    const providers = new Map<string, StackResource>();
    const nativeProvider = (reference: StackResource["provider"]): StackResource["provider"] => {
        if (!reference) {
            return reference;
        }
        const original = stack.resources.find((r) => r.urn === reference.urn);
        const urn = reference.urn.replace("::pulumi:providers:aws::", "::pulumi:providers:aws-native::");
        if (original && !providers.has(urn)) {
            const { region, allowedAccountIds } = original.inputs;
            providers.set(urn, {
                ...original,
                urn,
                type: "pulumi:providers:aws-native",
                inputs: { region, allowedAccountIds },
                outputs: original.outputs ? { region, allowedAccountIds } : original.outputs,
            });
        }
        return { ...reference, urn };
    };
    const rename = (urn: string) => urns.get(urn) ?? urn;
    const resources = stack.resources.map((resource): StackResource => {
        const native = NATIVE_TYPES[resource.type];
        const common = {
            ...resource,
            dependencies: resource.dependencies?.map(rename),
            propertyDependencies:
                resource.propertyDependencies &&
                Object.fromEntries(Object.entries(resource.propertyDependencies).map(([k, v]) => [native?.rename[k] ?? k, v.map(rename)])),
        };
        if (!native) {
            return common;
        }
        return {
            ...common,
            urn: rename(resource.urn),
            type: native.type,
            inputs: renamed(resource.inputs, native.rename, native.documents) ?? {},
            outputs: renamed(resource.outputs, native.rename, native.documents),
            provider: nativeProvider(resource.provider),
        };
    });
    return { ...stack, resources: [...resources, ...providers.values()] };
}

function example(name: string, phase: Phase, shape: Shape): Stack {
    const stack = exampleStack(name, phase);
    return shape === "aws" ? stack : nativeIamAndKms(stack);
}

/** Declares `body`'s tests once per example shape and phase, with their label and the compliant example in that shape. */
function forEachExampleShape(body: (shape: Shape, phase: Phase, label: string, compliant: () => Stack) => void): void {
    for (const shape of SHAPES) {
        for (const phase of PHASES) {
            body(shape, phase, `${shape}, ${phase}`, () => example("compliant-cross-region", phase, shape));
        }
    }
}

/** The name a resource has in either shape (the URN's name part is the same). */
function named(stack: Stack, name: string): StackResource {
    return resourceNamed(stack, name);
}

/** Sets a property in inputs and outputs alike, under the shape's name for it. */
function setProperty(stack: Stack, resourceName: string, property: { aws: string; native: string }, value: PropertyValue): void {
    const resource = named(stack, resourceName);
    const key = resource.type.startsWith("aws-native:") ? property.native : property.aws;
    const written = resource.type.startsWith("aws-native:") && typeof value === "string" ? (asObject(value) as PropertyValue) : value;
    changeResource(stack, resourceName, (props) => {
        props[key] = written;
    });
}

const KEY_POLICY = { aws: "policy", native: "keyPolicy" };

function keyPolicy(...statements: object[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const ownerStatement = accountOwnerStatement(ACCOUNT);
const adminStatement = { Sid: "KeyAdministrators", Effect: "Allow", Principal: { AWS: ADMIN_ROLE }, Action: "kms:*", Resource: "*" };

function levels(analysis: StackAnalysis, policy: string): string[] {
    return [...new Set(findingsOf(analysis, policy).map((d) => d.enforcementLevel))].sort();
}

/** The compiled standalone pack, started before the suite's tests and stopped after them. */
function packForSuite(): () => RunningPack {
    let pack: RunningPack | undefined;
    before(async function () {
        this.timeout(240_000);
        await buildPackOnce();
        [pack] = await startPacks([STANDALONE_PACK]);
    });
    after(() => (pack ? stopPacks([pack]) : undefined));
    return () => {
        assert.ok(pack, "the pack did not start");
        return pack;
    };
}

describe("end to end: authorization as AWS decides it (issue 11's cases)", function () {
    this.timeout(120_000);
    const running = packForSuite();

    forEachExampleShape((shape, phase, label, compliant) => {
        it(`the compliant examples stay free of mandatory findings (${label})`, async () => {
            for (const name of ["compliant-cross-region", "compliant-cross-account"]) {
                const analysis = await running().check(example(name, phase, shape));
                assert.deepStrictEqual(
                    analysis.diagnostics.filter((d) => d.enforcementLevel === "mandatory"),
                    [],
                    `${name}:\n${describeFindings(analysis)}`,
                );
            }
        });

        it(`case 1: a same-account key policy naming only an admin role is a gate the role's Allow cannot pass (${label})`, async () => {
            const stack = compliant();
            setProperty(stack, "source-key", KEY_POLICY, keyPolicy(adminStatement));
            const analysis = await running().check(stack);
            // Issue 19, item 2: a first preview evaluates the key policy too (Resource "*"), naming the key by its resource.
            const [finding] = findingsOf(analysis, ROLE_KMS).filter((d) => d.enforcementLevel === "mandatory");
            assert.ok(finding, describeFindings(analysis));
            assert.strictEqual(finding.urn, named(stack, "source-key").urn, "reported on the key whose policy must change");
            assert.match(finding.message, /lets in neither the role nor its account/);
            if (phase === "preview") {
                assert.match(finding.message, /on the source objects' KMS key \S+ "source-key"/);
                return;
            }
            assert.match(finding.message, /"Principal":\{"AWS":"arn:aws:iam::111111111111:role\/replication-role-[0-9a-f]+"\},"Action":"kms:Decrypt"/);
        });

        it(`case 2: an explicit Deny in a same-account key policy beats the role's Allow (${label})`, async () => {
            const stack = compliant();
            const deny = decryptOnlyForAdminDeny(ADMIN_ROLE);
            setProperty(stack, "source-key", KEY_POLICY, keyPolicy(ownerStatement, deny));
            const analysis = await running().check(stack);
            const [finding] = findingsOf(analysis, ROLE_KMS).filter((d) => d.enforcementLevel === "mandatory");
            assert.ok(finding, describeFindings(analysis));
            assert.match(finding.message, /statement 2 of the key policy of \S+ "source-key" denies kms:Decrypt/);
        });

        it(`case 3: a permissions boundary limits the role to what it allows too (${label})`, async () => {
            const withBoundary = (allows: string) => withBoundaryPolicy(compliant(), phase, allows);
            const onlyKms = await running().check(withBoundary("kms:*"));
            const s3 = findingsOf(onlyKms, ROLE_S3).filter((d) => d.enforcementLevel === "mandatory");
            assert.ok(s3.length > 0 && s3.every((d) => /\(\S+ "boundary"\) does not allow s3:/.test(d.message)), describeFindings(onlyKms));

            const onlyS3 = await running().check(withBoundary("s3:*"));
            assert.deepStrictEqual(levels(onlyS3, ROLE_S3), []);
            // A boundary that allows no kms: action denies before the keys' ARNs are known (issue 19): a first preview reports it too.
            const kms = findingsOf(onlyS3, ROLE_KMS).filter((d) => d.enforcementLevel === "mandatory");
            assert.ok(kms.length > 0, describeFindings(onlyS3));
        });

        it(`case 4: an AWS managed replica key of another account needs a customer managed key; aws/s3 source objects need no grant (${label})`, async () => {
            const stack = example("compliant-cross-account", phase, shape);
            changeResource(stack, "replication-config", (props) => {
                objectAt(firstRule(props), "destination", "encryptionConfiguration").replicaKmsKeyId = `arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:alias/aws/s3`;
            });
            const analysis = await running().check(stack);
            const [finding] = findingsOf(analysis, CROSS_ACCOUNT_KEY).filter((d) => d.enforcementLevel === "mandatory");
            assert.ok(finding, describeFindings(analysis));
            assert.match(finding.message, /That is an AWS managed key: its key policy cannot be changed.*Create a customer managed KMS key/);

            const awsS3 = compliant();
            changeResource(awsS3, "source-bucket-encryption", (props) => {
                delete objectAt(props, "rules", 0, "applyServerSideEncryptionByDefault").kmsMasterKeyId;
            });
            const plain = await running().check(awsS3);
            assert.deepStrictEqual(levels(plain, ROLE_KMS), [], describeFindings(plain));
        });

        it(`case 5: aws-native IAM and KMS are read: the broken examples are found in this shape too (${label})`, async () => {
            const analysis = await running().check(example("broken-role-without-kms-encrypt", phase, shape));
            if (phase === "deployed") {
                assert.deepStrictEqual(levels(analysis, ROLE_KMS), ["mandatory"], describeFindings(analysis));
            } else {
                assert.deepStrictEqual(
                    levels(analysis, ROLE_KMS).filter((l) => l === "mandatory"),
                    [],
                );
            }
        });

        it(`case 6: a key policy naming a session of the role may allow it: never mandatory (${label})`, async () => {
            const stack = compliant();
            const session = {
                Effect: "Allow",
                Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/replication-role-78aa0e2/s3-replication` },
                Action: "kms:Decrypt",
                Resource: "*",
            };
            setProperty(stack, "source-key", KEY_POLICY, keyPolicy(adminStatement, session));
            const analysis = await running().check(stack);
            assert.deepStrictEqual(
                levels(analysis, ROLE_KMS).filter((l) => l === "mandatory"),
                [],
                describeFindings(analysis),
            );
            const byAccountId = compliant();
            setProperty(byAccountId, "source-key", KEY_POLICY, keyPolicy({ ...ownerStatement, Principal: { AWS: [ACCOUNT] } }));
            assert.deepStrictEqual(levels(await running().check(byAccountId), ROLE_KMS), []);
        });

        it(`case 7: a condition on a key S3's request does not carry is undecided, never a mandatory denial (${label})`, async () => {
            const stack = compliant();
            const orgPaths = {
                Effect: "Allow",
                Principal: "*",
                Action: "kms:*",
                Resource: "*",
                Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc/r-ab12/ou-ab12-*" } },
            };
            setProperty(stack, "source-key", KEY_POLICY, keyPolicy(adminStatement, orgPaths));
            const analysis = await running().check(stack);
            assert.deepStrictEqual(
                levels(analysis, ROLE_KMS).filter((l) => l === "mandatory"),
                [],
                describeFindings(analysis),
            );
        });

        it(`case 8: one place for out-of-stack facts: a destination bucket known to be in another account makes a missing s3:ReplicateObject mandatory (${label})`, async () => {
            const stack = compliant();
            changeResource(stack, "replication-config", (props) => {
                const rule = firstRule(props);
                objectAt(rule, "destination").bucket = "arn:aws:s3:::backup-bucket";
                delete (rule as Record<string, unknown>).sourceSelectionCriteria;
                delete objectAt(rule, "destination").encryptionConfiguration;
            });
            const unknownOwner = await running().check(stack);
            const facts = {
                "s3-replication-environments": { externalResources: { buckets: { "backup-bucket": { account: OTHER_ACCOUNT, region: "us-west-2" } } } },
            };
            const knownOwner = await running().check(stack, { config: policyConfig(facts) });
            if (phase === "deployed") {
                assert.deepStrictEqual(levels(unknownOwner, ROLE_S3), ["advisory"], describeFindings(unknownOwner));
                assert.ok(levels(knownOwner, ROLE_S3).includes("mandatory"), describeFindings(knownOwner));
                assert.ok(
                    findingsOf(knownOwner, ROLE_S3).some(
                        (d) =>
                            d.enforcementLevel === "mandatory" &&
                            /is not allowed s3:ReplicateObject on the destination objects arn:aws:s3:::backup-bucket\/Tax\*/.test(d.message),
                    ),
                    describeFindings(knownOwner),
                );
            } else {
                assert.ok(!levels(unknownOwner, ROLE_S3).includes("mandatory"), describeFindings(unknownOwner));
            }
        });
    });
});

/** The stack with an in-stack permissions boundary on the replication role allowing `allows`. */
function withBoundaryPolicy(stack: Stack, phase: Phase, allows: string): Stack {
    const role = named(stack, "replication-role");
    const native = role.type.startsWith("aws-native:");
    const type = native ? "aws-native:iam:ManagedPolicy" : "aws:iam/policy:Policy";
    const urn = role.urn.replace(`::${role.type}::replication-role`, `::${type}::boundary`);
    const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: allows, Resource: "*" }] };
    const arn = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
    const inputs: PropertyMap = native ? { policyDocument: document as unknown as PropertyMap } : { name: "boundary", policy: JSON.stringify(document) };
    stack.resources.push({
        urn,
        type,
        custom: true,
        inputs,
        outputs: phase === "deployed" ? { ...inputs, [native ? "policyArn" : "arn"]: arn } : undefined,
        provider: role.provider,
    });
    const boundaryArn = phase === "deployed" ? arn : UNKNOWN;
    changeResource(stack, "replication-role", (props) => {
        props.permissionsBoundary = boundaryArn;
    });
    role.propertyDependencies = { ...role.propertyDependencies, permissionsBoundary: [urn] };
    role.dependencies = [...(role.dependencies ?? []), urn];
    return stack;
}

const ROLE_POLICY = { aws: "policy", native: "policyDocument" };

/**
 * The example role policy's statements, as `edit` changes them. In a preview the document is
 * unknown (computed from the buckets' and keys' ARNs): it is then written out as deployed, as a
 * program that spells the ARNs would.
 */
function editRolePolicy(stack: Stack, edit: (statements: Record<string, unknown>[]) => Record<string, unknown>[]): void {
    const deployed = resourceNamed(exampleStack("compliant-cross-region", "deployed"), "replication-role-policy");
    const written = deployed.inputs.policy;
    const document = (typeof written === "string" ? JSON.parse(written) : written) as { Statement: Record<string, unknown>[] };
    setProperty(stack, "replication-role-policy", ROLE_POLICY, JSON.stringify({ ...document, Statement: edit(document.Statement) }));
    const resource = named(stack, "replication-role-policy");
    const key = resource.type.startsWith("aws-native:") ? "policyDocument" : "policy";
    resource.propertyDependencies = Object.fromEntries(Object.entries(resource.propertyDependencies ?? {}).filter(([name]) => name !== key));
}

/** Adds a bucket policy (aws.s3.BucketPolicy) with `statements` to the example's source bucket. */
function withSourceBucketPolicy(stack: Stack, statements: object[]): StackResource {
    const bucket = named(stack, "source-bucket");
    const name = (bucket.inputs.bucket as string | undefined) ?? "source-bucket";
    const urn = bucket.urn.replace("::aws:s3/bucket:Bucket::source-bucket", "::aws:s3/bucketPolicy:BucketPolicy::source-bucket-policy");
    const inputs: PropertyMap = { bucket: name, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) };
    const resource: StackResource = {
        urn,
        type: "aws:s3/bucketPolicy:BucketPolicy",
        custom: true,
        inputs,
        outputs: bucket.outputs ? { ...inputs } : undefined,
        provider: bucket.provider,
    };
    resource.propertyDependencies = { bucket: [bucket.urn] };
    resource.dependencies = [bucket.urn];
    stack.resources.push(resource);
    return resource;
}

/** The aws shapes (v7, v6) and aws-native, for the guide example's stacks. */
const GUIDE_E2E_SHAPES: readonly GuideShape[] = ["v7", "v6", "aws-native"];

/**
 * A guide stack as the engine sends it; in the aws-native shape (an aws-native bucket) its role, role
 * policies and keys are aws-native resources too, unless the case needs aws.kms resources aws-native lacks.
 */
function onTheWire(guide: GuideStack, c: round3.Round3Case, { nativeIamAndKms: native = true }: { nativeIamAndKms?: boolean } = {}): Stack {
    const stack = stackFromSpecs(guide.stack.resources, `guide-${c.shape}-${c.preview ? "preview" : "deployed"}`);
    return c.shape === "aws-native" && native ? nativeIamAndKms(stack) : stack;
}

describe("end to end: authorization, round 3 (issue 19's cases)", function () {
    this.timeout(120_000);
    const running = packForSuite();

    forEachExampleShape((shape, phase, label, compliant) => {
        // Seed page: "the s3:GetObjectVersion action allows replication of unencrypted and SSE-S3-encrypted objects, but not of
        // objects created by using SSE-KMS".
        it(`item 1: s3:GetObjectVersion is enough for a rule without the SSE-KMS opt-in, not for one with it (${label})`, async () => {
            const plainRead = (optIn: boolean) => {
                const stack = compliant();
                editRolePolicy(stack, (statements) =>
                    statements.map((st, i) => (i === 1 ? { ...st, Action: ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"] } : st)),
                );
                if (!optIn) {
                    changeResource(stack, "replication-config", (props) => {
                        const rule = firstRule(props);
                        delete rule.sourceSelectionCriteria;
                        delete objectAt(rule, "destination").encryptionConfiguration;
                    });
                }
                return stack;
            };
            const without = await running().check(plainRead(false));
            assert.ok(!levels(without, ROLE_S3).includes("mandatory"), describeFindings(without));
            const withOptIn = await running().check(plainRead(true));
            assert.ok(
                findingsOf(withOptIn, ROLE_S3).some(
                    (d) => d.enforcementLevel === "mandatory" && /is not allowed s3:GetObjectVersionForReplication/.test(d.message),
                ),
                describeFindings(withOptIn),
            );
        });

        // IAM user guide, "How AWS enforcement code logic evaluates requests to allow or deny access": "Resource-based policies
        // that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy."
        it(`item 3: a key-policy grant naming the role's ARN does not escape its boundary (${label})`, async () => {
            const stack = withBoundaryPolicy(compliant(), phase, "s3:*");
            const roleArn = named(stack, "replication-config").inputs.role as string;
            setProperty(
                stack,
                "source-key",
                KEY_POLICY,
                keyPolicy(ownerStatement, { Effect: "Allow", Principal: { AWS: roleArn }, Action: "kms:Decrypt", Resource: "*" }),
            );
            const analysis = await running().check(stack);
            const onSourceKey = findingsOf(analysis, ROLE_KMS).filter(
                (d) => d.enforcementLevel === "mandatory" && /kms:Decrypt on the source objects' KMS key/.test(d.message),
            );
            assert.strictEqual(onSourceKey.length, 1, describeFindings(analysis));
            assert.match(onSourceKey[0].message, /\(\S+ "boundary"\) does not allow kms:Decrypt/);
        });

        // IAM user guide, "Permissions boundaries for IAM entities": "The NotPrincipal element with a Deny effect will always deny
        // any IAM principal that has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."
        it(`item 4: a bucket policy Deny with NotPrincipal listing the role denies a role with a boundary (${label})`, async () => {
            const roleArn = named(compliant(), "replication-config").inputs.role as string;
            const trap = {
                Effect: "Deny",
                NotPrincipal: { AWS: [roleArn, `arn:aws:iam::${ACCOUNT}:root`] },
                Action: "s3:*",
                Resource: ["arn:aws:s3:::source-bucket-4456a51", "arn:aws:s3:::source-bucket-4456a51/*"],
            };
            const unbounded = compliant();
            withSourceBucketPolicy(unbounded, [trap]);
            assert.ok(!levels(await running().check(unbounded), ROLE_S3).includes("mandatory"), "without a boundary NotPrincipal spares the role");
            const bounded = withBoundaryPolicy(compliant(), phase, "*");
            withSourceBucketPolicy(bounded, [trap]);
            const analysis = await running().check(bounded);
            const denied = findingsOf(analysis, ROLE_S3).filter((d) => d.enforcementLevel === "mandatory");
            assert.ok(
                denied.some((d) => /a Deny with NotPrincipal denies every principal with a permissions boundary/.test(d.message)),
                describeFindings(analysis),
            );
        });
    });

    // Items 1 to 8 on the guide example's stacks (tests/support/round3-stacks.ts, shared with the unit tests), in the
    // aws v7 and v6 shapes and in aws-native (bucket, role, role policy and keys as aws-native resources where aws-native has them).
    for (const shape of GUIDE_E2E_SHAPES) {
        for (const phase of PHASES) {
            const label = `${shape === "aws-native" ? shape : `aws ${shape}`}, ${phase}`;
            const c: round3.Round3Case = { shape, preview: phase === "preview" };
            const check = (guide: GuideStack, options: { nativeIamAndKms?: boolean } = {}) => running().check(onTheWire(guide, c, options));
            const mandatoryOf = (analysis: StackAnalysis, policy: string) => findingsOf(analysis, policy).filter((d) => d.enforcementLevel === "mandatory");
            const sourceKeyLabel = c.preview ? `${shape === "aws-native" ? "aws-native.kms.Key" : "aws.kms.Key"} "source-key"` : SOURCE_KEY_ARN;
            const keyOrigin = (name: string) => `the key policy of ${shape === "aws-native" ? "aws-native.kms.Key" : "aws.kms.Key"} "${name}"`;

            // Seed page: "the s3:GetObjectVersion action allows replication of unencrypted and SSE-S3-encrypted objects, but not of
            // objects created by using SSE-KMS".
            it(`item 1: s3:GetObjectVersion is enough for a rule without the SSE-KMS opt-in, not for one with it (${label})`, async () => {
                const without = await check(round3.plainReadStack(c, false));
                assert.deepStrictEqual(mandatoryOf(without, ROLE_S3), [], describeFindings(without));
                const withOptIn = await check(round3.plainReadStack(c, true));
                const finding = theOnly(mandatoryOf(withOptIn, ROLE_S3), describeFindings(withOptIn));
                assertIncludes(
                    finding.message,
                    "is not allowed s3:GetObjectVersionForReplication on the source objects arn:aws:s3:::source-bucket/Tax*",
                    "It is allowed s3:GetObjectVersion, which does not cover the SSE-KMS objects this rule replicates (it opts in to them).",
                );
            });

            // IAM user guide, "How AWS enforcement code logic evaluates requests to allow or deny access": "Resource-based policies
            // that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy."
            it(`item 3: a key-policy statement naming the role's ARN does not escape a boundary that lacks kms:Decrypt (${label})`, async () => {
                const onSourceKey = (analysis: StackAnalysis) =>
                    mandatoryOf(analysis, ROLE_KMS).filter((d) => d.message.includes("kms:Decrypt on the source objects' KMS key"));
                const bare = onSourceKey(await check(round3.roleArnGrantStack(c, false)));
                const named = onSourceKey(await check(round3.roleArnGrantStack(c, true)));
                // A boundary that allows no kms: action denies before the key's ARN is known: a first preview reports it too.
                assert.strictEqual(bare.length, 1);
                assert.strictEqual(named.length, bare.length, "adding the statement naming the role's ARN must not hide the boundary failure");
                for (const finding of named) {
                    assert.match(finding.message, /the permissions boundary of \S+ "replication-role" \(\S+ "boundary"\) does not allow kms:Decrypt/);
                }
            });

            // IAM user guide, "Permissions boundaries for IAM entities": "The NotPrincipal element with a Deny effect will always deny
            // any IAM principal that has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."
            it(`item 4: a bucket policy Deny with NotPrincipal listing the role denies a role with a boundary (${label})`, async () => {
                const unbounded = await check(round3.notPrincipalTrapStack(c, false).guide);
                assert.deepStrictEqual(mandatoryOf(unbounded, ROLE_S3), [], "without a boundary NotPrincipal spares the role");
                const { guide, policy } = round3.notPrincipalTrapStack(c, true);
                const bounded = await check(guide);
                const onSource = mandatoryOf(bounded, ROLE_S3).find((d) => d.message.includes("on the source bucket"));
                assert.ok(onSource, describeFindings(bounded));
                assert.strictEqual(urnName(onSource.urn ?? ""), "replication-role", "bucket-policy denials are reported on the role");
                assertIncludes(
                    onSource.message,
                    `statement 1 of ${shape === "aws-native" ? "aws-native.s3.BucketPolicy" : "aws.s3.BucketPolicy"} "${policy.name}" denies s3:GetReplicationConfiguration`,
                    "a Deny with NotPrincipal denies every principal with a permissions boundary, whatever NotPrincipal lists",
                );
            });

            // KMS developer guide, "Key policies in AWS KMS": "Unless the key policy explicitly allows it, you cannot use IAM policies
            // to allow access to a KMS key." A key policy names its key as Resource "*": it is evaluated before the key's ARN is known.
            it(`item 2: an in-stack replica key's policy that lets in neither the role nor its account is mandatory, first preview included (${label})`, async () => {
                const analysis = await check(round3.replicaKeyPolicyStack(c, "admin-only"));
                const finding = theOnly(
                    mandatoryOf(analysis, ROLE_KMS).filter((d) => urnName(d.urn ?? "") === "replica-key"),
                    describeFindings(analysis),
                );
                assertIncludes(
                    finding.message,
                    `is not allowed kms:Encrypt on the replica KMS key ${c.preview ? `${shape === "aws-native" ? "aws-native.kms.Key" : "aws.kms.Key"} "replica-key"` : REPLICA_KEY_ARN}`,
                    `${keyOrigin("replica-key")} lets in neither the role nor its account`,
                    `{"Sid":"AllowS3ReplicationRole","Effect":"Allow","Principal":{"AWS":"${ROLE_ARN}"},"Action":"kms:Encrypt","Resource":"*"}`,
                );
                const delegating = await check(round3.replicaKeyPolicyStack(c, "delegating"));
                assert.deepStrictEqual(mandatoryOf(delegating, ROLE_KMS), [], describeFindings(delegating));
            });

            // KMS developer guide, "Control access to multi-Region keys": "Each multi-Region key is an independent resource with a
            // unique key ARN and key policy". On aws, an aws.kms.KeyPolicy naming the shared mrk- id belongs to the key its keyId was
            // computed from; on aws-native, the aws-native:kms:Key (multiRegion) and its aws-native:kms:ReplicaKey each carry their
            // own keyPolicy.
            it(`item 5: a multi-Region replica key's policy is told from its primary's, and the source key's from both (${label})`, async () => {
                const native = shape === "aws-native";
                const policyLabel = (name: string) =>
                    native
                        ? `the key policy of ${name === "replica-key" ? "aws-native.kms.ReplicaKey" : "aws-native.kms.Key"} "${name}"`
                        : name === "source-key"
                          ? keyOrigin(name)
                          : `the key policy aws.kms.KeyPolicy "${name}-policy"`;
                const adminOnly = [allowStatement(round3.KEY_ADMIN, "kms:*")];
                const theOnlyFindingOn = async (policies: round3.MultiRegionKeyPolicies, on: "replica-key" | "source-key", denied: string) => {
                    const built = round3.multiRegionKeyPolicyStack(c, policies);
                    const analysis = await check(built.guide);
                    const finding = theOnly(mandatoryOf(analysis, ROLE_KMS), describeFindings(analysis));
                    assert.strictEqual(finding.urn, (on === "replica-key" ? built.replicaPolicy : built.sourcePolicy).urn);
                    assertIncludes(finding.message, denied, `${policyLabel(on)} lets in neither the role nor its account`);
                };
                await theOnlyFindingOn({ replica: adminOnly }, "replica-key", "is not allowed kms:Encrypt on the replica KMS key");
                await theOnlyFindingOn(
                    { replica: [ownerStatement], source: adminOnly },
                    "source-key",
                    "is not allowed kms:Decrypt on the source objects' KMS key",
                );

                const primaryAdminOnly = await check(round3.multiRegionKeyPolicyStack(c, { replica: [ownerStatement], primary: adminOnly }).guide);
                assert.deepStrictEqual(mandatoryOf(primaryAdminOnly, ROLE_KMS), [], describeFindings(primaryAdminOnly));
            });

            // S3 user guide, "Using an S3 Bucket Key with replication": "When Amazon S3 replicates an encrypted object, it generally
            // preserves the encryption settings of the replica object in the destination bucket", so S3 calls kms:Decrypt on the replica
            // key (seed page, "Amazon S3 Bucket Keys and replication"); KMS developer guide, "Allowing users in other accounts to use a
            // KMS key": "Cross-account access requires permission in the key policy of the KMS key and in an IAM policy in the external
            // user's account."
            it(`item 6: a cross-account replica key named by an alias ARN, with a Bucket Key, needs kms:Decrypt in the role's own policy (${label})`, async () => {
                const analysis = await check(round3.crossAccountAliasStack(c, ["kms:Encrypt"], round3.CROSS_ACCOUNT_REPLICA_KEY));
                const aboutAlias = (a: StackAnalysis) => mandatoryOf(a, ROLE_KMS).filter((d) => d.message.includes(round3.CROSS_ACCOUNT_ALIAS));
                const finding = theOnly(aboutAlias(analysis), describeFindings(analysis));
                assert.strictEqual(urnName(finding.urn ?? ""), "replication-role", "the role's own policy must change");
                // Item 8: an alias is called an alias, not a "KMS key".
                assertIncludes(
                    finding.message,
                    `is not allowed kms:Decrypt on the replica key behind the alias ${round3.CROSS_ACCOUNT_ALIAS} (a key of account ${OTHER_ACCOUNT})`,
                    `on the key ARN that ${round3.CROSS_ACCOUNT_ALIAS} points to (arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:key/<key id>)`,
                );
                for (const { message } of analysis.diagnostics) {
                    assert.doesNotMatch(message, ALIAS_AS_KEY);
                }
                const decryptToo = await check(round3.crossAccountAliasStack(c, ["kms:Encrypt", "kms:Decrypt"], round3.OTHER_ACCOUNT_KEYS));
                assert.deepStrictEqual(aboutAlias(decryptToo), [], describeFindings(decryptToo));
            });

            // README: "undecided is never mandatory, and the advisory says what could not be decided and why". IAM user guide, "AWS
            // global condition context keys": aws:PrincipalOrgID is the organization of the requesting principal's account, which no
            // resource of the stack shows. A key policy names its key as Resource "*": a first preview decides it too (item 2).
            it(`item 7: allowed only if a condition the stack cannot know holds: one advisory naming the statement and what to confirm, first preview included (${label})`, async () => {
                const orgOnly = await check(round3.sourceKeyPolicyStack(c, round3.ORG_ONLY_DECRYPT));
                assert.deepStrictEqual(mandatoryOf(orgOnly, ROLE_KMS), [], describeFindings(orgOnly));
                const confirm = theOnly(
                    findingsOf(orgOnly, ROLE_KMS).filter((d) => d.message.includes("which the stack cannot tell")),
                    describeFindings(orgOnly),
                );
                assert.strictEqual(confirm.enforcementLevel, "advisory");
                assertIncludes(
                    confirm.message,
                    `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                    `statement 1 of ${keyOrigin("source-key")}: that its condition StringEquals aws:PrincipalOrgID holds for the replication role's requests`,
                );
                const sessionDeny = await check(round3.sourceKeyPolicyStack(c, ownerStatement, round3.SESSION_DENY_DECRYPT));
                assert.deepStrictEqual(mandatoryOf(sessionDeny, ROLE_KMS), [], describeFindings(sessionDeny));
                assert.ok(
                    findingsOf(sessionDeny, ROLE_KMS).some((d) =>
                        d.message.includes(`statement 2 of ${keyOrigin("source-key")}: that the role session it names is not the one S3 uses`),
                    ),
                    describeFindings(sessionDeny),
                );
                const allowedAnyway = await check(round3.sourceKeyPolicyStack(c, ownerStatement, round3.ORG_ONLY_DECRYPT));
                assert.deepStrictEqual(findingsOf(allowedAnyway, ROLE_KMS), [], "allowed by another path: nothing to say");
            });

            // IAM user guide, "AWS global condition context keys": aws:PrincipalTag/tag-key is a tag attached to the principal
            // making the request, which the stack cannot vouch for at request time.
            it(`item 7: a key policy letting the role in only by aws:PrincipalTag is one advisory; nothing when the account is let in too (${label})`, async () => {
                const tagOnly = await check(round3.sourceKeyPolicyStack(c, round3.TAG_ONLY_DECRYPT));
                assert.deepStrictEqual(mandatoryOf(tagOnly, ROLE_KMS), [], "undecided is never mandatory");
                const advisory = theOnly(findingsOf(tagOnly, ROLE_KMS), describeFindings(tagOnly));
                assert.strictEqual(advisory.enforcementLevel, "advisory");
                assertIncludes(
                    advisory.message,
                    `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                    `statement 1 of ${keyOrigin("source-key")}: that its condition StringEquals aws:PrincipalTag/team holds for the replication role's requests, which the stack cannot tell`,
                );
                const allowedAnyway = await check(round3.sourceKeyPolicyStack(c, ownerStatement, round3.TAG_ONLY_DECRYPT));
                assert.deepStrictEqual(findingsOf(allowedAnyway, ROLE_KMS), [], "allowed by another path: nothing to say");
            });

            // KMS API reference, "GrantConstraints": "Use this structure to allow cryptographic operations in the grant only when
            // the operation request includes the specified encryption context." KMS developer guide, "Grants in AWS KMS": "the
            // principal identified in the grant can execute the permitted operations, subject to the defined constraints".
            it(`item 7: an in-stack grant that is the only way in but applies only for an encryption context is one advisory naming it (${label})`, async () => {
                const { guide, grant } = round3.constrainedGrantStack(c);
                const analysis = await check(guide);
                assert.deepStrictEqual(mandatoryOf(analysis, ROLE_KMS), [], "undecided is never mandatory");
                const advisory = theOnly(findingsOf(analysis, ROLE_KMS), describeFindings(analysis));
                assertIncludes(
                    advisory.message,
                    `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                    `aws.kms.Grant "${grant.name}": that its constraints (encryptionContextEquals) admit the encryption context S3 sends for every object it replicates (kms:EncryptionContext:aws:s3:arn), which the stack cannot tell`,
                );
                assert.ok(!advisory.message.includes("Tax/2024.csv"), "the constraint's value is not quoted");
                const allowedAnyway = await check(round3.constrainedGrantStack(c, { keyPolicy: keyPolicyJson(ownerStatement) }).guide);
                assert.deepStrictEqual(findingsOf(allowedAnyway, ROLE_KMS), [], "allowed by another path: nothing to say");
                // A grantee computed from the role is unknown in a first preview: the next preview decides whom the grant is for.
                const computed = await check(round3.constrainedGrantStack(c, { computedGrantee: true }).guide);
                assert.deepStrictEqual(mandatoryOf(computed, ROLE_KMS), []);
                assert.strictEqual(findingsOf(computed, ROLE_KMS).length, c.preview ? 0 : 1, describeFindings(computed));
            });

            // IAM user guide, "AWS JSON policy elements: NotPrincipal": "If an assumed-role user (someone who is using a role) is
            // being evaluated, AWS might validate the account first, then the role, and then the assumed-role user. The assumed-role
            // user is identified by the role session name that is specified when they assumed the role."
            it(`item 7: a Deny with NotPrincipal naming the role and its account (no boundary) is one advisory per policy, naming the statement (${label})`, async () => {
                const onKey = await check(round3.sourceKeyPolicyStack(c, ownerStatement, round3.NOT_PRINCIPAL_DENY_DECRYPT));
                assert.deepStrictEqual(mandatoryOf(onKey, ROLE_KMS), [], "undecided is never mandatory");
                const advisory = theOnly(findingsOf(onKey, ROLE_KMS), describeFindings(onKey));
                assertIncludes(
                    advisory.message,
                    `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                    `statement 2 of ${keyOrigin("source-key")}: that its NotPrincipal spares the session of the role S3 uses (its name is not in the stack), which the stack cannot tell`,
                );
                const { guide, policy } = round3.notPrincipalTrapStack(c, false);
                const onBucket = await check(guide);
                assert.deepStrictEqual(mandatoryOf(onBucket, ROLE_S3), [], "without a boundary, undecided: never mandatory");
                const s3Advisory = theOnly(findingsOf(onBucket, ROLE_S3), describeFindings(onBucket));
                assertIncludes(
                    s3Advisory.message,
                    `statement 1 of ${shape === "aws-native" ? "aws-native.s3.BucketPolicy" : "aws.s3.BucketPolicy"} "${policy.name}": that its NotPrincipal spares the session of the role S3 uses`,
                );
            });

            it(`item 8: a "*" statement whose kms:ViaService names the wrong Region gets that condition corrected, not a new statement (${label})`, async () => {
                const analysis = await check(round3.sourceKeyPolicyStack(c, round3.WRONG_REGION_DECRYPT));
                const finding = theOnly(
                    mandatoryOf(analysis, ROLE_KMS).filter((d) => urnName(d.urn ?? "") === "source-key"),
                    describeFindings(analysis),
                );
                assertIncludes(
                    finding.message,
                    `statement 1 of ${keyOrigin("source-key")} would let it in, but its condition StringEquals kms:ViaService does not match s3.us-east-1.amazonaws.com`,
                    `Correct that condition in statement 1 of ${keyOrigin("source-key")} so that it admits what S3 sends (kms:ViaService s3.us-east-1.amazonaws.com)`,
                );
                assert.ok(!finding.message.includes("lets in neither") && !finding.message.includes("Add to"), finding.message);
            });

            // KMS developer guide, "Grants in AWS KMS": "the principal identified in the grant can execute the permitted operations,
            // subject to the defined constraints".
            it(`item 8: an in-stack grant that lacks the operation is named (${label})`, async () => {
                const { guide, grant } = round3.sourceKeyGrantStack(c, ["Encrypt", "GenerateDataKey"]);
                const analysis = await check(guide);
                const finding = theOnly(
                    mandatoryOf(analysis, ROLE_KMS).filter((d) => urnName(d.urn ?? "") === "source-key"),
                    describeFindings(analysis),
                );
                assertIncludes(
                    finding.message,
                    `aws.kms.Grant "${grant.name}" may give the role this key's use, but its operations (Encrypt and GenerateDataKey) do not include Decrypt: add Decrypt to them`,
                );
                const covering = await check(round3.sourceKeyGrantStack(c, ["Encrypt", "Decrypt"]).guide);
                assert.deepStrictEqual(mandatoryOf(covering, ROLE_KMS), [], describeFindings(covering));
            });

            it(`item 8: a boundary outside the stack is one cause, one finding per policy, without double brackets (${label})`, async () => {
                const analysis = await check(round3.outOfStackBoundaryStack(c));
                for (const policy of [ROLE_KMS, ROLE_S3]) {
                    const aboutBoundary = findingsOf(analysis, policy).filter((d) => d.message.includes("permissions boundary"));
                    assert.deepStrictEqual(
                        aboutBoundary.filter((d) => d.enforcementLevel === "mandatory"),
                        [],
                    );
                    assert.strictEqual(aboutBoundary.length, c.preview ? 0 : 1, describeFindings(analysis));
                    for (const finding of aboutBoundary) {
                        assertIncludes(finding.message, `(${round3.OUT_OF_STACK_BOUNDARY}, outside this stack) cannot be checked`);
                    }
                }
                assert.ok(!analysis.diagnostics.some((d) => /\(\(|\)\)/.test(d.message)), describeFindings(analysis));
            });

            it(`item 8: messages write the pattern the rule covers, never the sample object (${label})`, async () => {
                const analysis = await check(round3.sourceKeyPolicyStack(c, round3.OTHER_BUCKET_DECRYPT));
                assert.ok(!analysis.diagnostics.some((d) => d.message.includes("replicated-object")), describeFindings(analysis));
                assert.ok(
                    findingsOf(analysis, ROLE_KMS).some((d) => d.message.includes("kms:EncryptionContext:aws:s3:arn arn:aws:s3:::source-bucket/Tax*")),
                    describeFindings(analysis),
                );
            });

            it(`item 8: a bucket whose name is unknown in a first preview is named by its resource, never by an empty name (${label})`, async () => {
                const analysis = await check(round3.autoNamedBucketsStack(c));
                const [throttling] = findingsOf(analysis, "s3-replication-kms-throttling");
                assert.ok(throttling, describeFindings(analysis));
                assertIncludes(throttling.message, c.preview ? 'into bucket resource "destination-bucket"' : 'into bucket "destination-bucket"');
                for (const { message } of analysis.diagnostics) {
                    assert.doesNotMatch(message, EMPTY_NAME);
                }
            });
        }
    }
});
