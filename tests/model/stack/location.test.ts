import * as assert from "assert";
import { accountOf, regionOf } from "../../../policies/model/stack/location";
import { types } from "../../../policies/model/resource-types";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources } from "../../support/policy-resources";

async function resourcesOf(stack: StackBuilder) {
    const resources = await policyResources(stack);
    return (name: string) => resources.find((r) => r.name === name)!;
}

describe("stack index: Region and account", () => {
    it("takes the resource's own region, then its provider's, then its ARN's", async () => {
        const stack = new StackBuilder();
        const east = stack.provider("east", { region: "us-east-1" });
        const west = stack.provider("west", { region: "us-west-2" });
        const key = stack.add(types.kmsKey, "key", {}, { provider: west });
        stack.add(types.kmsKey, "own-region", { region: "eu-west-1" }, { provider: east });
        stack.add(types.kmsKey, "provider-region", {}, { provider: west });
        stack.add(types.kmsKey, "arn-region", { arn: "arn:aws:kms:ap-south-1:111111111111:key/k" });
        stack.add(types.kmsKey, "computed-region", { region: UNKNOWN }, { provider: east, deps: { region: key } });
        stack.add(types.bucketV2, "provider-computed-region", { region: UNKNOWN }, { provider: west });
        stack.add(types.iamRole, "global", { arn: "arn:aws:iam::111111111111:role/r" });
        stack.add(types.nativeBucket, "native", {}, { provider: stack.provider("native", { region: "eu-central-1" }, "aws-native") });
        const byName = await resourcesOf(stack);
        const region = (name: string) => {
            const r = regionOf(byName(name));
            return r.state === "known" ? r.value : r.state;
        };
        assert.strictEqual(region("own-region"), "eu-west-1");
        assert.strictEqual(region("provider-region"), "us-west-2");
        assert.strictEqual(region("arn-region"), "ap-south-1");
        assert.strictEqual(region("computed-region"), "unknown");
        // An unknown `region` no resource feeds is the provider's own default.
        assert.strictEqual(region("provider-computed-region"), "us-west-2");
        assert.strictEqual(region("global"), "absent");
        assert.strictEqual(region("native"), "eu-central-1");
    });

    it("takes the account from the ARN, the provider's single allowed account or assumed role, or the configuration", async () => {
        const stack = new StackBuilder();
        stack.add(types.kmsKey, "by-arn", { arn: "arn:aws:kms:us-east-1:222222222222:key/k" });
        stack.add(types.kmsKey, "by-allowed-json", {}, { provider: stack.provider("p1", { allowedAccountIds: '["333333333333"]' }) });
        stack.add(types.kmsKey, "by-allowed-list", {}, { provider: stack.provider("p2", { allowedAccountIds: ["444444444444"] }) });
        stack.add(
            types.kmsKey,
            "by-assumed-role",
            {},
            { provider: stack.provider("p3", { assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::555555555555:role/deploy" }]) }) },
        );
        stack.add(types.kmsKey, "several-allowed", {}, { provider: stack.provider("p4", { allowedAccountIds: '["333333333333","444444444444"]' }) });
        stack.add(types.kmsKey, "nothing", {});
        const byName = await resourcesOf(stack);
        const account = (name: string, configured?: string) => {
            const r = accountOf(byName(name), configured);
            return r.state === "known" ? r.value : r.state;
        };
        assert.strictEqual(account("by-arn"), "222222222222");
        assert.strictEqual(account("by-allowed-json"), "333333333333");
        assert.strictEqual(account("by-allowed-list"), "444444444444");
        assert.strictEqual(account("by-assumed-role"), "555555555555");
        assert.strictEqual(account("several-allowed"), "absent");
        assert.strictEqual(account("several-allowed", "666666666666"), "666666666666");
        assert.strictEqual(account("nothing"), "absent");
        assert.strictEqual(account("nothing", "not-an-account"), "absent");
    });
});
