import * as assert from "assert";
import { ResourceLookup, Resolution } from "../../../policies/model/stack/resource-lookup";
import { types } from "../../../policies/model/resource-types";
import { Read } from "../../../policies/model/value";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources, resourceOf } from "../../support/policy-resources";

const known = (value: unknown): Read => ({ state: "known", value, secret: false });
const unknown: Read = { state: "unknown", secret: false };

function resolvedName(resolution: Resolution): string {
    return resolution.kind === "in-stack" ? resolution.resource.name : resolution.kind;
}

describe("stack index: resolving references", () => {
    async function stackOfBuckets(preview: boolean) {
        const stack = new StackBuilder();
        const east = stack.provider("east", { region: "us-east-1" });
        const out = (value: string) => (preview ? UNKNOWN : value);
        const source = stack.add(types.bucket, "source", { bucket: "src", arn: out("arn:aws:s3:::src") }, { provider: east });
        const dest1 = stack.add(types.bucket, "dest1", { bucket: "dst1", arn: out("arn:aws:s3:::dst1") }, { provider: east });
        const dest2 = stack.add(types.bucketV2, "dest2", { bucket: "dst2", arn: out("arn:aws:s3:::dst2") }, { provider: east });
        const topic = stack.add("aws:sns/topic:Topic", "topic", { arn: out("arn:aws:sns:us-east-1:111111111111:t") }, { provider: east });
        const component = stack.add("my:component:Thing", "component", {});
        const resources = await policyResources(stack);
        return { lookup: new ResourceLookup(resources), of: (spec: typeof source) => resourceOf(resources, spec), source, dest1, dest2, topic, component };
    }

    it("finds buckets by known name or ARN, and knows a bucket outside the stack", async () => {
        const { lookup } = await stackOfBuckets(false);
        assert.strictEqual(resolvedName(lookup.resolve(known("arn:aws:s3:::dst1"), ["bucket"], [])), "dest1");
        assert.strictEqual(resolvedName(lookup.resolve(known("dst2"), ["bucket"], [])), "dest2");
        assert.deepStrictEqual(lookup.resolve(known("arn:aws:s3:::elsewhere"), ["bucket"], []), { kind: "external", reference: "arn:aws:s3:::elsewhere" });
        assert.deepStrictEqual(lookup.resolve({ state: "absent" }, ["bucket"], []), { kind: "absent" });
    });

    it("follows the dependencies of an unknown reference to the one resource it can have come from", async () => {
        const { lookup, of, source, dest1 } = await stackOfBuckets(true);
        const resolution = lookup.resolve(unknown, ["bucket"], [of(source), of(dest1)], { exclude: [of(source)] });
        assert.strictEqual(resolvedName(resolution), "dest1");
    });

    it("says unresolved, naming the candidates, when an unknown reference could be either of two buckets", async () => {
        const { lookup, of, dest1, dest2 } = await stackOfBuckets(true);
        const resolution = lookup.resolve(unknown, ["bucket"], [of(dest1), of(dest2)]);
        assert.strictEqual(resolution.kind, "unresolved");
        assert.deepStrictEqual(resolution.kind === "unresolved" && resolution.candidates?.map((r) => r.name), ["dest1", "dest2"]);
    });

    it("does not take a bucket whose identifiers are all known for the source of an unknown", async () => {
        const { lookup, of, dest1 } = await stackOfBuckets(false);
        assert.strictEqual(lookup.resolve(unknown, ["bucket"], [of(dest1)]).kind, "unresolved");
    });

    it("names resources of another kind that a known reference points at", async () => {
        const deployed = await stackOfBuckets(false);
        const byArn = deployed.lookup.resolve(known("arn:aws:sns:us-east-1:111111111111:t"), ["kmsKey", "kmsAlias"], []);
        assert.deepStrictEqual(byArn.kind === "other-type" && byArn.resources.map((r) => r.name), ["topic"]);
    });

    it("leaves undecided an unknown computed only from resources of another kind: they may carry a key id themselves (issue 15.5)", async () => {
        // E.g. a destination's default encryption `kmsMasterKeyId`, or a v6 bucket's serverSideEncryptionConfiguration.
        const preview = await stackOfBuckets(true);
        const computed = preview.lookup.resolve(unknown, ["kmsKey", "kmsAlias"], [preview.of(preview.topic), preview.of(preview.dest1)]);
        assert.strictEqual(computed.kind, "unresolved");
        assert.strictEqual(preview.lookup.resolve(unknown, ["kmsKey", "kmsAlias"], [preview.of(preview.dest1)]).kind, "unresolved");
    });

    it("stays unresolved when a dependency could hide the real producer (components, no dependencies)", async () => {
        const { lookup, of, topic, component } = await stackOfBuckets(true);
        assert.strictEqual(lookup.resolve(unknown, ["kmsKey"], [of(topic), of(component)]).kind, "unresolved");
        assert.strictEqual(lookup.resolve(unknown, ["kmsKey"], []).kind, "unresolved");
        assert.strictEqual(lookup.resolve(known(42), ["bucket"], []).kind, "unresolved");
    });

    it("tells same-named aliases and same-id multi-Region keys apart by the Region in the ARN", async () => {
        const stack = new StackBuilder();
        const east = stack.provider("east", { region: "us-east-1" });
        const west = stack.provider("west", { region: "us-west-2" });
        stack.add(types.kmsAlias, "alias-east", { name: "alias/replica", targetKeyId: "k1" }, { provider: east });
        stack.add(types.kmsAlias, "alias-west", { name: "alias/replica", targetKeyId: "k2" }, { provider: west });
        stack.add(types.kmsKey, "primary", { keyId: "mrk-1", arn: "arn:aws:kms:us-east-1:111111111111:key/mrk-1" }, { provider: east });
        stack.add(types.kmsReplicaKey, "replica", { keyId: "mrk-1", arn: "arn:aws:kms:us-west-2:111111111111:key/mrk-1" }, { provider: west });
        stack.add(types.kmsKey, "single-region", { keyId: "unique-id" }, { provider: east });
        const lookup = new ResourceLookup(await policyResources(stack));
        assert.strictEqual(resolvedName(lookup.resolve(known("arn:aws:kms:us-west-2:111111111111:alias/replica"), ["kmsAlias"], [])), "alias-west");
        assert.strictEqual(resolvedName(lookup.resolve(known("arn:aws:kms:us-east-1:111111111111:alias/replica"), ["kmsAlias"], [])), "alias-east");
        assert.strictEqual(lookup.resolve(known("arn:aws:kms:eu-west-1:111111111111:alias/replica"), ["kmsAlias"], []).kind, "external");
        assert.strictEqual(lookup.resolve(known("alias/replica"), ["kmsAlias"], []).kind, "unresolved");
        assert.strictEqual(resolvedName(lookup.resolve(known("alias/replica"), ["kmsAlias"], [], { region: "us-west-2" })), "alias-west");
        assert.strictEqual(resolvedName(lookup.resolve(known("arn:aws:kms:us-west-2:111111111111:key/mrk-1"), ["kmsKey"], [])), "replica");
        assert.strictEqual(resolvedName(lookup.resolve(known("mrk-1"), ["kmsKey"], [], { region: "us-east-1" })), "primary");
        // Other key ids are unique: found whatever Region the referrer is in.
        assert.strictEqual(resolvedName(lookup.resolve(known("unique-id"), ["kmsKey"], [], { region: "us-west-2" })), "single-region");
    });

    it("indexes malformed resource lists without throwing", () => {
        const lookup = new ResourceLookup([null, 42, { urn: 1 }, { urn: "u", type: "t", props: "junk" }] as unknown[]);
        assert.strictEqual(lookup.resources.length, 1);
        assert.strictEqual(new ResourceLookup("junk" as unknown as unknown[]).resources.length, 0);
    });
});
