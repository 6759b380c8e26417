import * as assert from "assert";
import { sseKmsOptIn } from "../../policies/sse-kms-opt-in";
import { analyzeResource, byPolicy, previewNoise, remediateResource, secret, StackBuilder, UNKNOWN } from "../support/harness";
import { replicationConfigurations } from "../../policies/model/replication";
import { inEveryShape, RuleSpec } from "../support/shapes";
import { NO_SECRETS } from "../../policies/model/secret-values";

const KEY = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const POLICY = "s3-replication-sse-kms-opt-in";

async function diagnosticsFor(rules: RuleSpec[]) {
    const results = [];
    for (const shaped of inEveryShape(rules)) {
        const stack = new StackBuilder();
        const resource = stack.add(shaped.type, "replication", shaped.props);
        const diagnostics = await analyzeResource([sseKmsOptIn], resource);
        results.push({ shape: shaped.shape, diagnostics });
    }
    return results;
}

describe("s3-replication-sse-kms-opt-in", () => {
    it("passes the guide example's example rule in every shape", async () => {
        for (const { shape, diagnostics } of await diagnosticsFor([
            {
                id: "Rule-1",
                priority: 1,
                filterPrefix: "Tax",
                deleteMarkerReplication: "Disabled",
                replicaKmsKeyId: KEY,
                sseKms: "Enabled",
            },
        ])) {
            assert.deepStrictEqual(diagnostics, [], shape);
        }
    });

    it("flags a rule with a replica key and no opt-in, in every shape", async () => {
        for (const { shape, diagnostics } of await diagnosticsFor([{ id: "Rule-1", replicaKmsKeyId: KEY }])) {
            const found = byPolicy(diagnostics, POLICY);
            assert.strictEqual(found.length, 1, shape);
            assert.strictEqual(found[0].enforcementLevel, "mandatory");
            assert.match(found[0].message, /rule "Rule-1" names a replica KMS key but does not opt in/);
            assert.match(found[0].message, /sseKmsEncryptedObjects/);
        }
    });

    it("flags an explicitly disabled opt-in", async () => {
        for (const { shape, diagnostics } of await diagnosticsFor([{ replicaKmsKeyId: KEY, sseKms: "Disabled" }])) {
            assert.match(byPolicy(diagnostics, POLICY)[0]?.message ?? "", /rule #1 names a replica KMS key/, shape);
        }
    });

    it("flags an opt-in without a replica key", async () => {
        for (const { shape, diagnostics } of await diagnosticsFor([{ id: "r", sseKms: "Enabled" }])) {
            const found = byPolicy(diagnostics, POLICY);
            assert.strictEqual(found.length, 1, shape);
            assert.match(found[0].message, /names no replica KMS key/);
        }
    });

    it("passes rules that replicate no KMS objects", async () => {
        for (const { shape, diagnostics } of await diagnosticsFor([{ id: "plain" }])) {
            assert.deepStrictEqual(diagnostics, [], shape);
        }
    });

    it("stays silent on unknown values during preview, with no framework noise", async () => {
        for (const rules of [
            [{ replicaKmsKeyId: KEY, sseKms: UNKNOWN }],
            [{ replicaKmsKeyId: UNKNOWN, sseKms: "Enabled" }],
            [{ replicaKmsKeyId: UNKNOWN, sseKms: UNKNOWN }],
        ]) {
            for (const { shape, diagnostics } of await diagnosticsFor(rules)) {
                assert.deepStrictEqual(diagnostics, [], `${shape} ${JSON.stringify(rules)}`);
            }
        }
    });

    it("leaves an unknown key without opt-in to the check on `pulumi up` (the value may turn out empty)", async () => {
        for (const { shape, diagnostics } of await diagnosticsFor([{ replicaKmsKeyId: UNKNOWN }])) {
            assert.deepStrictEqual(diagnostics, [], shape);
        }
    });

    it("stays silent when the whole rule list is unknown", async () => {
        const stack = new StackBuilder();
        const resource = stack.add("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "r", { bucket: "b", role: "x", rules: UNKNOWN });
        const diagnostics = await analyzeResource([sseKmsOptIn], resource);
        assert.deepStrictEqual(diagnostics, []);
        assert.deepStrictEqual(previewNoise(diagnostics), []);
    });

    it("reads secret values and never quotes them", async () => {
        const stack = new StackBuilder();
        const [shaped] = inEveryShape([{ id: "Rule-1", replicaKmsKeyId: secret(KEY) }]);
        const diagnostics = await analyzeResource([sseKmsOptIn], stack.add(shaped.type, "r", shaped.props));
        assert.strictEqual(diagnostics.length, 1);
        assert.ok(!diagnostics[0].message.includes(KEY));
    });
});

describe("s3-replication-sse-kms-opt-in remediation", () => {
    const remediate = { [POLICY]: "remediate" as const };

    it("adds the opt-in in each shape's own spelling, and the result then passes", async () => {
        for (const shaped of inEveryShape([{ id: "Rule-1", filterPrefix: "Tax", replicaKmsKeyId: KEY }, { id: "plain" }])) {
            const stack = new StackBuilder();
            const fixed = await remediateResource([sseKmsOptIn], stack.add(shaped.type, "r", shaped.props), remediate);
            assert.ok(fixed, shaped.shape);
            const again = await analyzeResource([sseKmsOptIn], stack.add(shaped.type, "r2", fixed));
            assert.deepStrictEqual(again, [], shaped.shape);
            const rules = replicationConfigurations(shaped.type, fixed, NO_SECRETS)[0].rules;
            assert.strictEqual(rules[0].sseKmsEncryptedObjects.state, "known", shaped.shape);
            assert.strictEqual(rules[1].sseKmsEncryptedObjects.state, "absent", `${shaped.shape}: untouched rule`);
            assert.deepStrictEqual(rules[0].filter.prefix, { state: "known", value: "Tax", secret: false });
        }
    });

    it("leaves an explicit Disabled, an unknown opt-in and compliant rules alone", async () => {
        for (const rules of [
            [{ replicaKmsKeyId: KEY, sseKms: "Disabled" }],
            [{ replicaKmsKeyId: KEY, sseKms: UNKNOWN }],
            [{ replicaKmsKeyId: KEY, sseKms: "Enabled" }],
        ]) {
            for (const shaped of inEveryShape(rules)) {
                const fixed = await remediateResource([sseKmsOptIn], new StackBuilder().add(shaped.type, "r", shaped.props), remediate);
                assert.strictEqual(fixed, undefined, shaped.shape);
            }
        }
    });

    it("never unwraps a secret: a rule behind a secret is not rewritten, secrets elsewhere stay secret", async () => {
        const [shaped] = inEveryShape([{ id: "Rule-1", replicaKmsKeyId: KEY }], secret("arn:aws:iam::111111111111:role/r"));
        const wrappedRule = { ...shaped.props, rules: [secret((shaped.props.rules as unknown[])[0])] };
        assert.strictEqual(await remediateResource([sseKmsOptIn], new StackBuilder().add(shaped.type, "r", wrappedRule), remediate), undefined);
        const fixed = await remediateResource([sseKmsOptIn], new StackBuilder().add(shaped.type, "r", shaped.props), remediate);
        assert.deepStrictEqual((fixed as Record<string, unknown>).role, secret("arn:aws:iam::111111111111:role/r"));
    });
});
