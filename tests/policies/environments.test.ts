import * as assert from "assert";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { environments } from "../../policies/environments";
import { sseKmsOptIn } from "../../policies/sse-kms-opt-in";
import { isAdvisoryStack, setEnvironmentConfig, setStackIdentity } from "../../policies/support/environment";
import { analyzeResource, StackBuilder } from "../support/harness";
import { inEveryShape } from "../support/shapes";

const NO_TAGS: ReadonlyMap<string, string> = new Map();
const KEY = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("s3-replication-environments", () => {
    afterEach(() => {
        setEnvironmentConfig({});
        setStackIdentity(undefined);
    });

    it("matches stack names as name, project/name and org/project/name, with globs", () => {
        setStackIdentity({ organization: "acme", project: "shop", stack: "feature-dev" });
        for (const pattern of ["feature-dev", "*-dev", "shop/*", "acme/shop/feature-?ev"]) {
            setEnvironmentConfig({ advisoryStacks: [pattern] });
            assert.ok(isAdvisoryStack(NO_TAGS), pattern);
        }
        for (const pattern of ["prod", "*-prod", "other/*", "feature"]) {
            setEnvironmentConfig({ advisoryStacks: [pattern] });
            assert.ok(!isAdvisoryStack(NO_TAGS), pattern);
        }
    });

    it("matches stack tags by exact value or glob, and never without configuration", () => {
        setEnvironmentConfig({ advisoryStackTags: { environment: "dev*" } });
        assert.ok(isAdvisoryStack(new Map([["environment", "development"]])));
        assert.ok(!isAdvisoryStack(new Map([["environment", "prod"]])));
        assert.ok(!isAdvisoryStack(new Map([["team", "dev"]])));
        setEnvironmentConfig({});
        assert.ok(!isAdvisoryStack(new Map([["environment", "dev"]])));
    });

    it("ignores malformed configuration", () => {
        setStackIdentity({ organization: "o", project: "p", stack: "dev" });
        for (const config of [{ advisoryStacks: "dev" }, { advisoryStacks: [1, null] }, { advisoryStackTags: ["dev"] }, { advisoryStackTags: { environment: 3 } }]) {
            setEnvironmentConfig(config as never);
            assert.ok(!isAdvisoryStack(new Map([["environment", "dev"]])), JSON.stringify(config));
        }
    });

    it("takes the stack name from the ConfigureStack request the framework reads", () => {
        const request = new analyzerproto.AnalyzerStackConfigureRequest();
        request.setStack("dev");
        request.setProject("shop");
        request.setOrganization("acme");
        request.getTagsMap();
        setEnvironmentConfig({ advisoryStacks: ["acme/shop/dev"] });
        assert.ok(isAdvisoryStack(NO_TAGS));
    });

    it("lowers the pack's mandatory findings to advisory in a listed stack, and only there", async () => {
        const [shaped] = inEveryShape([{ id: "Rule-1", replicaKmsKeyId: KEY }]);
        const resource = new StackBuilder().add(shaped.type, "r", shaped.props);
        const policies = [environments, sseKmsOptIn];
        setStackIdentity({ organization: "acme", project: "shop", stack: "dev" });
        const inDev = await analyzeResource(policies, resource, { "s3-replication-environments": { advisoryStacks: ["dev"] } });
        assert.deepStrictEqual(inDev.map((d) => d.enforcementLevel), ["advisory"]);
        setStackIdentity({ organization: "acme", project: "shop", stack: "prod" });
        const inProd = await analyzeResource(policies, resource, { "s3-replication-environments": { advisoryStacks: ["dev"] } });
        assert.deepStrictEqual(inProd.map((d) => d.enforcementLevel), ["mandatory"]);
    });
});
