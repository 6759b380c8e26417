import { strict as assert } from "node:assert";
import { evaluateCondition } from "../../../policies/model/iam/conditions";
import { ConditionClause } from "../../../policies/model/iam/document";
import { RequestContext } from "../../../policies/model/iam/request-context";
import { Ternary } from "../../../policies/model/iam/ternary";
import { VariableSupport } from "../../../policies/model/iam/variables";
import { UNKNOWN } from "../../../policies/model/value";

type Values = string | readonly string[];

function clause(operator: string, key: string, values: Values): ConditionClause {
    const list = typeof values === "string" ? [values] : values;
    return {
        operator,
        key,
        values: { known: list.filter((value) => value !== UNKNOWN), hasUnknown: list.includes(UNKNOWN) },
    };
}

/** The result of one operator with one key against the request context. */
function check(operator: string, key: string, values: Values, context: RequestContext, variables: VariableSupport = "variables"): Ternary {
    return evaluateCondition({ clauses: [clause(operator, key, values)], hasUnknown: false }, { context, variables }).result;
}

const SOURCE_ARN = "aws:SourceArn";
const BUCKET = "arn:aws:s3:::bucket";

describe("iam/conditions", () => {
    describe("string operators", () => {
        it("StringEquals matches exactly and case-sensitively, without wildcards", () => {
            assert.equal(check("StringEquals", "aws:username", "john", { "aws:username": "john" }), true);
            assert.equal(check("StringEquals", "aws:username", "john", { "aws:username": "John" }), false);
            assert.equal(check("StringEquals", "aws:username", "j*", { "aws:username": "john" }), false);
            assert.equal(check("StringEquals", "aws:username", "j*", { "aws:username": "j*" }), true);
        });

        it("ORs a key's policy values", () => {
            assert.equal(check("StringEquals", "aws:username", ["ann", "john"], { "aws:username": "john" }), true);
            assert.equal(check("StringEquals", "aws:username", ["ann", "bob"], { "aws:username": "john" }), false);
        });

        it("fails a positive operator on a missing key", () => {
            assert.equal(check("StringEquals", "aws:username", "john", {}), false);
            assert.equal(check("StringLike", "aws:username", "*", {}), false);
            assert.equal(check("ArnLike", SOURCE_ARN, "arn:*:*:*:*:*", {}), false);
        });

        it("StringNotEquals NORs the policy values and holds on a missing key", () => {
            assert.equal(check("StringNotEquals", "aws:username", ["ann", "bob"], { "aws:username": "john" }), true);
            assert.equal(check("StringNotEquals", "aws:username", ["ann", "john"], { "aws:username": "john" }), false);
            assert.equal(check("StringNotEquals", "aws:username", "john", {}), true);
        });

        it("StringEqualsIgnoreCase / StringNotEqualsIgnoreCase ignore case", () => {
            assert.equal(check("StringEqualsIgnoreCase", "aws:username", "JOHN", { "aws:username": "john" }), true);
            assert.equal(check("StringEqualsIgnoreCase", "aws:username", "jo*", { "aws:username": "john" }), false);
            assert.equal(check("StringNotEqualsIgnoreCase", "aws:username", "JOHN", { "aws:username": "john" }), false);
            assert.equal(check("StringNotEqualsIgnoreCase", "aws:username", "ann", { "aws:username": "john" }), true);
        });

        it("StringLike / StringNotLike use wildcards, case-sensitively", () => {
            const context = { "s3:prefix": "home/john/photos" };
            assert.equal(check("StringLike", "s3:prefix", "home/*", context), true);
            assert.equal(check("StringLike", "s3:prefix", "home/?ohn/*", context), true);
            assert.equal(check("StringLike", "s3:prefix", "Home/*", context), false);
            assert.equal(check("StringNotLike", "s3:prefix", ["tmp/*", "var/*"], context), true);
            assert.equal(check("StringNotLike", "s3:prefix", ["tmp/*", "home/*"], context), false);
            assert.equal(check("StringNotLike", "s3:prefix", "home/*", {}), true);
        });
    });

    describe("ARN operators", () => {
        it("ArnLike and ArnEquals match segment by segment", () => {
            const context = { [SOURCE_ARN]: `${BUCKET}/some/object` };
            assert.equal(check("ArnLike", SOURCE_ARN, "arn:aws:s3:::bucket/*", context), true);
            assert.equal(check("ArnEquals", SOURCE_ARN, "arn:aws:s3:::bucket/*", context), true);
            assert.equal(check("ArnLike", SOURCE_ARN, "arn:aws:s3:::other/*", context), false);
            assert.equal(check("ArnLike", SOURCE_ARN, "arn:aws:*", context), false);
        });

        it("ArnNotEquals / ArnNotLike negate and hold on a missing key", () => {
            const context = { [SOURCE_ARN]: BUCKET };
            assert.equal(check("ArnNotLike", SOURCE_ARN, "arn:aws:s3:::other", context), true);
            assert.equal(check("ArnNotLike", SOURCE_ARN, "arn:aws:s3:::buck*", context), false);
            assert.equal(check("ArnNotEquals", SOURCE_ARN, BUCKET, context), false);
            assert.equal(check("ArnNotEquals", SOURCE_ARN, BUCKET, {}), true);
        });
    });

    describe("Bool, numeric, date and binary operators", () => {
        it("Bool compares true/false, from booleans or strings", () => {
            assert.equal(check("Bool", "aws:SecureTransport", "true", { "aws:SecureTransport": true }), true);
            assert.equal(check("Bool", "aws:SecureTransport", "false", { "aws:SecureTransport": "true" }), false);
            assert.equal(check("Bool", "aws:SecureTransport", "false", { "aws:SecureTransport": false }), true);
            assert.equal(check("Bool", "aws:SecureTransport", "false", {}), false);
        });

        it("numeric operators compare numbers, and fail on non-numbers", () => {
            const context = { "s3:max-keys": 10 };
            assert.equal(check("NumericEquals", "s3:max-keys", "10", context), true);
            assert.equal(check("NumericNotEquals", "s3:max-keys", "10", context), false);
            assert.equal(check("NumericLessThan", "s3:max-keys", "11", context), true);
            assert.equal(check("NumericLessThan", "s3:max-keys", "10", context), false);
            assert.equal(check("NumericLessThanEquals", "s3:max-keys", "10", context), true);
            assert.equal(check("NumericGreaterThan", "s3:max-keys", "9.5", context), true);
            assert.equal(check("NumericGreaterThanEquals", "s3:max-keys", "11", context), false);
            assert.equal(check("NumericEquals", "s3:max-keys", "ten", context), false);
            assert.equal(check("NumericEquals", "s3:max-keys", "10", { "s3:max-keys": "ten" }), false);
        });

        it("date operators accept ISO 8601 and epoch seconds", () => {
            const context = { "aws:CurrentTime": "2024-06-01T12:00:00Z" };
            assert.equal(check("DateLessThan", "aws:CurrentTime", "2025-01-01T00:00:00Z", context), true);
            assert.equal(check("DateGreaterThan", "aws:CurrentTime", "1704067200", context), true);
            assert.equal(check("DateEquals", "aws:CurrentTime", "2024-06-01T12:00:00Z", context), true);
            assert.equal(check("DateNotEquals", "aws:CurrentTime", "2024-06-01T12:00:00Z", context), false);
            assert.equal(check("DateLessThanEquals", "aws:CurrentTime", "not a date", context), false);
            assert.equal(check("DateGreaterThanEquals", "aws:CurrentTime", "2024-06-01T12:00:00Z", context), true);
        });

        it("BinaryEquals compares the base-64 text", () => {
            assert.equal(check("BinaryEquals", "k", "QmluYXJ5", { k: "QmluYXJ5" }), true);
            assert.equal(check("BinaryEquals", "k", "QmluYXJ5", { k: "other" }), false);
        });
    });

    describe("...IfExists and Null", () => {
        it("IfExists holds on a missing key and tests a present one", () => {
            assert.equal(check("StringEqualsIfExists", "ec2:InstanceType", "t2.micro", {}), true);
            assert.equal(check("StringEqualsIfExists", "ec2:InstanceType", "t2.micro", { "ec2:InstanceType": "t2.micro" }), true);
            assert.equal(check("StringEqualsIfExists", "ec2:InstanceType", "t2.micro", { "ec2:InstanceType": "m5.large" }), false);
            assert.equal(check("ArnLikeIfExists", SOURCE_ARN, "arn:aws:s3:::x", {}), true);
            assert.equal(check("NumericLessThanIfExists", "n", "1", {}), true);
        });

        it("Null tests only presence", () => {
            assert.equal(check("Null", "aws:TokenIssueTime", "true", {}), true);
            assert.equal(check("Null", "aws:TokenIssueTime", "true", { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" }), false);
            assert.equal(check("Null", "aws:TokenIssueTime", "false", { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" }), true);
            assert.equal(check("Null", "aws:TokenIssueTime", "false", {}), false);
            assert.equal(check("Null", "aws:TagKeys", "true", { "aws:TagKeys": [] }), true);
        });
    });

    describe("set operators and multivalued keys", () => {
        const tags = (...keys: string[]) => ({ "aws:TagKeys": keys });

        it("ForAnyValue needs one request value to match and fails on a missing key", () => {
            assert.equal(check("ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "webserver"], tags("owner", "webserver")), true);
            assert.equal(check("ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "webserver"], tags("owner", "cost")), false);
            assert.equal(check("ForAnyValue:StringEquals", "aws:TagKeys", "environment", {}), false);
            assert.equal(check("ForAnyValue:StringEquals", "aws:TagKeys", "environment", tags()), false);
            assert.equal(check("ForAnyValue:StringNotLike", "aws:TagKeys", "key1*", tags("key1:a", "key2:b")), true);
            assert.equal(check("ForAnyValue:StringNotLike", "aws:TagKeys", "key1*", tags("key1:a")), false);
        });

        it("ForAllValues needs every request value to match and holds on a missing key", () => {
            assert.equal(check("ForAllValues:StringLike", "aws:TagKeys", ["key1*", "key2*"], tags("key1:a", "key2:b")), true);
            assert.equal(check("ForAllValues:StringLike", "aws:TagKeys", ["key1*", "key2*"], tags("key1:a", "key3:c")), false);
            assert.equal(check("ForAllValues:StringLike", "aws:TagKeys", "key1*", {}), true);
            assert.equal(check("ForAllValues:StringLike", "aws:TagKeys", "key1*", tags()), true);
        });

        it("ForAllValues:StringNotLike follows the AWS example table", () => {
            const denyUnlessKey1 = (context: RequestContext) => check("ForAllValues:StringNotLike", "aws:TagKeys", "key1*", context);
            assert.equal(denyUnlessKey1(tags("key1:legal")), false);
            assert.equal(denyUnlessKey1(tags("key1:hr", "key1:personnel")), false);
            assert.equal(denyUnlessKey1(tags("key2:audit")), true);
            assert.equal(denyUnlessKey1({}), true);
        });

        it("treat a single-valued key as a set of one", () => {
            assert.equal(check("ForAnyValue:StringEquals", "aws:username", "john", { "aws:username": "john" }), true);
            assert.equal(check("ForAllValues:StringEquals", "aws:username", "ann", { "aws:username": "john" }), false);
        });

        it("IfExists makes ForAnyValue hold on a missing key", () => {
            assert.equal(check("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "a", {}), true);
        });

        it("cannot decide a plain operator on a multivalued key, which AWS leaves undocumented", () => {
            assert.equal(check("StringEquals", "aws:TagKeys", "a", tags("a", "b")), "unknown");
        });
    });

    describe("combining clauses", () => {
        it("ANDs the keys under an operator and the operators of a block", () => {
            const block = {
                clauses: [
                    clause("StringEquals", "aws:SourceAccount", "111122223333"),
                    clause("StringEquals", "kms:ViaService", "s3.us-east-1.amazonaws.com"),
                    clause("ArnLike", SOURCE_ARN, "arn:aws:s3:::bucket*"),
                ],
                hasUnknown: false,
            };
            const context = {
                "aws:SourceAccount": "111122223333",
                "kms:ViaService": "s3.us-east-1.amazonaws.com",
                [SOURCE_ARN]: BUCKET,
            };
            const environment = { variables: "variables" as const };
            assert.equal(evaluateCondition(block, { ...environment, context }).result, true);
            const failing = evaluateCondition(block, { ...environment, context: { ...context, "kms:ViaService": "x" } });
            assert.equal(failing.result, false);
            assert.deepEqual(
                failing.outcomes.map((outcome) => outcome.result),
                [true, false, true],
            );
        });

        it("matches condition key names case-insensitively", () => {
            assert.equal(check("StringEquals", "AWS:SourceAccount", "111122223333", { "aws:sourceaccount": "111122223333" }), true);
        });

        it("does not decide an operator it does not know", () => {
            assert.equal(check("IpAddress", "aws:SourceIp", "10.0.0.0/8", { "aws:SourceIp": "10.1.2.3" }), "unknown");
            assert.equal(check("StringEqualz", "k", "v", { k: "v" }), "unknown");
            assert.equal(check("ForSomeValues:StringEquals", "k", "v", { k: "v" }), "unknown");
            assert.equal(check("NullIfExists", "k", "true", {}), "unknown");
        });
    });

    describe("unknown values", () => {
        it("cannot decide against an unknown request value", () => {
            assert.equal(check("StringEquals", "aws:SourceAccount", "111122223333", { "aws:SourceAccount": UNKNOWN }), "unknown");
            assert.equal(check("Null", "aws:SourceAccount", "true", { "aws:SourceAccount": UNKNOWN }), "unknown");
            assert.equal(check("ForAllValues:StringEquals", "aws:TagKeys", "a", { "aws:TagKeys": ["a", UNKNOWN] }), "unknown");
            assert.equal(check("ForAllValues:StringEquals", "aws:TagKeys", "a", { "aws:TagKeys": ["b", UNKNOWN] }), false);
        });

        it("decides when a known policy value settles it, and not otherwise", () => {
            assert.equal(check("StringEquals", "k", ["v", UNKNOWN], { k: "v" }), true);
            assert.equal(check("StringEquals", "k", ["w", UNKNOWN], { k: "v" }), "unknown");
            assert.equal(check("StringNotEquals", "k", ["v", UNKNOWN], { k: "v" }), false);
            assert.equal(check("StringEquals", "k", [UNKNOWN], {}), false);
        });

        it("cannot decide a block with an unknown part unless a known clause fails", () => {
            const environment = { context: { k: "v" }, variables: "variables" as const };
            const holding = { clauses: [clause("StringEquals", "k", "v")], hasUnknown: true };
            const failing = { clauses: [clause("StringEquals", "k", "w")], hasUnknown: true };
            assert.equal(evaluateCondition(holding, environment).result, "unknown");
            assert.equal(evaluateCondition(failing, environment).result, false);
        });
    });

    describe("policy variables", () => {
        const context = { "aws:username": "john", "s3:prefix": "home/john/docs" };

        it("are replaced by the request's values", () => {
            assert.equal(check("StringLike", "s3:prefix", "home/${aws:username}/*", context), true);
            assert.equal(check("StringLike", "s3:prefix", "home/${aws:username}/*", { ...context, "aws:username": "ann" }), false);
        });

        it("use the default when the key is missing and cannot be decided without one", () => {
            assert.equal(check("StringLike", "s3:prefix", "home/${aws:username, 'john'}/*", { "s3:prefix": "home/john/x" }), true);
            assert.equal(check("StringLike", "s3:prefix", "home/${aws:username}/*", { "s3:prefix": "home/john/x" }), "unknown");
        });

        it("allow spaces around the key and the default", () => {
            assert.equal(check("StringEquals", "k", "${ aws:username , 'x' }", { k: "john", ...context }), true);
            assert.equal(check("StringEquals", "k", "${ aws:username , 'x' }", { k: "x" }), true);
            assert.equal(check("StringEquals", "k", "${aws:username, x}", { k: "x" }), "unknown");
        });

        it("look names up in the request only", () => {
            assert.equal(check("StringEquals", "k", "${constructor}", { k: "v" }), "unknown");
            assert.equal(check("StringEquals", "k", "${__proto__, 'd'}", { k: "d" }), true);
        });

        it("parse a huge variable in linear time", () => {
            assert.equal(check("StringEquals", "k", "${" + " ".repeat(500_000) + ",x}", { k: "v" }), "unknown");
        });

        it("insert their value literally, and ${*} ${?} ${$} as the characters", () => {
            assert.equal(check("StringLike", "k", "a${aws:username}", { k: "abc", "aws:username": "*" }), false);
            assert.equal(check("StringLike", "k", "a${*}", { k: "a*" }), true);
            assert.equal(check("StringLike", "k", "a${*}", { k: "ab" }), false);
            assert.equal(check("StringEquals", "k", "${$}${?}", { k: "$?" }), true);
        });

        it("are literal text in policies without Version 2012-10-17", () => {
            assert.equal(check("StringEquals", "k", "${aws:username}", { k: "${aws:username}", "aws:username": "j" }, "literal"), true);
            assert.equal(check("StringEquals", "k", "${aws:username}", { k: "j", "aws:username": "j" }, "unknown"), "unknown");
        });
    });
});
