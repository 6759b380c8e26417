import { strict as assert } from "node:assert";
import { AWS_MAX_DOCUMENT_CHARACTERS, MAX_DOCUMENT_LENGTH, parsePolicyDocument, ParsedPolicy, PolicyDocument } from "../../../policies/model/iam/document";
import { UNKNOWN } from "../../../policies/model/value";

const SECRET = "s3cr3t-value-never-quoted";

function parsed(document: PolicyDocument): ParsedPolicy {
    assert.equal(document.kind, "policy", JSON.stringify(document));
    return document as ParsedPolicy;
}

function statementsOfInput(input: unknown) {
    return parsed(parsePolicyDocument(input)).statements;
}

describe("iam/document", () => {
    const statement = { Sid: "AllowEncrypt", Effect: "Allow", Action: "kms:Encrypt", Resource: "*" };

    describe("shapes", () => {
        it("reads JSON text and objects alike", () => {
            const document = { Version: "2012-10-17", Statement: [statement] };
            assert.deepEqual(statementsOfInput(JSON.stringify(document)), statementsOfInput(document));
        });

        it("takes Statement as an object or a list, Action as a string or a list", () => {
            const single = statementsOfInput({ Statement: statement });
            assert.equal(single.length, 1);
            assert.deepEqual(single[0].actions, { negated: false, value: { known: ["kms:Encrypt"], hasUnknown: false } });
            const list = statementsOfInput({ Statement: [{ ...statement, Action: ["kms:Encrypt", "kms:Decrypt"] }] });
            assert.deepEqual(list[0].actions.value.known, ["kms:Encrypt", "kms:Decrypt"]);
        });

        it("records each statement's Sid and position", () => {
            const statements = statementsOfInput({
                Statement: [statement, { Effect: "Deny", NotAction: "s3:*", NotResource: "arn:aws:s3:::b/*" }],
            });
            assert.deepEqual(
                statements.map((s) => [s.index, s.sid]),
                [
                    [0, "AllowEncrypt"],
                    [1, undefined],
                ],
            );
            assert.equal(statements[1].actions.negated, true);
            assert.equal(statements[1].resources?.negated, true);
        });

        it("reads Principal, NotPrincipal and Condition", () => {
            const [first, second] = statementsOfInput({
                Statement: [
                    {
                        ...statement,
                        Principal: { AWS: ["111122223333", "arn:aws:iam::111122223333:role/r"], Service: "s3.amazonaws.com" },
                        Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" }, Bool: { "aws:SecureTransport": true } },
                    },
                    { ...statement, Effect: "Deny", NotPrincipal: "*" },
                ],
            });
            assert.deepEqual(first.principals, {
                negated: false,
                value: {
                    kind: "listed",
                    byType: new Map([
                        ["AWS", { known: ["111122223333", "arn:aws:iam::111122223333:role/r"], hasUnknown: false }],
                        ["Service", { known: ["s3.amazonaws.com"], hasUnknown: false }],
                    ]),
                },
            });
            assert.deepEqual(first.condition.clauses, [
                { operator: "StringEquals", key: "kms:ViaService", values: { known: ["s3.us-east-1.amazonaws.com"], hasUnknown: false } },
                { operator: "Bool", key: "aws:SecureTransport", values: { known: ["true"], hasUnknown: false } },
            ]);
            assert.deepEqual(second.principals, { negated: true, value: { kind: "everyone" } });
        });

        it("keeps statements without Resource (trust policies)", () => {
            const [trust] = statementsOfInput({
                Statement: { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" },
            });
            assert.equal(trust.resources, undefined);
        });

        it("reads documents behind the framework's proxies and secrets", () => {
            class Secret {
                constructor(readonly value: unknown) {}
            }
            const proxied = {
                __isSpecialProxy: true,
                __getSpecialProxyTarget: { Version: "2012-10-17", Statement: [{ ...statement, Resource: new Secret("arn:aws:s3:::b") }] },
            };
            const [only] = statementsOfInput(proxied);
            assert.deepEqual(only.resources?.value.known, ["arn:aws:s3:::b"]);
            assert.equal(parsed(parsePolicyDocument(new Secret(JSON.stringify({ Statement: statement })))).statements.length, 1);
        });

        it("tells which Version enables policy variables", () => {
            assert.equal(parsed(parsePolicyDocument({ Version: "2012-10-17", Statement: [] })).variables, "variables");
            assert.equal(parsed(parsePolicyDocument({ Version: "2008-10-17", Statement: [] })).variables, "literal");
            assert.equal(parsed(parsePolicyDocument({ Statement: [] })).variables, "literal");
            assert.equal(parsed(parsePolicyDocument({ Version: UNKNOWN, Statement: [] })).variables, "unknown");
        });
    });

    describe("unknown values", () => {
        it("marks a whole unknown document, or an unknown Statement list, as unknown", () => {
            assert.equal(parsePolicyDocument(UNKNOWN).kind, "unknown");
            assert.equal(parsePolicyDocument(JSON.stringify(UNKNOWN)).kind, "unknown");
            assert.equal(parsePolicyDocument({ Version: "2012-10-17", Statement: UNKNOWN }).kind, "unknown");
        });

        it("keeps unknown statements, elements and entries as unknown", () => {
            const statements = statementsOfInput({
                Statement: [
                    UNKNOWN,
                    { Effect: UNKNOWN, Action: ["kms:Encrypt", UNKNOWN], Resource: UNKNOWN, Condition: { StringLike: UNKNOWN } },
                    { ...statement, Condition: UNKNOWN, Principal: { AWS: UNKNOWN } },
                ],
            });
            assert.equal(statements.length, 3);
            assert.equal(statements[0].effect, "unknown");
            assert.equal(statements[0].actions.value.hasUnknown, true);
            assert.equal(statements[0].principals?.value.kind, "unknown");
            assert.equal(statements[1].effect, "unknown");
            assert.deepEqual(statements[1].actions.value, { known: ["kms:Encrypt"], hasUnknown: true });
            assert.deepEqual(statements[1].resources?.value, { known: [], hasUnknown: true });
            assert.equal(statements[1].condition.hasUnknown, true);
            assert.equal(statements[2].condition.hasUnknown, true);
            assert.deepEqual(statements[2].principals?.value, {
                kind: "listed",
                byType: new Map([["AWS", { known: [], hasUnknown: true }]]),
            });
        });
    });

    describe("malformed documents", () => {
        it("reports invalid JSON without quoting it", () => {
            const result = parsePolicyDocument(`{"Statement": [{"Effect": "Allow", "Action": "${SECRET}"`);
            assert.equal(result.kind, "unparseable");
            assert.ok(result.kind === "unparseable" && !result.reason.includes(SECRET));
        });

        it("refuses what is not a JSON object", () => {
            for (const input of [undefined, null, 42, true, [], "[]", "42", "null", '"text"', ""]) {
                assert.equal(parsePolicyDocument(input).kind, "unparseable", `input ${JSON.stringify(input)}`);
            }
        });

        it("drops statements AWS would reject, saying why without quoting them", () => {
            const result = parsed(
                parsePolicyDocument({
                    Version: "2012-10-17",
                    Statement: [
                        { ...statement, Effect: "allow" },
                        { ...statement, Action: 42 },
                        { ...statement, Action: [] },
                        { ...statement, Action: ["kms:Encrypt", { nested: SECRET }] },
                        { Effect: "Allow", Resource: "*" },
                        { ...statement, NotAction: "s3:*" },
                        { ...statement, NotResource: "*" },
                        { ...statement, Principal: "*", NotPrincipal: "*" },
                        { ...statement, Principal: SECRET },
                        { ...statement, Condition: [SECRET] },
                        { ...statement, Condition: { StringEquals: SECRET } },
                        { ...statement, Condition: { StringEquals: { k: { v: SECRET } } } },
                        { ...statement, Sid: 7 },
                        { ...statement, [SECRET]: 1 },
                        SECRET,
                        null,
                        statement,
                    ],
                }),
            );
            assert.deepEqual(
                result.statements.map((s) => s.index),
                [16],
            );
            assert.equal(result.problems.length, 16);
            assert.ok(
                result.problems.every((problem) => !problem.includes(SECRET)),
                result.problems.join("\n"),
            );
            assert.match(result.problems[0], /^statement 1: Effect must be "Allow" or "Deny"/);
        });

        it("reports a missing Statement, an unknown top-level element and a bad Version", () => {
            const result = parsed(parsePolicyDocument({ Version: "2020-01-01", [SECRET]: 1 }));
            assert.deepEqual(result.statements, []);
            assert.equal(result.problems.length, 3);
            assert.ok(result.problems.every((problem) => !problem.includes(SECRET)));
        });

        it("parses a document at the largest size AWS accepts, whitespace aside (a 32 KB key policy)", () => {
            const many = Array.from({ length: 300 }, (_, i) => ({ ...statement, Sid: `S${i}`, Resource: `arn:aws:s3:::bucket-${i}/*` }));
            const text = JSON.stringify({ Version: "2012-10-17", Statement: many }, null, 8);
            assert.ok(text.length > AWS_MAX_DOCUMENT_CHARACTERS && JSON.stringify(JSON.parse(text)).length <= AWS_MAX_DOCUMENT_CHARACTERS);
            assert.equal(statementsOfInput(text).length, 300);
        });

        it("does not evaluate a document longer than AWS accepts, as text or object, and says so (issue 15.3)", () => {
            const many = Array.from({ length: 12_000 }, (_, i) => ({ ...statement, Sid: `S${i}`, Resource: `arn:aws:s3:::bucket-${i}/*` }));
            const documents = [
                JSON.stringify({ Version: "2012-10-17", Statement: many }),
                { Version: "2012-10-17", Statement: many },
                JSON.stringify({ Statement: { ...statement, Action: "s3:".repeat(1_700_000) } }),
            ];
            for (const document of documents) {
                const result = parsePolicyDocument(document);
                assert.equal(result.kind, "unparseable");
                assert.match((result as { reason: string }).reason, /AWS rejects policy documents longer than 32768/);
            }
        });

        it("refuses a document above the size limit", () => {
            const result = parsePolicyDocument(" ".repeat(MAX_DOCUMENT_LENGTH + 1));
            assert.equal(result.kind, "unparseable");
        });

        it("survives nesting 10,000 deep anywhere", () => {
            const depth = 10_000;
            const deep = '{"a":['.repeat(depth) + '"x"' + "]}".repeat(depth);
            const element = JSON.stringify(statement).slice(1, -1);
            const texts = [
                deep,
                `{"Statement": ${deep}}`,
                `{"Statement": [{${element}, "Action": ${deep}}]}`,
                `{"Statement": [{${element}, "Condition": ${deep}}]}`,
                `{"Statement": [{${element}, "Condition": {"StringEquals": {"k": ${deep}}}}]}`,
                `{"Statement": [{${element}, "Principal": {"AWS": ${deep}}}]}`,
                "[".repeat(depth) + "]".repeat(depth),
                "[".repeat(depth),
            ];
            for (const text of texts) {
                assert.doesNotThrow(() => parsePolicyDocument(text));
                const object: unknown = (() => {
                    try {
                        return JSON.parse(text);
                    } catch {
                        return undefined;
                    }
                })();
                assert.doesNotThrow(() => parsePolicyDocument(object));
            }
        });

        it("reads no element through __proto__", () => {
            const text = `{"__proto__": {"Statement": ${JSON.stringify(statement)}}}`;
            assert.deepEqual(statementsOfInput(text), []);
            assert.deepEqual(statementsOfInput(JSON.parse(text)), []);
            const inStatement = `{"Statement": {"__proto__": ${JSON.stringify(statement)}}}`;
            assert.deepEqual(statementsOfInput(inStatement), []);
        });

        it("does not throw on objects whose properties throw", () => {
            const hostile = {
                get Statement(): unknown {
                    throw new Error(SECRET);
                },
            };
            const result = parsePolicyDocument(hostile);
            assert.equal(result.kind, "unparseable");
            assert.ok(result.kind === "unparseable" && !result.reason.includes(SECRET));
        });
    });
});
