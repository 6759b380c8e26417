import * as assert from "assert";
import { replicaKeyRegion } from "../../policies/replica-key-region";
import { types } from "../../policies/model/resource-types";
import { StackBuilder, UNKNOWN } from "../support/harness";
import { inEveryShape } from "../support/shapes";
import { findingsOf } from "../support/stack-policies";
import { keyArn, REPLICA_KEY_ID, GUIDE_CASES, guideStack } from "../support/guide-stack";

const POLICY = "s3-replication-replica-key-region";

describe(POLICY, () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const phase = preview ? "preview" : "deployed";

        it(`flags a replica key created in the source Region (${shape}, ${phase})`, async () => {
            const guide = guideStack({ shape, preview, overrides: { replicaKeyRegion: "us-east-1" } });
            const findings = await findingsOf(replicaKeyRegion, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.strictEqual(findings[0].enforcementLevel, "mandatory");
            assert.strictEqual(findings[0].urn, guide.replication.urn);
            assert.match(findings[0].message, /in us-east-1, but the destination bucket "destination-bucket" is in us-west-2/);
            assert.match(findings[0].message, preview ? /KMS key resource "replica-key"/ : new RegExp(keyArn("us-east-1", REPLICA_KEY_ID)));
        });
    }

    it("flags an alias and a replica key in the wrong Region", async () => {
        for (const replicaKeyKind of ["alias", "replica-key"] as const) {
            const guide = guideStack({ shape: "v7", preview: true, overrides: { replicaKeyKind, replicaKeyRegion: "eu-west-1" } });
            const [finding] = await findingsOf(replicaKeyRegion, guide.stack);
            assert.match(finding?.message ?? "", /in eu-west-1, but the destination bucket "destination-bucket" is in us-west-2/, replicaKeyKind);
        }
    });

    /** A rule to a bucket outside the stack with a key outside the stack. */
    function externalDestination(replicaKmsKeyId: unknown) {
        const stack = new StackBuilder();
        const [shaped] = inEveryShape([{ id: "backup", destinationBucket: "arn:aws:s3:::backup-bucket", replicaKmsKeyId, sseKms: "Enabled" }]);
        stack.add(types.bucketReplicationConfig, "replication", shaped.props);
        return stack;
    }

    it("checks destinations outside the stack against the configured Regions", async () => {
        const stack = externalDestination(keyArn("us-east-1", REPLICA_KEY_ID));
        assert.deepStrictEqual(await findingsOf(replicaKeyRegion, stack), []);
        const config = { [POLICY]: { destinationRegions: { "backup-bucket": "eu-central-1" } } };
        const [finding] = await findingsOf(replicaKeyRegion, stack, config);
        assert.match(finding.message, /in us-east-1, but the destination bucket "backup-bucket" is in eu-central-1/);
        assert.deepStrictEqual(await findingsOf(replicaKeyRegion, externalDestination(keyArn("eu-central-1", REPLICA_KEY_ID)), config), []);
    });

    it("stays silent when either Region cannot be known", async () => {
        for (const replicaKmsKeyId of [UNKNOWN, REPLICA_KEY_ID, "alias/replica"]) {
            const config = { [POLICY]: { destinationRegions: { "backup-bucket": "eu-central-1" } } };
            assert.deepStrictEqual(await findingsOf(replicaKeyRegion, externalDestination(replicaKmsKeyId), config), [], String(replicaKmsKeyId));
        }
        const ambiguous = guideStack({ shape: "v7", preview: true, overrides: { replicaKeyRegion: "us-east-1" } });
        // Two more keys the rules depend on: the replica key can no longer be told.
        ambiguous.stack.resources.find((r) => r.urn === ambiguous.replication.urn)!.propertyDependencies.rules.push(ambiguous.sourceKey.urn);
        assert.deepStrictEqual(await findingsOf(replicaKeyRegion, ambiguous.stack), []);
    });

    it("ignores disabled rules", async () => {
        const guide = guideStack({ shape: "v6", preview: false, overrides: { replicaKeyRegion: "us-east-1", rule: { status: "Disabled" } } });
        assert.deepStrictEqual(await findingsOf(replicaKeyRegion, guide.stack), []);
    });
});
