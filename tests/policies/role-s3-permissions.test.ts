import * as assert from "assert";
import { roleS3Permissions } from "../../policies/role-s3-permissions";
import { types } from "../../policies/model/resource-types";
import { ResourceSpec, UNKNOWN } from "../support/harness";
import { ATTACH_WAYS, attachManagedPolicy, dependOn, editedGuidePolicy, guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { ACCOUNT, ROLE_ARN, GuideShape, GuideStack, guideStack } from "../support/guide-stack";
import { findingsOf } from "../support/stack-policies";
import { assertIncludes } from "../support/assertions";
import { PLAIN_READ_POLICY, plainReadStack } from "../support/round3-stacks";

const POLICY = "s3-replication-role-s3-permissions";
const REPLICATION_READ_STATEMENT = '{"Effect":"Allow","Action":"s3:GetObjectVersionForReplication","Resource":"arn:aws:s3:::source-bucket/Tax*"}';

const plainReadPolicy = PLAIN_READ_POLICY;

describe(POLICY, () => {
    for (const as of ATTACH_WAYS) {
        it(`flags a role without s3:GetObjectVersionForReplication on the source objects (policy attached as ${as})`, async () => {
            const guide = guideWithRolePolicies([plainReadPolicy], { as, overrides: { sourceBucketKey: false } });
            const findings = await findingsOf(roleS3Permissions, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.strictEqual(findings[0].enforcementLevel, "mandatory");
            assert.strictEqual(findings[0].urn, guide.role.urn);
            const message = findings[0].message;
            assert.match(
                message,
                /aws\.iam\.Role "replication-role", the replication role of BucketReplicationConfig "replication" rule "Rule-1", is not allowed s3:GetObjectVersionForReplication on the source objects arn:aws:s3:::source-bucket\/Tax\*: no statement of its policies allows s3:GetObjectVersionForReplication\./,
            );
            assert.match(message, /It is allowed s3:GetObjectVersion, which does not cover the SSE-KMS objects this rule replicates \(it opts in to them\)\./);
            assert.ok(message.includes(`Add to one of its policies: ${REPLICATION_READ_STATEMENT}`), message);
        });
    }

    describe('a rule without the SSE-KMS opt-in (seed page: "the s3:GetObjectVersion action allows replication of unencrypted and SSE-S3-encrypted objects, but not of objects created by using SSE-KMS")', () => {
        const noOptIn = { sseKms: undefined };

        it("passes s3:GetObjectVersion for a rule that replicates no SSE-KMS objects, in every shape, preview and deployed, with no KMS in the stack", async () => {
            for (const shape of ["v7", "v6", "v6-inline", "bucketv2-inline", "aws-native"] as const) {
                for (const preview of [false, true]) {
                    const guide = plainReadStack({ shape, preview }, false);
                    assert.deepStrictEqual(await findingsOf(roleS3Permissions, guide.stack), [], `${shape} preview=${preview}`);
                }
            }
        });

        it("still requires one of the two reads: a role with neither gets s3:GetObjectVersionForReplication named", async () => {
            const withoutRead = editedGuidePolicy((statements) => statements.map((s, i) => (i === 1 ? { ...s, Action: ["s3:GetObjectVersionAcl"] } : s)));
            const guide = guideWithRolePolicies([withoutRead], { overrides: { rule: noOptIn, sourceBucketKey: false } });
            const findings = await findingsOf(roleS3Permissions, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => f.enforcementLevel),
                ["mandatory"],
            );
            assert.match(findings[0].message, /is not allowed s3:GetObjectVersionForReplication on the source objects arn:aws:s3:::source-bucket\/Tax\*/);
            assert.match(findings[0].message, /This rule replicates no SSE-KMS objects, so s3:GetObjectVersion would do as well/);
        });

        it("judges each rule on its own: of two rules of one role, only the one that opts in to SSE-KMS objects needs s3:GetObjectVersionForReplication", async () => {
            const guide = guideWithRolePolicies([plainReadPolicy], { overrides: { rule: { id: "Rule-1" }, sourceBucketKey: false } });
            const replication = guide.stack.resources.find((r) => r.urn === guide.replication.urn)!;
            const rules = replication.props.rules as Record<string, unknown>[];
            const second: Record<string, unknown> = { ...rules[0], id: "Rule-2", priority: 2 };
            delete second.sourceSelectionCriteria;
            rules.push(second);
            const findings = await findingsOf(roleS3Permissions, guide.stack);
            assert.strictEqual(findings.length, 1);
            assert.match(
                findings[0].message,
                /the replication role of BucketReplicationConfig "replication" rule "Rule-1", is not allowed s3:GetObjectVersionForReplication/,
            );
            assert.ok(!findings[0].message.includes("Rule-2"), findings[0].message);
        });
    });

    it("flags it during a preview too, when the documents are known and the buckets' names say their ARNs", async () => {
        for (const shape of ["v7", "v6", "v6-inline", "bucketv2-inline", "aws-native"] as const) {
            const guide = guideWithRolePolicies([plainReadPolicy], { shape, preview: true, knownInPreview: true });
            const findings = await findingsOf(roleS3Permissions, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => f.message.includes(REPLICATION_READ_STATEMENT)),
                [true],
                shape,
            );
        }
    });

    it("names an explicit Deny, in whichever policy it is", async () => {
        const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: ["s3:Replicate*"], Resource: "*" }] };
        const guide = guideWithRolePolicies([guideRolePolicy(), deny], { overrides: { sourceBucketKey: false } });
        const [finding] = await findingsOf(roleS3Permissions, guide.stack);
        assert.match(
            finding.message,
            /is not allowed s3:ReplicateObject on the destination objects arn:aws:s3:::destination-bucket\/Tax\*: statement 1 of aws\.iam\.RolePolicy "replication-role-policy-2" denies s3:ReplicateObject\. An explicit Deny overrides any Allow: narrow or remove statement 1 of aws\.iam\.RolePolicy "replication-role-policy-2"\./,
        );
        assert.ok(!finding.message.includes("Add to"), "nothing to add while a Deny applies");
    });

    it("asks for s3:ReplicateDelete when delete markers replicate, and s3:ObjectOwnerOverrideToBucketOwner with an owner override", async () => {
        const withoutDelete = editedGuidePolicy((statements) => statements.map((s, i) => (i === 2 ? { ...s, Action: "s3:ReplicateObject" } : s)));
        const guide = guideWithRolePolicies([withoutDelete], {
            overrides: { rule: { deleteMarkerReplication: "Enabled", ownerOverride: true, account: "111111111111" } },
        });
        const [finding] = await findingsOf(roleS3Permissions, guide.stack);
        assert.match(finding.message, /is not allowed s3:ReplicateDelete and s3:ObjectOwnerOverrideToBucketOwner on the destination objects/);
        assert.ok(
            finding.message.includes(
                '{"Effect":"Allow","Action":["s3:ReplicateDelete","s3:ObjectOwnerOverrideToBucketOwner"],"Resource":"arn:aws:s3:::destination-bucket/Tax*"}',
            ),
        );
        assert.deepStrictEqual(await findingsOf(roleS3Permissions, guideWithRolePolicies([withoutDelete]).stack), [], "delete markers do not replicate");
    });

    it("reports one finding for every rule of a role that lacks the same permission", async () => {
        const guide = guideWithRolePolicies([editedGuidePolicy((statements) => statements.slice(1))], {
            overrides: { rule: { id: "Rule-1" } },
        });
        const replication = guide.stack.resources.find((r) => r.urn === guide.replication.urn)!;
        (replication.props.rules as unknown[]).push({ ...(replication.props.rules as Record<string, unknown>[])[0], id: "Rule-2", priority: 2 });
        const findings = await findingsOf(roleS3Permissions, guide.stack);
        assert.strictEqual(findings.length, 1);
        assert.match(
            findings[0].message,
            /replication role of BucketReplicationConfig "replication" rule "Rule-1", BucketReplicationConfig "replication" rule "Rule-2", is not allowed s3:GetReplicationConfiguration and s3:ListBucket on the source bucket arn:aws:s3:::source-bucket/,
        );
    });

    describe("a destination bucket in another account", () => {
        const overrides = { destinationAccount: "222222222222", sourceBucketKey: false };

        it("says what its owner must add when no bucket policy for it is in the stack, once the role's ARN is known", async () => {
            const guide = guideWithRolePolicies([guideRolePolicy()], { overrides });
            const findings = await findingsOf(roleS3Permissions, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => [f.enforcementLevel, f.urn]),
                [["advisory", guide.replication.urn]],
            );
            assert.match(
                findings[0].message,
                /replicates to the destination objects arn:aws:s3:::destination-bucket\/Tax\*, in account 222222222222, not its own: that bucket's policy must allow the role s3:ReplicateObject, and no aws\.s3\.BucketPolicy in this stack sets it\./,
            );
            assert.ok(
                findings[0].message.endsWith(
                    `The destination bucket's owner must add to its bucket policy: {"Effect":"Allow","Principal":{"AWS":"${ROLE_ARN}"},"Action":"s3:ReplicateObject","Resource":"arn:aws:s3:::destination-bucket/Tax*"}`,
                ),
                findings[0].message,
            );
            assert.deepStrictEqual(await findingsOf(roleS3Permissions, guideWithRolePolicies([guideRolePolicy()], { overrides, preview: true }).stack), []);
        });

        function withBucketPolicy(statements: object[]) {
            const guide = guideWithRolePolicies([guideRolePolicy()], { overrides });
            const bucketPolicy = guide.stack.add(
                types.bucketPolicy,
                "destination-policy",
                {
                    bucket: "destination-bucket",
                    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
                },
                { provider: guide.destination.provider, deps: { bucket: guide.destination } },
            );
            return { guide, bucketPolicy };
        }

        it("flags its bucket policy in the stack when it does not allow the role", async () => {
            const { guide, bucketPolicy } = withBucketPolicy([
                { Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "s3:GetBucketVersioning", Resource: "arn:aws:s3:::destination-bucket" },
            ]);
            const findings = await findingsOf(roleS3Permissions, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => [f.enforcementLevel, f.urn]),
                [["mandatory", bucketPolicy.urn]],
            );
            assert.match(
                findings[0].message,
                /is not allowed s3:ReplicateObject on the destination objects arn:aws:s3:::destination-bucket\/Tax\*, in account 222222222222, by that bucket's policy \(aws\.s3\.BucketPolicy "destination-policy"\): no statement of the bucket policy allows s3:ReplicateObject\. A bucket in another account must allow the role in its own policy\. Add to the bucket policy: \{"Effect":"Allow","Principal":\{"AWS":"arn:aws:iam::111111111111:role\/replication-role"\}/,
            );
        });

        it("passes a bucket policy that allows the role, and one that allows its account", async () => {
            for (const principal of [ROLE_ARN, "arn:aws:iam::111111111111:root"]) {
                const { guide } = withBucketPolicy([
                    {
                        Effect: "Allow",
                        Principal: { AWS: principal },
                        Action: ["s3:ReplicateObject", "s3:ReplicateDelete"],
                        Resource: "arn:aws:s3:::destination-bucket/*",
                    },
                ]);
                assert.deepStrictEqual(await findingsOf(roleS3Permissions, guide.stack), [], principal);
            }
        });
    });

    describe("bucket policies of the role's own account", () => {
        const SOURCE_ARN = "arn:aws:s3:::source-bucket";
        const DESTINATION_OBJECTS = "arn:aws:s3:::destination-bucket/*";
        const ACCOUNT_ROOT = `arn:aws:iam::${ACCOUNT}:root`;
        /** The guide example's role policy without its source-bucket statement, and without its destination statement. */
        const withoutSourceBucket = editedGuidePolicy((statements) => statements.slice(1));
        const withoutDestination = editedGuidePolicy((statements) => statements.filter((_, i) => i !== 2));
        const allow = (principal: unknown, actions: string[], resource: string) => ({
            Effect: "Allow",
            Principal: principal,
            Action: actions,
            Resource: resource,
        });
        const sourceGrant = (principal: unknown = { AWS: ROLE_ARN }) => allow(principal, ["s3:GetReplicationConfiguration", "s3:ListBucket"], SOURCE_ARN);
        const destinationGrant = (principal: unknown = { AWS: ROLE_ARN }) => allow(principal, ["s3:ReplicateObject"], DESTINATION_OBJECTS);

        type Declared = "aws.s3.BucketPolicy" | "aws-native BucketPolicy" | "inline";

        /** Gives the guide example's bucket a policy as `declared` says; the document is unknown during a preview when `unknown`. */
        function giveBucketPolicy(guide: GuideStack, which: "source" | "destination", declared: Declared, statements: object[], unknown = false): ResourceSpec {
            const bucket = which === "source" ? guide.source : guide.destination;
            const document = { Version: "2012-10-17", Statement: statements };
            if (declared === "inline") {
                bucket.props.policy = unknown ? UNKNOWN : JSON.stringify(document);
                if (unknown) {
                    dependOn(bucket, "policy", [guide.role]);
                }
                return bucket;
            }
            const native = declared === "aws-native BucketPolicy";
            const name = bucket.props.bucket ?? bucket.props.bucketName;
            const resource = guide.stack.add(
                native ? types.nativeBucketPolicy : types.bucketPolicy,
                `${which}-policy`,
                {
                    bucket: typeof name === "string" ? name : UNKNOWN,
                    [native ? "policyDocument" : "policy"]: unknown ? UNKNOWN : native ? document : JSON.stringify(document),
                },
                { provider: bucket.provider, deps: { bucket, ...(unknown ? { [native ? "policyDocument" : "policy"]: guide.role } : {}) } },
            );
            return resource;
        }

        /** The ways each shape can declare a bucket policy. */
        const CASES: readonly { shape: GuideShape; declared: Declared }[] = [
            { shape: "v7", declared: "aws.s3.BucketPolicy" },
            { shape: "v7", declared: "inline" },
            { shape: "v6-inline", declared: "inline" },
            { shape: "aws-native", declared: "aws.s3.BucketPolicy" },
            { shape: "aws-native", declared: "aws-native BucketPolicy" },
        ];
        const overrides = { sourceBucketKey: false };

        it("passes a role its identity policies do not allow when the bucket policy allows the role itself", async () => {
            for (const { shape, declared } of CASES) {
                const source = guideWithRolePolicies([withoutSourceBucket], { shape, overrides });
                giveBucketPolicy(source, "source", declared, [sourceGrant()]);
                assert.deepStrictEqual(await findingsOf(roleS3Permissions, source.stack), [], `${shape} ${declared}: source bucket`);

                const destination = guideWithRolePolicies([withoutDestination], { shape, overrides });
                giveBucketPolicy(destination, "destination", declared, [destinationGrant()]);
                assert.deepStrictEqual(await findingsOf(roleS3Permissions, destination.stack), [], `${shape} ${declared}: destination objects`);

                const everyone = guideWithRolePolicies([withoutDestination], { shape, overrides });
                giveBucketPolicy(everyone, "destination", declared, [destinationGrant("*")]);
                assert.deepStrictEqual(await findingsOf(roleS3Permissions, everyone.stack), [], `${shape} ${declared}: Principal "*"`);
            }
        });

        it("still flags the role when the bucket policy allows only its account, or allows the role something else", async () => {
            for (const { shape, declared } of CASES) {
                for (const statement of [
                    sourceGrant({ AWS: ACCOUNT_ROOT }),
                    sourceGrant({ AWS: ACCOUNT }),
                    allow({ AWS: ROLE_ARN }, ["s3:GetBucketVersioning"], SOURCE_ARN),
                ]) {
                    const guide = guideWithRolePolicies([withoutSourceBucket], { shape, overrides });
                    giveBucketPolicy(guide, "source", declared, [statement]);
                    const findings = await findingsOf(roleS3Permissions, guide.stack);
                    assert.deepStrictEqual(
                        findings.map((f) => [f.enforcementLevel, f.urn]),
                        [["mandatory", guide.role.urn]],
                        `${shape} ${declared} ${JSON.stringify(statement)}`,
                    );
                    assert.match(
                        findings[0].message,
                        /is not allowed s3:GetReplicationConfiguration and s3:ListBucket on the source bucket arn:aws:s3:::source-bucket: no statement of its policies allows/,
                    );
                }
            }
        });

        it("flags an explicit Deny in the bucket policy, whatever the identity policies allow", async () => {
            for (const { shape, declared } of CASES) {
                const guide = guideWithRolePolicies([guideRolePolicy()], { shape, overrides });
                const declaredBy = giveBucketPolicy(guide, "source", declared, [
                    sourceGrant(),
                    { Effect: "Deny", Principal: "*", Action: "s3:ListBucket", Resource: SOURCE_ARN },
                ]);
                const findings = await findingsOf(roleS3Permissions, guide.stack);
                assert.deepStrictEqual(
                    findings.map((f) => [f.enforcementLevel, f.urn]),
                    [["mandatory", guide.role.urn]],
                    `${shape} ${declared}`,
                );
                const origin =
                    declared === "inline"
                        ? `the policy of aws.s3.Bucket "source-bucket"`
                        : declared === "aws-native BucketPolicy"
                          ? `aws-native.s3.BucketPolicy "${declaredBy.name}"`
                          : `aws.s3.BucketPolicy "${declaredBy.name}"`;
                assertIncludes(
                    findings[0].message,
                    `is not allowed s3:ListBucket on the source bucket arn:aws:s3:::source-bucket: statement 2 of ${origin} denies s3:ListBucket. An explicit Deny overrides any Allow: narrow or remove statement 2 of ${origin}.`,
                );
            }
        });

        it("names the Deny of the bucket policy beside one of the role's own", async () => {
            const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:ReplicateObject", Resource: "*" }] };
            const guide = guideWithRolePolicies([guideRolePolicy(), deny], { overrides });
            giveBucketPolicy(guide, "destination", "aws.s3.BucketPolicy", [
                { Effect: "Deny", Principal: { AWS: ROLE_ARN }, Action: "s3:Replicate*", Resource: DESTINATION_OBJECTS },
            ]);
            const [finding, ...others] = await findingsOf(roleS3Permissions, guide.stack);
            assert.deepStrictEqual(others, []);
            assert.match(
                finding.message,
                /statement 1 of aws\.iam\.RolePolicy "replication-role-policy-2" denies s3:ReplicateObject; statement 1 of aws\.s3\.BucketPolicy "destination-policy" denies s3:ReplicateObject\./,
            );
        });

        it("does not flag a Deny whose condition tests what the request does not model", async () => {
            for (const { shape, declared } of CASES) {
                const guide = guideWithRolePolicies([guideRolePolicy()], { shape, overrides });
                giveBucketPolicy(guide, "source", declared, [
                    {
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [SOURCE_ARN, `${SOURCE_ARN}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ]);
                assert.deepStrictEqual(await findingsOf(roleS3Permissions, guide.stack), [], `${shape} ${declared}`);
            }
        });

        it("stays silent while the bucket policy is unknown, and flags the role when the bucket has none in the stack", async () => {
            for (const { shape, declared } of CASES) {
                const unknown = guideWithRolePolicies([withoutSourceBucket], { shape, preview: true, knownInPreview: true, overrides });
                giveBucketPolicy(unknown, "source", declared, [sourceGrant()], true);
                assert.deepStrictEqual(await findingsOf(roleS3Permissions, unknown.stack), [], `${shape} ${declared}: preview`);
            }
            for (const shape of ["v7", "aws-native"] as const) {
                for (const preview of [true, false]) {
                    const none = guideWithRolePolicies([withoutSourceBucket], { shape, preview, knownInPreview: true, overrides });
                    assert.deepStrictEqual(
                        (await findingsOf(roleS3Permissions, none.stack)).map((f) => f.enforcementLevel),
                        ["mandatory"],
                        `${shape} ${preview}`,
                    );
                }
            }
        });

        it("stays silent when two bucket policies of the bucket overwrite each other", async () => {
            const guide = guideWithRolePolicies([withoutSourceBucket], { overrides });
            giveBucketPolicy(guide, "source", "aws.s3.BucketPolicy", [sourceGrant()]);
            giveBucketPolicy(guide, "source", "aws-native BucketPolicy", [sourceGrant({ AWS: ACCOUNT_ROOT })]);
            assert.deepStrictEqual(await findingsOf(roleS3Permissions, guide.stack), []);
        });

        describe("a bucket outside the stack", () => {
            const ELSEWHERE = "arn:aws:s3:::elsewhere-bucket";

            it("is an advisory: a bucket policy outside the stack may grant the role what its identity policies do not", async () => {
                for (const shape of ["v7", "aws-native", "v6-inline"] as const) {
                    const guide = guideWithRolePolicies([guideRolePolicy()], { shape, overrides: { ...overrides, rule: { destinationBucket: ELSEWHERE } } });
                    const findings = await findingsOf(roleS3Permissions, guide.stack);
                    assert.deepStrictEqual(
                        findings.map((f) => [f.enforcementLevel, f.urn]),
                        [["advisory", guide.role.urn]],
                        shape,
                    );
                    assertIncludes(
                        findings[0].message,
                        `is not allowed s3:ReplicateObject on the destination objects ${ELSEWHERE}/Tax*: no statement of its policies allows s3:ReplicateObject. The destination bucket is outside this stack, so its bucket policy cannot be checked: a bucket policy outside the stack may grant the role s3:ReplicateObject. Unless it does, add to one of the role's policies: {"Effect":"Allow","Action":"s3:ReplicateObject","Resource":"${ELSEWHERE}/Tax*"}`,
                    );
                }
            });

            it("is still mandatory for an explicit Deny in the role's policies", async () => {
                const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:ReplicateObject", Resource: "*" }] };
                const guide = guideWithRolePolicies([guideRolePolicy(), deny], { overrides: { ...overrides, rule: { destinationBucket: ELSEWHERE } } });
                const findings = await findingsOf(roleS3Permissions, guide.stack);
                assert.deepStrictEqual(
                    findings.map((f) => f.enforcementLevel),
                    ["mandatory"],
                );
                assert.match(findings[0].message, /statement 1 of aws\.iam\.RolePolicy "replication-role-policy-2" denies s3:ReplicateObject/);
            });

            it("is mandatory when the rule says another account owns it: its policy cannot grant the role alone", async () => {
                const guide = guideWithRolePolicies([guideRolePolicy()], {
                    overrides: { ...overrides, rule: { destinationBucket: ELSEWHERE, account: "222222222222" } },
                });
                const findings = await findingsOf(roleS3Permissions, guide.stack);
                assert.deepStrictEqual(findings.map((f) => [f.enforcementLevel, f.urn]).sort(), [
                    ["advisory", guide.replication.urn],
                    ["mandatory", guide.role.urn],
                ]);
            });
        });
    });

    describe("policies the pack cannot read", () => {
        function managedOnly(preview: boolean) {
            const guide = guideStack({ shape: "v7", preview, overrides: { sourceBucketKey: false } });
            attachManagedPolicy(guide, preview, "arn:aws:iam::aws:policy/AmazonS3FullAccess");
            return guide;
        }

        it("says after deployment that an out-of-stack managed policy cannot be checked", async () => {
            const guide = managedOnly(false);
            const findings = await findingsOf(roleS3Permissions, guide.stack);
            assert.deepStrictEqual([...new Set(findings.map((f) => f.enforcementLevel))], ["advisory"]);
            assert.strictEqual(findings.length, 3, "one per resource: source bucket, source objects, destination objects");
            assert.match(
                findings[0].message,
                /is allowed s3:GetReplicationConfiguration and s3:ListBucket on the source bucket arn:aws:s3:::source-bucket by none of the policies the pack can read; managed policy arn:aws:iam::aws:policy\/AmazonS3FullAccess \(outside this stack\) cannot be checked and may allow it\. Make sure the role has: /,
            );
        });

        it("stays silent about them during a preview", async () => {
            assert.deepStrictEqual(await findingsOf(roleS3Permissions, managedOnly(true).stack), []);
        });

        it("still flags an explicit Deny in a readable policy", async () => {
            const guide = managedOnly(false);
            guide.role.props.inlinePolicies = [
                { name: "deny", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:ListBucket", Resource: "*" }] }) },
            ];
            const mandatory = (await findingsOf(roleS3Permissions, guide.stack)).filter((f) => f.enforcementLevel === "mandatory");
            assert.strictEqual(mandatory.length, 1);
            assert.match(mandatory[0].message, /statement 1 of inline policy 1 of aws\.iam\.Role "replication-role" denies s3:ListBucket/);
        });

        it("stays silent while a readable policy is unknown in part", async () => {
            const unknownResource = editedGuidePolicy((statements) => statements.map((s, i) => (i === 1 ? { ...s, Resource: UNKNOWN } : s)));
            assert.deepStrictEqual(await findingsOf(roleS3Permissions, guideWithRolePolicies([unknownResource]).stack), []);
        });
    });
});
