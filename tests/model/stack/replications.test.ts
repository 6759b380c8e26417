import * as assert from "assert";
import { ReplicationInStack, Resolution, stackIndex } from "../../../policies/model/stack";
import { types } from "../../../policies/model/resource-types";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources } from "../../support/policy-resources";
import { inEveryShape } from "../../support/shapes";
import { GUIDE_CASES, guideStack } from "../../support/guide-stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const nameOf = (resolution: Resolution) => (resolution.kind === "in-stack" ? resolution.resource.name : resolution.kind);

function summary(rule: ReplicationInStack) {
    return {
        source: nameOf(rule.source),
        destination: nameOf(rule.destination),
        replicaKey: rule.replicaKey.kind === "in-stack" ? rule.replicaKey.key.resource.name : rule.replicaKey.kind,
        role: nameOf(rule.role),
    };
}

describe("stack index: replication rules", () => {
    for (const { shape, preview } of GUIDE_CASES) {
        it(`links the guide example's rule to its buckets, replica key and role (${shape}, ${preview ? "preview" : "deployed"})`, async () => {
            const guide = guideStack({ shape, preview });
            const rules = stackIndex(await policyResources(guide.stack), NO_SECRETS).replications();
            assert.strictEqual(rules.length, 1);
            assert.deepStrictEqual(summary(rules[0]), {
                source: "source-bucket",
                destination: "destination-bucket",
                replicaKey: "replica-key",
                role: "replication-role",
            });
            assert.strictEqual(rules[0].configurationResource.urn, guide.replication.urn);
        });
    }

    it("says what the replica key is when it is known not to be a key at all, and leaves the preview's unknown undecided (issue 15.5)", async () => {
        const deployed = guideStack({ shape: "v7", preview: false, overrides: { replicaKeyKind: "bucket-arn" } });
        const [rule] = stackIndex(await policyResources(deployed.stack), NO_SECRETS).replications();
        assert.deepStrictEqual(rule.replicaKey.kind === "other-type" && rule.replicaKey.resources.map((r) => r.name), ["destination-bucket"]);
        const preview = guideStack({ shape: "v7", preview: true, overrides: { replicaKeyKind: "bucket-arn" } });
        const [unknownRule] = stackIndex(await policyResources(preview.stack), NO_SECRETS).replications();
        assert.strictEqual(unknownRule.replicaKey.kind, "unresolved");
    });

    /** Two rules whose destinations and keys are all unknown, computed from the buckets and keys given. */
    async function twoRules(options: { destinations: string[]; knownFirst?: boolean }) {
        const stack = new StackBuilder();
        const source = stack.add(types.bucket, "source", { bucket: "src", arn: UNKNOWN });
        const buckets = options.destinations.map((name) => stack.add(types.bucket, name, { bucket: name, arn: UNKNOWN }));
        const key = stack.add(types.kmsKey, "key", { arn: UNKNOWN, keyId: UNKNOWN });
        const [shaped] = inEveryShape(
            [
                { id: "one", destinationBucket: options.knownFirst ? "arn:aws:s3:::first" : UNKNOWN, replicaKmsKeyId: UNKNOWN },
                { id: "two", destinationBucket: UNKNOWN, replicaKmsKeyId: UNKNOWN },
            ],
            UNKNOWN,
        );
        stack.add(
            types.bucketReplicationConfig,
            "replication",
            { ...shaped.props, bucket: UNKNOWN },
            { deps: { bucket: source, rules: [source, ...buckets, key] } },
        );
        return stackIndex(await policyResources(stack), NO_SECRETS)
            .replications()
            .map(summary);
    }

    it("never takes the source for the destination, and shares the only candidate between rules", async () => {
        const rules = await twoRules({ destinations: ["first"] });
        assert.deepStrictEqual(
            rules.map((r) => [r.source, r.destination, r.replicaKey]),
            [
                ["source", "first", "key"],
                ["source", "first", "key"],
            ],
        );
    });

    it("says unresolved rather than guess between two possible destinations", async () => {
        const rules = await twoRules({ destinations: ["first", "second"] });
        assert.deepStrictEqual(
            rules.map((r) => r.destination),
            ["unresolved", "unresolved"],
        );
        const oneKnown = await twoRules({ destinations: ["first", "second"], knownFirst: true });
        assert.deepStrictEqual(
            oneKnown.map((r) => r.destination),
            ["first", "unresolved"],
        );
    });

    it("keeps a destination outside the stack as external, and resolves the role by name in its ARN", async () => {
        const stack = new StackBuilder();
        stack.add(types.iamRole, "role", { name: "replication", arn: UNKNOWN });
        const [shaped] = inEveryShape([{ destinationBucket: "arn:aws:s3:::elsewhere" }], "arn:aws:iam::111111111111:role/replication");
        stack.add(types.bucketReplicationConfig, "replication", { ...shaped.props, bucket: "not-in-stack" });
        const [rule] = stackIndex(await policyResources(stack), NO_SECRETS).replications();
        assert.deepStrictEqual(rule.destination, { kind: "external", reference: "arn:aws:s3:::elsewhere" });
        assert.deepStrictEqual(rule.source, { kind: "external", reference: "not-in-stack" });
        assert.strictEqual(nameOf(rule.role), "role");
        assert.strictEqual(rule.replicaKey.kind, "absent");
    });
});
