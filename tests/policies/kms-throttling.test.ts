import * as assert from "assert";
import { kmsThrottling } from "../../policies/kms-throttling";
import { UNKNOWN } from "../support/harness";
import { findingsOf } from "../support/stack-policies";
import { GUIDE_CASES, guideStack, GuideShape } from "../support/guide-stack";

const POLICY = "s3-replication-kms-throttling";

/** Where each shape turns the Bucket Key on, and the resource that carries it. */
const BUCKET_KEY_SETTING: Record<GuideShape, { source: string; destination: string }> = {
    v7: {
        source: '`rules[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.BucketServerSideEncryptionConfiguration "source-encryption"',
        destination:
            '`rules[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.BucketServerSideEncryptionConfiguration "destination-encryption"',
    },
    v6: {
        source: '`rules[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.BucketServerSideEncryptionConfigurationV2 "source-encryption"',
        destination:
            '`rules[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.BucketServerSideEncryptionConfigurationV2 "destination-encryption"',
    },
    "v6-inline": {
        source: '`serverSideEncryptionConfiguration.rule.bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.Bucket "source-bucket"',
        destination:
            '`serverSideEncryptionConfiguration.rule.bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.Bucket "destination-bucket"',
    },
    "bucketv2-inline": {
        source: '`serverSideEncryptionConfigurations[0].rules[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.BucketV2 "source-bucket"',
        destination:
            '`serverSideEncryptionConfigurations[0].rules[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws.s3.BucketV2 "destination-bucket"',
    },
    "aws-native": {
        source: '`bucketEncryption.serverSideEncryptionConfiguration[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws-native.s3.Bucket "source-bucket"',
        destination:
            '`bucketEncryption.serverSideEncryptionConfiguration[0].bucketKeyEnabled` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled) on aws-native.s3.Bucket "destination-bucket"',
    },
};

describe(POLICY, () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`recommends S3 Bucket Keys when SSE-KMS objects replicate without one, saying where to set it (${shape}, ${phase})`, async () => {
            const guide = guideStack({ shape, preview, overrides: { sourceBucketKey: false } });
            const findings = await findingsOf(kmsThrottling, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.strictEqual(findings[0].enforcementLevel, "advisory");
            assert.strictEqual(findings[0].urn, (guide.sourceEncryption ?? guide.source).urn);
            const { message } = findings[0];
            assert.match(
                message,
                /\(rule "Rule-1"\) replicates SSE-KMS objects of bucket "source-bucket", whose default encryption uses no S3 Bucket Key, into bucket "destination-bucket".*throttling, HTTP 503/,
            );
            assert.ok(message.includes(`Use S3 Bucket Keys: ${BUCKET_KEY_SETTING[shape].source}.`), message);
            const bothSides = await findingsOf(
                kmsThrottling,
                guideStack({ shape, preview, overrides: { sourceBucketKey: false, destinationAlgorithm: "aws:kms" } }).stack,
            );
            assert.ok(
                bothSides[0]?.message.includes(
                    `Use S3 Bucket Keys: ${BUCKET_KEY_SETTING[shape].source}, and ${BUCKET_KEY_SETTING[shape].destination} for objects`,
                ),
                bothSides[0]?.message,
            );
        });

        it(`stays silent when the source uses a Bucket Key or cannot, or no SSE-KMS object replicates (${shape}, ${phase})`, async () => {
            assert.deepStrictEqual(await findingsOf(kmsThrottling, guideStack({ shape, preview }).stack), []);
            for (const overrides of [
                { sourceBucketKey: false, sourceAlgorithm: "aws:kms:dsse" as const },
                { sourceBucketKey: false, sourceAlgorithm: "AES256" as const },
                { sourceBucketKey: false, rule: { sseKms: undefined } },
                { sourceBucketKey: false, rule: { sseKms: UNKNOWN } },
                { sourceBucketKey: false, rule: { status: "Disabled" } },
            ]) {
                assert.deepStrictEqual(await findingsOf(kmsThrottling, guideStack({ shape, preview, overrides }).stack), [], JSON.stringify(overrides));
            }
        });
    }

    it("stays silent while the Bucket Key setting is unknown", async () => {
        const guide = guideStack({ shape: "v7", preview: true, overrides: { sourceBucketKey: false } });
        (guide.sourceEncryption!.props.rules as Record<string, unknown>[])[0].bucketKeyEnabled = UNKNOWN;
        assert.deepStrictEqual(await findingsOf(kmsThrottling, guide.stack), []);
    });
});
