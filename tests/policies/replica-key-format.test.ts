import * as assert from "assert";
import { ResourceValidationArgs, Secret } from "@pulumi/policy";
import { replicaKeyFormat } from "../../policies/replica-key-format";
import { types } from "../../policies/model/resource-types";
import { byPolicy, previewNoise, secret, UNKNOWN } from "../support/harness";
import { inEveryShape, RuleSpec, ShapeName } from "../support/shapes";
import { analyzeShaped, ShapedDiagnostics } from "../support/shaped-analysis";
import { analyzed } from "../support/proxies";
import { assertIncludes } from "../support/assertions";

const POLICY = "s3-replication-replica-key-format";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY = `arn:aws:kms:us-west-2:111111111111:key/${KEY_ID}`;
const ALIAS = "arn:aws:kms:us-west-2:111111111111:alias/replica";

const KEY_FIELD: Record<ShapeName, string> = {
    BucketReplicationConfig: "destination.encryptionConfiguration.replicaKmsKeyId",
    Bucket: "destination.replicaKmsKeyId",
    BucketV2: "destinations[0].replicaKmsKeyId",
    "aws-native Bucket": "destination.encryptionConfiguration.replicaKmsKeyId",
};

function rule(replicaKmsKeyId: unknown, destinationBucket?: unknown): RuleSpec {
    return { id: "Rule-1", priority: 1, filterPrefix: "Tax", deleteMarkerReplication: "Disabled", sseKms: "Enabled", replicaKmsKeyId, destinationBucket };
}

async function analyze(rules: RuleSpec[]): Promise<ShapedDiagnostics[]> {
    return analyzeShaped([replicaKeyFormat], inEveryShape(rules));
}

/** One mandatory finding per shape, naming the rule and the shape's key field, matching `pattern`. */
async function assertFlaggedEverywhere(key: unknown, pattern: RegExp, destinationBucket?: unknown): Promise<string[]> {
    const messages: string[] = [];
    for (const { shape, diagnostics } of await analyze([rule(key, destinationBucket)])) {
        const found = byPolicy(diagnostics, POLICY);
        assert.strictEqual(found.length, 1, `${shape}: ${JSON.stringify(found)}`);
        assert.strictEqual(found[0].enforcementLevel, "mandatory");
        assertIncludes(found[0].message, `${shape} rule "Rule-1": ${KEY_FIELD[shape]} `);
        assert.match(found[0].message, pattern, shape);
        messages.push(found[0].message);
    }
    return messages;
}

async function assertCleanEverywhere(key: unknown, destinationBucket?: unknown): Promise<void> {
    for (const { shape, diagnostics } of await analyze([rule(key, destinationBucket)])) {
        assert.deepStrictEqual(diagnostics, [], `${shape} ${String(key)}`);
    }
}

describe("s3-replication-replica-key-format", () => {
    it("passes the guide example's example rule with a key ARN, and an alias ARN, in every shape", async () => {
        await assertCleanEverywhere(KEY);
        await assertCleanEverywhere(ALIAS);
        await assertCleanEverywhere(`arn:aws:kms:us-west-2:111111111111:key/mrk-${"0".repeat(32)}`);
    });

    it("passes rules without a replica key", async () => {
        for (const { shape, diagnostics } of await analyze([{ id: "plain" }])) {
            assert.deepStrictEqual(diagnostics, [], shape);
        }
    });

    it("flags a bare key id and says to pass the key's ARN", async () => {
        await assertFlaggedEverywhere(
            KEY_ID,
            new RegExp(
                `is a bare key id \\(\`${KEY_ID}\`\\).*use the key's ARN, \`arn:aws:kms:<region>:<account>:key/${KEY_ID}\`; the key resource's \`arn\` output, not its \`keyId\` or \`id\``,
            ),
        );
        await assertFlaggedEverywhere(`mrk-${"a".repeat(32)}`, /is a bare key id/);
    });

    it("flags an alias name and says to write the alias ARN or the key ARN", async () => {
        await assertFlaggedEverywhere(
            "alias/replica",
            /is an alias name \(`alias\/replica`\), not an alias ARN.*`arn:aws:kms:<region>:<account>:key\/<id>`.*`arn:aws:kms:<region>:<account>:alias\/replica` \(the alias resource's `arn` output, not its `name`\)/,
        );
    });

    it("flags the ARN of another service", async () => {
        await assertFlaggedEverywhere("arn:aws:s3:::destination-bucket", /is an ARN of another service \(`s3`\), not a KMS key; use the key's ARN/);
        await assertFlaggedEverywhere("arn:aws:iam::111111111111:role/replication", /another service \(`iam`\)/);
    });

    it("flags a KMS ARN that is neither a key nor an alias", async () => {
        await assertFlaggedEverywhere("arn:aws:kms:us-west-2:111111111111:grant/abc", /names neither `key\/<id>` nor `alias\/<name>`/);
        await assertFlaggedEverywhere("arn:aws:kms:us-west-2:111111111111:key/", /names neither/);
    });

    it("flags a KMS ARN without a Region or account", async () => {
        await assertFlaggedEverywhere(`arn:aws:kms::111111111111:key/${KEY_ID}`, /is a KMS ARN without a Region/);
        await assertFlaggedEverywhere(`arn:aws:kms:us-west-2::key/${KEY_ID}`, /without a 12-digit account id/);
    });

    it("flags a value that is not a string, or not an ARN, without quoting it", async () => {
        await assertFlaggedEverywhere(42, /is a number, not a KMS key ARN/);
        await assertFlaggedEverywhere({ arn: KEY }, /is an object, not a KMS key ARN/);
        const text = "my replica key please";
        for (const message of await assertFlaggedEverywhere(text, /is not a KMS key ARN; use the key's ARN, `arn:aws:kms:<region>:<account>:key\/<id>`/)) {
            assert.ok(!message.includes(text));
        }
    });

    it("flags a key in another partition than the destination bucket", async () => {
        await assertFlaggedEverywhere(
            `arn:aws-cn:kms:cn-north-1:111111111111:key/${KEY_ID}`,
            /names a key in partition `aws-cn` but the destination bucket is in partition `aws`.*use `arn:aws:kms:<region>:<account>:key\/<id>`/,
        );
        await assertCleanEverywhere(`arn:aws-cn:kms:cn-north-1:111111111111:key/${KEY_ID}`, "arn:aws-cn:s3:::destination-bucket");
        await assertCleanEverywhere(`arn:aws-us-gov:kms:us-gov-west-1:111111111111:alias/r`, "arn:aws-us-gov:s3:::destination-bucket");
    });

    it("writes `<partition>` when the destination bucket's partition is not known", async () => {
        await assertFlaggedEverywhere(KEY_ID, /`arn:<partition>:kms:<region>:<account>:key\//, "not-an-arn");
    });

    it("stays silent on unknown keys and, for the partition, unknown buckets, with no framework noise", async () => {
        for (const rules of [[rule(UNKNOWN)], [rule(`arn:aws-cn:kms:cn-north-1:111111111111:key/${KEY_ID}`, UNKNOWN)], [rule(UNKNOWN, UNKNOWN)]]) {
            for (const { shape, diagnostics } of await analyze(rules)) {
                assert.deepStrictEqual(diagnostics, [], shape);
                assert.deepStrictEqual(previewNoise(diagnostics), [], shape);
            }
        }
    });

    it("reads secret keys", async () => {
        await assertFlaggedEverywhere(secret(KEY_ID), /is a bare key id/);
        await assertCleanEverywhere(secret(KEY));
        for (const message of await assertFlaggedEverywhere(secret("S3CR3T key material"), /is not a KMS key ARN/)) {
            assert.ok(!message.includes("S3CR3T"));
        }
    });

    it("never quotes a key it can tell is secret (secrets stay wrapped outside Analyze)", () => {
        const messages: string[] = [];
        const props = analyzed({
            bucket: "source-bucket",
            role: "arn:aws:iam::111111111111:role/r",
            rules: [
                {
                    id: "Rule-1",
                    status: "Enabled",
                    destination: { bucket: "arn:aws:s3:::d", encryptionConfiguration: { replicaKmsKeyId: new Secret(KEY_ID) } },
                },
            ],
        });
        const args = { type: types.bucketReplicationConfig, props, getConfig: () => ({}) } as unknown as ResourceValidationArgs;
        [replicaKeyFormat.validateResource ?? []].flat().forEach((validate) => validate(args, (message: string) => messages.push(message)));
        assert.strictEqual(messages.length, 1);
        assert.match(messages[0], /is a bare key id: S3 accepts it unchecked.*`arn:aws:kms:<region>:<account>:key\/<id>`/);
        assert.ok(!messages[0].includes(KEY_ID));
    });

    it("checks every rule of a configuration separately", async () => {
        for (const { shape, diagnostics } of await analyze([
            { ...rule(KEY), id: "good" },
            { ...rule("alias/x"), id: "bad" },
            { ...rule(KEY_ID), id: "worse" },
        ])) {
            assert.deepStrictEqual(
                diagnostics.map((d) => /rule "(\w+)"/.exec(d.message)?.[1]),
                ["bad", "worse"],
                shape,
            );
        }
    });
});
