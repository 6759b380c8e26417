/** aws-native IAM and KMS resources, read as the aws ones are (issue 11, case 5). */
import * as assert from "assert";
import { rolePolicies } from "../../../policies/model/role";
import { stackIndex } from "../../../policies/model/stack";
import { types } from "../../../policies/model/resource-types";
import { Read } from "../../../policies/model/value";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources, resourceOf } from "../../support/policy-resources";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const valueOf = (r: Read) => (r.state === "known" ? r.value : r.state);
const KEY_ARN = "arn:aws:kms:us-west-2:111111111111:key/0987dcba-09fe-87dc-65ba-ba0987654321";
const document = (action: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

describe("stack index: aws-native IAM and KMS", () => {
    it("models an aws-native:kms:Key (keySpec, keyUsage, enabled, multiRegion, keyPolicy) and resolves an aws-native:kms:Alias to it", async () => {
        const stack = new StackBuilder();
        const provider = stack.provider("west", { region: "us-west-2" }, "aws-native");
        const key = stack.add(
            types.nativeKmsKey,
            "key",
            {
                keySpec: "ECC_NIST_P256",
                keyUsage: "SIGN_VERIFY",
                enabled: false,
                keyPolicy: document("kms:*"),
                arn: KEY_ARN,
                keyId: "0987dcba-09fe-87dc-65ba-ba0987654321",
            },
            { provider },
        );
        stack.add(types.nativeKmsAlias, "alias", { aliasName: "alias/replica", targetKeyId: KEY_ARN }, { provider, deps: { targetKeyId: key } });
        const resources = await policyResources(stack);
        const index = stackIndex(resources, NO_SECRETS);
        const model = index.kmsKey(resourceOf(resources, key))!;
        assert.deepStrictEqual(
            [valueOf(model.keySpec), valueOf(model.keyUsage), valueOf(model.enabled), valueOf(model.multiRegion)],
            ["ECC_NIST_P256", "SIGN_VERIFY", false, false],
        );
        const policy = index.keyPolicy(model);
        assert.ok(policy.state === "known" && policy.value.document.state === "known");
        const byAlias = index.key({ state: "known", value: "arn:aws:kms:us-west-2:111111111111:alias/replica", secret: false });
        assert.strictEqual(byAlias.kind === "in-stack" && byAlias.key.resource.name, "key");
    });

    // KMS developer guide, "Control access to multi-Region keys": "Each multi-Region key is an independent resource with a unique
    // key ARN and key policy"; KMS API reference, "ReplicateKey": a primary key and its replicas "have the same key spec, key usage".
    it("models an aws-native:kms:ReplicaKey: its own keyPolicy, Region and ARN, enabled, and its in-stack primary's usage and spec", async () => {
        const stack = new StackBuilder();
        const east = stack.provider("east", { region: "us-east-1" }, "aws-native");
        const west = stack.provider("west", { region: "us-west-2" }, "aws-native");
        const primaryArn = "arn:aws:kms:us-east-1:111111111111:key/mrk-1";
        const replicaArn = "arn:aws:kms:us-west-2:111111111111:key/mrk-1";
        const primary = stack.add(
            types.nativeKmsKey,
            "primary",
            { multiRegion: true, keyUsage: "ENCRYPT_DECRYPT", keyPolicy: document("kms:Decrypt"), arn: primaryArn, keyId: "mrk-1" },
            { provider: east },
        );
        const replica = stack.add(
            types.nativeKmsReplicaKey,
            "replica",
            { primaryKeyArn: primaryArn, keyPolicy: document("kms:Encrypt"), enabled: false, arn: replicaArn, keyId: "mrk-1" },
            { provider: west, deps: { primaryKeyArn: primary } },
        );
        const orphan = stack.add(
            types.nativeKmsReplicaKey,
            "orphan",
            { primaryKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/mrk-2", keyPolicy: UNKNOWN, arn: UNKNOWN, keyId: UNKNOWN },
            { provider: west },
        );
        const resources = await policyResources(stack);
        const index = stackIndex(resources, NO_SECRETS);
        const model = index.kmsKey(resourceOf(resources, replica))!;
        assert.deepStrictEqual(
            [model.isReplica, valueOf(model.keyUsage), valueOf(model.keySpec), valueOf(model.enabled), valueOf(model.multiRegion)],
            [true, "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", false, true],
        );
        const policy = index.keyPolicy(model);
        assert.ok(policy.state === "known" && policy.value.document.state === "known");
        assert.deepStrictEqual(policy.value.document.value, document("kms:Encrypt"), "the replica's own policy, not its primary's");
        // The shared mrk- id and the ARN, which differs by Region, tell the two keys apart.
        const byArn = index.key({ state: "known", value: replicaArn, secret: false });
        assert.strictEqual(byArn.kind === "in-stack" && byArn.key.resource.name, "replica");
        assert.strictEqual(valueOf(index.keyRegion(byArn)), "us-west-2");
        const byPrimaryArn = index.key({ state: "known", value: primaryArn, secret: false });
        assert.strictEqual(byPrimaryArn.kind === "in-stack" && byPrimaryArn.key.resource.name, "primary");
        assert.strictEqual(index.isMultiRegionKey(byArn), true);
        // Outside the stack, the primary's usage and spec, and a computed keyPolicy, are unknown: undecided, never assumed.
        const unknownPrimary = index.kmsKey(resourceOf(resources, orphan))!;
        assert.deepStrictEqual(
            [valueOf(unknownPrimary.keyUsage), valueOf(unknownPrimary.keySpec), valueOf(unknownPrimary.enabled)],
            ["unknown", "unknown", true],
        );
        const unknownPolicy = index.keyPolicy(unknownPrimary);
        assert.ok(
            unknownPolicy.state === "known" && unknownPolicy.value.document.state === "unknown",
            unknownPolicy.state === "known" ? unknownPolicy.value.document.state : unknownPolicy.state,
        );
    });

    it("gathers an aws-native:iam:Role's policies, RolePolicy, ManagedPolicy (by roles and by managedPolicyArns), trust policy and boundary", async () => {
        const stack = new StackBuilder();
        const provider = stack.provider("east", { region: "us-east-1", allowedAccountIds: ["111111111111"] }, "aws-native");
        const boundary = stack.add(
            types.nativeManagedPolicy,
            "boundary",
            { policyDocument: document("s3:*"), policyArn: "arn:aws:iam::111111111111:policy/boundary" },
            { provider },
        );
        const attached = stack.add(
            types.nativeManagedPolicy,
            "attached",
            { policyDocument: document("kms:Encrypt"), policyArn: "arn:aws:iam::111111111111:policy/attached" },
            { provider },
        );
        const role = stack.add(
            types.nativeRole,
            "role",
            {
                roleName: "replication",
                assumeRolePolicyDocument: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
                },
                policies: [{ policyName: "inline", policyDocument: document("s3:ReplicateObject") }],
                managedPolicyArns: ["arn:aws:iam::111111111111:policy/attached"],
                permissionsBoundary: "arn:aws:iam::111111111111:policy/boundary",
            },
            { provider, deps: { managedPolicyArns: attached, permissionsBoundary: boundary } },
        );
        stack.add(
            types.nativeRolePolicy,
            "role-policy",
            { roleName: "replication", policyName: "more", policyDocument: document("kms:Decrypt") },
            { provider, deps: { roleName: role } },
        );
        stack.add(
            types.nativeManagedPolicy,
            "by-roles",
            { roles: ["replication"], policyDocument: document("s3:GetObjectVersionForReplication") },
            { provider, deps: { roles: role } },
        );
        const resources = await policyResources(stack);
        const policies = rolePolicies(stackIndex(resources, NO_SECRETS), resourceOf(resources, role));
        assert.deepStrictEqual(
            policies.identity.map((d) => d.origin).sort(),
            [
                'aws-native.iam.ManagedPolicy "attached"',
                'aws-native.iam.ManagedPolicy "by-roles"',
                'aws-native.iam.RolePolicy "role-policy"',
                'inline policy 1 of aws-native.iam.Role "role"',
            ].sort(),
        );
        assert.deepStrictEqual(policies.unreadable, []);
        assert.strictEqual(policies.trust.kind, "policy");
        assert.strictEqual(
            policies.boundary.kind === "document" && policies.boundary.document.origin,
            'the permissions boundary of aws-native.iam.Role "role" (aws-native.iam.ManagedPolicy "boundary")',
        );
    });
});
