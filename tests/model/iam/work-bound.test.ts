import { strict as assert } from "node:assert";
import { decideByDocuments } from "../../../policies/model/role";
import { parsePolicyDocument, ParsedPolicy } from "../../../policies/model/iam/document";
import { arnMatches, globMatchesValue, resourceMatches, wildcardGlob } from "../../../policies/model/iam/match";
import { WorkBound, withWorkBound } from "../../../policies/model/iam/work-bound";

const PREFIX = "a".repeat(1000);

describe("iam/work-bound: matching work bounded per stack (issue 22.3)", () => {
    it("past the bound, a match is unknown and counted as refused; within it, decided as ever", () => {
        const bound = new WorkBound(12_000);
        const glob = wildcardGlob(`arn:aws:s3:::bucket/*${"a?".repeat(40)}b*`);
        const texts = Array.from({ length: 10 }, (_, i) => `arn:aws:s3:::bucket/${PREFIX}-${i}`);
        const results = withWorkBound(bound, () => texts.map((text) => resourceMatches(glob, text)));
        assert.deepEqual(results.slice(0, 2), [false, false]);
        assert.ok(results.includes("unknown"), JSON.stringify(results));
        assert.ok(bound.refused > 0);
        // Without a bound (the pack's own settings, tests), the same questions are decided.
        assert.deepEqual(
            texts.map((text) => resourceMatches(glob, `${text}x`)),
            texts.map(() => false),
        );
        assert.equal(
            withWorkBound(new WorkBound(0), () => globMatchesValue(wildcardGlob("x*"), "y", false)),
            "unknown",
        );
        assert.equal(
            withWorkBound(new WorkBound(0), () => arnMatches(wildcardGlob("arn:aws:s3:::b*"), "arn:aws:s3:::bucket")),
            "unknown",
        );
    });

    it("a request whose matching was refused is undecidable, never denied", () => {
        const document = parsePolicyDocument({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "s3:ReplicateObject", Resource: `arn:aws:s3:::bucket/${"a?".repeat(20)}*` }],
        }) as ParsedPolicy;
        const request = { action: "s3:ReplicateObject", resource: `arn:aws:s3:::bucket/${PREFIX}`, context: {} };
        const documents = [{ origin: "policy", document }];
        assert.equal(decideByDocuments(request, documents).kind, "allowed");
        const denied = { ...request, resource: "arn:aws:s3:::bucket/b" };
        assert.equal(decideByDocuments(denied, documents).kind, "denied");
        const refused = withWorkBound(new WorkBound(0), () => decideByDocuments({ ...denied, resource: `arn:aws:s3:::bucket/b${PREFIX}` }, documents));
        assert.equal(refused.kind, "undecidable");
    });
});
