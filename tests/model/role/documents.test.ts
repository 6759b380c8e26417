import * as assert from "assert";
import { RolePolicies, rolePolicies } from "../../../policies/model/role";
import { types } from "../../../policies/model/resource-types";
import { PolicyResource, stackIndex } from "../../../policies/model/stack";
import { ResourceSpec, StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources, resourceOf } from "../../support/policy-resources";
import { ATTACH_WAYS, attachManagedPolicy, attachRolePolicies, ROLE_NAME, guideRolePolicy } from "../../support/guide-role";
import { GuideStack, guideStack } from "../../support/guide-stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

async function policiesOf(stack: StackBuilder, role: ResourceSpec): Promise<RolePolicies> {
    const resources = await policyResources(stack);
    return rolePolicies(stackIndex(resources, NO_SECRETS), resourceOf(resources, role) as PolicyResource);
}

function summary(policies: RolePolicies) {
    return {
        identity: policies.identity.map((d) => [d.origin, d.document.statements.length]),
        unreadable: policies.unreadable.map((u) => [u.origin, u.reason]),
        trust: policies.trust.kind,
    };
}

const ORIGINS: Record<string, string> = {
    inline: 'inline policy 1 of aws.iam.Role "replication-role"',
    "role-policy": 'aws.iam.RolePolicy "replication-role-policy-1"',
    "role-policy-attachment": 'aws.iam.Policy "replication-policy-1"',
    "policy-attachment": 'aws.iam.Policy "replication-policy-1"',
    "managed-policy-arns": 'aws.iam.Policy "replication-policy-1"',
};

function guideWith(preview: boolean, as: (typeof ATTACH_WAYS)[number], knownInPreview = false): GuideStack {
    const guide = guideStack({ shape: "v7", preview });
    attachRolePolicies(guide, { preview, as, documents: [guideRolePolicy()], knownInPreview });
    return guide;
}

describe("role model: the role's policies", () => {
    for (const as of ATTACH_WAYS) {
        it(`gathers a policy attached as ${as}, after deployment and, through property dependencies, during a preview`, async () => {
            const guide = guideWith(false, as);
            assert.deepStrictEqual(summary(await policiesOf(guide.stack, guide.role)), { identity: [[ORIGINS[as], 5]], unreadable: [], trust: "policy" });

            const known = guideWith(true, as, true);
            assert.deepStrictEqual(summary(await policiesOf(known.stack, known.role)).identity, [[ORIGINS[as], 5]]);

            const unknown = guideWith(true, as);
            const previewed = summary(await policiesOf(unknown.stack, unknown.role));
            assert.deepStrictEqual(previewed.identity, []);
            assert.deepStrictEqual(
                previewed.unreadable.map(([, reason]) => reason),
                ["unknown"],
            );
        });
    }

    it("lists a managed policy outside the stack, once however often it is named", async () => {
        const guide = guideStack({ shape: "v7", preview: false });
        attachManagedPolicy(guide, false, "arn:aws:iam::aws:policy/AmazonS3FullAccess");
        guide.role.props.managedPolicyArns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess"];
        assert.deepStrictEqual(summary(await policiesOf(guide.stack, guide.role)).unreadable, [
            ["managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess", "outside-stack"],
        ]);
    });

    it("never quotes a reference that is no managed policy ARN", async () => {
        const guide = guideStack({ shape: "v7", preview: false });
        attachManagedPolicy(guide, false, "SECRET-MARKER-1");
        assert.deepStrictEqual(summary(await policiesOf(guide.stack, guide.role)).unreadable, [
            ['the managed policy aws.iam.RolePolicyAttachment "managed-attachment" names', "outside-stack"],
        ]);
    });

    it("leaves out policies of other roles, and lists attachments that may or may not name the role", async () => {
        const stack = new StackBuilder();
        const role = stack.add(types.iamRole, "replication-role", { name: ROLE_NAME, arn: UNKNOWN, assumeRolePolicy: UNKNOWN });
        const other = stack.add(types.iamRole, "other-role", { name: "other-role", arn: UNKNOWN });
        const policy = stack.add(types.iamPolicy, "policy", { policy: JSON.stringify(guideRolePolicy()), arn: UNKNOWN });
        stack.add(types.iamRolePolicy, "others", { role: "other-role", policy: JSON.stringify(guideRolePolicy()) });
        stack.add(types.iamPolicyAttachment, "others-attachment", { roles: [UNKNOWN], policyArn: UNKNOWN }, { deps: { roles: other, policyArn: policy } });
        stack.add(types.iamPolicyAttachment, "anyones-attachment", { roles: UNKNOWN, policyArn: UNKNOWN }, { deps: { policyArn: policy } });
        stack.add(types.iamRolePolicyAttachment, "anyones-role-attachment", { role: UNKNOWN, policyArn: UNKNOWN }, { deps: { policyArn: policy } });
        assert.deepStrictEqual(summary(await policiesOf(stack, role)), {
            identity: [],
            unreadable: [
                ['aws.iam.RolePolicyAttachment "anyones-role-attachment"', "attachment-unknown"],
                ['aws.iam.PolicyAttachment "anyones-attachment"', "attachment-unknown"],
            ],
            trust: "unknown",
        });
    });

    it("lists documents AWS would reject as unreadable, and reads none from an empty inline policy", async () => {
        const stack = new StackBuilder();
        const role = stack.add(types.iamRole, "replication-role", {
            name: ROLE_NAME,
            assumeRolePolicy: "{ not json",
            inlinePolicies: [
                { name: "broken", policy: "{ not json" },
                { name: "odd", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*", Extra: 1 }] }) },
                { name: "", policy: "" },
                { name: "object", policy: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:ListBucket", Resource: "*" } } },
            ],
        });
        assert.deepStrictEqual(summary(await policiesOf(stack, role)), {
            identity: [['inline policy 4 of aws.iam.Role "replication-role"', 1]],
            unreadable: [
                ['inline policy 1 of aws.iam.Role "replication-role"', "invalid"],
                ['inline policy 2 of aws.iam.Role "replication-role"', "invalid"],
            ],
            trust: "unknown",
        });
    });

    it("lists a RolePolicy, Policy or named inline policy without a document (null or empty) as unreadable, never as granting nothing", async () => {
        for (const document of [null, ""]) {
            const stack = new StackBuilder();
            const role = stack.add(types.iamRole, "replication-role", {
                name: ROLE_NAME,
                arn: `arn:aws:iam::111111111111:role/${ROLE_NAME}`,
                inlinePolicies: [{ name: "named", policy: document }, {}, { name: "", policy: "" }],
            });
            stack.add(types.iamRolePolicy, "role-policy", { role: ROLE_NAME, policy: document });
            stack.add(types.iamPolicy, "policy", { arn: "arn:aws:iam::111111111111:policy/p", policy: document });
            stack.add(types.iamRolePolicyAttachment, "attachment", { role: ROLE_NAME, policyArn: "arn:aws:iam::111111111111:policy/p" });
            assert.deepStrictEqual(
                summary(await policiesOf(stack, role)),
                {
                    identity: [],
                    unreadable: [
                        ['inline policy 1 of aws.iam.Role "replication-role"', "invalid"],
                        ['aws.iam.RolePolicy "role-policy"', "invalid"],
                        ['aws.iam.Policy "policy"', "invalid"],
                    ],
                    trust: "unknown",
                },
                `policy ${JSON.stringify(document)}; empty inline blocks declare nothing`,
            );
        }
    });

    it("reads a role's unknown inline and managed policy lists as unknown", async () => {
        const stack = new StackBuilder();
        const role = stack.add(types.iamRole, "replication-role", { name: ROLE_NAME, inlinePolicies: UNKNOWN, managedPolicyArns: UNKNOWN });
        assert.deepStrictEqual(summary(await policiesOf(stack, role)).unreadable, [
            ['the inline policies of aws.iam.Role "replication-role"', "unknown"],
            ['the managed policies of aws.iam.Role "replication-role"', "unknown"],
        ]);
    });
});
