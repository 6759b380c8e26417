import * as assert from "assert";
import { KeyReference, stackIndex } from "../../../policies/model/stack";
import { types } from "../../../policies/model/resource-types";
import { Read } from "../../../policies/model/value";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources, resourceOf } from "../../support/policy-resources";
import { aliasArn, DESTINATION_REGION, MULTI_REGION_KEY_ID, REPLICA_ALIAS, guideStack } from "../../support/guide-stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const valueOf = (r: Read) => (r.state === "known" ? r.value : r.state);
const known = (value: unknown): Read => ({ state: "known", value, secret: false });
const unknown: Read = { state: "unknown", secret: false };
const keyName = (reference: KeyReference) => (reference.kind === "in-stack" ? reference.key.resource.name : reference.kind);

describe("stack index: KMS keys", () => {
    it("applies the defaults of a key that sets nothing, and keeps what it sets", async () => {
        const stack = new StackBuilder();
        const plain = stack.add(types.kmsKey, "plain", { arn: UNKNOWN, keyId: UNKNOWN, multiRegion: UNKNOWN });
        const signing = stack.add(types.kmsKey, "signing", {
            keyUsage: "SIGN_VERIFY",
            customerMasterKeySpec: "ECC_NIST_P256",
            isEnabled: false,
            multiRegion: true,
        });
        const role = stack.add(types.iamRole, "role", {});
        const resources = await policyResources(stack);
        const index = stackIndex(resources, NO_SECRETS);
        const p = index.kmsKey(resourceOf(resources, plain))!;
        assert.deepStrictEqual(
            [valueOf(p.keyUsage), valueOf(p.keySpec), valueOf(p.enabled), valueOf(p.multiRegion)],
            ["ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", true, false],
        );
        const s = index.kmsKey(resourceOf(resources, signing))!;
        assert.deepStrictEqual(
            [valueOf(s.keyUsage), valueOf(s.keySpec), valueOf(s.enabled), valueOf(s.multiRegion)],
            ["SIGN_VERIFY", "ECC_NIST_P256", false, true],
        );
        assert.strictEqual(index.kmsKey(resourceOf(resources, role)), undefined);
    });

    for (const preview of [true, false]) {
        const phase = preview ? "preview" : "deployed";
        it(`resolves an alias to the key it targets (${phase})`, async () => {
            const guide = guideStack({ shape: "v7", preview, overrides: { replicaKeyKind: "alias" } });
            const resources = await policyResources(guide.stack);
            const index = stackIndex(resources, NO_SECRETS);
            const [rule] = index.replications();
            assert.strictEqual(keyName(rule.replicaKey), "replica-key");
            assert.strictEqual(rule.replicaKey.kind === "in-stack" && rule.replicaKey.alias?.name, REPLICA_ALIAS);
            assert.strictEqual(valueOf(index.keyRegion(rule.replicaKey)), DESTINATION_REGION);
        });

        it(`gives a replica key its primary's usage until its own is known, and knows it is multi-Region (${phase})`, async () => {
            const guide = guideStack({ shape: "v6", preview, overrides: { replicaKeyKind: "replica-key" } });
            const resources = await policyResources(guide.stack);
            const index = stackIndex(resources, NO_SECRETS);
            const [rule] = index.replications();
            assert.strictEqual(keyName(rule.replicaKey), "replica-key");
            if (rule.replicaKey.kind === "in-stack") {
                assert.strictEqual(valueOf(rule.replicaKey.key.keyUsage), "ENCRYPT_DECRYPT");
                assert.strictEqual(valueOf(rule.replicaKey.key.keySpec), "SYMMETRIC_DEFAULT");
            }
            assert.strictEqual(index.isMultiRegionKey(rule.replicaKey), true);
            assert.strictEqual(valueOf(index.keyRegion(rule.replicaKey)), DESTINATION_REGION);
        });
    }

    it("takes an alias's Region for a key outside the stack, and an ARN's when nothing else is known", async () => {
        const stack = new StackBuilder();
        const west = stack.provider("west", { region: "us-west-2" });
        stack.add(types.kmsAlias, "alias", { name: "alias/external", targetKeyId: "abcd" }, { provider: west });
        const index = stackIndex(await policyResources(stack), NO_SECRETS);
        const viaAlias = index.key(known("alias/external"), [], "us-west-2");
        assert.deepStrictEqual([viaAlias.kind, viaAlias.kind === "external" && viaAlias.alias?.name], ["external", "alias"]);
        assert.strictEqual(valueOf(index.keyRegion(viaAlias)), "us-west-2");
        const byArn = index.key(known("arn:aws:kms:eu-west-1:111111111111:key/abcd"));
        assert.strictEqual(valueOf(index.keyRegion(byArn)), "eu-west-1");
        assert.strictEqual(index.isMultiRegionKey(byArn), false);
        assert.strictEqual(index.isMultiRegionKey(index.key(known(`arn:aws:kms:eu-west-1:111111111111:key/${MULTI_REGION_KEY_ID}`))), true);
        assert.strictEqual(index.isMultiRegionKey(index.key(known(aliasArn("eu-west-1", "alias/x")))), "unknown");
        assert.strictEqual(index.keyRegion(index.key(known("abcd"))).state, "unknown");
        assert.strictEqual(index.key(unknown).kind, "unresolved");
    });

    it("reads the key policy in force: a KeyPolicy naming the key replaces the key's own", async () => {
        for (const preview of [true, false]) {
            const stack = new StackBuilder();
            const key = stack.add(types.kmsKey, "key", {
                policy: '{"own":true}',
                keyId: preview ? UNKNOWN : "k1",
                arn: preview ? UNKNOWN : "arn:aws:kms:us-east-1:111111111111:key/k1",
            });
            const other = stack.add(types.kmsKey, "other", { policy: '{"other":true}', keyId: "k2", arn: "arn:aws:kms:us-east-1:111111111111:key/k2" });
            stack.add(types.kmsKeyPolicy, "key-policy", { keyId: preview ? UNKNOWN : "k1", policy: '{"replaced":true}' }, { deps: { keyId: key } });
            const resources = await policyResources(stack);
            const index = stackIndex(resources, NO_SECRETS);
            const policy = index.keyPolicy(index.kmsKey(resourceOf(resources, key))!);
            assert.deepStrictEqual(policy.state === "known" && [policy.value.declaredBy.name, valueOf(policy.value.document)], [
                "key-policy",
                '{"replaced":true}',
            ]);
            const own = index.keyPolicy(index.kmsKey(resourceOf(resources, other))!);
            assert.deepStrictEqual(own.state === "known" && [own.value.declaredBy.name, valueOf(own.value.document)], ["other", '{"other":true}']);
        }
    });

    it("reads a key's own unset policy as absent, also while the provider computes it during preview", async () => {
        const stack = new StackBuilder();
        const unset = stack.add(types.kmsKey, "unset", { policy: UNKNOWN, arn: UNKNOWN, keyId: UNKNOWN });
        const role = stack.add(types.iamRole, "role", { arn: UNKNOWN });
        const computed = stack.add(types.kmsKey, "computed", { policy: UNKNOWN }, { deps: { policy: role } });
        const resources = await policyResources(stack);
        const index = stackIndex(resources, NO_SECRETS);
        const documentOf = (spec: typeof unset) => {
            const policy = index.keyPolicy(index.kmsKey(resourceOf(resources, spec))!);
            return policy.state === "known" ? policy.value.document.state : policy.state;
        };
        assert.strictEqual(documentOf(unset), "absent");
        assert.strictEqual(documentOf(computed), "unknown");
    });

    describe("the key policy in force beside a KeyPolicy whose key is unknown", () => {
        /** Key "k1" (its ARN not known yet), its policy replaced by the KeyPolicy "k1-policy"; `extend` adds more. */
        async function policyOfK1(
            extend: (stack: StackBuilder, k1: ReturnType<StackBuilder["add"]>, k2: ReturnType<StackBuilder["add"]>) => void,
            withOwnKeyPolicy = true,
        ) {
            const stack = new StackBuilder();
            const k1 = stack.add(types.kmsKey, "k1", { policy: '{"own":true}', keyId: "k1", arn: UNKNOWN });
            const k2 = stack.add(types.kmsKey, "k2", { keyId: UNKNOWN, arn: UNKNOWN });
            if (withOwnKeyPolicy) {
                stack.add(types.kmsKeyPolicy, "k1-policy", { keyId: "k1", policy: '{"replaced":true}' });
            }
            extend(stack, k1, k2);
            const resources = await policyResources(stack);
            const index = stackIndex(resources, NO_SECRETS);
            const policy = index.keyPolicy(index.kmsKey(resourceOf(resources, k1))!);
            return policy.state === "known" ? [policy.value.declaredBy.name, valueOf(policy.value.document)] : policy.state;
        }

        it("is unknown: the other may name the key too, and be applied last", async () => {
            const maybe = (stack: StackBuilder) => {
                const suffix = stack.add("random:index/randomString:RandomString", "suffix", { result: UNKNOWN });
                stack.add(types.kmsKeyPolicy, "maybe-k1-policy", { keyId: UNKNOWN, policy: '{"other":true}' }, { deps: { keyId: suffix } });
            };
            assert.strictEqual(await policyOfK1(maybe), "unknown");
            assert.strictEqual(await policyOfK1(maybe, false), "unknown", "and beside the key's own policy");
        });

        it("is unknown when the other may be this key's or another's", async () => {
            assert.strictEqual(
                await policyOfK1((stack, k1, k2) => {
                    stack.add(types.kmsKeyPolicy, "k1-or-k2-policy", { keyId: UNKNOWN, policy: "{}" }, { deps: { keyId: [k1, k2] } });
                }),
                "unknown",
            );
        });

        it("reads the known one when the other's dependencies show it is another key's", async () => {
            assert.deepStrictEqual(
                await policyOfK1((stack, _k1, k2) => {
                    stack.add(types.kmsKeyPolicy, "k2-policy", { keyId: UNKNOWN, policy: "{}" }, { deps: { keyId: k2 } });
                }),
                ["k1-policy", '{"replaced":true}'],
            );
        });

        it("is unknown when two KeyPolicies name the key: which is applied last cannot be told", async () => {
            assert.strictEqual(
                await policyOfK1((stack) => {
                    stack.add(types.kmsKeyPolicy, "k1-policy-too", { keyId: "k1", policy: "{}" });
                }),
                "unknown",
            );
        });
    });
});
