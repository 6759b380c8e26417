/**
 * The pack over the analyzer protocol, as the engine drives it, on changed copies of the recorded
 * example stacks:
 * - mutated: every call (Remediate, Analyze, AnalyzeStack) is answered, no policy fails or
 *   touches an unknown value, and the pack logs no error or warning;
 * - cloned N times, as the benchmark does: every copy links up with itself alone, so the pack
 *   reports N times what it reports for the example.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { PackLog, readStackFile, Stack, StackDiagnostic } from "../../driver";
import { UNKNOWN_SENTINELS } from "../../policies/model/value";
import { cloneStack } from "../../bench/clone-stack";
import { exampleFiles, mutate, mutations } from "./example-stacks";
import { sourcePackForSuite } from "./source-pack";

const RUNS = 300;
const SEED = 20_251_127;
const COPIES = 3;

function isInternalError(diagnostic: StackDiagnostic): boolean {
    return diagnostic.message.includes("could not finish checking");
}

function isPreviewNoise(diagnostic: StackDiagnostic): boolean {
    return diagnostic.message.includes("can't be known during preview");
}

function isTrouble(log: PackLog): boolean {
    return log.source === "stderr" || log.severity === "error" || log.severity === "warning";
}

/** How many findings each policy reports at each level. */
function tally(diagnostics: StackDiagnostic[], times = 1): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const d of diagnostics) {
        const key = `${d.policyName} (${d.enforcementLevel})`;
        counts[key] = (counts[key] ?? 0) + times;
    }
    return counts;
}

/** URNs unique and every URN a resource names present; ids unique per type; no id of the original left. */
function assertSelfContained(clone: Stack, original: Stack): void {
    const urns = new Set(clone.resources.map((r) => r.urn));
    assert.strictEqual(urns.size, clone.resources.length, "duplicate URNs");
    for (const resource of clone.resources) {
        const named = [
            ...(resource.dependencies ?? []),
            ...Object.values(resource.propertyDependencies ?? {}).flat(),
            ...(resource.parent ? [resource.parent] : []),
            ...(resource.provider ? [resource.provider.urn] : []),
        ];
        assert.deepStrictEqual(
            named.filter((urn) => !urns.has(urn)),
            [],
            `${resource.urn} names resources the clone lacks`,
        );
    }
    // A bucket's versioning and encryption take the bucket's name as their id: ids are unique per type.
    const ids = clone.resources.filter((r) => r.id && !UNKNOWN_SENTINELS.has(r.id)).map((r) => `${r.type} ${r.id}`);
    assert.strictEqual(new Set(ids).size, ids.length, "duplicate ids");
    const text = JSON.stringify(clone.resources);
    const left = original.resources
        .map((r) => r.id)
        .filter((id): id is string => !!id && !UNKNOWN_SENTINELS.has(id))
        .filter((id) => new RegExp(`${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![-0-9a-z])`).test(text));
    assert.deepStrictEqual(left, [], "identifiers of the original left in the clone");
}

describe("the pack over the analyzer protocol, on changed example stacks", function () {
    this.timeout(120_000);
    const pack = sourcePackForSuite();

    it(`answers every call for ${RUNS} mutations, with no policy failing`, async () => {
        const examples = exampleFiles();
        assert.ok(examples.length >= 2, "no example stacks");
        await fc.assert(
            fc.asyncProperty(fc.nat(examples.length - 1), mutations, async (index, changes) => {
                const { stack, applied } = mutate(examples[index], changes);
                const what = `${examples[index].label} after ${applied.join("; ")}`;
                let diagnostics: StackDiagnostic[];
                try {
                    diagnostics = (await pack().session.analyzeAll(stack)).diagnostics;
                } catch (error) {
                    assert.fail(`${what}: ${(error as Error).message}`);
                }
                assert.deepStrictEqual(diagnostics.filter(isInternalError), [], `a policy failed on ${what}`);
                assert.deepStrictEqual(diagnostics.filter(isPreviewNoise), [], `a policy touched an unknown value on ${what}`);
                assert.deepStrictEqual(pack().session.logs().filter(isTrouble), [], `the pack logged trouble on ${what}`);
            }),
            { numRuns: RUNS, seed: SEED },
        );
    });

    it(`reports ${COPIES} copies of each example (the benchmark's stacks) ${COPIES} times over`, async () => {
        for (const example of exampleFiles()) {
            const original = readStackFile(example.file);
            const clone = cloneStack(original, COPIES);
            assertSelfContained(clone, original);
            const once = (await pack().session.analyzeAll(original)).diagnostics;
            const copies = (await pack().session.analyzeAll(clone)).diagnostics;
            assert.deepStrictEqual(tally(copies), tally(once, COPIES), example.label);
        }
    });
});
