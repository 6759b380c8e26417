/**
 * Issue 15.5: a value made unknown, computed (as the engine says through propertyDependencies)
 * from any resource of the stack, never adds a mandatory finding: what the pack cannot know during
 * preview is undecided. Once, a replica key computed from the destination's default encryption
 * (`kmsMasterKeyId`, a key id) was reported as "a value from aws.s3.Bucket ..., which is not a KMS key".
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { readStackFile, Stack, StackDiagnostic, UnknownValue } from "../../driver";
import { exampleFiles, positions, replaceAt, Segment } from "./example-stacks";
import { sourcePackForSuite } from "./source-pack";

const RUNS = 120;
const SEED = 20_261_202;

function mandatoryCounts(diagnostics: StackDiagnostic[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of diagnostics.filter((d) => d.enforcementLevel === "mandatory")) {
        const key = `${d.policyName} on ${d.urn ?? "the stack"}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
}

/** Mandatory findings of `after` beyond those of `before`, by policy and resource. */
function added(before: Map<string, number>, after: Map<string, number>): string[] {
    return [...after].filter(([key, count]) => count > (before.get(key) ?? 0)).map(([key]) => key);
}

/** The value at `path` of resource `resource`, inputs and outputs alike, made unknown and computed from `from`. */
function unknownFrom(stack: Stack, resource: number, path: Segment[], from: number): string {
    const target = stack.resources[resource];
    const producer = stack.resources[from];
    for (const properties of [target.inputs, target.outputs]) {
        if (properties && positions(properties).some((p) => p.length === path.length && p.every((s, i) => s === path[i]))) {
            replaceAt(properties, path, () => new UnknownValue());
        }
    }
    const property = String(path[0]);
    target.propertyDependencies = { ...target.propertyDependencies, [property]: [...(target.propertyDependencies?.[property] ?? []), producer.urn] };
    target.dependencies = [...new Set([...(target.dependencies ?? []), producer.urn])];
    return `${target.urn.slice(target.urn.lastIndexOf("::") + 2)}.${path.join(".")} <- ${producer.type}`;
}

describe("unknowns over the analyzer protocol (issue 15.5)", function () {
    this.timeout(300_000);
    const pack = sourcePackForSuite();
    const baselines = new Map<string, Map<string, number>>();

    async function baseline(file: string): Promise<Map<string, number>> {
        let counts = baselines.get(file);
        if (!counts) {
            counts = mandatoryCounts((await pack().session.analyzeAll(readStackFile(file))).diagnostics);
            baselines.set(file, counts);
        }
        return counts;
    }

    it("a replica key computed from the destination's default encryption is undecided in preview", async () => {
        const file = exampleFiles().find((e) => e.label === "compliant-cross-region.preview")!.file;
        const stack = readStackFile(file);
        const replication = stack.resources.findIndex((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
        const encryption = stack.resources.findIndex((r) => r.urn.endsWith("::destination-bucket-encryption"));
        unknownFrom(stack, replication, ["rules", 0, "destination", "encryptionConfiguration", "replicaKmsKeyId"], encryption);
        // The engine lists every resource a property's value came from: here the bucket too.
        unknownFrom(
            stack,
            replication,
            ["rules", 0, "destination", "bucket"],
            stack.resources.findIndex((r) => r.urn.endsWith("::destination-bucket")),
        );
        const diagnostics = (await pack().session.analyzeAll(stack)).diagnostics;
        assert.deepStrictEqual(
            diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message),
            [],
        );
    });

    it(`never adds a mandatory finding when a value is made unknown and computed from any resource (${RUNS} runs)`, async () => {
        const examples = exampleFiles();
        await fc.assert(
            fc.asyncProperty(fc.nat(examples.length - 1), fc.nat(), fc.nat(), fc.nat(), async (e, r, p, d) => {
                const example = examples[e];
                const stack = readStackFile(example.file);
                const resource = r % stack.resources.length;
                const target = stack.resources[resource];
                const paths = positions(target.inputs);
                fc.pre(paths.length > 0);
                const what = unknownFrom(stack, resource, paths[p % paths.length], d % stack.resources.length);
                const after = mandatoryCounts((await pack().session.analyzeAll(stack)).diagnostics);
                assert.deepStrictEqual(added(await baseline(example.file), after), [], `${example.label}: ${what}`);
            }),
            { numRuns: RUNS, seed: SEED },
        );
    });
});
