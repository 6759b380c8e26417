import * as assert from "assert";
import { MAX_STRING_BYTES } from "../../driver/stack-files/string-limit";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import {
    parseStackFile,
    readStackFile,
    ResourceReference,
    Secret,
    Stack,
    stackConfiguration,
    StackFileError,
    toAnalyzerResource,
    toAnalyzerStackResource,
    UNKNOWN,
} from "../../driver";

const STACKS = path.join(__dirname, "stacks");
const EXPORT_FILE = path.join(STACKS, "export.json");
const PREVIEW_FILE = path.join(STACKS, "preview.json");
const URN = "urn:pulumi:dev::replication::";

function resource(stack: Stack, name: string) {
    const found = stack.resources.find((r) => r.urn.endsWith(`::${name}`));
    assert.ok(found, `no resource ${name}`);
    return found;
}

describe("stack files: `pulumi stack export` output", () => {
    const stack = readStackFile(EXPORT_FILE);

    it("reads the deployed resources, leaving out ones pending deletion", () => {
        assert.strictEqual(stack.source, "export");
        assert.strictEqual(stack.stackName, "dev");
        assert.strictEqual(stack.project, "replication");
        assert.deepStrictEqual(
            stack.resources.map((r) => r.name ?? r.urn.split("::").pop()),
            ["replication-dev", "default_7_0_0", "source-key", "replication"],
        );
    });

    it("decodes ciphertext secrets as secret unknowns, plaintext secrets as their value, references as references", () => {
        const replication = resource(stack, "replication");
        assert.deepStrictEqual(replication.inputs.token, new Secret(UNKNOWN));
        assert.deepStrictEqual(replication.inputs.note, new Secret({ owner: "storage-team" }));
        assert.deepStrictEqual(replication.inputs.keyRef, new ResourceReference(`${URN}aws:kms/key:Key::source-key`, "key-1234"));
    });

    it("keeps the resource's graph, provider reference and options", () => {
        const replication = resource(stack, "replication");
        assert.strictEqual(replication.parent, `${URN}pulumi:pulumi:Stack::replication-dev`);
        assert.deepStrictEqual(replication.dependencies, [`${URN}aws:kms/key:Key::source-key`]);
        assert.deepStrictEqual(replication.propertyDependencies, {
            bucket: [],
            keyRef: [`${URN}aws:kms/key:Key::source-key`],
        });
        assert.deepStrictEqual(replication.provider, {
            urn: `${URN}pulumi:providers:aws::default_7_0_0`,
            id: "5f0e4a1c-provider",
        });
        assert.deepStrictEqual(replication.options?.ignoreChanges, ["rules"]);
        assert.deepStrictEqual(replication.options?.customTimeouts, { create: 120 });
        assert.strictEqual(resource(stack, "source-key").options?.protect, true);
    });

    it("gives Analyze the inputs and AnalyzeStack the outputs, with the provider's inputs", () => {
        const replication = resource(stack, "replication");
        const forAnalyze = toAnalyzerResource(replication, stack);
        assert.strictEqual(forAnalyze.properties, replication.inputs);
        assert.deepStrictEqual(forAnalyze.provider, {
            urn: `${URN}pulumi:providers:aws::default_7_0_0`,
            type: "pulumi:providers:aws",
            name: "default_7_0_0",
            properties: { region: "us-east-1", version: "7.0.0", __internal: "dropped" },
        });
        assert.strictEqual(forAnalyze.options?.parent, replication.parent);

        const forStack = toAnalyzerStackResource(replication, stack);
        assert.strictEqual(forStack.properties, replication.outputs);
        assert.strictEqual(forStack.parent, replication.parent);
    });

    it("is a deployed stack to the pack, not a dry run", () => {
        assert.deepStrictEqual(stackConfiguration(stack), { stack: "dev", project: "replication", dryRun: false });
    });
});

describe("stack files: `pulumi preview --json` output", () => {
    const stack = readStackFile(PREVIEW_FILE);

    it("reads each goal state once, leaving out deletions", () => {
        assert.strictEqual(stack.source, "preview");
        assert.deepStrictEqual(
            stack.resources.map((r) => r.urn.split("::").pop()),
            ["replication-dev", "west", "destination", "source"],
        );
    });

    it("reads the placeholder as unknown and blinded secrets as secret unknowns", () => {
        const destination = resource(stack, "destination");
        assert.strictEqual(destination.inputs.arnSeen, UNKNOWN);
        assert.deepStrictEqual(destination.inputs.password, new Secret(UNKNOWN));
        assert.deepStrictEqual(destination.provider, {
            urn: `${URN}pulumi:providers:aws::west`,
            id: UNKNOWN.sentinel,
        });
    });

    it("sends inputs to AnalyzeStack for resources that have no outputs yet", () => {
        const destination = resource(stack, "destination");
        assert.strictEqual(toAnalyzerStackResource(destination, stack).properties, destination.inputs);
    });

    it("names a provider the preview left out, without properties", () => {
        const source = toAnalyzerResource(resource(stack, "source"), stack);
        assert.deepStrictEqual(source.provider, {
            urn: `${URN}pulumi:providers:aws::default_7_0_0`,
            type: "pulumi:providers:aws",
            name: "default_7_0_0",
            properties: {},
        });
    });

    it("is a dry run to the pack, with the preview's config, its blinded values named as secret keys", () => {
        assert.deepStrictEqual(stackConfiguration(stack), {
            stack: "dev",
            project: "replication",
            dryRun: true,
            config: { "aws:region": "us-east-1", "replication:apiKey": "[secret]" },
            configSecretKeys: ["replication:apiKey"],
        });
    });
});

describe("stack files: bad files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("refuses a string the checker cannot send a pack (one that would abort V8 in the protobuf encoder)", () => {
        const file = path.join(dir, "huge-string.json");
        const resources = [
            {
                urn: "urn:pulumi:dev::app::aws:s3/bucket:Bucket::b",
                type: "aws:s3/bucket:Bucket",
                custom: true,
                inputs: { tags: { big: "x".repeat(MAX_STRING_BYTES + 1) } },
            },
        ];
        fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources } }));
        // A file size limit above the string limit (the default, 32 MiB, would refuse the file first).
        const maxBytes = 2 * MAX_STRING_BYTES;
        assert.throws(
            () => readStackFile(file, maxBytes),
            (error: Error) => {
                assert.ok(error instanceof StackFileError);
                assert.strictEqual(
                    error.message,
                    `${file}: deployment.resources[0].inputs.tags.big is a string of 32 MiB; the checker sends a pack strings of up to 32 MiB`,
                );
                return true;
            },
        );
        fs.writeFileSync(
            file,
            JSON.stringify({ version: 3, deployment: { resources: [{ ...resources[0], inputs: { tags: { big: "x".repeat(MAX_STRING_BYTES) } } }] } }),
        );
        assert.strictEqual(readStackFile(file, maxBytes).resources.length, 1);
    });

    function problemWith(contents: string): string {
        const file = path.join(dir, "bad.json");
        fs.writeFileSync(file, contents);
        try {
            readStackFile(file);
        } catch (error) {
            assert.ok(error instanceof StackFileError, `not a StackFileError: ${error}`);
            assert.strictEqual(error.file, file);
            assert.strictEqual(error.message, `${file}: ${error.problem}`);
            assert.ok(!error.message.includes("\n"), "the error is one line");
            return error.problem;
        }
        assert.fail("the file was accepted");
    }

    const exportOf = (resources: unknown) => JSON.stringify({ version: 3, deployment: { resources } });

    it("names a missing file", () => {
        assert.throws(() => readStackFile(path.join(dir, "missing.json")), /missing\.json: no such file$/);
    });

    it("says what is wrong with the document", () => {
        assert.match(problemWith("{ not json"), /^not JSON \(/);
        assert.strictEqual(problemWith("[1, 2]"), "not a JSON object");
        assert.match(problemWith('{"hello": "world"}'), /^unknown format: expected `pulumi stack export` output/);
        assert.strictEqual(problemWith('{"version": 3, "deployment": {}}'), '"deployment" has no "resources" array');
        assert.match(problemWith('{"version": 9, "deployment": {"resources": []}}'), /^unsupported export version 9/);
        assert.strictEqual(problemWith('{"steps": {}}'), '"steps" is not an array');
    });

    it("says which resource is wrong and where", () => {
        assert.strictEqual(problemWith(exportOf([{ type: "t" }])), "resource #1 has no urn");
        assert.strictEqual(
            problemWith(exportOf([{ urn: "urn:pulumi:s::p::t::n", type: "t", dependencies: "x" }])),
            "resource #1 (urn:pulumi:s::p::t::n): dependencies must be a list of strings",
        );
        assert.strictEqual(
            problemWith(
                exportOf([
                    {
                        urn: "urn:pulumi:s::p::t::n",
                        type: "t",
                        inputs: { a: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: "{oops" } },
                    },
                ]),
            ),
            "resource #1 (urn:pulumi:s::p::t::n): inputs.a: secret plaintext is not valid JSON",
        );
        assert.strictEqual(
            problemWith(exportOf([{ urn: "urn:pulumi:s::p::t::n", type: "t", outputs: { b: [{ [SIG]: "feed" }] } }])),
            'resource #1 (urn:pulumi:s::p::t::n): outputs.b[0]: unrecognized signature "feed"',
        );
        assert.strictEqual(
            problemWith(exportOf([{ urn: "urn:pulumi:s::p::t::n", type: "t", provider: "nonsense" }])),
            'resource #1 (urn:pulumi:s::p::t::n): provider "nonsense" is not "<urn>::<id>"',
        );
        assert.strictEqual(
            problemWith(JSON.stringify({ steps: [{ op: "create", newState: { urn: "urn:pulumi:s::p::t::n" } }] })),
            "step #1 newState (urn:pulumi:s::p::t::n) has no type",
        );
    });

    it("reads a text it is handed, naming the file it came from", () => {
        const stack = parseStackFile(exportOf([]), "in-memory.json");
        assert.deepStrictEqual(stack, { file: "in-memory.json", source: "export", resources: [] });
    });
});

const SIG = "4dabf18193072939515e22adb298388d";
