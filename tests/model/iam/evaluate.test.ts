import { strict as assert } from "node:assert";
import { describeConditionOutcome, describeOutcome, describeStatement } from "../../../policies/model/iam/describe";
import { parsePolicyDocument, PolicyDocument } from "../../../policies/model/iam/document";
import { allowingStatements, evaluate as decideDocuments, failedConditions } from "../../../policies/model/iam/evaluate";
import { Request, RequestPrincipal } from "../../../policies/model/iam/request";
import { UNKNOWN } from "../../../policies/model/value";
import { ACCOUNT, allow, BUCKET_ARN, decide, deny, KEY_ARN, OTHER_ACCOUNT, policy, request, ROLE_ARN } from "./helpers";

const ENCRYPT = request("kms:Encrypt", KEY_ARN);

/** The shipped decision (`decisiveMatches` + `outcomeOf`), its deciding statements, and the sentence messages render from it. */
function evaluate(req: Request, documents: readonly PolicyDocument[]) {
    const outcome = decideDocuments(req, documents);
    return { decision: outcome.decision, statements: outcome.statements.map((match) => match.ref), reason: describeOutcome(req, outcome, documents.length) };
}
const S3_ARN_KEY = "kms:EncryptionContext:aws:s3:arn";

describe("iam/evaluate", () => {
    describe("deciding between statements", () => {
        it("denies implicitly when nothing allows", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Decrypt"))]);
            assert.equal(result.decision, "implicit-deny");
            assert.deepEqual(result.statements, []);
            assert.equal(result.reason, `no statement allows kms:Encrypt on ${KEY_ARN}`);
            assert.equal(evaluate(ENCRYPT, []).decision, "implicit-deny");
        });

        it("allows through a matching Allow and names it", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Decrypt"), allow("kms:Encrypt", KEY_ARN, { Sid: "Enc" }))]);
            assert.equal(result.decision, "allow");
            assert.deepEqual(result.statements, [{ document: 0, statement: 1, sid: "Enc" }]);
            assert.equal(result.reason, `statement 2 ("Enc") allows kms:Encrypt on ${KEY_ARN}`);
        });

        it("lets an explicit Deny override any Allow, across documents too", () => {
            assert.equal(decide(ENCRYPT, allow("kms:*"), deny("kms:Encrypt")), "explicit-deny");
            const result = evaluate(ENCRYPT, [policy(allow("*")), policy(allow("kms:Encrypt")), policy(deny("kms:*", KEY_ARN))]);
            assert.equal(result.decision, "explicit-deny");
            assert.deepEqual(result.statements, [{ document: 2, statement: 0, sid: undefined }]);
            assert.equal(result.reason, `statement 1 of policy 3 denies kms:Encrypt on ${KEY_ARN}`);
        });

        it("ignores a Deny that does not match", () => {
            assert.equal(decide(ENCRYPT, allow("kms:*"), deny("kms:Decrypt")), "allow");
            assert.equal(decide(ENCRYPT, allow("kms:*"), deny("kms:Encrypt", `${KEY_ARN}-other`)), "allow");
        });

        it("matches actions case-insensitively and with wildcards", () => {
            assert.equal(decide(ENCRYPT, allow("KMS:ENCRYPT")), "allow");
            assert.equal(decide(ENCRYPT, allow("kms:En*")), "allow");
            assert.equal(decide(ENCRYPT, allow("kms:?ncrypt")), "allow");
            assert.equal(decide(ENCRYPT, allow("s3:*")), "implicit-deny");
            assert.equal(decide(ENCRYPT, allow(["s3:*", "kms:GenerateDataKey*", "kms:Encrypt"])), "allow");
        });

        it("matches resources case-sensitively and with wildcards", () => {
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", `arn:aws:kms:*:${ACCOUNT}:key/*`)), "allow");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", `arn:aws:kms:*:${OTHER_ACCOUNT}:key/*`)), "implicit-deny");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", KEY_ARN.toUpperCase())), "implicit-deny");
            const replicate = request("s3:ReplicateObject", `${BUCKET_ARN}/folder/object`);
            assert.equal(decide(replicate, allow("s3:Replicate*", `${BUCKET_ARN}/*`)), "allow");
            assert.equal(decide(replicate, allow("s3:Replicate*", BUCKET_ARN)), "implicit-deny");
        });

        it("NotAction allows everything but the listed actions", () => {
            const allExceptIam = { Effect: "Allow", NotAction: "iam:*", Resource: "*" };
            assert.equal(decide(ENCRYPT, allExceptIam), "allow");
            assert.equal(decide(request("iam:PassRole", ROLE_ARN), allExceptIam), "implicit-deny");
            const denyAllButKms = { Effect: "Deny", NotAction: "kms:*", Resource: "*" };
            assert.equal(decide(ENCRYPT, allow("*"), denyAllButKms), "allow");
            assert.equal(decide(request("s3:GetObject", `${BUCKET_ARN}/o`), allow("*"), denyAllButKms), "explicit-deny");
        });

        it("NotResource covers every resource but the listed ones", () => {
            const notThisKey = { Effect: "Deny", Action: "kms:*", NotResource: KEY_ARN };
            assert.equal(decide(ENCRYPT, allow("kms:*"), notThisKey), "allow");
            assert.equal(decide(request("kms:Encrypt", `${KEY_ARN}-2`), allow("kms:*"), notThisKey), "explicit-deny");
            assert.equal(decide(ENCRYPT, { Effect: "Allow", Action: "kms:*", NotResource: "arn:aws:kms:*:*:alias/*" }), "allow");
        });

        it("applies a statement only when its conditions hold", () => {
            const statement = allow("kms:Encrypt", KEY_ARN, {
                Condition: { StringLike: { [S3_ARN_KEY]: "arn:aws:s3:::destination-bucket/*" } },
            });
            const objectArn = `${BUCKET_ARN}/some/object`;
            assert.equal(decide({ ...ENCRYPT, context: { [S3_ARN_KEY]: objectArn } }, statement), "allow");
            assert.equal(decide({ ...ENCRYPT, context: { [S3_ARN_KEY]: BUCKET_ARN } }, statement), "implicit-deny");
            assert.equal(decide(ENCRYPT, statement), "implicit-deny");
            assert.equal(decide({ ...ENCRYPT, context: undefined }, statement), "implicit-deny");
        });

        it("lets IfExists and ForAllValues conditions pass on keys the request lacks", () => {
            const ifExists = allow("kms:Encrypt", "*", { Condition: { StringEqualsIfExists: { "kms:ViaService": "x" } } });
            const forAll = allow("kms:Encrypt", "*", { Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "x" } } });
            const plain = allow("kms:Encrypt", "*", { Condition: { StringEquals: { "kms:ViaService": "x" } } });
            assert.equal(decide(ENCRYPT, ifExists), "allow");
            assert.equal(decide(ENCRYPT, forAll), "allow");
            assert.equal(decide(ENCRYPT, plain), "implicit-deny");
        });

        it("gives nothing to an unparseable document and to dropped statements", () => {
            const broken = parsePolicyDocument("{not json");
            assert.equal(evaluate(ENCRYPT, [broken]).decision, "implicit-deny");
            assert.equal(evaluate(ENCRYPT, [broken, policy(allow("kms:Encrypt"))]).decision, "allow");
            assert.equal(decide(ENCRYPT, { Effect: "allow", Action: "kms:Encrypt", Resource: "*" }), "implicit-deny");
        });

        it("supports policy variables in Resource", () => {
            const ownPrefix = allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*");
            const get = (user: string | undefined) =>
                decide(request("s3:GetObject", "arn:aws:s3:::home/john/file", { context: { "aws:username": user } }), ownPrefix);
            assert.equal(get("john"), "allow");
            assert.equal(get("ann"), "implicit-deny");
            assert.equal(get(undefined), "undecidable");
        });
    });

    describe("explaining which statements allow and which conditions fail", () => {
        const documents = [
            policy(
                allow("s3:*", BUCKET_ARN),
                allow("kms:Decrypt", KEY_ARN),
                allow(["kms:Encrypt", "kms:GenerateDataKey"], KEY_ARN, {
                    Sid: "EncryptForReplicas",
                    Condition: {
                        StringLike: { [S3_ARN_KEY]: "arn:aws:s3:::other-bucket/*" },
                        StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                    },
                }),
                deny("kms:Encrypt", KEY_ARN, { Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            ),
        ];
        const encrypt = {
            ...ENCRYPT,
            context: { [S3_ARN_KEY]: BUCKET_ARN, "kms:ViaService": "s3.us-east-1.amazonaws.com", "aws:SecureTransport": true },
        };

        it("lists the Allow statements covering the action and resource, whatever their conditions", () => {
            const candidates = allowingStatements(encrypt, documents);
            assert.deepEqual(
                candidates.map((match) => match.ref),
                [{ document: 0, statement: 2, sid: "EncryptForReplicas" }],
            );
            assert.equal(candidates[0].scope, true);
            assert.equal(candidates[0].applies, false);
        });

        it("names the failed condition by operator, key and request value", () => {
            const [candidate] = allowingStatements(encrypt, documents);
            const failed = failedConditions(candidate);
            assert.equal(failed.length, 1);
            assert.equal(
                `${describeStatement(candidate.ref)} allows kms:Encrypt on ${KEY_ARN} but its ${describeConditionOutcome(failed[0])}`,
                `statement 3 ("EncryptForReplicas") allows kms:Encrypt on ${KEY_ARN} ` +
                    `but its condition StringLike ${S3_ARN_KEY} does not match ${BUCKET_ARN}`,
            );
            assert.equal(evaluate(encrypt, documents).decision, "implicit-deny");
        });

        it("says when the key is missing from the request", () => {
            const [candidate] = allowingStatements(ENCRYPT, documents);
            assert.deepEqual(failedConditions(candidate).map(describeConditionOutcome), [
                `condition StringLike ${S3_ARN_KEY} does not match a request without that key`,
                "condition StringEquals kms:ViaService does not match a request without that key",
            ]);
        });
    });

    describe("unknown values", () => {
        it("cannot decide when the only Allow has an unknown Resource", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Encrypt", UNKNOWN, { Sid: "A" }))]);
            assert.equal(result.decision, "undecidable");
            assert.deepEqual(result.statements, [{ document: 0, statement: 0, sid: "A" }]);
            assert.equal(result.reason, `statement 1 ("A") might allow kms:Encrypt on ${KEY_ARN}; undecidable: Resource`);
        });

        it("allows when another statement allows for sure", () => {
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", UNKNOWN), allow("kms:Encrypt", KEY_ARN)), "allow");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", [UNKNOWN, KEY_ARN])), "allow");
        });

        it("denies when the unknown cannot make a difference", () => {
            assert.equal(decide(ENCRYPT, allow("kms:Decrypt", UNKNOWN)), "implicit-deny");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", UNKNOWN), deny("kms:*")), "explicit-deny");
            assert.equal(decide(ENCRYPT, deny("kms:Encrypt", UNKNOWN)), "implicit-deny");
        });

        it("cannot decide when a Deny that might match faces an Allow", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Encrypt"), deny("kms:Encrypt", UNKNOWN))]);
            assert.equal(result.decision, "undecidable");
            assert.deepEqual(result.statements, [{ document: 0, statement: 1, sid: undefined }]);
            assert.match(result.reason ?? "", /^statement 1 allows .* but statement 2 might deny .*; undecidable: Resource$/);
        });

        it("cannot decide an unknown document or an unknown statement, unless a Deny settles it", () => {
            const unknownDocument = parsePolicyDocument(UNKNOWN);
            assert.equal(evaluate(ENCRYPT, [unknownDocument]).decision, "undecidable");
            assert.equal(evaluate(ENCRYPT, [unknownDocument, policy(allow("*"))]).decision, "undecidable");
            assert.equal(evaluate(ENCRYPT, [unknownDocument, policy(deny("*"))]).decision, "explicit-deny");
            assert.equal(evaluate(ENCRYPT, [parsePolicyDocument({ Statement: [UNKNOWN] })]).decision, "undecidable");
        });

        it("cannot decide an unknown Effect that applies", () => {
            const unknownEffect = { Effect: UNKNOWN, Action: "kms:Encrypt", Resource: "*" };
            assert.equal(decide(ENCRYPT, unknownEffect), "undecidable");
            assert.equal(decide(ENCRYPT, unknownEffect, allow("kms:*")), "undecidable");
            assert.equal(decide(request("kms:Decrypt", KEY_ARN), unknownEffect), "implicit-deny");
        });

        it("cannot decide an unknown condition value or request value unless it cannot matter", () => {
            const conditioned = allow("kms:Encrypt", "*", { Condition: { StringEquals: { "aws:SourceAccount": UNKNOWN } } });
            assert.equal(decide({ ...ENCRYPT, context: { "aws:SourceAccount": ACCOUNT } }, conditioned), "undecidable");
            const onAccount = allow("kms:Encrypt", "*", { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } });
            assert.equal(decide({ ...ENCRYPT, context: { "aws:SourceAccount": UNKNOWN } }, onAccount), "undecidable");
            const failsForSure = allow("kms:Encrypt", "*", {
                Condition: { StringEquals: { "aws:SourceAccount": UNKNOWN, "kms:ViaService": "s3.amazonaws.com" } },
            });
            assert.equal(decide({ ...ENCRYPT, context: { "kms:ViaService": "ec2.amazonaws.com" } }, failsForSure), "implicit-deny");
        });

        it("decides an unknown request resource only against Resource *", () => {
            const unknownKey = request("kms:Encrypt", UNKNOWN);
            assert.equal(decide(unknownKey, allow("kms:Encrypt", "*")), "allow");
            const result = evaluate(unknownKey, [policy(allow("kms:Encrypt", KEY_ARN))]);
            assert.equal(result.decision, "undecidable");
            assert.equal(result.reason, "statement 1 might allow kms:Encrypt on a value unknown until deployment; undecidable: Resource");
        });

        it("names an undecidable condition in the reason", () => {
            const result = evaluate({ ...ENCRYPT, context: { "aws:SourceIp": "10.0.0.1" } }, [
                policy(allow("kms:Encrypt", "*", { Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })),
            ]);
            assert.equal(result.decision, "undecidable");
            assert.match(result.reason ?? "", /condition IpAddress aws:SourceIp cannot be decided for 10\.0\.0\.1: the operator is not one/);
        });
    });

    describe("principals in resource policies", () => {
        const asRole = (principal: RequestPrincipal | undefined) => request("kms:Encrypt", KEY_ARN, { principal });
        const role: RequestPrincipal = { type: "AWS", id: ROLE_ARN };
        const service: RequestPrincipal = { type: "Service", id: "s3.amazonaws.com" };
        const grantTo = (principal: unknown) => allow("kms:Encrypt", "*", { Principal: principal });

        it("matches a role by its ARN, its account ID or its account's root", () => {
            assert.equal(decide(asRole(role), grantTo({ AWS: ROLE_ARN })), "allow");
            assert.equal(decide(asRole(role), grantTo({ AWS: ACCOUNT })), "allow");
            const roots = [`arn:aws:iam::${OTHER_ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:root`];
            assert.equal(decide(asRole(role), grantTo({ AWS: roots })), "allow");
            assert.equal(decide(asRole(role), grantTo({ AWS: `arn:aws:iam::${ACCOUNT}:role/other` })), "implicit-deny");
            assert.equal(decide(asRole(role), grantTo({ AWS: OTHER_ACCOUNT })), "implicit-deny");
            assert.equal(decide(asRole(role), grantTo({ Service: ROLE_ARN })), "implicit-deny");
        });

        it("matches everyone with * and {AWS: *}", () => {
            for (const everyone of ["*", { AWS: "*" }]) {
                assert.equal(decide(asRole(role), grantTo(everyone)), "allow");
                assert.equal(decide(asRole(service), grantTo(everyone)), "allow");
                assert.equal(decide(asRole(undefined), grantTo(everyone)), "allow");
            }
        });

        it("matches a service principal by name", () => {
            assert.equal(decide(asRole(service), grantTo({ Service: "s3.amazonaws.com" })), "allow");
            assert.equal(decide(asRole(service), grantTo({ Service: ["sns.amazonaws.com"] })), "implicit-deny");
            assert.equal(decide(asRole(service), grantTo({ AWS: ACCOUNT })), "implicit-deny");
        });

        it("NotPrincipal in a Deny denies everyone else", () => {
            const denyOthers = deny("kms:*", "*", { NotPrincipal: { AWS: ROLE_ARN } });
            assert.equal(decide(asRole(role), grantTo("*"), denyOthers), "allow");
            const stranger: RequestPrincipal = { type: "AWS", id: `arn:aws:iam::${OTHER_ACCOUNT}:role/x` };
            assert.equal(decide(asRole(stranger), grantTo("*"), denyOthers), "explicit-deny");
        });

        it("applies Principal statements only to a request that names a principal, or to *", () => {
            assert.equal(decide(asRole(undefined), grantTo({ AWS: ROLE_ARN })), "implicit-deny");
            assert.equal(decide(asRole(undefined), allow("kms:Encrypt")), "allow");
        });

        it("cannot decide unknown principals", () => {
            assert.equal(decide(asRole(role), grantTo({ AWS: UNKNOWN })), "undecidable");
            assert.equal(decide(asRole(role), grantTo({ AWS: [UNKNOWN, ROLE_ARN] })), "allow");
            assert.equal(decide(asRole({ type: "AWS", id: UNKNOWN }), grantTo({ AWS: ROLE_ARN })), "undecidable");
            assert.equal(decide(asRole({ type: "AWS", id: UNKNOWN }), grantTo({ AWS: "*" })), "allow");
            assert.equal(decide(asRole(role), grantTo(UNKNOWN)), "undecidable");
        });
    });
});
