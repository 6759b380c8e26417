import { strict as assert } from "node:assert";
import { actionMatches, arnMatches, globMatches, literalGlob, resourceMatches, wildcardGlob } from "../../../policies/model/iam/match";
import { UNKNOWN } from "../../../policies/model/value";
import fc from "fast-check";

/** The reference: a glob as a regular expression over code points (`u`), `?` one code point, `*` any run. */
function reference(pattern: string, text: string): boolean {
    const source = Array.from(pattern, (c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))).join("");
    return new RegExp(`^${source}$`, "su").test(text);
}

/** Short strings over a few letters, the wildcards and an astral character: where matchers go wrong. */
const globText = (withWildcards: boolean) =>
    fc.array(fc.constantFrom(..."aab/:", "😀", ...(withWildcards ? ["*", "?"] : [])), { maxLength: 12 }).map((cs) => cs.join(""));

/** How many characters `work` reads from strings (`charCodeAt`, `codePointAt`): a count of the matcher's steps. */
function countCharacterReads(work: () => void): number {
    const { charCodeAt, codePointAt } = String.prototype;
    let reads = 0;
    String.prototype.charCodeAt = function (this: string, index: number) {
        reads++;
        return charCodeAt.call(this, index);
    };
    String.prototype.codePointAt = function (this: string, index: number) {
        reads++;
        return codePointAt.call(this, index);
    };
    try {
        work();
    } finally {
        String.prototype.charCodeAt = charCodeAt;
        String.prototype.codePointAt = codePointAt;
    }
    return reads;
}

describe("iam/match", () => {
    describe("actions", () => {
        it("match exactly, case-insensitively", () => {
            assert.equal(actionMatches("kms:Encrypt", "kms:Encrypt"), true);
            assert.equal(actionMatches("KMS:encrypt", "kms:Encrypt"), true);
            assert.equal(actionMatches("kms:Encrypt", "kms:Decrypt"), false);
        });

        it("support * for any run of characters and ? for exactly one", () => {
            assert.equal(actionMatches("*", "s3:ReplicateObject"), true);
            assert.equal(actionMatches("kms:*", "kms:GenerateDataKey"), true);
            assert.equal(actionMatches("kms:ReEncrypt*", "kms:ReEncryptFrom"), true);
            assert.equal(actionMatches("kms:ReEncrypt*", "kms:ReEncrypt"), true);
            assert.equal(actionMatches("s3:Get*Tagging", "s3:GetObjectVersionTagging"), true);
            assert.equal(actionMatches("kms:?ecrypt", "kms:Decrypt"), true);
            assert.equal(actionMatches("kms:?ecrypt", "kms:Encrypt"), false);
            assert.equal(actionMatches("kms:Encrypt?", "kms:Encrypt"), false);
            assert.equal(actionMatches("s3:*", "kms:Encrypt"), false);
        });

        it("cannot decide an unknown action unless the pattern is *", () => {
            assert.equal(actionMatches("*", UNKNOWN), true);
            assert.equal(actionMatches("kms:*", UNKNOWN), "unknown");
        });
    });

    describe("resources", () => {
        it("match case-sensitively", () => {
            assert.equal(resourceMatches(wildcardGlob("arn:aws:s3:::bucket"), "arn:aws:s3:::bucket"), true);
            assert.equal(resourceMatches(wildcardGlob("arn:aws:s3:::Bucket"), "arn:aws:s3:::bucket"), false);
        });

        it("let * span slashes and colons", () => {
            const objects = wildcardGlob("arn:aws:s3:::bucket/*");
            assert.equal(resourceMatches(objects, "arn:aws:s3:::bucket/a/b/c.txt"), true);
            assert.equal(resourceMatches(objects, "arn:aws:s3:::bucket/"), true);
            assert.equal(resourceMatches(objects, "arn:aws:s3:::bucket"), false);
            assert.equal(resourceMatches(objects, "arn:aws:s3:::bucket-2/x"), false);
            assert.equal(resourceMatches(wildcardGlob("arn:aws:kms:*"), "arn:aws:kms:us-east-1:111122223333:key/k"), true);
            assert.equal(resourceMatches(wildcardGlob("arn:aws:s3:::*/test/*"), "arn:aws:s3:::b/1/2/test/3/o.jpg"), true);
            assert.equal(resourceMatches(wildcardGlob("arn:aws:s3:::*/test/*"), "arn:aws:s3:::b/1-test/o.jpg"), false);
        });

        it("are undecidable when unknown, except against *", () => {
            assert.equal(resourceMatches(wildcardGlob("*"), UNKNOWN), true);
            assert.equal(resourceMatches(wildcardGlob("arn:aws:s3:::*"), UNKNOWN), "unknown");
            assert.equal(resourceMatches(undefined, "arn:aws:s3:::bucket"), "unknown");
        });
    });

    describe("globs", () => {
        it("treat every character literally when built without wildcards", () => {
            assert.equal(globMatches(literalGlob("a*"), "a*", false), true);
            assert.equal(globMatches(literalGlob("a*"), "ab", false), false);
            assert.equal(globMatches(literalGlob("a?"), "ab", false), false);
        });

        it("match the empty string only with an empty pattern or stars", () => {
            assert.equal(globMatches(wildcardGlob(""), "", false), true);
            assert.equal(globMatches(wildcardGlob("**"), "", false), true);
            assert.equal(globMatches(wildcardGlob("?"), "", false), false);
        });

        it("backtrack without blowing up", () => {
            const text = "a".repeat(20_000);
            assert.equal(globMatches(wildcardGlob("*a*a*a*a*b"), text, false), false);
            assert.equal(globMatches(wildcardGlob("*a*a*a*a*"), text, false), true);
        });

        it("count ? as one code point", () => {
            assert.equal(globMatches(wildcardGlob("x?y"), "x😀y", false), true);
            assert.equal(globMatches(wildcardGlob("*x?y*"), "😀😀x😀y😀", false), true);
            assert.equal(globMatches(wildcardGlob("*x??y*"), "😀😀x😀y😀", false), false);
        });

        it("read a text with astral characters in one pass: character reads grow with the text, not text × pattern (issue 22.2)", () => {
            // A `?`-laden run never followed by its `b`: trying each start in turn reads about text × run characters.
            const reads = (text: string) => countCharacterReads(() => globMatches(wildcardGlob(`*${"a?".repeat(250)}b*`), text, false));
            const ascii = reads(`x${"a".repeat(2000)}`);
            const astral = reads(`😀${"a".repeat(2000)}`);
            assert.ok(astral <= 10 * 2002, `${astral} character reads for a 2,002-unit text`);
            assert.ok(ascii <= 10 * 2002, `${ascii} character reads for a 2,001-unit text`);
        });

        it("agree with a regular-expression reference, case-sensitively and not", () => {
            fc.assert(
                fc.property(globText(true), globText(false), (pattern, text) => {
                    assert.equal(globMatches(wildcardGlob(pattern), text, false), reference(pattern, text), `${pattern} against ${text}`);
                    assert.equal(globMatches(wildcardGlob(pattern), text, true), reference(pattern, text), `${pattern} against ${text}, ignoring case`);
                }),
                { numRuns: 5000 },
            );
        });

        it("decide AWS-sized patterns against 1,024-character keys (issue 15.3; speed is in bench/aws-limits)", () => {
            // The shapes that cost pattern x text when backtracking: a long run never followed by its last letter.
            const text = `arn:aws:s3:::bucket/${"a".repeat(1024)}`;
            const never = [`arn:aws:s3:::bucket/*${"a".repeat(2000)}b*`, `*${"a?".repeat(1000)}b*`, `*${"a".repeat(1000)}b`, `${"*a".repeat(1000)}b`];
            const once = [`arn:aws:s3:::bucket/*${"a".repeat(1000)}*`, `*${"a?".repeat(500)}*`, `*${"?a".repeat(512)}`, `${"*a".repeat(1000)}*`];
            for (const pattern of never) {
                assert.equal(globMatches(wildcardGlob(pattern), text, false), false, pattern.slice(0, 40));
            }
            for (const pattern of once) {
                assert.equal(globMatches(wildcardGlob(pattern), text, false), true, pattern.slice(0, 40));
            }
        });
    });

    describe("ArnLike / ArnEquals", () => {
        const arn = (pattern: string, value: string) => arnMatches(wildcardGlob(pattern), value);

        it("match each of the six segments on its own", () => {
            assert.equal(arn("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/replication"), true);
            assert.equal(arn("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key:with:colons"), true);
            assert.equal(arn("arn:aws:kms:*:111122223333:key/*", "arn:aws:kms:eu-west-1:111122223333:key/k"), true);
            assert.equal(arn("arn:aws:kms:*:111122223333:key/*", "arn:aws:kms:eu-west-1:444455556666:key/k"), false);
            assert.equal(arn("arn:aws:s3:::bucket", "arn:aws:s3:::bucket"), true);
        });

        it("do not let a wildcard cross a segment", () => {
            assert.equal(arn("arn:aws:*", "arn:aws:s3:::bucket"), false);
            assert.equal(arn("*", "arn:aws:s3:::bucket"), false);
            assert.equal(arn("arn:*:s3:::*", "arn:aws:s3:::bucket"), true);
            assert.equal(arn("arn:aws:s3:*:bucket", "arn:aws:s3:::bucket"), false);
        });

        it("are case-sensitive and need a well-formed value", () => {
            assert.equal(arn("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"), false);
            assert.equal(arn("arn:aws:s3:::*", "not-an-arn"), false);
        });
    });
});
