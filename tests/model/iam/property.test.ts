import { strict as assert } from "node:assert";
import fc from "fast-check";
import { describeConditionOutcome } from "../../../policies/model/iam/describe";
import { parsePolicyDocument } from "../../../policies/model/iam/document";
import { allowingStatements, evaluate, matchStatements, verdictOf } from "../../../policies/model/iam/evaluate";
import { Request } from "../../../policies/model/iam/request-context";
import { UNKNOWN } from "../../../policies/model/value";
import { KEY_ARN, ROLE_ARN } from "./helpers";
import { decidingStatements, verdictName } from "../../support/verdicts";
import { NO_SECRETS } from "../../../policies/model/secret-values";

const VERDICTS = ["allowed", "denied explicitly", "denied implicitly", "undecidable"];

const REQUESTS: Request[] = [
    { action: "kms:Encrypt", resource: KEY_ARN, context: { "aws:username": "john", "aws:TagKeys": ["a", UNKNOWN] } },
    { action: "s3:ReplicateObject", resource: UNKNOWN, principal: { type: "AWS", id: ROLE_ARN }, context: {} },
    { action: UNKNOWN, resource: "arn:aws:s3:::b/o", principal: { type: "Service", id: UNKNOWN } },
];

/** Mostly well-formed policies made of the words the evaluator reacts to, so that its every branch is reached. */
function policyShaped(): fc.Arbitrary<unknown> {
    const mostly = <T, U>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<U>) => fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: rare });
    const word = fc.constantFrom(
        ...["*", "kms:*", "kms:Encrypt", "s3:*", KEY_ARN, "arn:aws:s3:::b/*", ROLE_ARN, UNKNOWN],
        ...["${aws:username}", "${", "?", ""],
    );
    const values = fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 3 }));
    const operator = fc.constantFrom(
        "StringEquals",
        "StringNotLike",
        "ForAllValues:StringLike",
        "ForAnyValue:StringNotEquals",
        "ArnLikeIfExists",
        "Null",
        "Bool",
        "NumericLessThan",
        "DateGreaterThan",
        "IpAddress",
        "ForAll:Nonsense",
    );
    const key = fc.constantFrom("aws:username", "aws:TagKeys", "AWS:USERNAME", "missing:key");
    const optionalElements = fc.record(
        {
            Sid: fc.constantFrom("A", "B", UNKNOWN),
            Principal: fc.oneof(fc.constantFrom("*", UNKNOWN), fc.dictionary(fc.constantFrom("AWS", "Service"), values, { minKeys: 1 })),
            Condition: fc.dictionary(operator, mostly(fc.dictionary(key, values, { minKeys: 1, maxKeys: 2 }), fc.constant(UNKNOWN)), { maxKeys: 2 }),
        },
        { requiredKeys: [] },
    );
    const statement = fc
        .tuple(
            optionalElements,
            fc.constantFrom("Allow", "Deny", UNKNOWN),
            fc.constantFrom("Action", "NotAction"),
            mostly(values, fc.jsonValue({ maxDepth: 2 })),
            fc.constantFrom("Resource", "NotResource"),
            values,
        )
        .map(([elements, effect, action, actions, resource, resources]) => ({
            ...elements,
            Effect: effect,
            [action]: actions,
            [resource]: resources,
        }));
    return fc.record({
        Version: fc.constantFrom("2012-10-17", "2008-10-17", UNKNOWN),
        Statement: mostly(fc.oneof(statement, fc.array(mostly(statement, word), { maxLength: 4 })), word),
    });
}

describe("iam/evaluate property", () => {
    it("never throws on arbitrary JSON and always gives one of the four verdicts documents can give", () => {
        const document = fc.oneof(
            fc.jsonValue(),
            fc.json(),
            policyShaped(),
            policyShaped().map((value) => JSON.stringify(value)),
        );
        fc.assert(
            fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), (inputs) => {
                const documents = inputs.map(parsePolicyDocument);
                for (const request of REQUESTS) {
                    const result = evaluate(request, documents);
                    assert.ok(VERDICTS.includes(verdictName(result)), verdictName(result));
                    assert.ok(decidingStatements(result).every((match) => match.ref.document >= 0 && match.ref.document < documents.length));
                    // The second path, every statement matched whatever its scope, decides alike.
                    const everyStatement = verdictOf(matchStatements(request, documents));
                    assert.equal(verdictName(everyStatement), verdictName(result));
                    assert.deepEqual(
                        decidingStatements(everyStatement).map((m) => m.ref),
                        decidingStatements(result).map((m) => m.ref),
                    );
                    const unmet = (verdict: typeof result) => (verdict.kind === "denied" ? verdict.unmet.map((u) => [u.at.ref, u.conditions]) : []);
                    assert.deepEqual(unmet(everyStatement), unmet(result));
                    for (const match of allowingStatements(request, documents)) {
                        match.conditionOutcomes.forEach((outcome) => describeConditionOutcome(outcome, NO_SECRETS));
                    }
                }
            }),
            { seed: 20240611, numRuns: 1000 },
        );
    });
});
