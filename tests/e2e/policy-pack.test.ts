/**
 * End to end over the analyzer protocol: the compiled pack started the way the engine's Node.js
 * analyzer shim starts it, then ConfigureStack, Configure, Remediate, Analyze and AnalyzeStack as
 * `pulumi preview` sends them. Everything runs against both ways of using the pack: this
 * repository as a standalone pack, and an organisation's pack composing the library with a
 * policy of its own (tests/fixtures/packs/composed).
 */
import * as assert from "assert";

import { Stack, StackAnalysis, toAnalyzerResource } from "../../driver";
import {
    malformedStack,
    ONE_MEGABYTE_RESOURCE,
    ONE_MEGABYTE_STRING,
    policiesAllowedFor,
    POLICY_DOCUMENTS,
    REMEDIATIONS,
    SECRET_INPUTS,
    SECRET_MARKER,
    TYPICAL_VIOLATIONS,
} from "./cases";
import {
    atLevel,
    buildPackOnce,
    COMPOSED_PACK,
    describeFindings,
    EXAMPLES,
    exampleStack,
    findingKeys,
    findingsOf,
    INTERNAL_ERROR,
    mandatoryPolicies,
    PACKS_UNDER_TEST,
    PackUnderTest,
    PHASES,
    policyConfig,
    PREVIEW_NOISE,
    readPolicyConfigFile,
    RunningPack,
    resourceNamed,
    STANDALONE_PACK,
    startPacks,
    stopPacks,
} from "./helpers";

const ENVIRONMENTS_SETTING = "s3-replication-environments";
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** A stack to check, named for test titles. */
interface NamedStack {
    label: string;
    stack(): Stack;
}

const EXAMPLE_FILES: readonly NamedStack[] = EXAMPLES.flatMap((example) =>
    PHASES.map((phase) => ({ label: `${example.name} (${phase})`, stack: () => exampleStack(example.name, phase) })),
);

const BROKEN_EXAMPLES = EXAMPLES.filter((example) => !example.compliant);

function assertNoNoise(analysis: StackAnalysis): void {
    const noisy = analysis.diagnostics.filter((d) => PREVIEW_NOISE.test(d.message) || INTERNAL_ERROR.test(d.message));
    assert.deepStrictEqual(noisy, [], "findings that are noise, not verdicts");
}

describe("end to end: the policy pack over the analyzer protocol", function () {
    this.timeout(60_000);
    const running = new Map<PackUnderTest, RunningPack>();
    const packFor = (packUnderTest: PackUnderTest): RunningPack => {
        const pack = running.get(packUnderTest);
        assert.ok(pack, `${packUnderTest.title} did not start`);
        return pack;
    };

    before(async function () {
        this.timeout(180_000);
        await buildPackOnce();
        for (const pack of await startPacks(PACKS_UNDER_TEST)) {
            running.set(pack.packUnderTest, pack);
        }
    });

    after(() => stopPacks([...running.values()]));

    for (const packUnderTest of PACKS_UNDER_TEST) {
        describe(packUnderTest.title, () => {
            let pack: RunningPack;
            before(() => {
                pack = packFor(packUnderTest);
            });

            describe("the example stacks (examples/stacks/index.json)", () => {
                for (const example of EXAMPLES.filter((e) => e.compliant)) {
                    for (const phase of PHASES) {
                        it(`${example.name} (${phase}): no mandatory finding, no "can't be known during preview" noise`, async () => {
                            const analysis = await pack.check(exampleStack(example.name, phase));
                            assert.deepStrictEqual(mandatoryPolicies(analysis), [], describeFindings(analysis));
                            assertNoNoise(analysis);
                        });
                    }
                }

                for (const example of BROKEN_EXAMPLES) {
                    const expected = example.expectedViolations;

                    it(`${example.name} (deployed): ${expected.join(", ")}, mandatory, on the broken resources`, async function () {
                        if (!expected.every((policy) => pack.hasPolicy(policy))) {
                            this.skip(); // Lights up when the policy lands in the catalogue.
                        }
                        const stack = exampleStack(example.name, "deployed");
                        const analysis = await pack.check(stack);
                        const mandatory = mandatoryPolicies(analysis);
                        for (const policy of expected) {
                            assert.ok(mandatory.includes(policy), `${policy} not reported as mandatory:\n${describeFindings(analysis)}`);
                            const root = stack.resources.find((resource) => resource.type === ROOT_STACK_TYPE)?.urn;
                            for (const finding of findingsOf(analysis, policy)) {
                                assert.ok(finding.urn && finding.urn !== root, `${policy} reported on no resource: ${finding.message}`);
                            }
                        }
                        assert.deepStrictEqual(
                            mandatory.filter((policy) => !policiesAllowedFor(expected, "deployed").includes(policy)),
                            [],
                            describeFindings(analysis),
                        );
                        assertNoNoise(analysis);
                    });

                    it(`${example.name} (preview, ARNs unknown): no mandatory finding beyond ${expected.join(", ")}`, async () => {
                        const analysis = await pack.check(exampleStack(example.name, "preview"));
                        assert.deepStrictEqual(
                            mandatoryPolicies(analysis).filter((policy) => !policiesAllowedFor(expected, "preview").includes(policy)),
                            [],
                            describeFindings(analysis),
                        );
                        assertNoNoise(analysis);
                    });
                }
            });

            describe("each policy's typical violation", () => {
                for (const row of TYPICAL_VIOLATIONS) {
                    it(`${row.policy}: ${row.defect}`, async function () {
                        if (!pack.hasPolicy(row.policy)) {
                            this.skip(); // Lights up when the policy lands in the catalogue.
                        }
                        const stack = row.stack();
                        const analysis = await pack.check(stack);
                        const findings = findingsOf(analysis, row.policy);
                        assert.ok(findings.length > 0, `no finding from ${row.policy}:\n${describeFindings(analysis)}`);
                        assert.ok(
                            findings.some((finding) => row.message.test(finding.message)),
                            describeFindings(analysis),
                        );
                        const level = pack.defaultLevelOf(row.policy);
                        assert.deepStrictEqual(new Set(findings.map((finding) => finding.enforcementLevel)), new Set([level]));
                        if (row.resourceName) {
                            const urn = resourceNamed(stack, row.resourceName).urn;
                            assert.deepStrictEqual(new Set(findings.map((finding) => finding.urn)), new Set([urn]));
                        }
                    });
                }

                it("has a row for every policy in the catalogue", () => {
                    const covered = new Set([ENVIRONMENTS_SETTING, ...packUnderTest.ownPolicies, ...TYPICAL_VIOLATIONS.map((row) => row.policy)]);
                    const uncovered = pack.info.policies.map((policy) => policy.name).filter((name) => !covered.has(name));
                    assert.deepStrictEqual(uncovered, [], "add a row to TYPICAL_VIOLATIONS in tests/e2e/cases.ts");
                });
            });

            describe("--policy-pack-config files", () => {
                it('policy-config/dev.json ({"all": "advisory"}) turns every finding advisory', async () => {
                    const devConfig = readPolicyConfigFile("policy-config/dev.json");
                    let mandatoryByDefault = 0;
                    for (const example of BROKEN_EXAMPLES) {
                        const byDefault = await pack.check(exampleStack(example.name, "deployed"));
                        const underDev = await pack.check(exampleStack(example.name, "deployed"), { config: devConfig });
                        mandatoryByDefault += mandatoryPolicies(byDefault).length;
                        assert.deepStrictEqual(findingKeys(underDev), atLevel(findingKeys(byDefault), "advisory"), example.name);
                    }
                    assert.ok(mandatoryByDefault > 0, "the broken examples drew no mandatory finding to lower");
                });

                // Deployed, the rule names its replica key (sse-kms-opt-in's); in the first preview the key is unknown (encrypted-source-opt-in's).
                const DISABLING_CONFIGS = [
                    { policy: "s3-replication-sse-kms-opt-in", entry: { enforcementLevel: "disabled" }, phase: "deployed" as const },
                    { policy: "s3-replication-encrypted-source-opt-in", entry: "disabled", phase: "preview" as const },
                ];
                for (const { policy, entry, phase } of DISABLING_CONFIGS) {
                    it(`{"${policy}": ${JSON.stringify(entry)}} removes that policy's findings and no other (${phase})`, async () => {
                        const byDefault = await pack.check(exampleStack("broken-missing-opt-in", phase));
                        const disabled = await pack.check(exampleStack("broken-missing-opt-in", phase), {
                            config: policyConfig({ [policy]: entry }),
                        });
                        assert.ok(findingsOf(byDefault, policy).length > 0, `${policy} found nothing to disable`);
                        assert.deepStrictEqual(
                            findingKeys(disabled),
                            findingKeys(byDefault).filter((key) => !key.startsWith(`${policy} `)),
                        );
                    });
                }
            });

            describe(`the pack-wide setting ${ENVIRONMENTS_SETTING}`, () => {
                const ENVIRONMENT_CASES = [
                    {
                        setting: { advisoryStacks: ["dev"] },
                        advisory: { stack: "dev" },
                        mandatory: { stack: "prod" },
                    },
                    {
                        setting: { advisoryStackTags: { environment: "dev" } },
                        advisory: { tags: { environment: "dev" } },
                        mandatory: { tags: { environment: "prod" } },
                    },
                ];
                for (const { setting, advisory, mandatory } of ENVIRONMENT_CASES) {
                    const config = policyConfig({ [ENVIRONMENTS_SETTING]: setting });
                    it(`${JSON.stringify(setting)}: advisory under ConfigureStack ${JSON.stringify(advisory)}, mandatory under ${JSON.stringify(mandatory)}`, async () => {
                        const stack = () => exampleStack("broken-missing-opt-in", "deployed");
                        const byDefault = await pack.check(stack());
                        const inProd = await pack.check(stack(), { config, stack: mandatory });
                        const inDev = await pack.check(stack(), { config, stack: advisory });
                        assert.ok(mandatoryPolicies(byDefault).length > 0, describeFindings(byDefault));
                        assert.deepStrictEqual(findingKeys(inProd), findingKeys(byDefault));
                        assert.deepStrictEqual(findingKeys(inDev), atLevel(findingKeys(byDefault), "advisory"));
                    });
                }
            });

            describe("remediation through Remediate, at the remediate level", () => {
                for (const row of REMEDIATIONS) {
                    it(`${row.policy}: ${row.defect} — returns the fixed properties, which then pass Analyze`, async function () {
                        if (!pack.hasPolicy(row.policy)) {
                            this.skip();
                        }
                        const stack = row.stack();
                        const broken = toAnalyzerResource(resourceNamed(stack, row.resourceName), stack);
                        await pack.configureFor(stack, { config: policyConfig({ [row.policy]: "remediate" }) });

                        const before = await pack.session.analyze(broken);
                        assert.deepStrictEqual(
                            before.diagnostics.filter((d) => d.policyName === row.policy).map((d) => d.enforcementLevel),
                            ["mandatory"],
                            "the unremediated resource breaks the policy (a remediate finding shows as mandatory)",
                        );

                        const { remediations } = await pack.session.remediate(broken);
                        const expected = resourceNamed(row.stack(), row.resourceName).inputs;
                        row.fix(expected);
                        assert.deepStrictEqual(
                            remediations.map((r) => ({ policyName: r.policyName, diagnostic: r.diagnostic })),
                            [{ policyName: row.policy, diagnostic: undefined }],
                        );
                        assert.deepStrictEqual(remediations[0].properties, expected);

                        const after = await pack.session.analyze({ ...broken, properties: remediations[0].properties! });
                        assert.deepStrictEqual(
                            after.diagnostics.filter((d) => d.policyName === row.policy),
                            [],
                        );
                    });
                }

                for (const { example, resourceName, document } of POLICY_DOCUMENTS) {
                    it(`leaves ${document} alone with every policy at remediate (${example})`, async () => {
                        const stack = exampleStack(example, "deployed");
                        await pack.configureFor(stack, { config: policyConfig({ all: "remediate" }) });
                        const result = await pack.session.remediate(toAnalyzerResource(resourceNamed(stack, resourceName), stack));
                        assert.deepStrictEqual(result.remediations, []);
                    });
                }
            });

            describe("malformed input", () => {
                for (const config of [{}, { all: "remediate" }]) {
                    it(`answers odd types, unknowns, secrets, dangling dependencies and 1 MB strings everywhere, configured ${JSON.stringify(config)}`, async () => {
                        const stack = malformedStack();
                        // A gRPC error would reject here: the engine would fail the whole preview.
                        const analysis = await pack.check(stack, { config: policyConfig(config) });
                        const internalErrors = analysis.diagnostics.filter((d) => INTERNAL_ERROR.test(d.message));
                        assert.deepStrictEqual(
                            internalErrors.map((d) => `${d.policyName} on ${d.urn}`),
                            [],
                        );
                        // Evaluated, not skipped: the megabyte-long rule id is measured, and quoted nowhere.
                        const megabyteResource = resourceNamed(stack, ONE_MEGABYTE_RESOURCE).urn;
                        const onMegabyteResource = analysis.diagnostics.filter((d) => d.urn === megabyteResource).map((d) => d.message);
                        assert.ok(
                            onMegabyteResource.some((message) => /has an `id` of 1048576 characters/.test(message)),
                            onMegabyteResource.join("\n"),
                        );
                        assert.ok(analysis.diagnostics.every((d) => !d.message.includes(ONE_MEGABYTE_STRING.slice(0, 4096))));
                    });
                }

                it("ignores a pack-wide setting of the wrong types, and odd stack names and tags, and says once what it ignored", async () => {
                    const stack = () => exampleStack("broken-missing-opt-in", "deployed");
                    const byDefault = await pack.check(stack());
                    const odd = await pack.check(stack(), {
                        config: policyConfig({ [ENVIRONMENTS_SETTING]: { advisoryStacks: "dev", advisoryStackTags: ["dev"] } }),
                        stack: { stack: "", tags: { "": "", environment: ONE_MEGABYTE_STRING } },
                    });
                    assert.deepStrictEqual(findingKeys(odd, [ENVIRONMENTS_SETTING]), findingKeys(byDefault));
                    const said = findingsOf(odd, ENVIRONMENTS_SETTING);
                    assert.deepStrictEqual(
                        said.map((d) => [d.enforcementLevel, d.urn?.includes(`::${ROOT_STACK_TYPE}::`)]),
                        [["advisory", true]],
                    );
                    assert.match(said[0].message, /advisoryStacks is not a list of stack names; advisoryStackTags is not an object/);
                });

                // Issue "Hostile and extreme input", cases 1 and 2: these hung the pack (backtracking RegExp) or failed the request.
                it("answers under hostile globs and oversized patterns, and never fails a request", async () => {
                    const stack = () => exampleStack("broken-missing-opt-in", "deployed");
                    const byDefault = await pack.check(stack());
                    const hostile = await pack.check(stack(), {
                        config: policyConfig({
                            [ENVIRONMENTS_SETTING]: { advisoryStacks: ["*a".repeat(14) + "*b", "*".repeat(20) + "x", "*".repeat(1_000), "ab".repeat(25_000)] },
                        }),
                        stack: { stack: "a".repeat(35) },
                    });
                    assert.deepStrictEqual(findingKeys(hostile, [ENVIRONMENTS_SETTING]), findingKeys(byDefault));
                    const said = findingsOf(hostile, ENVIRONMENTS_SETTING);
                    assert.strictEqual(said.length, 1);
                    assert.match(said[0].message, /entry 3 is 1000 characters long, more than 256; advisoryStacks entry 4 is 50000 characters long/);
                });

                it('"all": "disabled" does not switch the pack-wide setting off; a lowered finding says why', async () => {
                    const stack = () => exampleStack("broken-missing-opt-in", "deployed");
                    const byDefault = await pack.check(stack());
                    const mandatoryNames = mandatoryPolicies(byDefault);
                    const levels = Object.fromEntries(mandatoryNames.map((name) => [name, "mandatory"]));
                    const inDev = await pack.check(stack(), {
                        config: policyConfig({ all: "disabled", ...levels, [ENVIRONMENTS_SETTING]: { advisoryStacks: ["dev"] } }),
                        stack: { stack: "dev" },
                    });
                    assert.deepStrictEqual(mandatoryPolicies(inDev), []);
                    const lowered = inDev.diagnostics.filter((d) => mandatoryNames.includes(d.policyName));
                    assert.ok(lowered.length > 0, describeFindings(inDev));
                    for (const finding of lowered) {
                        assert.ok(finding.message.endsWith("\nadvisory on stack dev (s3-replication-environments)"), finding.message);
                        const description = byDefault.diagnostics.find((d) => d.policyName === finding.policyName)?.message.split("\n")[0];
                        assert.strictEqual(finding.message.split("\n")[0], description, "the policy's description line, as on every finding");
                    }
                });
            });

            describe("secrets", () => {
                for (const row of SECRET_INPUTS) {
                    const outcome = row.expectedPolicy ? `still draws ${row.expectedPolicy}` : "still draws no mandatory finding";
                    it(`${row.what}, sent as a secret, ${outcome}; the secret appears in no message or log`, async function () {
                        if (row.expectedPolicy && !pack.hasPolicy(row.expectedPolicy)) {
                            this.skip(); // Lights up when the policy lands in the catalogue.
                        }
                        const analysis = await pack.check(row.stack());
                        if (row.expectedPolicy) {
                            assert.ok(findingsOf(analysis, row.expectedPolicy).length > 0, describeFindings(analysis));
                        } else {
                            assert.deepStrictEqual(mandatoryPolicies(analysis), [], describeFindings(analysis));
                        }
                        const leaks = [...analysis.diagnostics.map((d) => d.message), ...pack.session.logs().map((log) => log.message)].filter((text) =>
                            text.includes(SECRET_MARKER),
                        );
                        assert.deepStrictEqual(leaks, []);
                    });
                }
            });
        });
    }

    describe("the composed pack against the standalone pack", () => {
        const ownPolicies = COMPOSED_PACK.ownPolicies;

        it(`the composed pack also reports its own policy (${ownPolicies.join(", ")})`, async () => {
            const stack = exampleStack("compliant-cross-region", "deployed");
            const analysis = await packFor(COMPOSED_PACK).check(stack);
            const buckets = ["source-bucket", "destination-bucket"].map((name) => resourceNamed(stack, name).urn);
            assert.deepStrictEqual(new Set(analysis.diagnostics.filter((d) => ownPolicies.includes(d.policyName)).map((d) => d.urn)), new Set(buckets));
            const standalone = await packFor(STANDALONE_PACK).check(stack);
            assert.ok(standalone.diagnostics.every((d) => !ownPolicies.includes(d.policyName)));
        });

        const stacks: NamedStack[] = [...EXAMPLE_FILES, ...TYPICAL_VIOLATIONS.map((row) => ({ label: `${row.policy}'s typical violation`, stack: row.stack }))];
        for (const { label, stack } of stacks) {
            it(`otherwise the same (policy, level, resource) findings on ${label}`, async () => {
                const standalone = await packFor(STANDALONE_PACK).check(stack());
                const composed = await packFor(COMPOSED_PACK).check(stack());
                assert.deepStrictEqual(findingKeys(composed, ownPolicies), findingKeys(standalone));
            });
        }
    });
});
