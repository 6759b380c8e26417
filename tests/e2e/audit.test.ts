/**
 * Audit policy groups (issue 21, section 4): Pulumi Cloud runs the pack over each stack's latest
 * state after an update and over resources Insights discovers, one Region at a time, with deployed
 * values, no propertyDependencies and no dependsOn. However a stack is cut, the pack must report no
 * mandatory finding that the whole stack, as the engine gives it, would not give. Where a policy
 * has nothing to judge it says "not applicable" (`args.notApplicable`, the AnalyzeResponse's
 * NotApplicable list) rather than "passed".
 */
import * as assert from "assert";

import { AnalyzeResult, Stack, StackAnalysis, toAnalyzerResource, toAnalyzerStackResource } from "../../driver";
import { guideRolePolicy, guideWithRolePolicies, PolicyDocument } from "../support/guide-role";
import { GUIDE_SHAPES, GuideOverrides } from "../support/guide-stack";
import { auditScans, stackFromSpecs } from "./audit-scans";
import { TYPICAL_VIOLATIONS } from "./cases";
import { buildPackOnce, describeFindings, EXAMPLES, exampleStack, findingKey, PACKS_UNDER_TEST, RunningPack, startPacks, stopPacks } from "./helpers";

interface AuditCase {
    label: string;
    stack(): Stack;
}

/** The guide example's role policy as written for its S3 Bucket Keys, and one without kms:Encrypt on the replica key. */
const ROLE_POLICY = guideRolePolicy({ forBucketKey: true });
const WITHOUT_ENCRYPT: PolicyDocument = {
    ...ROLE_POLICY,
    Statement: ROLE_POLICY.Statement.map((statement, index) => (index === 4 ? { ...statement, Action: ["kms:Decrypt"] } : statement)),
};

/** Broken and compliant guide stacks in every shape, aws and aws-native, after deployment. */
const GUIDE_BREAKS: readonly { what: string; overrides?: GuideOverrides; rolePolicy?: PolicyDocument }[] = [
    { what: "compliant" },
    { what: "no opt-in", overrides: { rule: { sseKms: undefined } } },
    { what: "replica key in the source Region", overrides: { replicaKeyRegion: "us-east-1" } },
    { what: "source versioning suspended", overrides: { sourceVersioning: "Suspended" } },
    { what: "replica key for signing", overrides: { replicaKey: { keyUsage: "SIGN_VERIFY" } } },
    { what: "role without kms:Encrypt", rolePolicy: WITHOUT_ENCRYPT },
];

const CASES: readonly AuditCase[] = [
    ...EXAMPLES.map((example) => ({ label: `example ${example.name}`, stack: () => exampleStack(example.name, "deployed") })),
    ...TYPICAL_VIOLATIONS.map((violation) => ({ label: `${violation.policy}: ${violation.defect}`, stack: violation.stack })).filter(
        (candidate) => candidate.stack().source === "export",
    ),
    ...GUIDE_SHAPES.flatMap((shape) =>
        GUIDE_BREAKS.map(({ what, overrides, rolePolicy }) => ({
            label: `guide stack, ${shape}, ${what}`,
            stack: () => stackFromSpecs(guideWithRolePolicies([rolePolicy ?? ROLE_POLICY], { shape, overrides }).stack.resources, `guide-${shape}`),
        })),
    ),
];

function mandatoryKeys(analysis: StackAnalysis): string[] {
    return [...new Set(analysis.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map(findingKey))].sort();
}

/** AnalyzeStack over a stack as the engine sends it, for the response's NotApplicable list. */
async function analyzeStackRaw(pack: RunningPack, stack: Stack): Promise<AnalyzeResult> {
    await pack.configureFor(stack);
    return pack.session.analyzeStack(stack.resources.map((resource) => toAnalyzerStackResource(resource, stack)));
}

describe("audit policy groups: deployed state, no propertyDependencies, one Region at a time", function () {
    this.timeout(600_000);
    let packs: RunningPack[] = [];

    before(async function () {
        this.timeout(300_000);
        await buildPackOnce();
        packs = await startPacks(PACKS_UNDER_TEST);
    });
    after(() => stopPacks(packs));

    it("the cases cover aws and aws-native shapes, broken and compliant stacks, and several Regions", () => {
        assert.ok(CASES.length >= 30, `${CASES.length} cases`);
        assert.ok(CASES.some((candidate) => candidate.stack().resources.some((resource) => resource.type.startsWith("aws-native:"))));
        assert.ok(
            CASES.every((candidate) => auditScans(candidate.stack()).length >= 4),
            "every case spans two Regions at least",
        );
    });

    for (const pack of PACKS_UNDER_TEST) {
        describe(pack.title, () => {
            const running = () => packs.find((candidate) => candidate.packUnderTest === pack)!;

            for (const auditCase of CASES) {
                it(`${auditCase.label}: no mandatory finding the whole stack would not give`, async () => {
                    const whole = await running().check(auditCase.stack());
                    const allowed = new Set(mandatoryKeys(whole));
                    for (const scan of auditScans(auditCase.stack())) {
                        const analysis = await running().check(scan.stack);
                        const extra = mandatoryKeys(analysis).filter((key) => !allowed.has(key));
                        assert.deepStrictEqual(extra, [], `${scan.title}:\n${describeFindings(analysis)}`);
                    }
                });
            }

            it("the guide stacks are compliant until broken, and each break is mandatory in the whole stack", async () => {
                for (const shape of GUIDE_SHAPES) {
                    for (const { what, overrides, rolePolicy } of GUIDE_BREAKS) {
                        const stack = stackFromSpecs(
                            guideWithRolePolicies([rolePolicy ?? ROLE_POLICY], { shape, overrides }).stack.resources,
                            `guide-${shape}`,
                        );
                        const mandatory = mandatoryKeys(await running().check(stack));
                        assert.strictEqual(mandatory.length > 0, what !== "compliant", `${shape}, ${what}: ${mandatory.join("; ")}`);
                    }
                }
            });

            it("a Region's scan still reports what that Region shows", async () => {
                const scans = auditScans(exampleStack("broken-missing-opt-in", "deployed"));
                const source = scans.find((scan) => scan.title === "us-east-1 alone")!;
                const analysis = await running().check(source.stack);
                assert.deepStrictEqual(
                    analysis.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName),
                    ["s3-replication-sse-kms-opt-in"],
                );
            });

            it("still finds the broken examples' mandatory violations in the whole stack audited", async () => {
                for (const example of EXAMPLES.filter((candidate) => !candidate.compliant)) {
                    const [audited] = auditScans(exampleStack(example.name, "deployed"));
                    const analysis = await running().check(audited.stack);
                    const mandatory = analysis.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName);
                    for (const policy of example.expectedViolations) {
                        assert.ok(mandatory.includes(policy), `${example.name}: ${policy} missing\n${describeFindings(analysis)}`);
                    }
                }
            });

            it('answers "not applicable" where a Region holds no replication, and for resources that carry none', async () => {
                const scans = auditScans(exampleStack("compliant-cross-region", "deployed"));
                const destinationOnly = scans.find((scan) => scan.title === "us-west-2 alone")!;
                assert.ok(destinationOnly, scans.map((scan) => scan.title).join(", "));
                const stackPolicies = running()
                    .info.policies.filter((policy) => policy.type === "stack" && policy.name.startsWith("s3-replication-"))
                    .map((policy) => policy.name)
                    .filter((name) => name !== "s3-replication-environments");
                assert.ok(stackPolicies.length >= 10, stackPolicies.join(", "));

                const result = await analyzeStackRaw(running(), destinationOnly.stack);
                assert.deepStrictEqual(result.diagnostics, []);
                const reasons = new Map(result.notApplicable.map((entry) => [entry.policyName, entry.reason]));
                for (const name of stackPolicies) {
                    assert.strictEqual(reasons.get(name), "no resource of the stack carries an S3 replication configuration", name);
                }

                // The source Region holds the replication: the stack policies apply there.
                const sourceOnly = scans.find((scan) => scan.title === "us-east-1 with the global resources")!;
                const applicable = await analyzeStackRaw(running(), sourceOnly.stack);
                assert.deepStrictEqual(
                    applicable.notApplicable.filter((entry) => stackPolicies.includes(entry.policyName)),
                    [],
                );

                // A KMS key carries no replication: the resource policies say so; the replication resource is judged.
                const stack = exampleStack("compliant-cross-region", "deployed");
                const key = stack.resources.find((resource) => resource.type === "aws:kms/key:Key")!;
                const replication = stack.resources.find((resource) => resource.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")!;
                await running().configureFor(stack);
                const onKey = await running().session.analyze(toAnalyzerResource(key, stack));
                const notApplicableOnKey = onKey.notApplicable.map((entry) => entry.policyName).sort();
                assert.deepStrictEqual(notApplicableOnKey, ["s3-replication-replica-key-format", "s3-replication-rule-valid", "s3-replication-sse-kms-opt-in"]);
                assert.ok(onKey.notApplicable.every((entry) => entry.reason === "the resource carries no S3 replication configuration"));
                const onReplication = await running().session.analyze(toAnalyzerResource(replication, stack));
                assert.deepStrictEqual(
                    onReplication.notApplicable.filter((entry) => entry.policyName.startsWith("s3-replication-")),
                    [],
                );
            });
        });
    }
});
