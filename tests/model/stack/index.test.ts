import * as assert from "assert";
import { attachmentKinds, stackIndex } from "../../../policies/model/stack";
import { types } from "../../../policies/model/resource-types";
import { Read } from "../../../policies/model/value";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources, resourceOf } from "../../support/policy-resources";
import { guideStack } from "../../support/guide-stack";
import { inEveryShape } from "../../support/shapes";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const known = (value: unknown): Read => ({ state: "known", value, secret: false });

describe("stack index", () => {
    it("is built once per resources array and shared by everyone who passes that array", async () => {
        const resources = await policyResources(guideStack({ shape: "v7", preview: true }).stack);
        const index = stackIndex(resources, NO_SECRETS);
        assert.strictEqual(stackIndex(resources, NO_SECRETS), index);
        assert.strictEqual(index.replications(), index.replications());
        assert.notStrictEqual(stackIndex([...resources], NO_SECRETS), index);
        assert.strictEqual(stackIndex(undefined as unknown as unknown[], NO_SECRETS).replications().length, 0);
    });

    it("finds roles by ARN, name or dependency, and the policies attached to them", async () => {
        for (const preview of [true, false]) {
            const stack = new StackBuilder();
            const role = stack.add(types.iamRole, "role", { name: "replication", arn: preview ? UNKNOWN : "arn:aws:iam::111111111111:role/path/replication" });
            stack.add(types.iamRolePolicy, "inline", { role: preview ? UNKNOWN : "replication", policy: "{}" }, { deps: { role } });
            stack.add(types.iamRolePolicyAttachment, "managed", { role: "replication", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
            const resources = await policyResources(stack);
            const index = stackIndex(resources, NO_SECRETS);
            const roleResource = resourceOf(resources, role);
            // Once the role's ARN is known, an unknown reference cannot have come from it.
            assert.strictEqual(index.role({ state: "unknown", secret: false }, [roleResource]).kind, preview ? "in-stack" : "unresolved");
            for (const reference of ["replication", "arn:aws:iam::111111111111:role/path/replication"]) {
                const byName = index.role(known(reference));
                assert.strictEqual(byName.kind === "in-stack" && byName.resource.name, "role", reference);
            }
            assert.deepStrictEqual(
                index.attachments(roleResource, attachmentKinds.rolePolicy).attached.map((r) => r.name),
                ["inline"],
            );
            assert.deepStrictEqual(
                index.attachments(roleResource, attachmentKinds.rolePolicyAttachment).attached.map((r) => r.name),
                ["managed"],
            );
        }
    });
});

describe("stack index at scale", () => {
    it("indexes a stack of thousands of resources and a thousand rules in linear time", async function () {
        this.timeout(60000);
        const stack = new StackBuilder();
        const source = stack.add(types.bucket, "source", { bucket: "source", arn: UNKNOWN });
        const destinations = Array.from({ length: 1000 }, (_, i) => stack.add(types.bucket, `d${i}`, { bucket: `d${i}`, arn: UNKNOWN }));
        destinations.forEach((d, i) =>
            stack.add(types.bucketVersioning, `v${i}`, { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } }, { deps: { bucket: d } }),
        );
        const keys = Array.from({ length: 1000 }, (_, i) => stack.add(types.kmsKey, `k${i}`, { arn: UNKNOWN, keyId: UNKNOWN }));
        // Half the destinations named, half computed from one of a thousand buckets: each rule resolved once.
        const [shaped] = inEveryShape(
            destinations.map((_, i) => ({
                id: `r${i}`,
                destinationBucket: i % 2 ? UNKNOWN : `arn:aws:s3:::d${i}`,
                replicaKmsKeyId: UNKNOWN,
                sseKms: "Enabled",
            })),
            UNKNOWN,
            "source",
        );
        stack.add(types.bucketReplicationConfig, "replication", shaped.props, { deps: { bucket: source, rules: [...destinations, ...keys] } });
        const resources = await policyResources(stack);
        const started = Date.now();
        const index = stackIndex(resources, NO_SECRETS);
        const replications = index.replications();
        replications.forEach((r) => r.destination.kind === "in-stack" && index.versioning(r.destination.resource));
        assert.strictEqual(replications.length, 1000);
        assert.strictEqual(replications.filter((r) => r.destination.kind === "in-stack").length, 500);
        assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });
});
