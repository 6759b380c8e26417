/** Key policies for the guide example's replica key, as programs write them: on the key, or as an `aws.kms.KeyPolicy`. */
import { types } from "../../policies/model/resource-types";
import { ResourceSpec, UNKNOWN } from "./harness";
import { GuideStack } from "./guide-stack";

export const OTHER_ACCOUNT = "222222222222";

export function rootOf(account: string): string {
    return `arn:aws:iam::${account}:root`;
}

/** A key policy document as JSON text. */
export function keyPolicyJson(...statements: object[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export function allowStatement(principal: string, actions: string | string[], extra: object = {}): object {
    return { Effect: "Allow", Principal: { AWS: principal }, Action: actions, Resource: "*", ...extra };
}

/** The statement every key policy keeps: the key's own account administers the key through its IAM. */
export function ownerStatement(account: string): object {
    return { Sid: "EnableIAMUserPermissions", ...allowStatement(rootOf(account), "kms:*") };
}

export interface KeyPolicyOptions {
    preview: boolean;
    /** Resources the document is computed from (e.g. the role, for its ARN): unknown during preview. */
    computedFrom?: ResourceSpec[];
    /** Set it through an `aws.kms.KeyPolicy` instead of the key's `policy`. */
    asResource?: boolean;
}

function dependOn(spec: ResourceSpec, property: string, resources: ResourceSpec[]): void {
    spec.propertyDependencies[property] = [...(spec.propertyDependencies[property] ?? []), ...resources.map((r) => r.urn)];
    spec.dependencies = [...new Set([...spec.dependencies, ...resources.map((r) => r.urn)])];
}

/** Gives the guide example's replica key `policy`; returns the resource that declares it. */
export function setReplicaKeyPolicy(guide: GuideStack, policy: unknown, { preview, computedFrom = [], asResource = false }: KeyPolicyOptions): ResourceSpec {
    const document = preview && computedFrom.length > 0 ? UNKNOWN : policy;
    if (!asResource) {
        guide.replicaKey.props.policy = document;
        dependOn(guide.replicaKey, "policy", computedFrom);
        return guide.replicaKey;
    }
    const keyPolicy = guide.stack.add(
        types.kmsKeyPolicy,
        "replica-key-policy",
        { keyId: guide.replicaKey.props.keyId, policy: document },
        { provider: guide.replicaKey.provider, deps: { keyId: guide.replicaKey } },
    );
    dependOn(keyPolicy, "policy", computedFrom);
    return keyPolicy;
}

/**
 * A key-policy statement that denies kms:Decrypt to everyone but `adminRole` (IAM user guide,
 * "Policy evaluation logic": an explicit deny in any policy overrides any allow).
 */
export function decryptOnlyForAdminDeny(adminRole: string): object {
    return {
        Sid: "OnlyAdminsDecrypt",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalArn": adminRole } },
    };
}
