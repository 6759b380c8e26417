import { strict as assert } from "node:assert";
import { grantMayAllow } from "../../../policies/model/authorization/key-access";
import { types } from "../../../policies/model/resource-types";
import { rolePolicies } from "../../../policies/model/role";
import { PolicyResource, StackIndex } from "../../../policies/model/stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const ACCOUNT = "111111111111";
const PREFIX = "urn:pulumi:dev::p";

/** A resource whose reads of `counted` are counted in `reads`. */
function resource(type: string, name: string, props: Record<string, unknown>, counted?: { property: string; reads: { count: number } }): PolicyResource {
    const watched = counted
        ? new Proxy(props, {
              get(target, key, receiver) {
                  if (key === counted.property) {
                      counted.reads.count++;
                  }
                  return Reflect.get(target, key, receiver);
              },
          })
        : props;
    return { urn: `${PREFIX}::${type}::${name}`, type, name, props: watched, propertyDependencies: {} } as unknown as PolicyResource;
}

const ROLES = 40;
const PER_ROLE = 5;

describe("stack index: stack-wide resources indexed once (issue 22.4)", () => {
    it("reads each aws.iam.PolicyAttachment's and aws-native ManagedPolicy's `roles` once, however many roles ask", () => {
        const reads = { count: 0 };
        const resources: PolicyResource[] = [];
        for (let r = 0; r < ROLES; r++) {
            resources.push(resource(types.iamRole, `role-${r}`, { name: `role-${r}`, arn: `arn:aws:iam::${ACCOUNT}:role/role-${r}` }));
        }
        for (let a = 0; a < ROLES * PER_ROLE; a++) {
            const policy = `arn:aws:iam::${ACCOUNT}:policy/p-${a}`;
            const roles = [`role-${a % ROLES}`];
            resources.push(
                resource(types.iamPolicyAttachment, `attachment-${a}`, { name: `attachment-${a}`, roles, policyArn: policy }, { property: "roles", reads }),
            );
            resources.push(
                resource(
                    types.nativeManagedPolicy,
                    `native-${a}`,
                    { roles, policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } },
                    { property: "roles", reads },
                ),
            );
        }
        const index = new StackIndex(resources, NO_SECRETS);
        for (let r = 0; r < ROLES; r++) {
            const policies = rolePolicies(index, resources[r]);
            // Each role: its own attachments' policies (outside the stack) and its native managed policies.
            assert.equal(policies.unreadable.length, PER_ROLE, `role-${r}`);
            assert.equal(policies.identity.length, PER_ROLE, `role-${r}`);
            assert.ok(policies.unreadable.some((u) => u.origin === `managed policy arn:aws:iam::${ACCOUNT}:policy/p-${r}`));
        }
        assert.ok(reads.count <= 2 * ROLES * PER_ROLE, `\`roles\` read ${reads.count} times for ${2 * ROLES * PER_ROLE} resources`);
    });

    it("resolves each aws.kms.Grant's key once, however many keys, actions and rules ask", () => {
        const reads = { count: 0 };
        const keys = Array.from({ length: 10 }, (_, k) =>
            resource(types.kmsKey, `key-${k}`, { arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-${k}`, keyId: `k-${k}` }),
        );
        const role = `arn:aws:iam::${ACCOUNT}:role/replication`;
        const grants = Array.from({ length: 200 }, (_, g) =>
            resource(
                types.kmsGrant,
                `grant-${g}`,
                { keyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-${g % 10}`, granteePrincipal: role, operations: g % 10 === 3 ? ["Decrypt"] : ["Encrypt"] },
                { property: "keyId", reads },
            ),
        );
        const index = new StackIndex([...keys, ...grants], NO_SECRETS);
        const models = keys.map((key) => index.kmsKey(key));
        for (let rule = 0; rule < 100; rule++) {
            models.forEach((model, k) => {
                assert.ok(model);
                assert.equal(grantMayAllow(index, model, "kms:Encrypt", { arn: role, account: ACCOUNT }), k !== 3);
                assert.equal(grantMayAllow(index, model, "kms:Decrypt", { arn: role, account: ACCOUNT }), k === 3);
            });
        }
        assert.ok(reads.count <= grants.length, `\`keyId\` read ${reads.count} times for ${grants.length} grants`);
    });
});
