import * as assert from "assert";
import { EXAMPLE_PROGRAMS, ExampleProgram, ExpectedPolicy } from "../../examples/example-programs";
import { UNKNOWN } from "../../examples/harness/aws-mocks";
import { deployedFileName, driftedFiles, GENERATE_COMMAND, previewFileName, renderStackFiles } from "../../examples/generate";

/** Property values read from the stack files' JSON, walked freely by the assertions below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StateValue = any;

/** apitype.ResourceV3 as the stack files hold it. */
interface StateResource {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, StateValue>;
    outputs?: Record<string, StateValue>;
    provider?: string;
    propertyDependencies?: Record<string, string[]>;
}

function previewResources(text: string): StateResource[] {
    return (JSON.parse(text) as { steps: { newState: StateResource }[] }).steps.map((step) => step.newState);
}

function deployedResources(text: string): StateResource[] {
    return (JSON.parse(text) as { deployment: { resources: StateResource[] } }).deployment.resources;
}

function named(resources: StateResource[], name: string): StateResource {
    const found = resources.find((resource) => resource.urn.endsWith(`::${name}`));
    assert.ok(found, `no resource named ${name}`);
    return found;
}

function regionOfArn(arn: string): string {
    return arn.split(":")[3];
}

interface PolicyStatement {
    Action: string[];
    Condition?: { StringLike: Record<string, string | string[]> };
}

/**
 * The policies a deployed example should trigger, read plainly off its known values: a fixture
 * check that every example shows exactly the defect its catalog entry names.
 */
function defectsOf(resources: StateResource[]): ExpectedPolicy[] {
    const rule = named(resources, "replication-config").inputs!.rules[0];
    const destinationBucket = named(resources, "destination-bucket").outputs!;
    const sourceBucket = named(resources, "source-bucket").outputs!;
    const sourceEncryption = named(resources, "source-bucket-encryption").inputs!.rules[0];
    const statements: PolicyStatement[] = JSON.parse(named(resources, "replication-role-policy").inputs!.policy).Statement;
    const decryptContexts = statements
        .filter((statement) => statement.Action.includes("kms:Decrypt"))
        .flatMap((statement) => statement.Condition?.StringLike["kms:EncryptionContext:aws:s3:arn"] ?? []);

    const defects: ExpectedPolicy[] = [];
    if (rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status !== "Enabled") {
        defects.push("s3-replication-sse-kms-opt-in");
    }
    if (regionOfArn(rule.destination.encryptionConfiguration.replicaKmsKeyId) !== destinationBucket.region) {
        defects.push("s3-replication-replica-key-region");
    }
    const encryptsReplicas = statements.some((statement) => statement.Action.includes("kms:Encrypt"));
    const objectArnContextUnderBucketKey =
        sourceEncryption.bucketKeyEnabled === true && decryptContexts.some((context) => context.startsWith(`${sourceBucket.arn}/`));
    if (!encryptsReplicas || objectArnContextUnderBucketKey) {
        defects.push("s3-replication-role-kms-permissions");
    }
    return defects;
}

describe("example stack files", function () {
    this.timeout(120_000);

    let rendered: Map<string, string>;
    before(async () => {
        rendered = await renderStackFiles();
    });

    function stackFile(name: string): string {
        const text = rendered.get(name);
        assert.ok(text, `${name} was not rendered`);
        return text;
    }

    it("are what the programs generate (committed files up to date)", () => {
        const drifted = driftedFiles(rendered);
        assert.deepStrictEqual(drifted, [], `examples/stacks is out of date (${drifted.join(", ")}); run: ${GENERATE_COMMAND}`);
    });

    for (const example of EXAMPLE_PROGRAMS) {
        describe(example.name, () => {
            const preview = () => previewResources(stackFile(previewFileName(example)));
            const deployed = () => deployedResources(stackFile(deployedFileName(example)));

            it("preview: ARNs of new resources and everything computed from them are unknown", () => {
                const resources = preview();
                for (const name of ["source-bucket", "destination-bucket", "source-key", "replica-key", "replication-role"]) {
                    assert.strictEqual(named(resources, name).outputs!.arn, UNKNOWN, `${name} arn`);
                }
                const replication = named(resources, "replication-config").inputs!;
                assert.strictEqual(replication.role, UNKNOWN);
                assert.strictEqual(replication.rules[0].destination.bucket, UNKNOWN);
                assert.strictEqual(replication.rules[0].destination.encryptionConfiguration.replicaKmsKeyId, UNKNOWN);
                assert.strictEqual(named(resources, "replication-role-policy").inputs!.policy, UNKNOWN);
            });

            it("deployed: no unknowns, ARNs filled in", () => {
                assert.ok(!stackFile(deployedFileName(example)).includes(UNKNOWN));
                const resources = deployed();
                const replication = named(resources, "replication-config").inputs!;
                assert.strictEqual(replication.role, named(resources, "replication-role").outputs!.arn);
                assert.strictEqual(replication.rules[0].destination.bucket, named(resources, "destination-bucket").outputs!.arn);
                assert.match(replication.role, /^arn:aws:iam::\d{12}:role\/replication-role-[0-9a-f]{7}$/);
                assert.match(replication.rules[0].destination.bucket, /^arn:aws:s3:::destination-bucket-[0-9a-f]{7}$/);
                assert.match(
                    replication.rules[0].destination.encryptionConfiguration.replicaKmsKeyId,
                    /^arn:aws:kms:us-(east-1|west-2):\d{12}:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
                );
            });

            for (const [stage, resourcesOf] of [
                ["preview", preview],
                ["deployed", deployed],
            ] as const) {
                it(`${stage}: property dependencies link the replication rules to the destination bucket and replica key, the role to the role`, () => {
                    const resources = resourcesOf();
                    const dependencies = named(resources, "replication-config").propertyDependencies!;
                    assert.deepStrictEqual(dependencies.rules, [named(resources, "destination-bucket").urn, named(resources, "replica-key").urn].sort());
                    assert.deepStrictEqual(dependencies.role, [named(resources, "replication-role").urn]);
                    assert.deepStrictEqual(dependencies.bucket, [named(resources, "source-bucket").urn]);
                });

                it(`${stage}: every provider reference names a provider resource of the stack, by its id`, () => {
                    const resources = resourcesOf();
                    for (const resource of resources.filter((candidate) => candidate.provider !== undefined)) {
                        const separator = resource.provider!.lastIndexOf("::");
                        const provider = resources.find((candidate) => candidate.urn === resource.provider!.slice(0, separator));
                        assert.strictEqual(provider?.type, "pulumi:providers:aws", resource.urn);
                        assert.strictEqual(resource.provider!.slice(separator + 2), stage === "preview" ? UNKNOWN : provider.id);
                    }
                });
            }

            it(`shows exactly the defects it is listed with (${describeExpectation(example)})`, () => {
                assert.deepStrictEqual(defectsOf(deployed()), example.expectedViolations);
            });
        });
    }
});

function describeExpectation(example: ExampleProgram): string {
    return example.expectedViolations.length === 0 ? "compliant" : example.expectedViolations.join(", ");
}
