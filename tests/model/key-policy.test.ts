import { strict as assert } from "node:assert";
import { defaultKeyPolicy, describeDenial, evaluateKeyPolicy, Caller, keyPolicyDocument, keyPolicyStatement } from "../../policies/model/key-policy";
import { parsePolicyDocument, PolicyDocument } from "../../policies/model/iam";
import { kmsRequestContext } from "../../policies/model/s3-request-context";
import { UNKNOWN } from "../../policies/model/value";
import { isDenial, Verdict } from "../../policies/model/verdict";
import { verdictName } from "../support/verdicts";
import { NO_SECRETS } from "../../policies/model/secret-values";

const ACCOUNT = "111111111111";
const OTHER_ACCOUNT = "222222222222";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/replication-role`;
const OTHER_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
const KEY_ARN = `arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ba0987654321`;
const ROLE: Caller = { arn: ROLE_ARN, account: ACCOUNT };
/** The role while its ARN is unknown (a first preview). */
const ROLE_IN_PREVIEW: Caller = { account: ACCOUNT };
const SECRET = "SECRET-MARKER-key-policy";

const side = { partition: "aws", bucket: "destination-bucket", region: "us-west-2" };
const OBJECT_CONTEXT = kmsRequestContext({ ...side, bucketKey: false }, "Tax");
const BUCKET_KEY_CONTEXT = kmsRequestContext({ ...side, bucketKey: true }, "Tax");

function keyPolicy(...statements: object[]): PolicyDocument {
    return parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
}

function allowing(principal: unknown, action: unknown, extra: object = {}): object {
    return { Effect: "Allow", Principal: principal === "*" ? "*" : { AWS: principal }, Action: action, Resource: "*", ...extra };
}

function access(document: PolicyDocument, caller: Caller = ROLE, action = "kms:Encrypt", context = OBJECT_CONTEXT, keyArn = KEY_ARN): Verdict {
    return evaluateKeyPolicy(document, { action, keyArn, caller, context });
}

/** `access` in words. */
function verdictNamed(...args: Parameters<typeof access>): string {
    return verdictName(access(...args));
}

const root = (account: string) => `arn:aws:iam::${account}:root`;

describe("model/key-policy", () => {
    describe("whom a key policy lets in", () => {
        it("allows a caller it names, directly", () => {
            assert.deepEqual(access(keyPolicy(allowing(ROLE_ARN, ["kms:Encrypt", "kms:Decrypt"]))), {
                kind: "allowed",
                through: "caller",
                limitedByBoundary: true,
            });
            assert.deepEqual(access(keyPolicy(allowing("*", "kms:*"))), { kind: "allowed", through: "caller", limitedByBoundary: "unknown" });
            assert.deepEqual(access(keyPolicy(allowing(["arn:aws:iam::333333333333:root", ROLE_ARN], "kms:Encrypt"))), {
                kind: "allowed",
                through: "caller",
                limitedByBoundary: true,
            });
        });

        it("delegates to the account's IAM when it allows the caller's account, as root ARN or bare id", () => {
            for (const principal of [root(ACCOUNT), ACCOUNT]) {
                assert.deepEqual(access(keyPolicy(allowing(principal, "kms:*"))), { kind: "allowed", through: "account" }, principal);
            }
        });

        it("denies a caller of another account, and one it names for other actions only", () => {
            assert.deepEqual(access(keyPolicy(allowing(root(OTHER_ACCOUNT), "kms:*"))), { kind: "denied", explicit: false, denying: [], unmet: [] });
            assert.deepEqual(access(keyPolicy(allowing(ROLE_ARN, "kms:Decrypt"))), { kind: "denied", explicit: false, denying: [], unmet: [] });
            assert.deepEqual(access(keyPolicy(allowing(OTHER_ROLE_ARN, "kms:*"))), { kind: "denied", explicit: false, denying: [], unmet: [] });
        });

        it("lets an explicit Deny win, naming the statement", () => {
            const document = keyPolicy(allowing(ROLE_ARN, "kms:*"), { Effect: "Deny", Principal: "*", Action: "kms:Encrypt", Resource: "*" });
            const denied = access(document);
            assert.deepEqual(denied, { kind: "denied", explicit: true, denying: [{ origin: "the key policy", statement: 1 }], unmet: [] });
            assert.equal(isDenial(denied) && describeDenial(denied, NO_SECRETS), "statement 2 of the key policy denies it");
        });

        it("ignores statements for other principal types", () => {
            assert.equal(
                verdictNamed(keyPolicy({ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "kms:*", Resource: "*" })),
                "denied implicitly",
            );
        });
    });

    describe("S3's request context", () => {
        const objectArnCondition = {
            Condition: {
                StringLike: { "kms:ViaService": "s3.us-west-2.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::destination-bucket/Tax*" },
            },
        };

        it("matches conditions written for object ARNs without a Bucket Key", () => {
            assert.deepEqual(access(keyPolicy(allowing(ROLE_ARN, "kms:Encrypt", objectArnCondition))), {
                kind: "allowed",
                through: "caller",
                limitedByBoundary: true,
            });
        });

        it("denies them with a Bucket Key, whose context is the bucket ARN, and says which condition failed", () => {
            const denied = access(keyPolicy(allowing(ROLE_ARN, "kms:Decrypt", objectArnCondition)), ROLE, "kms:Decrypt", BUCKET_KEY_CONTEXT);
            assert.equal(verdictName(denied), "denied implicitly");
            assert.equal(
                isDenial(denied) && describeDenial(denied, NO_SECRETS),
                "no statement of the key policy allows it (statement 1 would, but its condition StringLike kms:EncryptionContext:aws:s3:arn does not match arn:aws:s3:::destination-bucket)",
            );
        });

        it("knows the caller's account and ARN as KMS and IAM present them", () => {
            const byAccount = { Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "aws:PrincipalAccount": ACCOUNT } } };
            assert.equal(verdictNamed(keyPolicy(allowing("*", "kms:Encrypt", byAccount))), "allowed");
            const otherAccount = { Condition: { StringEquals: { "kms:CallerAccount": OTHER_ACCOUNT } } };
            assert.equal(verdictNamed(keyPolicy(allowing("*", "kms:Encrypt", otherAccount))), "denied implicitly");
            const byArn = { Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN } } };
            assert.equal(verdictNamed(keyPolicy(allowing("*", "kms:Encrypt", byArn))), "allowed");
            assert.equal(verdictNamed(keyPolicy(allowing("*", "kms:Encrypt", byArn)), ROLE_IN_PREVIEW), "undecidable");
        });

        it("never denies on a condition key it does not model: a real request may carry it", () => {
            for (const condition of [
                { StringEquals: { "aws:SourceVpce": "vpce-1" } },
                { Bool: { "aws:ViaAWSService": "true" } },
                { Null: { "kms:GrantIsForAWSResource": "false" } },
            ]) {
                assert.equal(verdictNamed(keyPolicy(allowing(ROLE_ARN, "kms:Encrypt", { Condition: condition }))), "undecidable", JSON.stringify(condition));
            }
        });

        it("cannot decide a condition on a part of the context that is still unknown", () => {
            const unknownBucket = { ...OBJECT_CONTEXT, "kms:EncryptionContext:aws:s3:arn": UNKNOWN };
            const condition = { Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::destination-bucket/*" } } };
            assert.equal(verdictNamed(keyPolicy(allowing(ROLE_ARN, "kms:Encrypt", condition)), ROLE, "kms:Encrypt", unknownBucket), "undecidable");
        });

        it("matches the key ARN in Resource, and only `*` while the ARN is unknown", () => {
            const byArn = { Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "kms:Encrypt", Resource: KEY_ARN };
            assert.equal(verdictNamed(keyPolicy(byArn)), "allowed");
            assert.equal(verdictNamed(keyPolicy(byArn), ROLE, "kms:Encrypt", OBJECT_CONTEXT, UNKNOWN), "undecidable");
            assert.equal(verdictNamed(keyPolicy(allowing(ROLE_ARN, "kms:Encrypt")), ROLE, "kms:Encrypt", OBJECT_CONTEXT, UNKNOWN), "allowed");
        });
    });

    describe("a caller whose ARN is unknown", () => {
        it("is let in through its account", () => {
            assert.deepEqual(access(keyPolicy(allowing(root(ACCOUNT), "kms:*")), ROLE_IN_PREVIEW), { kind: "allowed", through: "account" });
        });

        it("is denied when only other accounts are named", () => {
            assert.equal(
                verdictNamed(keyPolicy(allowing(root(OTHER_ACCOUNT), "kms:*"), allowing(`arn:aws:iam::${OTHER_ACCOUNT}:role/admin`, "kms:*")), ROLE_IN_PREVIEW),
                "denied implicitly",
            );
        });

        it("cannot be told from a role of its own account that the policy names", () => {
            assert.equal(verdictNamed(keyPolicy(allowing(OTHER_ROLE_ARN, "kms:*")), ROLE_IN_PREVIEW), "undecidable");
            assert.equal(verdictNamed(keyPolicy(allowing("AROAEXAMPLEID", "kms:*")), ROLE_IN_PREVIEW), "undecidable");
            assert.equal(
                verdictNamed(keyPolicy({ Effect: "Allow", NotPrincipal: { AWS: OTHER_ROLE_ARN }, Action: "kms:*", Resource: "*" }), ROLE_IN_PREVIEW),
                "allowed",
            );
        });

        it("is denied by a Deny for everyone, and by one for its account", () => {
            const everyone = { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" };
            assert.equal(verdictNamed(keyPolicy(allowing(OTHER_ROLE_ARN, "kms:*"), everyone), ROLE_IN_PREVIEW), "denied explicitly");
            assert.equal(
                verdictNamed(keyPolicy(allowing(root(ACCOUNT), "kms:*"), { ...everyone, Principal: { AWS: ACCOUNT } }), ROLE_IN_PREVIEW),
                "denied explicitly",
            );
        });

        it("with its account unknown too, is only denied what is denied to everyone", () => {
            assert.equal(verdictNamed(keyPolicy(allowing(root(OTHER_ACCOUNT), "kms:*")), {}), "undecidable");
            assert.equal(verdictNamed(keyPolicy(allowing(root(OTHER_ACCOUNT), "kms:Decrypt")), {}), "denied implicitly");
        });
    });

    describe("the document in force", () => {
        it("is the default key policy for a key without one: the key's account, through its IAM", () => {
            const document = keyPolicyDocument({ state: "absent" }, { account: OTHER_ACCOUNT, partition: "aws" });
            assert.deepEqual(access(document, { arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/r`, account: OTHER_ACCOUNT }), {
                kind: "allowed",
                through: "account",
            });
            assert.equal(verdictNamed(document), "denied implicitly");
            assert.deepEqual(document, defaultKeyPolicy(OTHER_ACCOUNT, "aws"));
        });

        it("is unknown when whose key it is, or the document, is unknown", () => {
            assert.equal(keyPolicyDocument({ state: "absent" }).kind, "unknown");
            assert.equal(keyPolicyDocument({ state: "absent" }, { partition: "aws" }).kind, "unknown");
            assert.equal(keyPolicyDocument({ state: "unknown", secret: false }, { account: ACCOUNT, partition: "aws" }).kind, "unknown");
            assert.equal(verdictNamed(keyPolicyDocument({ state: "unknown", secret: false })), "undecidable");
        });

        it("reads JSON text and objects alike", () => {
            const statement = allowing(ROLE_ARN, "kms:Encrypt");
            for (const value of [JSON.stringify({ Version: "2012-10-17", Statement: [statement] }), { Version: "2012-10-17", Statement: statement }]) {
                assert.equal(verdictNamed(keyPolicyDocument({ state: "known", value, secret: true })), "allowed");
            }
        });

        it("says nothing about a document AWS would reject", () => {
            const broken = [
                "{not json",
                "42",
                "[]",
                JSON.stringify({ Statement: "x" }),
                JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: root(ACCOUNT) }, Resource: "*" }] }),
                JSON.stringify({ Version: "2099-01-01", Statement: [] }),
                JSON.stringify({ Statement: [allowing(ROLE_ARN, "kms:Decrypt")], Extra: 1 }),
            ];
            for (const value of [...broken, 42, null, [], { Statement: 7 }]) {
                assert.equal(verdictNamed(keyPolicyDocument({ state: "known", value, secret: false })), "undecidable", JSON.stringify(value));
            }
        });
    });

    describe("messages", () => {
        it("describe a denial by statement numbers and condition keys, never by Sids or other text of the document", () => {
            const document = keyPolicy(
                allowing(ROLE_ARN, "kms:Decrypt", {
                    Sid: SECRET,
                    Condition: { StringEquals: { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${SECRET}` } },
                }),
                {
                    Sid: SECRET,
                    Effect: "Deny",
                    Principal: { AWS: ROLE_ARN },
                    Action: "kms:Encrypt",
                    Resource: "*",
                    Condition: { StringNotEquals: { [`aws:${SECRET}`]: SECRET, "kms:ViaService": SECRET } },
                },
            );
            for (const action of ["kms:Decrypt", "kms:Encrypt"]) {
                const result = access(document, ROLE, action, BUCKET_KEY_CONTEXT);
                assert.ok(isDenial(result), `${action}: ${verdictName(result)}`);
                assert.ok(!describeDenial(result, NO_SECRETS).includes(SECRET), describeDenial(result, NO_SECRETS));
            }
            assert.equal(
                describeDenial(
                    { kind: "denied", explicit: true, denying: [0, 2].map((statement) => ({ origin: "the key policy", statement })), unmet: [] },
                    NO_SECRETS,
                ),
                "statements 1, 3 of the key policy deny it",
            );
        });

        it("write the statement to add as one line of JSON", () => {
            assert.equal(
                keyPolicyStatement("AllowReplication", ROLE_ARN, ["kms:Encrypt"]),
                `{"Sid":"AllowReplication","Effect":"Allow","Principal":{"AWS":"${ROLE_ARN}"},"Action":"kms:Encrypt","Resource":"*"}`,
            );
            assert.deepEqual(JSON.parse(keyPolicyStatement("S", root(ACCOUNT), ["kms:Encrypt", "kms:Decrypt"])).Action, ["kms:Encrypt", "kms:Decrypt"]);
        });
    });
});
