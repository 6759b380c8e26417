/**
 * Python, Go, C#, YAML and TypeScript programs read the same findings: what to set is named by its
 * Pulumi schema path and the S3 API element, never as code of one language (an object literal such
 * as `sourceSelectionCriteria: { ... }`, or `key.arn` as a TypeScript expression).
 */
import * as assert from "assert";
import { kmsThrottling } from "../../policies/kms-throttling";
import { replicaKeyFormat } from "../../policies/replica-key-format";
import { replicationVersioning } from "../../policies/replication-versioning";
import { ruleValid } from "../../policies/rule-valid";
import { sseKmsOptIn } from "../../policies/sse-kms-opt-in";
import { GUIDE_CASES, guideStack } from "../support/guide-stack";
import { analyzeShaped } from "../support/shaped-analysis";
import { findingsOf } from "../support/stack-policies";
import { inEveryShape, RuleSpec, ShapeName } from "../support/shapes";
import { catalogue } from "../../policies/pack/catalogue";
import { LANGUAGE_SPECIFIC } from "../support/language-neutral";
import { EXAMPLE_PROGRAMS } from "../../examples/example-programs";
import { exampleStack } from "../support/example-stacks";
import { analyzeAll, analyzeStack, Diagnostic, StackBuilder } from "../support/harness";
import { editedGuidePolicy, guideWithRolePolicies, setTrustPolicy } from "../support/guide-role";
import { GuideOverrides } from "../support/guide-stack";

const KEY = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BASE: RuleSpec = { id: "Rule-1", priority: 1, filterPrefix: "Tax", deleteMarkerReplication: "Disabled" };

/** Rules that each draw a finding telling users what to write. */
const BROKEN: readonly RuleSpec[] = [
    { ...BASE, replicaKmsKeyId: KEY },
    { ...BASE, replicaKmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab", sseKms: "Enabled" },
    { ...BASE, replicaKmsKeyId: "alias/replica", sseKms: "Enabled" },
    { ...BASE, deleteMarkerReplication: undefined },
    { ...BASE, filterTag: { key: "k", value: "v" } },
    { ...BASE, filterPrefix: undefined, filterTag: { key: "k", value: "v" }, deleteMarkerReplication: "Enabled" },
    { ...BASE, destinationBucket: "destination-bucket" },
    { ...BASE, sseKms: "Enabled" },
];

const OPT_IN_PATH: Record<ShapeName, string> = {
    BucketReplicationConfig: "`sourceSelectionCriteria.sseKmsEncryptedObjects.status`",
    "aws-native Bucket": "`sourceSelectionCriteria.sseKmsEncryptedObjects.status`",
    Bucket: "`sourceSelectionCriteria.sseKmsEncryptedObjects.enabled`",
    BucketV2: "`sourceSelectionCriterias[0].sseKmsEncryptedObjects[0].enabled`",
};

describe("findings name what to set by schema path and S3 API element, in no language's syntax", () => {
    it("sse-kms-opt-in, replica-key-format and rule-valid over rules that each need a change, in every shape", async () => {
        const policies = [sseKmsOptIn, replicaKeyFormat, ruleValid];
        let findings = 0;
        for (const rule of BROKEN) {
            for (const { shape, diagnostics } of await analyzeShaped(policies, inEveryShape([rule]))) {
                for (const { policyName, message } of diagnostics) {
                    findings++;
                    assert.doesNotMatch(message, LANGUAGE_SPECIFIC, `${shape} ${policyName}: ${message}`);
                }
            }
        }
        assert.ok(findings >= BROKEN.length * 2, `only ${findings} findings: the rules no longer draw the findings this test reads`);
    });

    it("the SSE-KMS opt-in is named by each shape's own path and by the S3 API element", async () => {
        const results = await analyzeShaped([sseKmsOptIn], inEveryShape([{ ...BASE, replicaKmsKeyId: KEY }]));
        assert.strictEqual(results.length, 4);
        for (const { shape, diagnostics } of results) {
            assert.strictEqual(diagnostics.length, 1, shape);
            assert.ok(diagnostics[0].message.includes(OPT_IN_PATH[shape]), `${shape}: ${diagnostics[0].message}`);
            assert.match(diagnostics[0].message, /S3 API: SourceSelectionCriteria\/SseKmsEncryptedObjects\/Status/, shape);
        }
    });

    it("kms-throttling and replication-versioning name the Bucket Key and versioning settings by path and S3 API element, in every shape", async () => {
        let findings = 0;
        for (const { shape, preview } of GUIDE_CASES) {
            const noBucketKey = guideStack({ shape, preview, overrides: { sourceBucketKey: false } });
            const noVersioning = guideStack({ shape, preview, overrides: { destinationVersioning: "none" } });
            const messages = [
                ...(await findingsOf(kmsThrottling, noBucketKey.stack)).map((finding) => finding.message),
                ...(await findingsOf(replicationVersioning, noVersioning.stack)).map((finding) => finding.message),
            ];
            for (const message of messages) {
                findings++;
                assert.doesNotMatch(message, LANGUAGE_SPECIFIC, `${shape}: ${message}`);
                assert.match(message, /S3 API: (ServerSideEncryptionRule\/BucketKeyEnabled|VersioningConfiguration\/Status)/, `${shape}: ${message}`);
            }
        }
        assert.ok(findings >= GUIDE_CASES.length * 2, `only ${findings} findings: the stacks no longer draw the findings this test reads`);
    });

    /** Stacks that break one thing each, so that every policy of the pack says what to change. */
    const OVERRIDES: readonly GuideOverrides[] = [
        {},
        { rule: { sseKms: undefined } },
        { rule: { sseKms: undefined, replicaKmsKeyId: undefined } },
        { sourceBucketKey: false },
        { destinationVersioning: "none" },
        { replicaKeyRegion: "us-east-1" },
        { replicaKeyKind: "replica-key" },
        { replicaKeyKind: "bucket-arn" },
        { replicaKey: { keyUsage: "SIGN_VERIFY" } },
        { sourceAlgorithm: "none", destinationAlgorithm: "aws:kms", destinationBucketKey: true },
        { destinationAccount: "222222222222" },
        { rule: { deleteMarkerReplication: undefined } },
    ];

    function guideStacks(preview: boolean, shape: (typeof GUIDE_CASES)[number]["shape"]): StackBuilder[] {
        const withoutEncrypt = editedGuidePolicy((statements) => statements.filter((_, i) => i !== 4));
        const broad = editedGuidePolicy((statements) => [
            ...statements.map((s, i) => (i === 1 ? { ...s, Action: ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"] } : s)),
            { Effect: "Allow", Action: "kms:*", Resource: "*" },
        ]);
        const untrusted = guideWithRolePolicies([withoutEncrypt], { shape, preview, knownInPreview: true });
        setTrustPolicy(untrusted, {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        return [
            ...OVERRIDES.map((overrides) => guideStack({ shape, preview, overrides }).stack),
            guideWithRolePolicies([broad], { shape, preview, knownInPreview: true, overrides: { rule: { sseKms: undefined } } }).stack,
            untrusted.stack,
        ];
    }

    it("every policy of the pack, over the example stacks and guide stacks that break one thing each", async () => {
        const seen = new Map<string, number>();
        const check = (diagnostics: Diagnostic[], where: string) => {
            for (const { policyName, message } of diagnostics) {
                seen.set(policyName, (seen.get(policyName) ?? 0) + 1);
                assert.doesNotMatch(message, LANGUAGE_SPECIFIC, `${where} ${policyName}: ${message}`);
            }
        };
        for (const example of EXAMPLE_PROGRAMS) {
            for (const stage of ["preview", "deployed"] as const) {
                check(await analyzeStack(catalogue, exampleStack(example, stage)), `${example.name} (${stage})`);
            }
        }
        for (const { shape, preview } of GUIDE_CASES) {
            for (const stack of guideStacks(preview, shape)) {
                check(await analyzeAll(catalogue, stack), `${shape} (${preview ? "preview" : "deployed"})`);
            }
        }
        // Every policy that can report was read (the environments setting reports nothing of its own).
        const silent = catalogue.map((policy) => policy.name).filter((name) => name !== "s3-replication-environments" && !seen.has(name));
        assert.deepStrictEqual(silent, [], "these policies drew no finding here: add a stack that breaks what they check");
    });

    it("every policy's description and remediation steps", () => {
        for (const policy of catalogue) {
            for (const text of [policy.description, policy.remediationSteps ?? ""]) {
                assert.doesNotMatch(text, LANGUAGE_SPECIFIC, `${policy.name}: ${text}`);
            }
        }
    });
});
