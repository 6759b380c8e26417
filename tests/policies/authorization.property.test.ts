/**
 * "Undecided never becomes mandatory": making a condition value unknown, or adding a statement
 * that only may apply (it names a session of the role, or tests a key S3's request does not
 * carry), never adds a mandatory finding to what the role, key and bucket policies report.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { StackValidationPolicy } from "@pulumi/policy";
import { bucketKey } from "../../policies/bucket-key";
import { crossAccountKey } from "../../policies/cross-account-key";
import { roleKmsPermissions } from "../../policies/role-kms-permissions";
import { roleS3Permissions } from "../../policies/role-s3-permissions";
import { analyzeStack, UNKNOWN } from "../support/harness";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { ACCOUNT, bucketArn, ROLE_ARN } from "../support/guide-stack";

const POLICIES: StackValidationPolicy[] = [roleKmsPermissions, roleS3Permissions, crossAccountKey, bucketKey];

type Statement = Record<string, unknown>;

const PRINCIPALS = ["*", ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/key-admin`];
/** Keys the pack knows the value of in S3's requests, with values that do and do not match. */
const KNOWN_KEYS: Record<string, string[]> = {
    "kms:ViaService": ["s3.us-east-1.amazonaws.com", "s3.us-west-2.amazonaws.com", "s3.*.amazonaws.com", "ec2.us-east-1.amazonaws.com"],
    "kms:CallerAccount": [ACCOUNT, "222222222222"],
    "aws:PrincipalArn": [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/key-admin`],
    "aws:PrincipalAccount": [ACCOUNT, "222222222222"],
    "kms:EncryptionContext:aws:s3:arn": [`${bucketArn("source-bucket")}/*`, bucketArn("source-bucket"), `${bucketArn("other")}/*`],
};

const clause = fc
    .constantFrom(...Object.keys(KNOWN_KEYS))
    .chain((key) =>
        fc.tuple(
            fc.constantFrom("StringEquals", "StringLike", "StringNotEquals", "StringNotLike", "ArnLike"),
            fc.constant(key),
            fc.constantFrom(...KNOWN_KEYS[key]),
        ),
    );

const keyStatement = fc
    .record({
        Effect: fc.constantFrom("Allow", "Deny"),
        Principal: fc.constantFrom(...PRINCIPALS).map((p) => (p === "*" ? "*" : { AWS: p })),
        Action: fc.constantFrom("kms:*", "kms:Decrypt", "kms:Encrypt"),
        clauses: fc.array(clause, { maxLength: 2 }),
    })
    .map(({ clauses, ...statement }): Statement => ({
        ...statement,
        Resource: "*",
        ...(clauses.length > 0 ? { Condition: Object.fromEntries(clauses.map(([operator, key, value]) => [operator, { [key]: value }])) } : {}),
    }));

/** Statements that may or may not apply to the replication role's requests. */
const mayApply = fc
    .record({
        Effect: fc.constantFrom("Allow", "Deny"),
        Action: fc.constantFrom("kms:*", "kms:Decrypt", "s3:*", "*"),
        how: fc.constantFrom("session", "org", "tag", "vpce"),
    })
    .map(({ Effect, Action, how }): Statement => {
        const base = { Effect, Action, Resource: "*" };
        switch (how) {
            case "session":
                return { ...base, Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/replication-role/some-session` } };
            case "org":
                return { ...base, Principal: "*", Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc/*" } } };
            case "tag":
                return { ...base, Principal: "*", Condition: { StringEquals: { "aws:PrincipalTag/team": "storage" } } };
            default:
                return { ...base, Principal: "*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } };
        }
    });

function keyPolicy(statements: Statement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** One condition value made unknown: the first clause of statement `index` (counted over those with a condition). */
function withUnknownCondition(statements: Statement[], index: number): Statement[] | undefined {
    const conditioned = statements.map((s, i) => [s, i] as const).filter(([s]) => s.Condition !== undefined);
    if (conditioned.length === 0) {
        return undefined;
    }
    const [statement, position] = conditioned[index % conditioned.length];
    const condition = statement.Condition as Record<string, Record<string, unknown>>;
    const [operator] = Object.keys(condition);
    const [key] = Object.keys(condition[operator]);
    const changed = { ...statement, Condition: { ...condition, [operator]: { ...condition[operator], [key]: UNKNOWN } } };
    return statements.map((s, i) => (i === position ? changed : s));
}

async function mandatoryFindings(sourceKeyPolicy: Statement[], replicaKeyPolicy: Statement[], role: Statement[]): Promise<Set<string>> {
    const guide = guideWithRolePolicies([{ Version: "2012-10-17", Statement: role }], {
        overrides: { sourceBucketKey: false, sourceKey: { policy: keyPolicy(sourceKeyPolicy) }, replicaKey: { policy: keyPolicy(replicaKeyPolicy) } },
    });
    const diagnostics = await analyzeStack(POLICIES, guide.stack);
    return new Set(diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName} ${d.urn ?? ""}`));
}

function assertNoneAdded(base: Set<string>, variant: Set<string>, what: string): void {
    assert.deepStrictEqual(
        [...variant].filter((finding) => !base.has(finding)),
        [],
        what,
    );
}

describe("authorization: what may apply never adds a mandatory finding (property)", () => {
    const roleStatements = fc.subarray(guideRolePolicy().Statement);
    const keyPolicies = fc.array(keyStatement, { minLength: 1, maxLength: 4 });

    it("making a condition key's value unknown in a key policy or the role's policy", async () => {
        await fc.assert(
            fc.asyncProperty(
                keyPolicies,
                keyPolicies,
                roleStatements,
                fc.nat(),
                fc.constantFrom("source", "replica", "role"),
                async (source, replica, role, index, where) => {
                    const changed = withUnknownCondition(where === "source" ? source : where === "replica" ? replica : role, index);
                    fc.pre(changed !== undefined);
                    const base = await mandatoryFindings(source, replica, role);
                    const variant = await mandatoryFindings(
                        where === "source" ? (changed ?? source) : source,
                        where === "replica" ? (changed ?? replica) : replica,
                        where === "role" ? (changed ?? role) : role,
                    );
                    assertNoneAdded(base, variant, JSON.stringify({ source, replica, role, changed, where }));
                },
            ),
            { numRuns: 150 },
        );
    });

    it("adding a statement that only may apply, to a key policy or the role's policy", async () => {
        await fc.assert(
            fc.asyncProperty(
                keyPolicies,
                keyPolicies,
                roleStatements,
                mayApply,
                fc.constantFrom("source", "replica", "role"),
                async (source, replica, role, extra, where) => {
                    // An identity policy has no Principal: only a condition the request does not carry makes it "may apply".
                    fc.pre(where !== "role" || extra.Condition !== undefined);
                    const base = await mandatoryFindings(source, replica, role);
                    const identityExtra = { ...extra };
                    delete identityExtra.Principal;
                    const variant = await mandatoryFindings(
                        where === "source" ? [...source, extra] : source,
                        where === "replica" ? [...replica, extra] : replica,
                        where === "role" ? [...role, identityExtra] : role,
                    );
                    assertNoneAdded(base, variant, JSON.stringify({ source, replica, role, extra, where }));
                },
            ),
            { numRuns: 150 },
        );
    });
});
