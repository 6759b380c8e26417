/**
 * Issue 11's cases through the role, key and bucket policies, on every guide example shape, as a first
 * preview and deployed: key policies as gates, explicit Denies, permissions boundaries, AWS
 * managed keys, role sessions and conditions the stack cannot know.
 */
import * as assert from "assert";
import { crossAccountKey } from "../../policies/cross-account-key";
import { types } from "../../policies/model/resource-types";
import { roleKmsPermissions } from "../../policies/role-kms-permissions";
import { roleS3Permissions } from "../../policies/role-s3-permissions";
import { UNKNOWN } from "../support/harness";
import { allowStatement, decryptOnlyForAdminDeny, keyPolicyJson, OTHER_ACCOUNT, ownerStatement } from "../support/key-policies";
import { guideRolePolicy, guideWithRolePolicies, SOURCE_KEY_ARN } from "../support/guide-role";
import { ACCOUNT, aliasArn, DESTINATION_REGION, ROLE_ARN, GUIDE_CASES } from "../support/guide-stack";
import { findingsOf } from "../support/stack-policies";
import { withBoundary } from "../support/boundary";
import { inOwnProcess } from "../support/own-process";
import { BACKUP, withDestinationAccount, withOtherAccountKey, withoutReplicate } from "./authorization.scenarios";
import type { Diagnostic } from "../support/harness";

const SCENARIOS = "tests/policies/authorization.scenarios.ts";
import { assertIncludes } from "../support/assertions";

const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
const SESSION_OF_ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/replication-role/s3-replication`;
const WITHOUT_BUCKET_KEY = { sourceBucketKey: false };

const mandatory = <T extends { enforcementLevel: string }>(findings: T[]): T[] => findings.filter((f) => f.enforcementLevel === "mandatory");

describe("authorization as AWS decides it (issue 11)", () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const label = `${shape}, ${preview ? "preview" : "deployed"}`;
        const guideWith = (overrides: object = {}) =>
            guideWithRolePolicies([guideRolePolicy()], { shape, preview, knownInPreview: true, overrides: { ...WITHOUT_BUCKET_KEY, ...overrides } });

        it(`case 1: a same-account key policy naming only an admin role blocks the role whatever its identity policy says (${label})`, async () => {
            // KMS developer guide, "Key policies in AWS KMS": IAM policies count only when the key policy allows the account.
            const guide = guideWith({ sourceKey: { policy: keyPolicyJson(allowStatement(ADMIN_ROLE, "kms:*")) } });
            const findings = await findingsOf(roleKmsPermissions, guide.stack);
            // Issue 19, item 2: in a first preview the key's ARN is unknown, but its key policy (Resource "*") and the role's
            // predicted ARN are known: it is evaluated, and the key is named by its resource.
            const [finding, ...others] = mandatory(findings);
            assert.deepStrictEqual(others, [], JSON.stringify(findings));
            assert.strictEqual(finding.urn, guide.sourceKey.urn, "reported on the key whose policy must change");
            assertIncludes(
                finding.message,
                `is not allowed kms:Decrypt on the source objects' KMS key ${preview ? 'aws.kms.Key "source-key"' : SOURCE_KEY_ARN}`,
                'the key policy of aws.kms.Key "source-key" lets in neither the role nor its account',
                `Add to the key policy of aws.kms.Key "source-key": {"Sid":"AllowS3ReplicationRole","Effect":"Allow","Principal":{"AWS":"${ROLE_ARN}"},"Action":"kms:Decrypt","Resource":"*"}`,
            );

            const delegating = guideWith({ sourceKey: { policy: keyPolicyJson(ownerStatement(ACCOUNT), allowStatement(ADMIN_ROLE, "kms:*")) } });
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, delegating.stack), [], "the account delegates to IAM");
            const unknown = guideWith({ sourceKey: { policy: UNKNOWN } });
            assert.deepStrictEqual(mandatory(await findingsOf(roleKmsPermissions, unknown.stack)), [], "an unknown key policy is undecided");
        });

        it(`case 2: an explicit Deny in a same-account key policy beats the role's Allow (${label})`, async () => {
            // IAM user guide, "Policy evaluation logic": an explicit deny in any policy overrides any allow.
            const deny = decryptOnlyForAdminDeny(ADMIN_ROLE);
            const guide = guideWith({ sourceKey: { policy: keyPolicyJson(ownerStatement(ACCOUNT), deny) } });
            const [finding, ...others] = mandatory(await findingsOf(roleKmsPermissions, guide.stack));
            assert.deepStrictEqual(others, []);
            assertIncludes(
                finding.message,
                'statement 2 of the key policy of aws.kms.Key "source-key" denies kms:Decrypt',
                "An explicit Deny overrides any Allow",
            );

            const sparing = { ...deny, Condition: { StringNotEquals: { "aws:PrincipalArn": [ADMIN_ROLE, ROLE_ARN] } } };
            const spared = guideWith({ sourceKey: { policy: keyPolicyJson(ownerStatement(ACCOUNT), sparing) } });
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, spared.stack), [], "the Deny spares the role");
        });

        it(`case 3: a permissions boundary removes what it does not allow (${label})`, async () => {
            // IAM user guide, "Permissions boundaries for IAM entities": effective permissions are the intersection.
            const bounded = (allows: string) => withBoundary(guideWith(), preview, allows);
            const onlyS3 = bounded("s3:*");
            assert.deepStrictEqual(await findingsOf(roleS3Permissions, onlyS3.stack), [], "the boundary allows the S3 actions");
            const kms = mandatory(await findingsOf(roleKmsPermissions, onlyS3.stack));
            // Issue 19: the boundary allows kms: actions on no resource, so the denial is certain before the keys' ARNs are known.
            assert.strictEqual(kms.length, 2, JSON.stringify(kms));
            for (const finding of kms) {
                assertIncludes(
                    finding.message,
                    'the permissions boundary of aws.iam.Role "replication-role" (aws.iam.Policy "boundary") does not allow kms:',
                    preview
                        ? 'Add to the permissions boundary of aws.iam.Role "replication-role" (aws.iam.Policy "boundary"): a statement allowing kms:'
                        : 'Add to the permissions boundary of aws.iam.Role "replication-role" (aws.iam.Policy "boundary"): {"Effect":"Allow","Action":"kms:',
                );
            }
            if (preview) {
                assert.ok(
                    kms.some((f) => f.message.includes('on the key ARN of aws.kms.Key "source-key" (known once it is created)')),
                    JSON.stringify(kms),
                );
            }
            const onlyKms = mandatory(await findingsOf(roleS3Permissions, bounded("kms:*").stack));
            assert.ok(
                onlyKms.length > 0 && onlyKms.every((f) => f.message.includes('(aws.iam.Policy "boundary") does not allow s3:')),
                JSON.stringify(onlyKms),
            );

            const outside = guideWith();
            outside.role.props.permissionsBoundary = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
            const findings = await findingsOf(roleKmsPermissions, outside.stack);
            assert.deepStrictEqual(mandatory(findings), [], "a boundary outside the stack is undecided");
            if (!preview) {
                assert.ok(
                    findings.some((f) =>
                        f.message.includes(
                            'the permissions boundary of aws.iam.Role "replication-role" (arn:aws:iam::aws:policy/AmazonS3FullAccess, outside this stack) cannot be checked',
                        ),
                    ),
                    JSON.stringify(findings),
                );
            }
        });

        it(`case 4: an AWS managed replica key of another account needs a customer managed key; aws/s3 source objects need no identity grant (${label})`, async () => {
            const managed = guideWith({ destinationAccount: OTHER_ACCOUNT });
            const rule =
                managed.replication.type === types.bucketReplicationConfig
                    ? (managed.replication.props.rules as Record<string, Record<string, Record<string, unknown>>>[])[0]
                    : undefined;
            if (rule) {
                rule.destination.encryptionConfiguration = { replicaKmsKeyId: aliasArn(DESTINATION_REGION, "alias/aws/s3", OTHER_ACCOUNT) };
                const [finding, ...others] = mandatory(await findingsOf(crossAccountKey, managed.stack));
                assert.deepStrictEqual(others, []);
                assertIncludes(finding.message, "That is an AWS managed key: its key policy cannot be changed", "Create a customer managed KMS key");
            }

            const awsS3 = guideWithRolePolicies(
                [
                    {
                        Version: "2012-10-17",
                        Statement: guideRolePolicy().Statement.filter(
                            (s) => s.Action !== "kms:Decrypt" && !(Array.isArray(s.Action) && s.Action.includes("kms:Decrypt")),
                        ),
                    },
                ],
                { shape, preview, knownInPreview: true, overrides: { ...WITHOUT_BUCKET_KEY } },
            );
            clearSourceKeyId(awsS3.sourceEncryption ?? awsS3.source);
            assert.deepStrictEqual(mandatory(await findingsOf(roleKmsPermissions, awsS3.stack)), [], "aws/s3 needs no identity grant");

            const denied = guideWithRolePolicies(
                [guideRolePolicy(), { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "kms:Decrypt", Resource: "*" }] }],
                { shape, preview, knownInPreview: true, as: "inline", overrides: { ...WITHOUT_BUCKET_KEY } },
            );
            clearSourceKeyId(denied.sourceEncryption ?? denied.source);
            const [deny] = mandatory(await findingsOf(roleKmsPermissions, denied.stack));
            assert.ok(deny?.message.includes("is not allowed kms:Decrypt on the source objects' key behind the alias alias/aws/s3"), JSON.stringify(deny));
            assertIncludes(deny.message, 'statement 1 of inline policy 2 of aws.iam.Role "replication-role" denies kms:Decrypt');
        });

        it(`case 6: a key policy naming a session of the role may allow it: no mandatory finding (${label})`, async () => {
            const guide = guideWith({
                sourceKey: { policy: keyPolicyJson(allowStatement(ADMIN_ROLE, "kms:*"), allowStatement(SESSION_OF_ROLE, "kms:Decrypt")) },
            });
            assert.deepStrictEqual(mandatory(await findingsOf(roleKmsPermissions, guide.stack)), []);
            const byAccountId = guideWith({ sourceKey: { policy: keyPolicyJson(allowStatement(ACCOUNT, "kms:*")) } });
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, byAccountId.stack), [], 'AWS: "ACCOUNT_ID" delegates to the account');
            const asList = guideWith({
                sourceKey: { policy: keyPolicyJson(allowStatement([ADMIN_ROLE, `arn:aws:iam::${ACCOUNT}:root`] as unknown as string, "kms:*")) },
            });
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, asList.stack), [], "a list naming the account");
        });

        it(`case 7: conditions on keys S3's request does not carry are undecided, never a mandatory denial (${label})`, async () => {
            // IAM user guide, "AWS global condition context keys": aws:PrincipalOrgPaths, aws:PrincipalTag, aws:SourceVpce, aws:SourceIp are present only in some requests.
            for (const condition of [
                { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc/r-ab12/ou-ab12-*" } },
                { StringEquals: { "aws:PrincipalOrgID": "o-abc" } },
                { StringEquals: { "aws:PrincipalTag/team": "storage" } },
                { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
                { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
                { StringEquals: { "aws:RequestTag/team": "storage" } },
            ]) {
                const everyone = { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*", Condition: condition };
                const guide = guideWith({ sourceKey: { policy: keyPolicyJson(allowStatement(ADMIN_ROLE, "kms:*"), everyone) } });
                assert.deepStrictEqual(mandatory(await findingsOf(roleKmsPermissions, guide.stack)), [], JSON.stringify(condition));
            }
        });
    }
});

/** SSE-KMS with no key id: S3 uses the AWS managed key aws/s3. */
function clearSourceKeyId(resource: { props: Record<string, unknown> }): void {
    const visit = (value: unknown): void => {
        if (Array.isArray(value)) {
            value.forEach(visit);
        } else if (typeof value === "object" && value !== null) {
            const record = value as Record<string, unknown>;
            for (const key of ["kmsMasterKeyId", "kmsMasterKeyID"]) {
                if (key in record) {
                    delete record[key];
                }
            }
            Object.values(record).forEach(visit);
        }
    };
    visit(resource.props);
}

describe("out-of-stack facts in one place (issue 11, case 8)", () => {
    // The facts come in the engine's Configure request, which the pack keeps for the rest of its process: in a process of its own.
    it("a destination bucket outside the stack: advisory until it is known to be in another account, then mandatory (the role's own policy must allow)", async () => {
        const unknownOwner = await findingsOf(roleS3Permissions, withoutReplicate().stack);
        assert.ok(unknownOwner.length > 0 && unknownOwner.every((f) => f.enforcementLevel === "advisory"), JSON.stringify(unknownOwner));

        const known = await inOwnProcess<Diagnostic[]>(SCENARIOS, "destinationOfOtherAccount");
        const [finding] = mandatory(known);
        assert.ok(finding, JSON.stringify(known));
        assertIncludes(finding.message, `is not allowed s3:ReplicateObject on the destination objects arn:aws:s3:::${BACKUP}/Tax*`);
    });

    it("the same facts reach the cross-account checks, and the per-policy bucketAccounts alias still works", async () => {
        assert.deepStrictEqual(await findingsOf(crossAccountKey, withDestinationAccount().stack), [], "the owner is not known");
        const [alias] = await findingsOf(crossAccountKey, withDestinationAccount().stack, {
            [crossAccountKey.name]: { bucketAccounts: { [BACKUP]: OTHER_ACCOUNT } },
        });
        assert.ok(alias?.message.includes(`is owned by account ${OTHER_ACCOUNT}`), JSON.stringify(alias));
        const [packWide] = await inOwnProcess<Diagnostic[]>(SCENARIOS, "destinationOwnerPackWide");
        assert.deepStrictEqual(packWide?.message, alias.message);
    });
});

describe("a replica key known to be AWS managed (issue 11, cases 4 and 8)", () => {
    it("is mandatory once the pack-wide facts say the other account's key is AWS managed", async () => {
        const before = await findingsOf(crossAccountKey, withOtherAccountKey().stack);
        assert.deepStrictEqual(mandatory(before), [], "a key outside the stack: advisory");
        const [finding] = mandatory(await inOwnProcess<Diagnostic[]>(SCENARIOS, "replicaKeyAwsManaged"));
        assert.ok(finding?.message.includes("That is an AWS managed key"), JSON.stringify(finding));
    });
});

describe("a cross-account destination bucket policy (issue 11, cases 6 and 7)", () => {
    const overrides = { destinationAccount: OTHER_ACCOUNT, sourceBucketKey: false };
    const withBucketPolicy = (statement: object) => {
        const guide = guideWithRolePolicies([guideRolePolicy()], { overrides });
        guide.stack.add(
            types.bucketPolicy,
            "destination-policy",
            {
                bucket: "destination-bucket",
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
            },
            { provider: guide.destination.provider, deps: { bucket: guide.destination } },
        );
        return guide;
    };
    const replicate = { Action: ["s3:ReplicateObject", "s3:ReplicateDelete"], Resource: "arn:aws:s3:::destination-bucket/*" };

    it("naming a session of the role, or everyone in an organization path, may allow it: never mandatory", async () => {
        for (const statement of [
            { Effect: "Allow", Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/replication-role/any-session` }, ...replicate },
            { Effect: "Allow", Principal: "*", ...replicate, Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc/r-ab12/*" } } },
            { Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/other`, ACCOUNT] }, ...replicate },
        ]) {
            assert.deepStrictEqual(mandatory(await findingsOf(roleS3Permissions, withBucketPolicy(statement).stack)), [], JSON.stringify(statement));
        }
    });

    it("naming only another role of the account is a mandatory denial", async () => {
        const findings = mandatory(
            await findingsOf(
                roleS3Permissions,
                withBucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` }, ...replicate }).stack,
            ),
        );
        assert.strictEqual(findings.length, 1, JSON.stringify(findings));
    });
});
