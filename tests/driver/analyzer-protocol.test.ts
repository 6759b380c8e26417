import * as assert from "assert";
import * as path from "path";

import { AnalyzerInfo, AnalyzerResource, PackSession, readStackFile, reconcilePolicyConfig, Secret, secret, startPack, UNKNOWN } from "../../driver";
import { diagnosticOf, ECHO_PACK, echoed, eventually, STACKS } from "./helpers";

const URN = "urn:pulumi:dev::replication::";
const BUCKET_URN = `${URN}aws:s3/bucketV2:BucketV2::source`;
const KEY_URN = `${URN}aws:kms/key:Key::source-key`;
const PROVIDER_URN = `${URN}pulumi:providers:aws::west`;
const ROOT_URN = `${URN}pulumi:pulumi:Stack::replication-dev`;

const provider = {
    urn: PROVIDER_URN,
    type: "pulumi:providers:aws",
    name: "west",
    properties: { region: "us-west-2", accessKey: secret("AKIA-FIXTURE") },
};

function bucket(properties: AnalyzerResource["properties"]): AnalyzerResource {
    return { urn: BUCKET_URN, type: "aws:s3/bucketV2:BucketV2", properties, provider };
}

describe("analyzer protocol: the echo pack, driven as the engine drives it", function () {
    this.timeout(60_000);
    let pack: PackSession;
    let info: AnalyzerInfo;

    before(async () => {
        pack = await startPack(ECHO_PACK, {
            stack: {
                stack: "dev",
                project: "replication",
                organization: "acme",
                dryRun: true,
                tags: { team: "storage" },
                config: { "aws:region": "us-west-2" },
            },
        });
        info = await pack.getAnalyzerInfo();
    });

    after(() => pack?.close());

    // Each Configure replaces the pack's whole config; put back what the engine would send by default.
    afterEach(() => pack.configure(reconcilePolicyConfig(info)));

    it("lists the pack's policies with their types and levels (GetAnalyzerInfo, GetPluginInfo)", async () => {
        assert.strictEqual(info.name, "echo-pack");
        assert.strictEqual(info.version, "1.2.3");
        assert.strictEqual(info.supportsConfig, true);
        assert.deepStrictEqual(
            info.policies.map((p) => [p.name, p.type, p.enforcementLevel]),
            [
                ["echo-resource", "resource", "advisory"],
                ["touch-unknown", "resource", "advisory"],
                ["no-forbidden", "resource", "mandatory"],
                ["add-remediated-tag", "resource", "remediate"],
                ["echo-stack", "stack", "advisory"],
            ],
        );
        assert.deepStrictEqual(info.policies[0].configSchema?.properties.greeting, { type: "string", default: "hello" });
        assert.match((await pack.getPluginInfo()).version, /^\d+\.\d+\.\d+/);
    });

    it("hands Analyze the inputs: unknowns stay unknown, secrets arrive unwrapped, internal keys are dropped", async () => {
        const result = await pack.analyze(
            bucket({ bucket: "source-bucket", arn: UNKNOWN, password: secret("hunter2"), __internal: 1, nested: { list: [1, UNKNOWN] } }),
        );
        const seen = echoed(diagnosticOf(result, "echo-resource"));
        assert.strictEqual(seen.type, "aws:s3/bucketV2:BucketV2");
        assert.strictEqual(seen.name, "source");
        assert.strictEqual(seen.urn, BUCKET_URN);
        assert.deepStrictEqual(seen.props, {
            bucket: "source-bucket",
            arn: "unknown",
            password: "hunter2",
            nested: { list: [1, "unknown"] },
        });
    });

    it("reports, as the framework does, a policy that touches an unknown during preview", async () => {
        const result = await pack.analyze(bucket({ mustBeKnown: UNKNOWN }));
        const diagnostic = diagnosticOf(result, "touch-unknown");
        assert.strictEqual(diagnostic.enforcementLevel, "advisory");
        assert.strictEqual(
            diagnostic.message,
            "can't run policy 'touch-unknown' from policy pack 'echo-pack@v1.2.3' during preview: " +
                "string value at .mustBeKnown can't be known during preview",
        );
        assert.deepStrictEqual(
            (await pack.analyze(bucket({ mustBeKnown: "yes" }))).diagnostics.find((d) => d.policyName === "touch-unknown")?.message,
            'Reads mustBeKnown unguarded.\nmustBeKnown is "yes"',
        );
    });

    it("passes the provider's properties, resource options and the stack's tags and environment", async () => {
        const resource: AnalyzerResource = {
            ...bucket({}),
            options: {
                protect: true,
                ignoreChanges: ["tags"],
                deleteBeforeReplace: true,
                aliases: [`${URN}aws:s3/bucket:Bucket::source`],
                customTimeouts: { create: 60 },
                parent: ROOT_URN,
            },
        };
        const seen = echoed(diagnosticOf(await pack.analyze(resource), "echo-resource"));
        assert.deepStrictEqual(seen.provider, {
            type: "pulumi:providers:aws",
            name: "west",
            urn: PROVIDER_URN,
            props: { region: "us-west-2", accessKey: "AKIA-FIXTURE" },
        });
        assert.deepStrictEqual(seen.opts, {
            protect: true,
            ignoreChanges: ["tags"],
            aliases: [`${URN}aws:s3/bucket:Bucket::source`],
            customTimeouts: { createSeconds: 60, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            deleteBeforeReplace: true,
            parent: ROOT_URN,
        });
        assert.deepStrictEqual(seen.stackTags, { team: "storage" });
        assert.deepStrictEqual(seen.env, {
            stack: "dev",
            project: "replication",
            organization: "acme",
            dryRun: "true",
            config: '{"aws:region":"us-west-2"}',
        });
    });

    it("switches enforcement levels, disables policies and passes properties (Configure)", async () => {
        const forbidden = bucket({ forbidden: true });
        assert.strictEqual(diagnosticOf(await pack.analyze(forbidden), "no-forbidden").enforcementLevel, "mandatory");
        assert.deepStrictEqual(echoed(diagnosticOf(await pack.analyze(forbidden), "echo-resource")).config, {
            greeting: "hello",
        });

        await pack.configure({
            "no-forbidden": { enforcementLevel: "advisory" },
            "echo-resource": { enforcementLevel: "mandatory", properties: { greeting: "hi", threshold: 2 } },
        });
        let result = await pack.analyze(forbidden);
        assert.strictEqual(diagnosticOf(result, "no-forbidden").enforcementLevel, "advisory");
        const echo = diagnosticOf(result, "echo-resource");
        assert.strictEqual(echo.enforcementLevel, "mandatory");
        assert.deepStrictEqual(echoed(echo).config, { greeting: "hi", threshold: 2 });

        await pack.configure({ "no-forbidden": { enforcementLevel: "disabled" }, "echo-resource": { enforcementLevel: "disabled" } });
        result = await pack.analyze(forbidden);
        assert.deepStrictEqual(
            result.diagnostics.map((d) => d.policyName),
            [],
        );
    });

    it("hands AnalyzeStack every resource with dependencies, property dependencies, parent and provider", async () => {
        const result = await pack.analyzeStack([
            { urn: ROOT_URN, type: "pulumi:pulumi:Stack", properties: {} },
            { urn: PROVIDER_URN, type: "pulumi:providers:aws", properties: { region: "us-west-2" }, parent: ROOT_URN },
            { urn: KEY_URN, type: "aws:kms/key:Key", properties: { arn: "arn:aws:kms:us-west-2:1:key/k" }, provider },
            {
                urn: BUCKET_URN,
                type: "aws:s3/bucketV2:BucketV2",
                properties: { kmsKeyArn: "arn:aws:kms:us-west-2:1:key/k", token: secret("t0k3n"), later: UNKNOWN },
                parent: ROOT_URN,
                dependencies: [KEY_URN],
                propertyDependencies: { kmsKeyArn: [KEY_URN], unrelated: [] },
                provider,
            },
        ]);
        const seen = echoed(diagnosticOf(result, "echo-stack"));
        assert.strictEqual(seen.resources.length, 4);
        const seenBucket = seen.resources[3];
        assert.deepStrictEqual(seenBucket, {
            urn: BUCKET_URN,
            type: "aws:s3/bucketV2:BucketV2",
            name: "source",
            props: { kmsKeyArn: "arn:aws:kms:us-west-2:1:key/k", token: "t0k3n", later: "unknown" },
            parent: ROOT_URN,
            dependencies: [KEY_URN],
            // The engine leaves out properties that depend on nothing.
            propertyDependencies: { kmsKeyArn: [KEY_URN] },
            provider: {
                type: "pulumi:providers:aws",
                name: "west",
                urn: PROVIDER_URN,
                props: { region: "us-west-2", accessKey: "AKIA-FIXTURE" },
            },
        });
    });

    it("returns remediated properties, secrets as Secret wrappers, internal keys kept (Remediate)", async () => {
        const result = await pack.remediate(bucket({ wantsRemediation: true, __keep: "me" }));
        assert.strictEqual(result.remediations.length, 1);
        const [remediation] = result.remediations;
        assert.strictEqual(remediation.policyName, "add-remediated-tag");
        assert.deepStrictEqual(remediation.properties, {
            wantsRemediation: true,
            __keep: "me",
            remediated: true,
            wrappedSecret: new Secret("added"),
        });
        assert.deepStrictEqual((await pack.remediate(bucket({}))).remediations, []);
    });

    it("reports a remediation that touches an unknown as unable to run (Remediate)", async () => {
        const [remediation] = (await pack.remediate(bucket({ wantsRemediation: true, later: UNKNOWN }))).remediations;
        assert.strictEqual(remediation.properties, undefined);
        assert.strictEqual(
            remediation.diagnostic,
            "can't run remediation 'add-remediated-tag' from policy pack 'echo-pack@v1.2.3' during preview: " +
                "string value at .later can't be known during preview",
        );
    });

    it("collects what the pack logs through the Engine service", async () => {
        await pack.analyze(bucket({ logged: true }));
        await eventually(
            () => pack.logs().some((log) => log.source === "engine" && log.severity === "info" && log.message === `echo-resource saw ${BUCKET_URN}`),
            () => JSON.stringify(pack.logs(), null, 2),
        );
    });

    it("checks a whole stack file: remediations, Analyze per resource, AnalyzeStack once", async () => {
        const stack = readStackFile(path.join(STACKS, "preview.json"));
        const analysis = await pack.analyzeAll(stack);

        const perResource = analysis.diagnostics.filter((d) => d.policyName === "echo-resource");
        assert.deepStrictEqual(
            perResource.map((d) => d.urn),
            stack.resources.map((r) => r.urn),
        );
        const forbidden = analysis.diagnostics.filter((d) => d.policyName === "no-forbidden");
        assert.deepStrictEqual(
            forbidden.map((d) => [d.urn, d.enforcementLevel, d.phase]),
            [[`${URN}aws:s3/bucketV2:BucketV2::destination`, "mandatory", "analyze"]],
        );
        const stackFinding = diagnosticOf(analysis, "echo-stack");
        assert.strictEqual(stackFinding.urn, ROOT_URN, "a stack finding naming no resource belongs to the root stack");
        assert.strictEqual(stackFinding.phase, "analyzeStack");
        assert.deepStrictEqual(
            analysis.remediations.map((r) => [r.urn, r.policyName, r.properties.remediated]),
            [[BUCKET_URN, "add-remediated-tag", true]],
        );
    });
});
