import * as assert from "assert";
import { parsePolicyDocument, ParsedPolicy, Request } from "../../../policies/model/iam";
import { decideByDocuments, grantsOf, SourcedDocument } from "../../../policies/model/role";
import { decideResourcePolicy } from "../../../policies/model/authorization/resource-side";
import { Denial } from "../../../policies/model/verdict";
import { UNKNOWN } from "../../../policies/model/value";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const DECRYPT: Request = {
    action: "kms:Decrypt",
    resource: KEY,
    context: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::source-bucket" },
};

function document(origin: string, ...statements: object[]): SourcedDocument {
    return { origin, document: parsePolicyDocument({ Version: "2012-10-17", Statement: statements }) as ParsedPolicy };
}

const allowDecrypt = (condition?: object) => ({ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY, ...(condition ? { Condition: condition } : {}) });

describe("role model: deciding a request against the role's documents", () => {
    it("allows what any document allows", () => {
        assert.deepStrictEqual(decideByDocuments(DECRYPT, [document("a"), document("b", allowDecrypt())]), { kind: "allowed" });
    });

    it("says which statement denies explicitly, whatever allows", () => {
        const verdict = decideByDocuments(DECRYPT, [
            document("a", allowDecrypt()),
            document("b", { Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Deny", Action: "kms:*", Resource: "*" }),
        ]);
        assert.deepStrictEqual(verdict, { kind: "denied", explicit: true, denying: [{ origin: "b", statement: 1 }], unmet: [] });
    });

    it("says which Allow statements' conditions do not hold", () => {
        const verdict = decideByDocuments(DECRYPT, [
            document("a", allowDecrypt({ StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::source-bucket/Tax*" } })),
        ]);
        assert.strictEqual(verdict.kind, "denied");
        const denial = verdict as Denial;
        assert.deepStrictEqual(
            denial.unmet.map((u) => [u.at, u.conditions.map((c) => `${c.operator} ${c.key}`)]),
            [[{ origin: "a", statement: 0 }, ["StringLike kms:EncryptionContext:aws:s3:arn"]]],
        );
    });

    it("cannot tell while a condition tests a key the request does not model (it may carry it)", () => {
        // Issue 19, item 7: undecided only for what the stack never shows, it says which statement and what to confirm.
        const verdict = decideByDocuments(DECRYPT, [document("a", allowDecrypt({ Bool: { "aws:SecureTransport": "true" } }))]);
        assert.deepStrictEqual(verdict, {
            kind: "undecidable",
            confirm: [
                {
                    at: { origin: "a", statement: 0 },
                    what: "that its condition Bool aws:SecureTransport holds for the replication role's requests",
                    denies: false,
                },
            ],
        });
        const deny = decideByDocuments(DECRYPT, [
            document("a", allowDecrypt(), { Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-1" } } }),
        ]);
        assert.deepStrictEqual(deny, {
            kind: "undecidable",
            confirm: [
                {
                    at: { origin: "a", statement: 1 },
                    what: "that its condition StringNotEquals aws:SourceVpc does not hold for the replication role's requests",
                    denies: true,
                },
            ],
        });
    });

    it("says a request only an unreadable policy might allow is unverifiable, and stays undecided when a readable one allows it", () => {
        const unreadable = [{ origin: "managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess", reason: "outside-stack" as const }];
        assert.deepStrictEqual(decideByDocuments(DECRYPT, [document("a")], unreadable), { kind: "unverifiable", unreadable });
        assert.deepStrictEqual(decideByDocuments(DECRYPT, [document("a", allowDecrypt())], unreadable), { kind: "undecidable" });
        assert.strictEqual(decideByDocuments(DECRYPT, [document("a", { Effect: "Deny", Action: "kms:Decrypt", Resource: "*" })], unreadable).kind, "denied");
    });

    it("cannot tell while a statement is unknown", () => {
        const unknownResource = document("a", { Effect: "Allow", Action: "kms:Decrypt", Resource: UNKNOWN });
        assert.deepStrictEqual(decideByDocuments(DECRYPT, [unknownResource]), { kind: "undecidable" });
    });

    it("lists the Allow statements that apply", () => {
        const grants = grantsOf(DECRYPT, [
            document("a", { Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Allow", Action: "kms:*", Resource: "*" }),
        ]);
        assert.deepStrictEqual(
            grants.map((g) => g.at),
            [{ origin: "a", statement: 1 }],
        );
    });
});

describe("role model: deciding a request against a bucket policy", () => {
    const ROLE = "arn:aws:iam::111111111111:role/replication-role";
    const LIST: Request = {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::source-bucket",
        principal: { type: "AWS", id: ROLE },
        context: { "aws:PrincipalArn": ROLE },
    };
    const allowList = (principal: unknown, extra: object = {}) => ({
        Effect: "Allow",
        Principal: principal,
        Action: "s3:ListBucket",
        Resource: "arn:aws:s3:::source-bucket",
        ...extra,
    });
    const policy = (...statements: object[]) => document("the bucket policy", ...statements);

    it("grants what it allows the principal itself, or everyone", () => {
        for (const principal of [{ AWS: ROLE }, { AWS: [ROLE, "arn:aws:iam::111111111111:root"] }]) {
            assert.deepStrictEqual(
                decideResourcePolicy(LIST, policy(allowList(principal))),
                { kind: "grants", limitedByBoundary: true },
                JSON.stringify(principal),
            );
        }
        for (const principal of ["*", { AWS: "*" }]) {
            assert.deepStrictEqual(
                decideResourcePolicy(LIST, policy(allowList(principal))),
                { kind: "grants", limitedByBoundary: "unknown" },
                JSON.stringify(principal),
            );
        }
    });

    // IAM user guide, "How AWS enforcement code logic evaluates requests to allow or deny access": "Resource-based policies that
    // grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy." and
    // "Permissions boundaries and session policies do not limit permissions granted using the aws:PrincipalArn condition key
    // with a wildcard(*) in the Principal element, unless the identity-based policies contain an explicit deny."
    it("tells whether the role's permissions boundary limits a grant, by how the grant names the role", () => {
        const byPrincipalArn = allowList("*", { Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } } });
        assert.deepStrictEqual(decideResourcePolicy(LIST, policy(byPrincipalArn)), { kind: "grants", limitedByBoundary: false });
        assert.deepStrictEqual(decideResourcePolicy(LIST, policy(allowList({ AWS: ROLE }), byPrincipalArn)), { kind: "grants", limitedByBoundary: false });
        assert.deepStrictEqual(decideResourcePolicy(LIST, policy(allowList({ AWS: ROLE }))), { kind: "grants", limitedByBoundary: true });
    });

    // IAM user guide, "Permissions boundaries for IAM entities": "The NotPrincipal element with a Deny effect will always deny
    // any IAM principal that has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."
    it("counts a Deny with NotPrincipal listing the role as a denial when the role has a permissions boundary", () => {
        const trap = { Effect: "Deny", NotPrincipal: { AWS: [ROLE, "arn:aws:iam::111111111111:root"] }, Action: "s3:*", Resource: "*" };
        const withTrap = policy(allowList({ AWS: ROLE }), trap);
        assert.deepStrictEqual(decideResourcePolicy(LIST, withTrap, { boundary: true }), {
            kind: "denies",
            denying: [{ origin: "the bucket policy", statement: 1 }],
            notPrincipal: true,
        });
        // IAM user guide, "AWS JSON policy elements: NotPrincipal": "If an assumed-role user (someone who is using a role) is being
        // evaluated, AWS might validate the account first, then the role, and then the assumed-role user": without a boundary,
        // whether it spares the session S3 uses is what the user must confirm.
        assert.deepStrictEqual(
            decideResourcePolicy(LIST, withTrap),
            {
                kind: "unknown",
                confirm: [
                    {
                        at: { origin: "the bucket policy", statement: 1 },
                        what: "that its NotPrincipal spares the session of the role S3 uses (its name is not in the stack)",
                        denies: true,
                    },
                ],
            },
            "without a boundary the role's session may be spared: undecided, with what to confirm",
        );
        const otherAction = { ...trap, Action: "s3:PutObject" };
        assert.deepStrictEqual(decideResourcePolicy(LIST, policy(allowList({ AWS: ROLE }), otherAction), { boundary: true }).kind, "grants");
    });

    it("defers to the identity policies when it allows only the principal's account, another principal or another action", () => {
        for (const statement of [
            allowList({ AWS: "arn:aws:iam::111111111111:root" }),
            allowList({ AWS: "111111111111" }),
            allowList({ AWS: "arn:aws:iam::111111111111:role/other" }),
            { ...allowList({ AWS: ROLE }), Action: "s3:GetObject" },
        ]) {
            assert.deepStrictEqual(decideResourcePolicy(LIST, policy(statement)), { kind: "defers" }, JSON.stringify(statement));
        }
        assert.deepStrictEqual(decideResourcePolicy(LIST, policy()), { kind: "defers" });
    });

    it("says which statement denies explicitly", () => {
        const verdict = decideResourcePolicy(LIST, policy(allowList({ AWS: ROLE }), { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }));
        assert.deepStrictEqual(verdict, { kind: "denies", denying: [{ origin: "the bucket policy", statement: 1 }] });
    });

    it("cannot tell while a Deny might apply, while the principal is unknown, or while a condition tests what the request does not model", () => {
        const mightDeny = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
        assert.deepStrictEqual(decideResourcePolicy(LIST, policy(allowList({ AWS: ROLE }), mightDeny)), {
            kind: "unknown",
            confirm: [
                {
                    at: { origin: "the bucket policy", statement: 1 },
                    what: "that its condition Bool aws:SecureTransport does not hold for the replication role's requests",
                    denies: true,
                },
            ],
        });
        assert.deepStrictEqual(
            decideResourcePolicy(LIST, policy(allowList({ AWS: "arn:aws:iam::111111111111:root" }), mightDeny)),
            { kind: "defers" },
            "nothing there grants the role itself",
        );
        const unknownPrincipal: Request = { ...LIST, principal: { type: "AWS", id: UNKNOWN }, context: {} };
        assert.deepStrictEqual(decideResourcePolicy(unknownPrincipal, policy(allowList({ AWS: ROLE }))), { kind: "unknown" });
        assert.deepStrictEqual(decideResourcePolicy(unknownPrincipal, policy(allowList({ AWS: "arn:aws:iam::111111111111:root" }))), { kind: "defers" });
        assert.deepStrictEqual(decideResourcePolicy(LIST, policy(allowList({ AWS: ROLE }, { Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } }))), {
            kind: "unknown",
            confirm: [
                {
                    at: { origin: "the bucket policy", statement: 0 },
                    what: "that its condition StringEquals aws:SourceVpce holds for the replication role's requests",
                    denies: false,
                },
            ],
        });
    });
});
