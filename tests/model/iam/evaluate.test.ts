import { strict as assert } from "node:assert";
import { describeConditionOutcome, describeStatement, describeVerdict } from "../../../policies/model/iam/describe";
import { parsePolicyDocument, PolicyDocument } from "../../../policies/model/iam/document";
import { allowingStatements, evaluate as decideDocuments, failedConditions } from "../../../policies/model/iam/evaluate";
import { Request, RequestPrincipal } from "../../../policies/model/iam/request-context";
import { UNKNOWN } from "../../../policies/model/value";
import { ACCOUNT, allow, BUCKET_ARN, decide, deny, KEY_ARN, OTHER_ACCOUNT, policy, request, ROLE_ARN } from "./helpers";
import { decidingStatements, verdictName } from "../../support/verdicts";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const ENCRYPT = request("kms:Encrypt", KEY_ARN);

/** The shipped verdict (`decisiveMatches` + `verdictOf`), its deciding statements, and the sentence messages render from it. */
function evaluate(req: Request, documents: readonly PolicyDocument[]) {
    const verdict = decideDocuments(req, documents);
    return {
        verdict: verdictName(verdict),
        statements: decidingStatements(verdict).map((match) => match.ref),
        reason: describeVerdict(req, verdict, documents.length, NO_SECRETS),
    };
}
const S3_ARN_KEY = "kms:EncryptionContext:aws:s3:arn";

describe("iam/evaluate", () => {
    describe("deciding between statements", () => {
        it("denies implicitly when nothing allows", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Decrypt"))]);
            assert.equal(result.verdict, "denied implicitly");
            assert.deepEqual(result.statements, []);
            assert.equal(result.reason, `no statement allows kms:Encrypt on ${KEY_ARN}`);
            assert.equal(evaluate(ENCRYPT, []).verdict, "denied implicitly");
        });

        it("renders a verdict only an unreadable policy leaves open as one no readable statement gives", () => {
            const unreadable = [{ origin: "managed policy arn:aws:iam::aws:policy/X", reason: "outside-stack" as const }];
            assert.equal(
                describeVerdict(ENCRYPT, { kind: "unverifiable", unreadable }, 1, NO_SECRETS),
                `no statement that can be read allows kms:Encrypt on ${KEY_ARN}`,
            );
        });

        it("allows through a matching Allow and names it", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Decrypt"), allow("kms:Encrypt", KEY_ARN, { Sid: "Enc" }))]);
            assert.equal(result.verdict, "allowed");
            assert.deepEqual(result.statements, [{ document: 0, statement: 1, sid: "Enc" }]);
            assert.equal(result.reason, `statement 2 ("Enc") allows kms:Encrypt on ${KEY_ARN}`);
        });

        it("lets an explicit Deny override any Allow, across documents too", () => {
            assert.equal(decide(ENCRYPT, allow("kms:*"), deny("kms:Encrypt")), "denied explicitly");
            const result = evaluate(ENCRYPT, [policy(allow("*")), policy(allow("kms:Encrypt")), policy(deny("kms:*", KEY_ARN))]);
            assert.equal(result.verdict, "denied explicitly");
            assert.deepEqual(result.statements, [{ document: 2, statement: 0, sid: undefined }]);
            assert.equal(result.reason, `statement 1 of policy 3 denies kms:Encrypt on ${KEY_ARN}`);
        });

        it("ignores a Deny that does not match", () => {
            assert.equal(decide(ENCRYPT, allow("kms:*"), deny("kms:Decrypt")), "allowed");
            assert.equal(decide(ENCRYPT, allow("kms:*"), deny("kms:Encrypt", `${KEY_ARN}-other`)), "allowed");
        });

        it("matches actions case-insensitively and with wildcards", () => {
            assert.equal(decide(ENCRYPT, allow("KMS:ENCRYPT")), "allowed");
            assert.equal(decide(ENCRYPT, allow("kms:En*")), "allowed");
            assert.equal(decide(ENCRYPT, allow("kms:?ncrypt")), "allowed");
            assert.equal(decide(ENCRYPT, allow("s3:*")), "denied implicitly");
            assert.equal(decide(ENCRYPT, allow(["s3:*", "kms:GenerateDataKey*", "kms:Encrypt"])), "allowed");
        });

        it("matches resources case-sensitively and with wildcards", () => {
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", `arn:aws:kms:*:${ACCOUNT}:key/*`)), "allowed");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", `arn:aws:kms:*:${OTHER_ACCOUNT}:key/*`)), "denied implicitly");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", KEY_ARN.toUpperCase())), "denied implicitly");
            const replicate = request("s3:ReplicateObject", `${BUCKET_ARN}/folder/object`);
            assert.equal(decide(replicate, allow("s3:Replicate*", `${BUCKET_ARN}/*`)), "allowed");
            assert.equal(decide(replicate, allow("s3:Replicate*", BUCKET_ARN)), "denied implicitly");
        });

        it("NotAction allows everything but the listed actions", () => {
            const allExceptIam = { Effect: "Allow", NotAction: "iam:*", Resource: "*" };
            assert.equal(decide(ENCRYPT, allExceptIam), "allowed");
            assert.equal(decide(request("iam:PassRole", ROLE_ARN), allExceptIam), "denied implicitly");
            const denyAllButKms = { Effect: "Deny", NotAction: "kms:*", Resource: "*" };
            assert.equal(decide(ENCRYPT, allow("*"), denyAllButKms), "allowed");
            assert.equal(decide(request("s3:GetObject", `${BUCKET_ARN}/o`), allow("*"), denyAllButKms), "denied explicitly");
        });

        it("NotResource covers every resource but the listed ones", () => {
            const notThisKey = { Effect: "Deny", Action: "kms:*", NotResource: KEY_ARN };
            assert.equal(decide(ENCRYPT, allow("kms:*"), notThisKey), "allowed");
            assert.equal(decide(request("kms:Encrypt", `${KEY_ARN}-2`), allow("kms:*"), notThisKey), "denied explicitly");
            assert.equal(decide(ENCRYPT, { Effect: "Allow", Action: "kms:*", NotResource: "arn:aws:kms:*:*:alias/*" }), "allowed");
        });

        it("applies a statement only when its conditions hold", () => {
            const statement = allow("kms:Encrypt", KEY_ARN, {
                Condition: { StringLike: { [S3_ARN_KEY]: "arn:aws:s3:::destination-bucket/*" } },
            });
            const objectArn = `${BUCKET_ARN}/some/object`;
            assert.equal(decide({ ...ENCRYPT, context: { [S3_ARN_KEY]: objectArn } }, statement), "allowed");
            assert.equal(decide({ ...ENCRYPT, context: { [S3_ARN_KEY]: BUCKET_ARN } }, statement), "denied implicitly");
            assert.equal(decide(ENCRYPT, statement), "denied implicitly");
            assert.equal(decide({ ...ENCRYPT, context: undefined }, statement), "denied implicitly");
        });

        it("lets IfExists and ForAllValues conditions pass on keys the request lacks", () => {
            const ifExists = allow("kms:Encrypt", "*", { Condition: { StringEqualsIfExists: { "kms:ViaService": "x" } } });
            const forAll = allow("kms:Encrypt", "*", { Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "x" } } });
            const plain = allow("kms:Encrypt", "*", { Condition: { StringEquals: { "kms:ViaService": "x" } } });
            assert.equal(decide(ENCRYPT, ifExists), "allowed");
            assert.equal(decide(ENCRYPT, forAll), "allowed");
            assert.equal(decide(ENCRYPT, plain), "denied implicitly");
        });

        it("gives nothing to an unparseable document and to dropped statements", () => {
            const broken = parsePolicyDocument("{not json");
            assert.equal(evaluate(ENCRYPT, [broken]).verdict, "denied implicitly");
            assert.equal(evaluate(ENCRYPT, [broken, policy(allow("kms:Encrypt"))]).verdict, "allowed");
            assert.equal(decide(ENCRYPT, { Effect: "allowed", Action: "kms:Encrypt", Resource: "*" }), "denied implicitly");
        });

        it("supports policy variables in Resource", () => {
            const ownPrefix = allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*");
            const get = (user: string | undefined) =>
                decide(request("s3:GetObject", "arn:aws:s3:::home/john/file", { context: { "aws:username": user } }), ownPrefix);
            assert.equal(get("john"), "allowed");
            assert.equal(get("ann"), "denied implicitly");
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
                `${describeStatement(candidate.ref, NO_SECRETS)} allows kms:Encrypt on ${KEY_ARN} but its ${describeConditionOutcome(failed[0], NO_SECRETS)}`,
                `statement 3 ("EncryptForReplicas") allows kms:Encrypt on ${KEY_ARN} ` +
                    `but its condition StringLike ${S3_ARN_KEY} does not match ${BUCKET_ARN}`,
            );
            assert.equal(evaluate(encrypt, documents).verdict, "denied implicitly");
        });

        it("says when the key is missing from the request", () => {
            const [candidate] = allowingStatements(ENCRYPT, documents);
            assert.deepEqual(
                failedConditions(candidate).map((outcome) => describeConditionOutcome(outcome, NO_SECRETS)),
                [
                    `condition StringLike ${S3_ARN_KEY} does not match a request without that key`,
                    "condition StringEquals kms:ViaService does not match a request without that key",
                ],
            );
        });
    });

    describe("unknown values", () => {
        it("cannot decide when the only Allow has an unknown Resource", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Encrypt", UNKNOWN, { Sid: "A" }))]);
            assert.equal(result.verdict, "undecidable");
            assert.deepEqual(result.statements, [{ document: 0, statement: 0, sid: "A" }]);
            assert.equal(result.reason, `statement 1 ("A") might allow kms:Encrypt on ${KEY_ARN}; undecidable: Resource`);
        });

        it("allows when another statement allows for sure", () => {
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", UNKNOWN), allow("kms:Encrypt", KEY_ARN)), "allowed");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", [UNKNOWN, KEY_ARN])), "allowed");
        });

        it("denies when the unknown cannot make a difference", () => {
            assert.equal(decide(ENCRYPT, allow("kms:Decrypt", UNKNOWN)), "denied implicitly");
            assert.equal(decide(ENCRYPT, allow("kms:Encrypt", UNKNOWN), deny("kms:*")), "denied explicitly");
            assert.equal(decide(ENCRYPT, deny("kms:Encrypt", UNKNOWN)), "denied implicitly");
        });

        it("cannot decide when a Deny that might match faces an Allow", () => {
            const result = evaluate(ENCRYPT, [policy(allow("kms:Encrypt"), deny("kms:Encrypt", UNKNOWN))]);
            assert.equal(result.verdict, "undecidable");
            assert.deepEqual(result.statements, [{ document: 0, statement: 1, sid: undefined }]);
            assert.match(result.reason ?? "", /^statement 1 allows .* but statement 2 might deny .*; undecidable: Resource$/);
        });

        it("cannot decide an unknown document or an unknown statement, unless a Deny settles it", () => {
            const unknownDocument = parsePolicyDocument(UNKNOWN);
            assert.equal(evaluate(ENCRYPT, [unknownDocument]).verdict, "undecidable");
            assert.equal(evaluate(ENCRYPT, [unknownDocument, policy(allow("*"))]).verdict, "undecidable");
            assert.equal(evaluate(ENCRYPT, [unknownDocument, policy(deny("*"))]).verdict, "denied explicitly");
            assert.equal(evaluate(ENCRYPT, [parsePolicyDocument({ Statement: [UNKNOWN] })]).verdict, "undecidable");
        });

        it("cannot decide an unknown Effect that applies", () => {
            const unknownEffect = { Effect: UNKNOWN, Action: "kms:Encrypt", Resource: "*" };
            assert.equal(decide(ENCRYPT, unknownEffect), "undecidable");
            assert.equal(decide(ENCRYPT, unknownEffect, allow("kms:*")), "undecidable");
            assert.equal(decide(request("kms:Decrypt", KEY_ARN), unknownEffect), "denied implicitly");
        });

        it("cannot decide an unknown condition value or request value unless it cannot matter", () => {
            const conditioned = allow("kms:Encrypt", "*", { Condition: { StringEquals: { "aws:SourceAccount": UNKNOWN } } });
            assert.equal(decide({ ...ENCRYPT, context: { "aws:SourceAccount": ACCOUNT } }, conditioned), "undecidable");
            const onAccount = allow("kms:Encrypt", "*", { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } });
            assert.equal(decide({ ...ENCRYPT, context: { "aws:SourceAccount": UNKNOWN } }, onAccount), "undecidable");
            const failsForSure = allow("kms:Encrypt", "*", {
                Condition: { StringEquals: { "aws:SourceAccount": UNKNOWN, "kms:ViaService": "s3.amazonaws.com" } },
            });
            assert.equal(decide({ ...ENCRYPT, context: { "kms:ViaService": "ec2.amazonaws.com" } }, failsForSure), "denied implicitly");
        });

        it("decides an unknown request resource only against Resource *", () => {
            const unknownKey = request("kms:Encrypt", UNKNOWN);
            assert.equal(decide(unknownKey, allow("kms:Encrypt", "*")), "allowed");
            const result = evaluate(unknownKey, [policy(allow("kms:Encrypt", KEY_ARN))]);
            assert.equal(result.verdict, "undecidable");
            assert.equal(result.reason, "statement 1 might allow kms:Encrypt on a value unknown until deployment; undecidable: Resource");
        });

        it("names an undecidable condition in the reason", () => {
            const result = evaluate({ ...ENCRYPT, context: { "aws:SourceIp": "10.0.0.1" } }, [
                policy(allow("kms:Encrypt", "*", { Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })),
            ]);
            assert.equal(result.verdict, "undecidable");
            assert.match(result.reason ?? "", /condition IpAddress aws:SourceIp cannot be decided for 10\.0\.0\.1: the operator is not one/);
        });
    });

    describe("principals in resource policies", () => {
        const asRole = (principal: RequestPrincipal | undefined) => request("kms:Encrypt", KEY_ARN, { principal });
        const role: RequestPrincipal = { type: "AWS", id: ROLE_ARN };
        const service: RequestPrincipal = { type: "Service", id: "s3.amazonaws.com" };
        const grantTo = (principal: unknown) => allow("kms:Encrypt", "*", { Principal: principal });

        it("matches a role by its ARN, its account ID or its account's root", () => {
            assert.equal(decide(asRole(role), grantTo({ AWS: ROLE_ARN })), "allowed");
            assert.equal(decide(asRole(role), grantTo({ AWS: ACCOUNT })), "allowed");
            const roots = [`arn:aws:iam::${OTHER_ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:root`];
            assert.equal(decide(asRole(role), grantTo({ AWS: roots })), "allowed");
            assert.equal(decide(asRole(role), grantTo({ AWS: `arn:aws:iam::${ACCOUNT}:role/other` })), "denied implicitly");
            assert.equal(decide(asRole(role), grantTo({ AWS: OTHER_ACCOUNT })), "denied implicitly");
            assert.equal(decide(asRole(role), grantTo({ Service: ROLE_ARN })), "denied implicitly");
        });

        it("matches everyone with * and {AWS: *}", () => {
            for (const everyone of ["*", { AWS: "*" }]) {
                assert.equal(decide(asRole(role), grantTo(everyone)), "allowed");
                assert.equal(decide(asRole(service), grantTo(everyone)), "allowed");
                assert.equal(decide(asRole(undefined), grantTo(everyone)), "allowed");
            }
        });

        it("matches a service principal by name", () => {
            assert.equal(decide(asRole(service), grantTo({ Service: "s3.amazonaws.com" })), "allowed");
            assert.equal(decide(asRole(service), grantTo({ Service: ["sns.amazonaws.com"] })), "denied implicitly");
            assert.equal(decide(asRole(service), grantTo({ AWS: ACCOUNT })), "denied implicitly");
        });

        // IAM user guide, "AWS JSON policy elements: NotPrincipal": "If an assumed-role user (someone who is using a role) is
        // being evaluated, AWS might validate the account first, then the role, and then the assumed-role user." A role calls
        // with a session whose name the stack does not show: a NotPrincipal listing the role (or its account) may still deny it.
        it("NotPrincipal in a Deny denies everyone else, and may deny the session of a role it lists", () => {
            const denyOthers = deny("kms:*", "*", { NotPrincipal: { AWS: ROLE_ARN } });
            assert.equal(decide(asRole(role), grantTo("*"), denyOthers), "undecidable");
            const roleAndAccount = deny("kms:*", "*", { NotPrincipal: { AWS: [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`] } });
            assert.equal(decide(asRole(role), grantTo("*"), roleAndAccount), "undecidable");
            const stranger: RequestPrincipal = { type: "AWS", id: `arn:aws:iam::${OTHER_ACCOUNT}:role/x` };
            assert.equal(decide(asRole(stranger), grantTo("*"), denyOthers), "denied explicitly");
            const service: RequestPrincipal = { type: "Service", id: "s3.amazonaws.com" };
            assert.equal(decide(asRole(service), grantTo("*"), deny("kms:*", "*", { NotPrincipal: { Service: "s3.amazonaws.com" } })), "allowed");
        });

        it("applies Principal statements only to a request that names a principal, or to *", () => {
            assert.equal(decide(asRole(undefined), grantTo({ AWS: ROLE_ARN })), "denied implicitly");
            assert.equal(decide(asRole(undefined), allow("kms:Encrypt")), "allowed");
        });

        it("cannot decide unknown principals", () => {
            assert.equal(decide(asRole(role), grantTo({ AWS: UNKNOWN })), "undecidable");
            assert.equal(decide(asRole(role), grantTo({ AWS: [UNKNOWN, ROLE_ARN] })), "allowed");
            assert.equal(decide(asRole({ type: "AWS", id: UNKNOWN }), grantTo({ AWS: ROLE_ARN })), "undecidable");
            assert.equal(decide(asRole({ type: "AWS", id: UNKNOWN }), grantTo({ AWS: "*" })), "allowed");
            assert.equal(decide(asRole(role), grantTo(UNKNOWN)), "undecidable");
        });
    });
});
