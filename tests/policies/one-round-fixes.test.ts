/**
 * One cause, one fix, in one round (issue 21, section 3): a rule that names a replica key but lacks the SSE-KMS
 * opt-in, whose role also lacks the KMS permissions it will need once it opts in, gets every change it needs from
 * one run of the whole pack. Applying exactly the changes the findings name (the opt-in by the pack's own
 * remediation, the statements the role-kms-permissions finding quotes) leaves no mandatory finding.
 * S3 user guide, "Replicating objects created with server-side encryption" (the seed page): the opt-in, and
 * kms:Decrypt on the source key and kms:Encrypt on the replica key for the role.
 */
import * as assert from "assert";
import { catalogue } from "../../policies/pack/catalogue";
import { analyzeAll, Diagnostic, remediateResource } from "../support/harness";
import { editedGuidePolicy, guideWithRolePolicies, PolicyDocument } from "../support/guide-role";
import { GuideOverrides, GuideShape } from "../support/guide-stack";

const KMS_POLICY = "s3-replication-role-kms-permissions";
const OPT_IN_POLICY = "s3-replication-sse-kms-opt-in";

interface Case {
    name: string;
    /** The guide example policy's statements left out (3: kms:Decrypt on the source key, 4: kms:Encrypt on the replica key). */
    dropped: number[];
    overrides: GuideOverrides;
    forBucketKey: boolean;
    /** The actions the run must name. */
    named: string[];
}

const CASES: Case[] = [
    { name: "no kms:Encrypt", dropped: [4], overrides: { sourceBucketKey: false }, forBucketKey: false, named: ["kms:Encrypt"] },
    { name: "no KMS statement at all", dropped: [3, 4], overrides: { sourceBucketKey: false }, forBucketKey: false, named: ["kms:Decrypt", "kms:Encrypt"] },
    { name: "no replica-key statement, with an S3 Bucket Key", dropped: [4], overrides: {}, forBucketKey: true, named: ["kms:Encrypt", "kms:Decrypt"] },
];

const SHAPES: GuideShape[] = ["v7", "v6-inline", "aws-native"];

const mandatory = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.enforcementLevel === "mandatory");

/** The role statements the findings say to add ("Add to one of its policies: {...}"), parsed as the user would copy them. */
function namedStatements(diagnostics: Diagnostic[]): Record<string, unknown>[] {
    return diagnostics
        .filter((d) => d.policyName === KMS_POLICY)
        .map((d) => {
            const match = /Add to one of its policies: (\{.*\})$/.exec(d.message);
            assert.ok(match, d.message);
            return JSON.parse(match[1]) as Record<string, unknown>;
        });
}

describe("one round of fixes (issue 21: one cause, one fix)", () => {
    for (const shape of SHAPES) {
        for (const c of CASES) {
            const withoutOptIn: GuideOverrides = { ...c.overrides, rule: { sseKms: undefined } };
            const policy = editedGuidePolicy((statements) => statements.filter((_, i) => !c.dropped.includes(i)), { forBucketKey: c.forBucketKey });

            /** The stack with `added` as one more role policy, its replication configurationResource given the pack's remediation when `optIn`. */
            async function stackWith(added: PolicyDocument | undefined, optIn: boolean) {
                const guide = guideWithRolePolicies(added ? [policy, added] : [policy], { shape, overrides: withoutOptIn });
                if (optIn) {
                    const remediated = await remediateResource(catalogue, guide.replication, { [OPT_IN_POLICY]: "remediate" });
                    assert.ok(remediated, "the opt-in is remediated");
                    guide.replication.props = remediated;
                }
                return guide;
            }

            it(`names the opt-in and the ${c.named.join(" and ")} it will need in one run, and the named fixes clear every mandatory finding (${c.name}, ${shape})`, async () => {
                const first = await analyzeAll(catalogue, (await stackWith(undefined, false)).stack);
                assert.deepStrictEqual([...new Set(mandatory(first).map((d) => d.policyName))], [OPT_IN_POLICY], JSON.stringify(first, null, 1));
                const statements = namedStatements(first);
                const actions = statements.flatMap((s) => [s.Action].flat());
                assert.deepStrictEqual(actions.sort(), [...c.named].sort(), JSON.stringify(first, null, 1));
                for (const finding of first.filter((d) => d.policyName === KMS_POLICY)) {
                    assert.strictEqual(finding.enforcementLevel, "advisory");
                    assert.match(finding.message, /once the rule opts in to SSE-KMS objects \(s3-replication-sse-kms-opt-in\)/);
                }

                // The opt-in alone uncovers the KMS findings as mandatory: the advisories above named real changes.
                const optInOnly = await analyzeAll(catalogue, (await stackWith(undefined, true)).stack);
                assert.deepStrictEqual([...new Set(mandatory(optInOnly).map((d) => d.policyName))], [KMS_POLICY]);

                const fixed = await analyzeAll(catalogue, (await stackWith({ Version: "2012-10-17", Statement: statements }, true)).stack);
                assert.deepStrictEqual(mandatory(fixed), [], JSON.stringify(mandatory(fixed), null, 1));
            });
        }
    }
});
