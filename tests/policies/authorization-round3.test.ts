/**
 * Issue 19's authorization cases through the role policies, on every guide example shape, as a
 * first preview and deployed: a permissions boundary and resource-policy grants by principal form,
 * and `NotPrincipal` + `Deny` with a boundary.
 */
import * as assert from "assert";
import { roleKmsPermissions } from "../../policies/role-kms-permissions";
import { roleS3Permissions } from "../../policies/role-s3-permissions";
import { catalogue } from "../../policies/pack/catalogue";
import { analyzeStack, UNKNOWN } from "../support/harness";
import { allowStatement, keyPolicyJson, OTHER_ACCOUNT, ownerStatement } from "../support/key-policies";
import { REPLICA_KEY_ARN, SOURCE_KEY_ARN } from "../support/guide-role";
import { ACCOUNT, DESTINATION_REGION, GUIDE_CASES, ROLE_ARN } from "../support/guide-stack";
import { findingsOf } from "../support/stack-policies";
import { withBoundary } from "../support/boundary";
import { ALIAS_AS_KEY, assertIncludes, EMPTY_NAME, theOnly } from "../support/assertions";
import {
    autoNamedBucketsStack,
    constrainedGrantStack,
    NOT_PRINCIPAL_DENY_DECRYPT,
    notPrincipalTrapStack,
    roleArnGrantStack,
    CROSS_ACCOUNT_ALIAS,
    CROSS_ACCOUNT_REPLICA_KEY,
    crossAccountAliasStack,
    KEY_ADMIN,
    multiRegionKeyPolicyStack,
    ORG_ONLY_DECRYPT,
    OTHER_ACCOUNT_KEYS,
    OTHER_BUCKET_DECRYPT,
    OUT_OF_STACK_BOUNDARY,
    outOfStackBoundaryStack,
    replicaKeyPolicyStack,
    round3Guide,
    SESSION_DENY_DECRYPT,
    sourceKeyGrantStack,
    sourceKeyPolicyStack,
    TAG_ONLY_DECRYPT,
    WRONG_REGION_DECRYPT,
} from "../support/round3-stacks";

const mandatory = <T extends { enforcementLevel: string }>(findings: T[]): T[] => findings.filter((f) => f.enforcementLevel === "mandatory");

describe("authorization, round 3 (issue 19)", () => {
    for (const { shape, preview } of GUIDE_CASES) {
        const label = `${shape}, ${preview ? "preview" : "deployed"}`;
        const guideWith = (overrides: object = {}) => round3Guide({ shape, preview }, overrides);
        const sourceKeyLabel = preview ? 'aws.kms.Key "source-key"' : SOURCE_KEY_ARN;

        // IAM user guide, "How AWS enforcement code logic evaluates requests to allow or deny access": "Resource-based policies that
        // grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy."
        it(`item 3: a key-policy statement naming the role's ARN does not escape a boundary that lacks the KMS actions (${label})`, async () => {
            const bare = roleArnGrantStack({ shape, preview }, false);
            const named = roleArnGrantStack({ shape, preview }, true);
            const before = mandatory(await findingsOf(roleKmsPermissions, bare.stack));
            const after = mandatory(await findingsOf(roleKmsPermissions, named.stack));
            const onSourceKey = (findings: typeof before) =>
                findings.filter((f) =>
                    f.message.includes(`kms:Decrypt on the source objects' KMS key ${preview ? 'aws.kms.Key "source-key"' : SOURCE_KEY_ARN}`),
                );
            // A boundary that allows no kms: action denies before the key's ARN is known: a first preview reports it too.
            assert.strictEqual(onSourceKey(before).length, 1, JSON.stringify(before));
            assert.strictEqual(onSourceKey(after).length, 1, "adding the statement naming the role's ARN must not hide the boundary failure");
            assertIncludes(
                onSourceKey(after)[0].message,
                'the permissions boundary of aws.iam.Role "replication-role" (aws.iam.Policy "boundary") does not allow kms:Decrypt',
                'Add to the permissions boundary of aws.iam.Role "replication-role" (aws.iam.Policy "boundary"):',
            );
            assert.deepStrictEqual(onSourceKey(after).length, onSourceKey(before).length, "the statement naming the role changes nothing");
        });

        // Same page: "Permissions boundaries and session policies do not limit permissions granted using the aws:PrincipalArn
        // condition key with a wildcard(*) in the Principal element, unless the identity-based policies contain an explicit deny."
        it(`item 3: a "*" grant with an aws:PrincipalArn condition is not limited by the boundary (${label})`, async () => {
            const byPrincipalArn = allowStatement("*", ["kms:Decrypt"], { Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN } } });
            const guide = withBoundary(guideWith({ sourceKey: { policy: keyPolicyJson(ownerStatement(ACCOUNT), byPrincipalArn) } }), preview, "s3:*");
            const findings = mandatory(await findingsOf(roleKmsPermissions, guide.stack));
            assert.ok(!findings.some((f) => f.message.includes(`kms:Decrypt on the source objects' KMS key`)), JSON.stringify(findings));
        });

        // KMS developer guide, "Key policies in AWS KMS": "Unless the key policy explicitly allows it, you cannot use IAM policies
        // to allow access to a KMS key." A key policy names its key as Resource "*", so it is evaluated before the key's ARN is known.
        it(`item 2: the key policy of an in-stack replica key that lets in neither the role nor its account is reported, first preview included (${label})`, async () => {
            const guide = replicaKeyPolicyStack({ shape, preview }, "admin-only");
            const findings = mandatory(await findingsOf(roleKmsPermissions, guide.stack));
            const onReplicaKey = findings.filter((f) => f.urn === guide.replicaKey.urn);
            assert.strictEqual(onReplicaKey.length, 1, JSON.stringify(findings));
            assertIncludes(
                onReplicaKey[0].message,
                `is not allowed kms:Encrypt on the replica KMS key ${preview ? 'aws.kms.Key "replica-key"' : REPLICA_KEY_ARN}`,
                'the key policy of aws.kms.Key "replica-key" lets in neither the role nor its account',
                `{"Sid":"AllowS3ReplicationRole","Effect":"Allow","Principal":{"AWS":"${ROLE_ARN}"},"Action":"kms:Encrypt","Resource":"*"}`,
            );
            const delegating = replicaKeyPolicyStack({ shape, preview }, "delegating");
            assert.deepStrictEqual(mandatory(await findingsOf(roleKmsPermissions, delegating.stack)), [], "the account delegates to IAM");
        });

        // AWS's cross-account replication sample: a Bucket Key on the source, the replica key named by an alias ARN of the
        // destination account, the role allowed kms:Decrypt only on the source key. S3 user guide, "Using an S3 Bucket Key with
        // replication": "When Amazon S3 replicates an encrypted object, it generally preserves the encryption settings of the
        // replica object in the destination bucket", so S3 calls kms:Decrypt on the replica key (seed page, "Amazon S3 Bucket
        // Keys and replication"); KMS developer guide, "Allowing users in other accounts to use a KMS key": "Cross-account access
        // requires permission in the key policy of the KMS key and in an IAM policy in the external user's account."
        it(`item 6: a cross-account replica key named by an alias ARN, with a Bucket Key, needs kms:Decrypt in the role's own policy (${label})`, async () => {
            const alias = CROSS_ACCOUNT_ALIAS;
            const stackWith = (actions: string[], resource: string) => crossAccountAliasStack({ shape, preview }, actions, resource);
            const aboutAlias = <T extends { message: string }>(findings: T[]): T[] =>
                findings.filter((f) => f.message.includes(`the replica key behind the alias ${alias}`));
            const guide = stackWith(["kms:Encrypt"], CROSS_ACCOUNT_REPLICA_KEY);
            const findings = mandatory(await findingsOf(roleKmsPermissions, guide.stack));
            const [finding, ...others] = aboutAlias(findings);
            assert.ok(finding, JSON.stringify(findings));
            assert.deepStrictEqual(others, []);
            assert.strictEqual(finding.urn, guide.role.urn, "the role's own policy must change");
            assertIncludes(
                finding.message,
                `is not allowed kms:Decrypt on the replica key behind the alias ${alias} (a key of account ${OTHER_ACCOUNT})`,
                `on the key ARN that ${alias} points to (arn:aws:kms:${DESTINATION_REGION}:${OTHER_ACCOUNT}:key/<key id>)`,
            );
            for (const { message } of await analyzeStack(catalogue, guide.stack)) {
                assert.doesNotMatch(message, ALIAS_AS_KEY, "an alias is called an alias, not a KMS key");
            }
            assert.ok(
                !/kms:Encrypt\b(?!ion)/.test(finding.message.split("\n").slice(1).join("\n")),
                "kms:Encrypt is allowed on a key of that account, which may be the alias's: undecided",
            );

            const decryptToo = stackWith(["kms:Encrypt", "kms:Decrypt"], OTHER_ACCOUNT_KEYS);
            assert.deepStrictEqual(aboutAlias(mandatory(await findingsOf(roleKmsPermissions, decryptToo.stack))), [], "allowed on every key of that account");
            const aliasResource = stackWith(["kms:Encrypt", "kms:Decrypt"], alias);
            assert.strictEqual(
                aboutAlias(mandatory(await findingsOf(roleKmsPermissions, aliasResource.stack))).length,
                1,
                'KMS developer guide, "Specifying KMS keys in IAM policy statements": "You cannot use a key id, alias name, or alias ARN to identify a KMS key in an IAM policy statement."',
            );
        });

        // KMS developer guide, "Control access to multi-Region keys": "Each multi-Region key is an independent resource with a
        // unique key ARN and key policy". A primary key and its replica share one mrk- key id: on aws, an aws.kms.KeyPolicy naming
        // that id belongs to the key its keyId was computed from, in its provider's Region; on aws-native, each key (an
        // aws-native:kms:Key with multiRegion, its aws-native:kms:ReplicaKey) carries its own keyPolicy.
        it(`item 5: the key policy of a multi-Region replica key is told from its primary's, and the source key's from both (${label})`, async () => {
            const native = shape === "aws-native";
            const policyLabel = (name: string) =>
                native
                    ? `the key policy of ${name === "replica-key" ? "aws-native.kms.ReplicaKey" : "aws-native.kms.Key"} "${name}"`
                    : name === "source-key"
                      ? `the key policy of aws.kms.Key "${name}"`
                      : `the key policy aws.kms.KeyPolicy "${name}-policy"`;
            const adminOnly = multiRegionKeyPolicyStack({ shape, preview }, { replica: [allowStatement(KEY_ADMIN, "kms:*")] });
            const findings = mandatory(await findingsOf(roleKmsPermissions, adminOnly.guide.stack));
            const [onReplica, ...others] = findings.filter((f) => f.urn === adminOnly.replicaPolicy.urn);
            assert.ok(onReplica, JSON.stringify(findings));
            assert.deepStrictEqual(others, []);
            assertIncludes(onReplica.message, "is not allowed kms:Encrypt on the replica KMS key", `${policyLabel("replica-key")} lets in neither`);
            assert.deepStrictEqual(
                findings.filter((f) => f.urn !== adminOnly.replicaPolicy.urn),
                [],
                "only the replica key's policy is at fault",
            );

            const sourceAdminOnly = multiRegionKeyPolicyStack(
                { shape, preview },
                { replica: [ownerStatement(ACCOUNT)], source: [allowStatement(KEY_ADMIN, "kms:*")] },
            );
            const sourceFindings = mandatory(await findingsOf(roleKmsPermissions, sourceAdminOnly.guide.stack));
            const [onSource, ...otherSource] = sourceFindings;
            assert.ok(onSource, JSON.stringify(sourceFindings));
            assert.deepStrictEqual(otherSource, [], "only the source key's policy is at fault");
            assert.strictEqual(onSource.urn, sourceAdminOnly.sourcePolicy.urn);
            assertIncludes(onSource.message, "is not allowed kms:Decrypt on the source objects' KMS key", `${policyLabel("source-key")} lets in neither`);

            // The primary key encrypts nothing here: its policy, whatever it says, is not the replica key's.
            const primaryAdminOnly = multiRegionKeyPolicyStack(
                { shape, preview },
                { replica: [ownerStatement(ACCOUNT)], primary: [allowStatement(KEY_ADMIN, "kms:*")] },
            );
            assert.deepStrictEqual(
                mandatory(await findingsOf(roleKmsPermissions, primaryAdminOnly.guide.stack)),
                [],
                "the replica key's own policy delegates to IAM",
            );
            if (native) {
                // An aws-native replica key's keyPolicy computed from outputs not known yet: undecided, never mandatory.
                const unknownPolicy = multiRegionKeyPolicyStack({ shape, preview }, { replica: [allowStatement(KEY_ADMIN, "kms:*")] });
                unknownPolicy.guide.replicaKey.props.keyPolicy = UNKNOWN;
                unknownPolicy.guide.replicaKey.propertyDependencies.keyPolicy = [unknownPolicy.guide.role.urn];
                assert.deepStrictEqual(mandatory(await findingsOf(roleKmsPermissions, unknownPolicy.guide.stack)), [], "an unknown key policy is undecided");
            }
            const delegating = multiRegionKeyPolicyStack({ shape, preview }, { replica: [ownerStatement(ACCOUNT)] });
            assert.deepStrictEqual(mandatory(await findingsOf(roleKmsPermissions, delegating.guide.stack)), [], "every key policy delegates to IAM");
        });

        it(`item 8: a "*" key-policy statement whose kms:ViaService names the wrong Region gets that condition corrected, not a new statement (${label})`, async () => {
            const guide = sourceKeyPolicyStack({ shape, preview }, WRONG_REGION_DECRYPT);
            const [finding, ...others] = mandatory(await findingsOf(roleKmsPermissions, guide.stack)).filter((f) => f.urn === guide.sourceKey.urn);
            assert.ok(finding);
            assert.deepStrictEqual(others, []);
            assertIncludes(
                finding.message,
                'statement 1 of the key policy of aws.kms.Key "source-key" would let it in, but its condition StringEquals kms:ViaService does not match s3.us-east-1.amazonaws.com',
                'Correct that condition in statement 1 of the key policy of aws.kms.Key "source-key" so that it admits what S3 sends (kms:ViaService s3.us-east-1.amazonaws.com)',
            );
            assert.ok(!finding.message.includes("lets in neither"), finding.message);
            assert.ok(!finding.message.includes("Add to"), "no new statement");
        });

        it(`item 8: messages write the pattern the rule covers, never the sample object (${label})`, async () => {
            const guide = sourceKeyPolicyStack({ shape, preview }, OTHER_BUCKET_DECRYPT);
            const findings = await findingsOf(roleKmsPermissions, guide.stack);
            assert.ok(findings.length > 0);
            for (const finding of findings) {
                assert.ok(!finding.message.includes("replicated-object"), finding.message);
            }
            assert.ok(
                findings.some((f) => f.message.includes("kms:EncryptionContext:aws:s3:arn arn:aws:s3:::source-bucket/Tax*")),
                JSON.stringify(findings),
            );
        });

        it(`item 8: a boundary outside the stack is one cause, one finding per policy, named without double brackets (${label})`, async () => {
            const guide = outOfStackBoundaryStack({ shape, preview });
            for (const policy of [roleKmsPermissions, roleS3Permissions]) {
                const findings = (await findingsOf(policy, guide.stack)).filter((f) => f.message.includes("permissions boundary"));
                assert.deepStrictEqual(mandatory(findings), []);
                assert.strictEqual(findings.length, preview ? 0 : 1, JSON.stringify(findings));
                for (const finding of findings) {
                    assertIncludes(finding.message, `(${OUT_OF_STACK_BOUNDARY}, outside this stack) cannot be checked`);
                }
            }
        });

        // KMS developer guide, "Grants in AWS KMS": "the principal identified in the grant can execute the permitted operations,
        // subject to the defined constraints" — a grant that lists other operations does not let the role in.
        it(`item 8: an in-stack grant that may be the role's but lacks the operation is named (${label})`, async () => {
            const { guide, grant } = sourceKeyGrantStack({ shape, preview }, ["Encrypt", "GenerateDataKey"]);
            const [finding, ...others] = mandatory(await findingsOf(roleKmsPermissions, guide.stack)).filter((f) => f.urn === guide.sourceKey.urn);
            assert.ok(finding);
            assert.deepStrictEqual(others, []);
            assertIncludes(
                finding.message,
                `is not allowed kms:Decrypt on the source objects' KMS key ${preview ? 'aws.kms.Key "source-key"' : SOURCE_KEY_ARN}`,
                `aws.kms.Grant "${grant.name}" may give the role this key's use, but its operations (Encrypt and GenerateDataKey) do not include Decrypt: add Decrypt to them`,
                'Add to the key policy of aws.kms.Key "source-key":',
            );
            const covering = sourceKeyGrantStack({ shape, preview }, ["Encrypt", "Decrypt"]);
            assert.deepStrictEqual(
                mandatory(await findingsOf(roleKmsPermissions, covering.guide.stack)),
                [],
                "a grant that gives the role Decrypt lets it in whatever the key policy says",
            );
        });

        it(`item 8: a bucket whose name is unknown in a first preview is named by its resource, never by an empty name (${label})`, async () => {
            const guide = autoNamedBucketsStack({ shape, preview });
            const diagnostics = await analyzeStack(catalogue, guide.stack);
            const throttling = diagnostics.find((d) => d.policyName === "s3-replication-kms-throttling");
            assert.ok(throttling, JSON.stringify(diagnostics));
            assertIncludes(throttling.message, preview ? 'into bucket resource "destination-bucket"' : 'into bucket "destination-bucket"');
            for (const { message } of diagnostics) {
                assert.doesNotMatch(message, EMPTY_NAME, message);
            }
        });

        // README: "undecided is never mandatory, and the advisory says what could not be decided and why". IAM user guide, "AWS
        // global condition context keys": aws:PrincipalOrgID is the organization of the requesting principal's account, which
        // no resource of the stack shows. Key policies name their key as Resource "*": a first preview decides them too (item 2).
        it(`item 7: replication allowed only if a condition the stack cannot know holds is one advisory naming the statement and what to confirm, first preview included (${label})`, async () => {
            const guide = sourceKeyPolicyStack({ shape, preview }, ORG_ONLY_DECRYPT);
            const findings = await findingsOf(roleKmsPermissions, guide.stack);
            assert.deepStrictEqual(mandatory(findings), [], "undecided is never mandatory");
            const advisory = theOnly(
                findings.filter((f) => f.message.includes("which the stack cannot tell")),
                JSON.stringify(findings),
            );
            assert.strictEqual(advisory.enforcementLevel, "advisory");
            assertIncludes(
                advisory.message,
                `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                `statement 1 of the key policy of aws.kms.Key "source-key": that its condition StringEquals aws:PrincipalOrgID holds for the replication role's requests`,
            );

            const denied = sourceKeyPolicyStack({ shape, preview }, ownerStatement(ACCOUNT), SESSION_DENY_DECRYPT);
            const deniedFindings = await findingsOf(roleKmsPermissions, denied.stack);
            assert.deepStrictEqual(mandatory(deniedFindings), []);
            assert.ok(
                deniedFindings.some((f) =>
                    f.message.includes('statement 2 of the key policy of aws.kms.Key "source-key": that the role session it names is not the one S3 uses'),
                ),
                JSON.stringify(deniedFindings),
            );

            const allowedAnyway = sourceKeyPolicyStack({ shape, preview }, ownerStatement(ACCOUNT), ORG_ONLY_DECRYPT);
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, allowedAnyway.stack), [], "allowed by another path: nothing to say");
        });

        // IAM user guide, "AWS global condition context keys": aws:PrincipalTag/tag-key is a tag attached to the principal making
        // the request; the role's tags as IAM holds them are not something the stack can vouch for at request time.
        it(`item 7: a key policy letting the role in only by aws:PrincipalTag is one advisory, first preview included; nothing when the account is let in too (${label})`, async () => {
            const findings = await findingsOf(roleKmsPermissions, sourceKeyPolicyStack({ shape, preview }, TAG_ONLY_DECRYPT).stack);
            assert.deepStrictEqual(mandatory(findings), [], "undecided is never mandatory");
            const advisory = theOnly(findings, JSON.stringify(findings));
            assert.strictEqual(advisory.enforcementLevel, "advisory");
            assertIncludes(
                advisory.message,
                `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                `statement 1 of the key policy of aws.kms.Key "source-key": that its condition StringEquals aws:PrincipalTag/team holds for the replication role's requests, which the stack cannot tell`,
            );
            const allowedAnyway = sourceKeyPolicyStack({ shape, preview }, ownerStatement(ACCOUNT), TAG_ONLY_DECRYPT);
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, allowedAnyway.stack), [], "allowed by another path: nothing to say");
        });

        // KMS API reference, "GrantConstraints": "Use this structure to allow cryptographic operations in the grant only when the
        // operation request includes the specified encryption context." KMS developer guide, "Grants in AWS KMS": "the principal
        // identified in the grant can execute the permitted operations, subject to the defined constraints".
        it(`item 7: an in-stack grant that is the only way in but applies only for an encryption context is one advisory naming the grant (${label})`, async () => {
            const { guide, grant } = constrainedGrantStack({ shape, preview });
            const findings = await findingsOf(roleKmsPermissions, guide.stack);
            assert.deepStrictEqual(mandatory(findings), [], "undecided is never mandatory");
            const advisory = theOnly(findings, JSON.stringify(findings));
            assertIncludes(
                advisory.message,
                `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                `aws.kms.Grant "${grant.name}": that its constraints (encryptionContextEquals) admit the encryption context S3 sends for every object it replicates (kms:EncryptionContext:aws:s3:arn), which the stack cannot tell`,
            );
            assert.ok(!advisory.message.includes("Tax/2024.csv"), "the constraint's value is not quoted");
            // The key policy lets in the role's account, whose policy allows kms:Decrypt: the grant does not decide.
            const allowedAnyway = constrainedGrantStack({ shape, preview }, { keyPolicy: keyPolicyJson(ownerStatement(ACCOUNT)) });
            assert.deepStrictEqual(await findingsOf(roleKmsPermissions, allowedAnyway.guide.stack), [], "allowed by another path: nothing to say");
            // A grantee computed from the role is unknown in a first preview: the next preview decides whom the grant is for.
            const computed = constrainedGrantStack({ shape, preview }, { computedGrantee: true });
            const computedFindings = await findingsOf(roleKmsPermissions, computed.guide.stack);
            assert.deepStrictEqual(mandatory(computedFindings), []);
            assert.strictEqual(computedFindings.length, preview ? 0 : 1, JSON.stringify(computedFindings));
        });

        // IAM user guide, "AWS JSON policy elements: NotPrincipal": "If an assumed-role user (someone who is using a role) is being
        // evaluated, AWS might validate the account first, then the role, and then the assumed-role user. The assumed-role user is
        // identified by the role session name that is specified when they assumed the role." S3's session name is not in the stack.
        it(`item 7: a Deny with NotPrincipal naming the role and its account (no boundary) is one advisory per policy, naming the statement (${label})`, async () => {
            const findings = await findingsOf(
                roleKmsPermissions,
                sourceKeyPolicyStack({ shape, preview }, ownerStatement(ACCOUNT), NOT_PRINCIPAL_DENY_DECRYPT).stack,
            );
            assert.deepStrictEqual(mandatory(findings), [], "undecided is never mandatory");
            const advisory = theOnly(findings, JSON.stringify(findings));
            assertIncludes(
                advisory.message,
                `may not be allowed kms:Decrypt on the source objects' KMS key ${sourceKeyLabel}`,
                `statement 2 of the key policy of aws.kms.Key "source-key": that its NotPrincipal spares the session of the role S3 uses (its name is not in the stack), which the stack cannot tell`,
            );
            const { guide: onBucket, policy } = notPrincipalTrapStack({ shape, preview }, false);
            const s3Findings = await findingsOf(roleS3Permissions, onBucket.stack);
            assert.deepStrictEqual(mandatory(s3Findings), [], "without a boundary, undecided: never mandatory");
            const onSource = theOnly(s3Findings, JSON.stringify(s3Findings));
            assertIncludes(
                onSource.message,
                `statement 1 of ${shape === "aws-native" ? "aws-native.s3.BucketPolicy" : "aws.s3.BucketPolicy"} "${policy.name}": that its NotPrincipal spares the session of the role S3 uses`,
            );
        });

        // IAM user guide, "Permissions boundaries for IAM entities": "The NotPrincipal element with a Deny effect will always deny any
        // IAM principal that has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."
        it(`item 4: a bucket policy Deny with NotPrincipal listing the role denies a role with a boundary (${label})`, async () => {
            const unbounded = notPrincipalTrapStack({ shape, preview }, false);
            assert.deepStrictEqual(
                mandatory(await findingsOf(roleS3Permissions, unbounded.guide.stack)),
                [],
                "without a boundary NotPrincipal spares the role",
            );

            const { guide: bounded, policy } = notPrincipalTrapStack({ shape, preview }, true);
            const findings = mandatory(await findingsOf(roleS3Permissions, bounded.stack));
            assert.ok(findings.length > 0, "certain denial");
            const onSource = findings.find((f) => f.message.includes("on the source bucket"));
            assert.ok(onSource, JSON.stringify(findings));
            assert.strictEqual(onSource.urn, bounded.role.urn, "bucket-policy denials are reported on the role, as the other ones");
            assertIncludes(
                onSource.message,
                `statement 1 of ${shape === "aws-native" ? "aws-native.s3.BucketPolicy" : "aws.s3.BucketPolicy"} "${policy.name}" denies s3:GetReplicationConfiguration`,
                "a Deny with NotPrincipal denies every principal with a permissions boundary, whatever NotPrincipal lists",
                "ArnNotEquals on aws:PrincipalArn",
            );
        });
    }
});
