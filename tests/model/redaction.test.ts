/** Issue 22.5 and 22.6: redaction linear in the message, and by the value rather than its spelling. */
import * as assert from "assert";
import * as fc from "fast-check";

import { abbreviate } from "../../policies/model/iam/describe";
import { SECRET_PLACEHOLDER, SecretMatcher, SHORT_SECRET } from "../../policies/model/redaction";
import { secretForms } from "../../policies/model/secret-forms";
import { NO_SECRETS, noteSecret, SecretSet } from "../../policies/model/secret-values";

const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** The specification, quadratic: the union of every occurrence of every secret that counts there, each run of covered characters one placeholder. */
function naiveRedact(message: string, secrets: readonly string[]): string {
    const ranges: Array<[number, number]> = [];
    for (const secret of secrets.filter((s) => s !== "")) {
        for (let at = message.indexOf(secret); at >= 0; at = message.indexOf(secret, at + 1)) {
            const end = at + secret.length;
            const joins = (isWord(message[at]) && isWord(message[at - 1])) || (isWord(message[end - 1]) && isWord(message[end]));
            if (secret.length >= SHORT_SECRET || !joins) {
                ranges.push([at, end]);
            }
        }
    }
    // Ranges that overlap merge; ranges that only touch stay apart.
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged: Array<[number, number]> = [];
    for (const [start, end] of ranges) {
        const last = merged[merged.length - 1];
        if (last && start < last[1]) {
            last[1] = Math.max(last[1], end);
        } else {
            merged.push([start, end]);
        }
    }
    let result = "";
    let i = 0;
    for (const [start, end] of merged) {
        result += message.slice(i, start) + SECRET_PLACEHOLDER;
        i = end;
    }
    return result + message.slice(i);
}

describe("model/redaction (issue 22.5, 22.6)", () => {
    it("replaces every occurrence of every secret, as the quadratic specification does", () => {
        const alphabet = fc.constantFrom("a", "b", "1", "-", '"', "/", " ", "é", "😀");
        const text = (max: number) => fc.array(alphabet, { maxLength: max }).map((chars) => chars.join(""));
        fc.assert(
            fc.property(fc.array(text(6), { maxLength: 6 }), text(40), (secrets, message) => {
                assert.strictEqual(new SecretMatcher(secrets).redact(message), naiveRedact(message, secrets), JSON.stringify({ secrets, message }));
            }),
            { numRuns: 2000, seed: 225 },
        );
    });

    it("finds secrets that share their first 200 characters among 2,000 of them, in a message of 50,000 characters (bench/redaction.ts times it)", () => {
        const secrets = Array.from({ length: 2000 }, (_, i) => `${"a".repeat(200)}${i.toString(36).padStart(56, "a")}`);
        const message = `rule prefix ${"a".repeat(1000)} ${secrets[1999]} `.repeat(50);
        assert.strictEqual(new SecretMatcher(secrets).redact(message), naiveRedact(message, secrets));
    });

    it("redacts the same whether secrets arrive at once or request by request, overlapping ones whole", () => {
        const alphabet = fc.constantFrom("a", "b", "c", "1", '"', " ");
        const text = (max: number) => fc.array(alphabet, { minLength: 1, maxLength: max }).map((chars) => chars.join(""));
        fc.assert(
            fc.property(fc.array(text(7), { maxLength: 12 }), text(50), (secrets, message) => {
                const atOnce = new SecretSet();
                const oneByOne = new SecretSet();
                for (const secret of secrets) {
                    atOnce.add(secret);
                    oneByOne.add(secret);
                    oneByOne.redact(message);
                }
                assert.strictEqual(oneByOne.redact(message), atOnce.redact(message));
                assert.strictEqual(atOnce.redact(message), naiveRedact(message, secrets.flatMap(secretForms)));
            }),
            { numRuns: 1000, seed: 226 },
        );
        const secrets = new SecretSet();
        secrets.add("abcdef");
        assert.strictEqual(secrets.redact("abcdefghi"), `${SECRET_PLACEHOLDER}ghi`);
        secrets.add("defghi");
        assert.strictEqual(secrets.redact("abcdefghi"), SECRET_PLACEHOLDER);
    });

    it("treats short secrets that are not words where they stand alone", () => {
        const matcher = new SecretMatcher(["a/b", "é", "7", "*"]);
        assert.strictEqual(
            matcher.redact("prefix a/b, café, statement 7, s3:*, x7y, (a/b)"),
            "prefix (secret), café, statement (secret), s3:(secret), x7y, ((secret))",
        );
    });

    describe("secretForms: what a message could quote of a secret value", () => {
        it("the account, the resource and the names of an ARN, not its partition, service or Region", () => {
            const forms = secretForms("arn:aws:iam::123456789012:role/service-role/replication");
            for (const part of ["123456789012", "role/service-role/replication", "service-role/replication", "replication"]) {
                assert.ok(forms.includes(part), part);
            }
            for (const part of ["aws", "iam", "role"]) {
                assert.ok(!forms.includes(part), part);
            }
            assert.ok(secretForms("arn:aws:s3:::backup-bucket/logs/").includes("backup-bucket"));
            assert.ok(
                secretForms("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab").includes("1234abcd-12ab-34cd-56ef-1234567890ab"),
            );
        });

        it("the identifiers inside a JSON document, not its vocabulary", () => {
            const document = JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "OnlyMyOwnSid", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "kms:*", Resource: "*" }],
            });
            const forms = secretForms(document);
            for (const part of ["OnlyMyOwnSid", "arn:aws:iam::210987654321:root", "210987654321"]) {
                assert.ok(forms.includes(part), part);
            }
            for (const part of ["Allow", "2012-10-17", "kms:*", "*"]) {
                assert.ok(!forms.includes(part), part);
            }
        });

        it("each form JSON-escaped, as a statement to add quotes it", () => {
            assert.ok(secretForms('lo"gs\\2026').includes('lo\\"gs\\\\2026'));
        });
    });

    describe("the leaks of issue 22.6, on messages as the policies word them", () => {
        it("a secret account id, alone and inside a generated Sid", () => {
            const secrets = new SecretSet();
            noteSecret(secrets, "arn:aws:iam::123456789012:role/replication");
            assert.strictEqual(
                secrets.redact('owned by account 123456789012: add {"Sid":"AllowS3ReplicationFrom123456789012"}'),
                `owned by account ${SECRET_PLACEHOLDER}: add {"Sid":"AllowS3ReplicationFrom${SECRET_PLACEHOLDER}"}`,
            );
        });

        it("the bucket name inside a secret destination ARN", () => {
            const secrets = new SecretSet();
            noteSecret(secrets, "arn:aws:s3:::backup-bucket-4f1d");
            assert.strictEqual(secrets.redact('destination bucket "backup-bucket-4f1d"'), `destination bucket "${SECRET_PLACEHOLDER}"`);
        });

        it('a prefix with " or \\ JSON-escaped inside an "Add to" statement', () => {
            const prefix = 'logs"2026\\q';
            const secrets = new SecretSet();
            noteSecret(secrets, prefix);
            const statement = JSON.stringify({ Resource: `arn:aws:s3:::source/${prefix}*` });
            assert.strictEqual(
                secrets.redact(`Add to the role policy: ${statement}`),
                `Add to the role policy: {"Resource":"arn:aws:s3:::source/${SECRET_PLACEHOLDER}*"}`,
            );
        });

        it("a secret prefix shortened for a condition description: redacted before it is cut", () => {
            const prefix = `private-${"x".repeat(100)}-${"y".repeat(100)}`;
            const secrets = new SecretSet();
            noteSecret(secrets, prefix);
            const described = abbreviate(`arn:aws:s3:::source/${prefix}*`, secrets);
            assert.ok(!described.includes("private-xxxx"), described);
            assert.strictEqual(described, `arn:aws:s3:::source/${SECRET_PLACEHOLDER}*`);
        });

        it("redaction takes its secrets from the caller (each call's Analysis): one analysis's secrets are not another's", () => {
            const secrets = new SecretSet();
            secrets.add("only-in-this-analysis");
            assert.strictEqual(secrets.redact("x only-in-this-analysis"), `x ${SECRET_PLACEHOLDER}`);
            assert.strictEqual(new SecretSet().redact("x only-in-this-analysis"), "x only-in-this-analysis");
            assert.strictEqual(NO_SECRETS.redact("x only-in-this-analysis"), "x only-in-this-analysis");
        });
    });
});
