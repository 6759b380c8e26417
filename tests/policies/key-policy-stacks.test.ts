/** The stack policies that read key policies and default encryption, on malformed and secret inputs. */
import * as assert from "assert";
import { PolicyPackConfig, StackValidationPolicy } from "@pulumi/policy";
import { bucketKey } from "../../policies/bucket-key";
import { crossAccountKey } from "../../policies/cross-account-key";
import { kmsThrottling } from "../../policies/kms-throttling";
import { replicaEtag } from "../../policies/replica-etag";
import { Diagnostic, secret, UNKNOWN } from "../support/harness";
import { allowStatement, keyPolicyJson, OTHER_ACCOUNT, ownerStatement, rootOf, setReplicaKeyPolicy } from "../support/key-policies";
import { findingsOf } from "../support/stack-policies";
import { ACCOUNT, GUIDE_CASES, guideStack, GuideOverrides } from "../support/guide-stack";

const POLICIES: StackValidationPolicy[] = [crossAccountKey, bucketKey, kmsThrottling, replicaEtag];
const MARKER = "SECRET-MARKER-in-key-policy";

async function findingsOfAll(stack: Parameters<typeof findingsOf>[1], config?: PolicyPackConfig): Promise<Diagnostic[]> {
    return (await Promise.all(POLICIES.map((policy) => findingsOf(policy, stack, config)))).flat();
}

const MALFORMED_KEY_POLICIES: unknown[] = [
    '{"Version": "2012-10-17", "Statement": [',
    "",
    "null",
    42,
    true,
    [],
    [keyPolicyJson(ownerStatement(ACCOUNT))],
    {},
    { Statement: 5 },
    { Statement: [null, 7, "x"] },
    { Statement: [{ Effect: "Allow", Principal: 5, Action: "kms:*", Resource: "*" }] },
    { Statement: [{ Effect: "Allow", Principal: { AWS: { nested: [ACCOUNT] } }, Action: ["kms:*", 3], Resource: "*" }] },
    { Statement: [{ Effect: "Maybe", Principal: "*", Action: "kms:*", Resource: "*", Condition: "always" }] },
    { Statement: [{ Effect: "Allow", Principal: { AWS: UNKNOWN }, Action: "kms:*", Resource: "*", Condition: { StringLike: UNKNOWN } }] },
    { Version: UNKNOWN, Statement: UNKNOWN },
    secret("{not json"),
    secret({ Statement: [{ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { [MARKER]: { [MARKER]: MARKER } } }] }),
];

const CROSS_ACCOUNT: GuideOverrides = { destinationAccount: OTHER_ACCOUNT, destinationAlgorithm: "aws:kms", destinationBucketKey: true };

describe("key-policy stack policies on malformed and secret inputs", () => {
    it("survive malformed key policies, on the key and as a KeyPolicy, in every shape and phase", async () => {
        for (const { shape, preview } of GUIDE_CASES) {
            for (const policy of MALFORMED_KEY_POLICIES) {
                for (const asResource of [false, true]) {
                    const guide = guideStack({ shape, preview, overrides: CROSS_ACCOUNT });
                    setReplicaKeyPolicy(guide, policy, { preview, asResource });
                    await findingsOfAll(guide.stack);
                }
            }
        }
    });

    it("survive wrong types where buckets, rules and configuration hold accounts, Bucket Keys and algorithms", async () => {
        const oddValues: unknown[] = [42, "yes", {}, [], [true], null, UNKNOWN, secret(MARKER)];
        for (const value of oddValues) {
            for (const preview of [true, false]) {
                const guide = guideStack({ shape: "v7", preview, overrides: { ...CROSS_ACCOUNT, rule: { account: value, owner: value } } });
                const rules = guide.sourceEncryption!.props.rules as Record<string, unknown>[];
                rules[0].bucketKeyEnabled = value;
                (guide.destinationEncryption!.props.rules as Record<string, unknown>[])[0].applyServerSideEncryptionByDefault = {
                    sseAlgorithm: value,
                    kmsMasterKeyId: value,
                };
                guide.role.props.arn = value;
                guide.providers["us-west-2-222222222222"].props.allowedAccountIds = value;
                for (const bucketAccounts of [value, { "destination-bucket": value }, { "destination-bucket": OTHER_ACCOUNT }]) {
                    await findingsOfAll(guide.stack, { "s3-replication-cross-account-key": { bucketAccounts } as never });
                }
            }
        }
    });

    it("never quote a key policy, even when it denies: the secret marker stays out of every message", async () => {
        const statements = [
            { Sid: MARKER, ...allowStatement(rootOf(OTHER_ACCOUNT), "kms:*") },
            { Sid: MARKER, ...allowStatement(`arn:aws:iam::${OTHER_ACCOUNT}:role/${MARKER}`, ["kms:Encrypt", "kms:Decrypt"]) },
            {
                Sid: MARKER,
                ...allowStatement(rootOf(ACCOUNT), ["kms:Encrypt", "kms:Decrypt"], {
                    Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${MARKER}/*` } },
                }),
            },
            {
                Sid: MARKER,
                Effect: "Deny",
                Principal: "*",
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } },
            },
        ];
        let mandatory = 0;
        for (const { shape, preview } of GUIDE_CASES) {
            for (const wrap of [(text: string) => text, secret]) {
                const guide = guideStack({ shape, preview, overrides: { ...CROSS_ACCOUNT, rule: { id: "Rule-1" } } });
                setReplicaKeyPolicy(guide, wrap(keyPolicyJson(...statements)), { preview });
                const findings = await findingsOfAll(guide.stack);
                mandatory += findings.filter((f) => f.enforcementLevel === "mandatory").length;
                for (const finding of findings) {
                    assert.ok(!finding.message.includes(MARKER), finding.message);
                }
            }
        }
        // The cross-account check (kms:Encrypt) and the Bucket Key check (kms:Decrypt) both deny, in every case.
        assert.strictEqual(mandatory, GUIDE_CASES.length * 2 * 2);
    });
});
