/** What holds for every stack policy of the pack: the seed's compliant example is clean, and no input makes a policy fail. */
import * as assert from "assert";
import * as fc from "fast-check";
import { StackValidationPolicy } from "@pulumi/policy";
import { encryptedSourceOptIn } from "../../policies/encrypted-source-opt-in";
import { multiRegionKey } from "../../policies/multi-region-key";
import { replicaKeyRegion } from "../../policies/replica-key-region";
import { replicaKeyUsable } from "../../policies/replica-key-usable";
import { replicationVersioning } from "../../policies/replication-versioning";
import { crossAccountKey } from "../../policies/cross-account-key";
import { bucketKey } from "../../policies/bucket-key";
import { kmsThrottling } from "../../policies/kms-throttling";
import { replicaEtag } from "../../policies/replica-etag";
import { types } from "../../policies/model/resource-types";
import { analyzeStack, previewNoise, ResourceSpec, UNKNOWN } from "../support/harness";
import { isInternalError } from "../support/stack-policies";
import { SEED_CASES, seedStack } from "../support/seed-stack";

const STACK_POLICIES: StackValidationPolicy[] = [encryptedSourceOptIn, replicaKeyRegion, replicaKeyUsable, multiRegionKey, replicationVersioning,
    crossAccountKey, bucketKey, kmsThrottling, replicaEtag];

// Properties and values the pack reads, mixed with junk and unknowns.

const relevantTypes = [...Object.values(types).filter((t) => !t.startsWith("pulumi:providers")), "my:component:Thing", "aws:sns/topic:Topic"];
const propertyNames = ["bucket", "bucketName", "arn", "keyId", "name", "region", "role", "rules", "destination", "replicaKmsKeyId",
    "encryptionConfiguration", "sourceSelectionCriteria", "sseKmsEncryptedObjects", "status", "versioning", "versionings",
    "versioningConfiguration", "replicationConfiguration", "replicationConfigurations", "serverSideEncryptionConfiguration",
    "serverSideEncryptionConfigurations", "bucketEncryption", "applyServerSideEncryptionByDefault", "sseAlgorithm",
    "kmsMasterKeyId", "targetKeyId", "primaryKeyArn", "keyUsage", "customerMasterKeySpec", "isEnabled", "enabled", "multiRegion", "policy",
    "bucketKeyEnabled", "account", "accountId", "allowedAccountIds", "operations", "granteePrincipal"];
const strings = [UNKNOWN, "", "Enabled", "Disabled", "Suspended", "aws:kms", "aws:kms:dsse", "AES256", "us-east-1", "us-west-2",
    "arn:aws:s3:::b1", "b1", "arn:aws:kms:us-east-1:111111111111:key/mrk-1", "arn:aws:kms:us-west-2:111111111111:alias/a",
    "alias/a", "mrk-1", "arn:aws:iam::111111111111:role/r", "r", "arn:", "SIGN_VERIFY", "[\"111111111111\"]", "not json ["];
const leaf = fc.oneof(fc.constantFrom(...strings), fc.boolean(), fc.integer(), fc.constant(null));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("tree"), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...propertyNames), tie("tree"), { maxKeys: 4 })),
}));
const props = fc.dictionary(fc.constantFrom(...propertyNames), tree, { maxKeys: 6 }) as fc.Arbitrary<Record<string, unknown>>;
const resource = fc.record({
    type: fc.constantFrom(...relevantTypes),
    props,
    provider: fc.option(fc.record({ pkg: fc.constantFrom("aws", "aws-native"), props }), { nil: undefined }),
    deps: fc.dictionary(fc.constantFrom(...propertyNames), fc.array(fc.nat(11), { maxLength: 3 }), { maxKeys: 3 }),
});

async function assertNoFailure(specs: ResourceSpec[]): Promise<void> {
    const diagnostics = await analyzeStack(STACK_POLICIES, specs);
    assert.deepStrictEqual(diagnostics.filter(isInternalError), []);
    assert.deepStrictEqual(previewNoise(diagnostics), []);
}

/** `root` with the value at the path chosen by `choices` (each picks a key or element) replaced. */
function replaceAt(root: unknown, choices: number[], value: unknown): unknown {
    if (choices.length === 0 || typeof root !== "object" || root === null) {
        return value;
    }
    const keys = Object.keys(root);
    if (keys.length === 0) {
        return value;
    }
    const [choice, ...rest] = choices;
    const key = keys[choice % keys.length];
    const copy: Record<string, unknown> = Array.isArray(root) ? ([...root] as unknown as Record<string, unknown>) : { ...root };
    copy[key] = replaceAt(copy[key], rest, value);
    return copy;
}

describe("stack policies", () => {
    it("find nothing wrong with the seed's compliant example, in every shape, before and after deployment", async () => {
        for (const { shape, preview } of SEED_CASES) {
            for (const replicaKeyKind of ["key", "alias"] as const) {
                const diagnostics = await analyzeStack(STACK_POLICIES, seedStack({ shape, preview, overrides: { replicaKeyKind } }).stack);
                assert.deepStrictEqual(diagnostics, [], `${shape} ${preview ? "preview" : "deployed"} ${replicaKeyKind}`);
            }
        }
    });

    it("survive malformed stacks: random properties, missing providers, cycles in dependencies", async () => {
        await fc.assert(fc.asyncProperty(fc.array(resource, { minLength: 1, maxLength: 12 }), async (generated) => {
            const urn = (i: number) => `urn:pulumi:dev::proj::${generated[i % generated.length].type}::r${i % generated.length}`;
            const specs: ResourceSpec[] = generated.map((g, i) => {
                // Dependencies may point forward, back, or at the resource itself.
                const propertyDependencies = Object.fromEntries(Object.entries(g.deps).map(([property, targets]) => [property, targets.map(urn)]));
                const provider = g.provider && {
                    type: `pulumi:providers:${g.provider.pkg}`, name: `p${i}`, urn: `urn:pulumi:dev::proj::pulumi:providers:${g.provider.pkg}::p${i}`,
                    props: g.provider.props, propertyDependencies: {}, dependencies: [],
                };
                return { type: g.type, name: `r${i}`, urn: urn(i), props: g.props, provider, propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())] };
            });
            await assertNoFailure(specs);
        }), { numRuns: 200 });
    });

    it("survive the seed's stacks with any value replaced, any provider dropped, any dependency added", async () => {
        const mutation = fc.record({
            resource: fc.nat(),
            path: fc.array(fc.nat(), { maxLength: 6 }),
            value: tree,
            dropProvider: fc.boolean(),
            dependency: fc.option(fc.record({ property: fc.constantFrom(...propertyNames), target: fc.nat() }), { nil: undefined }),
        });
        await fc.assert(fc.asyncProperty(fc.constantFrom(...SEED_CASES), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (seedCase, mutations) => {
            const specs = seedStack(seedCase).stack.resources.map((spec) => ({ ...spec, props: structuredClone(spec.props), propertyDependencies: { ...spec.propertyDependencies } }));
            for (const m of mutations) {
                const spec = specs[m.resource % specs.length];
                spec.props = replaceAt(spec.props, m.path, m.value) as Record<string, unknown>;
                if (m.dropProvider) {
                    spec.provider = undefined;
                }
                if (m.dependency) {
                    const target = specs[m.dependency.target % specs.length].urn;
                    spec.propertyDependencies[m.dependency.property] = [...(spec.propertyDependencies[m.dependency.property] ?? []), target];
                }
            }
            await assertNoFailure(specs);
        }), { numRuns: 300 });
    });
});
