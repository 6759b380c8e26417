/**
 * Issue 19's two properties, over random role policies and key policies of the guide example:
 * - removing a rule's SSE-KMS opt-in never adds a mandatory S3-permission finding (a rule without
 *   it replicates no SSE-KMS object, for which s3:GetObjectVersion is enough: seed page);
 * - adding a permissions boundary that allows everything never removes a mandatory finding (a
 *   boundary only limits: IAM user guide, "Permissions boundaries for IAM entities").
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { StackValidationPolicy } from "@pulumi/policy";
import { bucketKey } from "../../policies/bucket-key";
import { crossAccountKey } from "../../policies/cross-account-key";
import { roleKmsPermissions } from "../../policies/role-kms-permissions";
import { roleS3Permissions } from "../../policies/role-s3-permissions";
import { analyzeStack } from "../support/harness";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { ACCOUNT, GUIDE_SHAPES, ROLE_ARN } from "../support/guide-stack";
import { withBoundary } from "../support/boundary";

type Statement = Record<string, unknown>;

const READ_ACTIONS: readonly string[][] = [
    ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"],
    ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"],
    ["s3:GetObjectVersion*"],
    ["s3:GetObjectVersionAcl"],
    ["s3:*"],
];

/** The guide example's role policy, some statements left out, its source-object read written one of several ways. */
const roleStatements = fc.tuple(fc.subarray([0, 1, 2, 3, 4]), fc.constantFrom(...READ_ACTIONS)).map(([kept, read]) =>
    guideRolePolicy()
        .Statement.map((s, i) => (i === 1 ? { ...s, Action: read } : s))
        .filter((_, i) => kept.includes(i)),
);

const keyStatement = fc
    .record({
        Effect: fc.constantFrom("Allow", "Deny"),
        Principal: fc.constantFrom("*", ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/key-admin`),
        Action: fc.constantFrom("kms:*", "kms:Decrypt", "kms:Encrypt"),
    })
    .map(({ Principal, ...statement }): Statement => ({ ...statement, Principal: Principal === "*" ? "*" : { AWS: Principal }, Resource: "*" }));
const keyPolicies = fc.array(keyStatement, { minLength: 1, maxLength: 3 });

const keyPolicy = (statements: Statement[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

interface Variant {
    role: Statement[];
    source: Statement[];
    replica: Statement[];
    bucketKey: boolean;
    shape: (typeof GUIDE_SHAPES)[number];
    preview: boolean;
}

const variants = fc.record({
    role: roleStatements,
    source: keyPolicies,
    replica: keyPolicies,
    bucketKey: fc.boolean(),
    shape: fc.constantFrom(...GUIDE_SHAPES),
    preview: fc.boolean(),
});

function guideOf(v: Variant, options: { optIn?: boolean; boundary?: boolean } = {}) {
    const guide = guideWithRolePolicies([{ Version: "2012-10-17", Statement: v.role }], {
        shape: v.shape,
        preview: v.preview,
        knownInPreview: true,
        overrides: {
            sourceBucketKey: v.bucketKey,
            sourceKey: { policy: keyPolicy(v.source) },
            replicaKey: { policy: keyPolicy(v.replica) },
            ...(options.optIn === false ? { rule: { sseKms: undefined } } : {}),
        },
    });
    return options.boundary ? withBoundary(guide, v.preview, "*") : guide;
}

async function mandatory(policies: StackValidationPolicy[], v: Variant, options: { optIn?: boolean; boundary?: boolean } = {}): Promise<Set<string>> {
    const diagnostics = await analyzeStack(policies, guideOf(v, options).stack);
    return new Set(diagnostics.filter((d) => d.enforcementLevel === "mandatory").flatMap((d) => causes(d.policyName, d.urn ?? "", d.message)));
}

/** A finding as the causes it reports: policy, resource and each action it says is not allowed (its wording aside). */
function causes(policy: string, urn: string, message: string): string[] {
    const body = message.split("\n").slice(1).join("\n");
    const denied = /is not allowed (.+?) on (the [^:(]+)/.exec(body);
    if (!denied) {
        return [`${policy} ${urn} ${body}`];
    }
    return denied[1].split(/, | and /).map((action) => `${policy} ${urn} ${action} on ${denied[2].trim()}`);
}

describe("authorization, round 3: properties (issue 19)", () => {
    it("removing a rule's SSE-KMS opt-in never adds a mandatory S3-permission finding", async () => {
        await fc.assert(
            fc.asyncProperty(variants, async (v) => {
                const withOptIn = await mandatory([roleS3Permissions], v);
                const without = await mandatory([roleS3Permissions], v, { optIn: false });
                assert.deepStrictEqual(
                    [...without].filter((finding) => !withOptIn.has(finding)),
                    [],
                    JSON.stringify(v),
                );
            }),
            { numRuns: 80 },
        );
    });

    it("adding a permissions boundary that allows everything never removes a mandatory finding", async () => {
        const policies = [roleS3Permissions, roleKmsPermissions, crossAccountKey, bucketKey];
        await fc.assert(
            fc.asyncProperty(variants, async (v) => {
                const unbounded = await mandatory(policies, v);
                const bounded = await mandatory(policies, v, { boundary: true });
                assert.deepStrictEqual(
                    [...unbounded].filter((finding) => !bounded.has(finding)),
                    [],
                    JSON.stringify(v),
                );
            }),
            { numRuns: 80 },
        );
    });
});
