/** What holds for every replication-role policy: the guide example's example passes, the examples show their defects, no document leaks, nothing throws. */
import * as assert from "assert";
import * as fc from "fast-check";
import { StackValidationPolicy } from "@pulumi/policy";
import { leastPrivilege } from "../../policies/least-privilege";
import { roleKmsPermissions } from "../../policies/role-kms-permissions";
import { roleS3Permissions } from "../../policies/role-s3-permissions";
import { roleTrust } from "../../policies/role-trust";
import { types } from "../../policies/model/resource-types";
import { DOCUMENT_ELEMENTS, STATEMENT_ELEMENTS } from "../../policies/model/iam/document";
import { EXAMPLE_PROGRAMS } from "../../examples/example-programs";
import { analyzeStack, Diagnostic, previewNoise, secret, UNKNOWN } from "../support/harness";
import { exampleStack } from "../support/example-stacks";
import { ATTACH_WAYS, attachManagedPolicy, guideRolePolicy, guideWithRolePolicies, setTrustPolicy } from "../support/guide-role";
import { ROLE_ARN, GUIDE_CASES } from "../support/guide-stack";
import { findingsOf, isInternalError } from "../support/stack-policies";

const ROLE_POLICIES: StackValidationPolicy[] = [roleS3Permissions, roleKmsPermissions, roleTrust, leastPrivilege];
const ROLE_POLICY_NAMES: ReadonlySet<string> = new Set(ROLE_POLICIES.map((p) => p.name));

async function allFindings(stack: Parameters<typeof analyzeStack>[1]): Promise<Diagnostic[]> {
    const findings: Diagnostic[] = [];
    for (const policy of ROLE_POLICIES) {
        findings.push(...(await findingsOf(policy, stack)));
    }
    return findings;
}

describe("replication-role policies", () => {
    it("pass the guide example's complete example policy in every shape and every way of attaching it, before and after deployment", async () => {
        for (const { shape, preview } of GUIDE_CASES) {
            for (const as of ATTACH_WAYS) {
                const asPrinted = guideWithRolePolicies([guideRolePolicy()], { shape, preview, as, overrides: { sourceBucketKey: false } });
                assert.deepStrictEqual(await allFindings(asPrinted.stack), [], `${shape} ${preview ? "preview" : "deployed"} ${as}`);
                // With the guide example's default S3 Bucket Key, as the guide example says to write the policy then.
                const forBucketKey = guideWithRolePolicies([guideRolePolicy({ forBucketKey: true })], { shape, preview, as });
                assert.deepStrictEqual(await allFindings(forBucketKey.stack), [], `${shape} ${preview ? "preview" : "deployed"} ${as}, Bucket Key`);
            }
        }
    });

    it("find in the example stacks exactly the role defects the examples are listed with, and nothing during their previews", async () => {
        for (const example of EXAMPLE_PROGRAMS) {
            const expected = example.expectedViolations.filter((name) => ROLE_POLICY_NAMES.has(name));
            const deployed = await allFindings(exampleStack(example, "deployed"));
            assert.deepStrictEqual([...new Set(deployed.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policyName))], expected, example.name);
            assert.deepStrictEqual(
                deployed.filter((f) => f.enforcementLevel !== "mandatory"),
                [],
                example.name,
            );
            assert.deepStrictEqual(await allFindings(exampleStack(example, "preview")), [], `${example.name} preview`);
        }
    });

    it("never quote a document, even one passed as a secret", async () => {
        const MARKER = "SECRET-MARKER-";
        const leaky = {
            Version: "2012-10-17",
            Id: `${MARKER}id`,
            Statement: [
                {
                    Sid: `${MARKER}sid`,
                    Effect: "Allow",
                    Action: ["s3:GetObjectVersion", "s3:Get*", "s3:List*"],
                    Resource: ["*", `arn:aws:s3:::${MARKER}bucket`],
                },
                {
                    Sid: `${MARKER}conditioned`,
                    Effect: "Allow",
                    Action: "kms:*",
                    Resource: "*",
                    Condition: { StringLike: { "kms:ViaService": `${MARKER}via`, "aws:PrincipalArn": [`${MARKER}arn`, ROLE_ARN] } },
                },
                { Sid: `${MARKER}deny`, Effect: "Deny", Action: "s3:ListBucket", Resource: ["arn:aws:s3:::source-bucket", `arn:aws:s3:::${MARKER}*`] },
            ],
        };
        for (const as of ATTACH_WAYS) {
            for (const wrap of [
                function plainly(d: unknown) {
                    return d;
                },
                function asSecret(d: unknown) {
                    return secret(JSON.stringify(d));
                },
            ]) {
                const guide = guideWithRolePolicies([wrap(leaky)], { as, overrides: { destinationAccount: "222222222222" } });
                setTrustPolicy(guide, {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: `${MARKER}trust`,
                            Effect: "Allow",
                            Principal: { Service: "ec2.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": `${MARKER}account` } },
                        },
                    ],
                });
                guide.stack.add(
                    types.bucketPolicy,
                    "destination-policy",
                    {
                        bucket: "destination-bucket",
                        policy: JSON.stringify({ ...leaky, Statement: leaky.Statement.map((s) => ({ ...s, Principal: { AWS: [`${MARKER}principal`] } })) }),
                    },
                    { deps: { bucket: guide.destination } },
                );
                attachManagedPolicy(guide, false, `${MARKER}managed`);
                const findings = await allFindings(guide.stack);
                assert.deepStrictEqual(
                    new Set(findings.map((f) => f.policyName)),
                    ROLE_POLICY_NAMES,
                    `every policy has something to say (${as}, ${wrap.name})`,
                );
                assert.deepStrictEqual(
                    findings.filter((f) => f.message.includes(MARKER)).map((f) => f.message),
                    [],
                    as,
                );
            }
        }
    });

    it("survive any document in any place a role's, trust or bucket policy can be, without failing or touching an unknown", async () => {
        const text = fc.oneof(
            fc.constantFrom(
                "",
                "*",
                "s3:*",
                "kms:Decrypt",
                "arn:aws:s3:::source-bucket/*",
                "arn:aws:s3:::source-bucket",
                "s3.us-east-1.amazonaws.com",
                UNKNOWN,
            ),
            fc.string({ maxLength: 6 }),
        );
        const { value } = fc.letrec<{ value: unknown }>((tie) => ({
            value: fc.oneof(
                { depthSize: "small" },
                text,
                fc.boolean(),
                fc.integer(),
                fc.constant(null),
                fc.array(tie("value"), { maxLength: 3 }),
                fc.dictionary(
                    fc.constantFrom(...DOCUMENT_ELEMENTS, ...STATEMENT_ELEMENTS, "StringLike", "Null", "kms:ViaService", "AWS", "Service"),
                    tie("value"),
                    { maxKeys: 4 },
                ),
            ),
        }));
        const statement = fc.record(
            {
                Effect: fc.constantFrom("Allow", "Deny", UNKNOWN),
                Action: fc.oneof(text, fc.array(text, { maxLength: 2 })),
                Resource: fc.oneof(text, fc.array(text, { maxLength: 2 })),
                Condition: fc.oneof(fc.constant(undefined), value),
                Principal: fc.oneof(fc.constant(undefined), value),
            },
            { requiredKeys: ["Effect", "Action"] },
        );
        const shaped = fc.record({ Version: fc.constantFrom("2012-10-17", UNKNOWN), Statement: fc.oneof(value, fc.array(statement, { maxLength: 3 })) });
        const document = fc.oneof(
            value,
            fc.tuple(shaped, fc.boolean()).map(([d, asText]) => (asText ? JSON.stringify(d) : d)),
        );
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...ATTACH_WAYS),
                fc.boolean(),
                document,
                document,
                document,
                async (as, preview, identity, trust, bucketPolicy) => {
                    const guide = guideWithRolePolicies([identity], { as, preview, knownInPreview: true, overrides: { destinationAccount: "222222222222" } });
                    guide.role.props.assumeRolePolicy = trust;
                    guide.stack.add(
                        types.bucketPolicy,
                        "destination-policy",
                        { bucket: "destination-bucket", policy: bucketPolicy },
                        { deps: { bucket: guide.destination } },
                    );
                    const diagnostics = await analyzeStack(ROLE_POLICIES, guide.stack);
                    assert.deepStrictEqual(diagnostics.filter(isInternalError), []);
                    assert.deepStrictEqual(previewNoise(diagnostics), []);
                },
            ),
            { numRuns: 300 },
        );
    });

    it("read a policy declared without a document (null or empty) as one they cannot read, not as a grant of nothing: advisory once deployed, silent in a preview", async () => {
        for (const as of ATTACH_WAYS) {
            for (const document of [null, ""]) {
                for (const preview of [false, true]) {
                    const guide = guideWithRolePolicies([guideRolePolicy()], { as, preview, knownInPreview: true });
                    if (as === "inline") {
                        (guide.role.props.inlinePolicies as Array<Record<string, unknown>>)[0].policy = document;
                    } else {
                        const resourceWithPolicy = guide.stack.resources.find((r) => r.type === (as === "role-policy" ? types.iamRolePolicy : types.iamPolicy));
                        assert.ok(resourceWithPolicy, as);
                        resourceWithPolicy.props.policy = document;
                    }
                    const what = `${as}, policy ${JSON.stringify(document)}, ${preview ? "preview" : "deployed"}`;
                    const findings = await allFindings(guide.stack);
                    assert.deepStrictEqual(
                        findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => `${f.policyName}: ${f.message}`),
                        [],
                        what,
                    );
                    if (preview) {
                        assert.deepStrictEqual(findings, [], what);
                    } else {
                        assert.deepStrictEqual(
                            [...new Set(findings.map((f) => f.policyName))].sort(),
                            [roleKmsPermissions.name, roleS3Permissions.name].sort(),
                            what,
                        );
                        assert.ok(
                            findings.every((f) => f.message.includes("which AWS would reject") && f.message.includes("cannot be checked")),
                            what,
                        );
                    }
                }
            }
        }
    });
});
