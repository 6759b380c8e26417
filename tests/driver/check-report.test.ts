import * as assert from "assert";

import { StackAnalysis, StackDiagnostic } from "../../driver";
import { CheckedStack } from "../../cli/report/checked";
import { jsonReport } from "../../cli/report/json";
import { textReport } from "../../cli/report/text";
import { escapeControls, MAX_TOKEN_LENGTH, shortenToken, wrap } from "../../cli/terminal-text";

const URN = "urn:pulumi:dev::app::aws:iam/role:Role::replication-role";
const DESCRIPTION = "The replication role must be allowed to use the keys.";
const STATEMENT = { Effect: "Allow", Action: "kms:Encrypt", Resource: "arn:aws:kms:us-west-2:111111111111:key/k" };

function diagnostic(overrides: Partial<StackDiagnostic> = {}): StackDiagnostic {
    return {
        policyName: "role-kms",
        policyPackName: "pack",
        policyPackVersion: "1.0.0",
        description: DESCRIPTION,
        // @pulumi/policy puts the description first in every message.
        message: `${DESCRIPTION}\nThe role is not allowed kms:Encrypt on the replica key. Add to one of its policies: ${JSON.stringify(STATEMENT)}`,
        enforcementLevel: "mandatory",
        severity: "unspecified",
        phase: "analyzeStack",
        urn: URN,
        ...overrides,
    };
}

function checked(diagnostics: StackDiagnostic[], file = "stack.json"): CheckedStack {
    const analysis: StackAnalysis = { diagnostics, remediations: [] };
    return {
        stack: { file, source: "export", stackName: "dev", project: "app", resources: [{ urn: URN, type: "aws:iam/role:Role", inputs: {} }] },
        analysis,
    };
}

describe("check report: text for people", () => {
    it("prints each policy's description once, in a legend, not under every finding", () => {
        const report = textReport([checked([diagnostic(), diagnostic({ message: `${DESCRIPTION}\nSecond finding.` })])], { width: Infinity });
        assert.strictEqual(report.split(DESCRIPTION).length - 1, 1, report);
        assert.match(report, /\nPolicies reported above:\n {2}role-kms\n {6}The replication role must be allowed to use the keys\.\n/);
        assert.match(report, /\n {4}mandatory {2}role-kms\n {15}The role is not allowed kms:Encrypt/);
    });

    it("puts the statement to add on a line of its own, as valid JSON, pretty-printed when it does not fit", () => {
        const piped = textReport([checked([diagnostic()])], { width: Infinity }).split("\n");
        const oneLine = piped.find((line) => line.trimStart().startsWith("{"));
        assert.ok(oneLine, piped.join("\n"));
        assert.deepStrictEqual(JSON.parse(oneLine), STATEMENT);

        const narrow = textReport([checked([diagnostic()])], { width: 60 }).split("\n");
        const start = narrow.findIndex((line) => line.trim() === "{");
        const end = narrow.indexOf(
            narrow.slice(start).find((line) => line.trim() === "}")!,
            start,
        );
        assert.deepStrictEqual(JSON.parse(narrow.slice(start, end + 1).join("\n")), STATEMENT);
    });

    it("wraps to the terminal width, and not at all when piped", () => {
        const long = diagnostic({ message: `${DESCRIPTION}\n${"word ".repeat(100).trim()}` });
        const wrapped = textReport([checked([long])], { width: 72 }).split("\n");
        assert.ok(
            wrapped.every((line) => line.length <= 72),
            wrapped.find((line) => line.length > 72),
        );
        const piped = textReport([checked([long])], { width: Infinity }).split("\n");
        assert.ok(piped.some((line) => line.length > 400));
    });

    it("ends with a summary that says what the exit code means", () => {
        const failing = textReport([checked([diagnostic()])], { width: Infinity });
        assert.match(
            failing,
            /\nSummary: 1 mandatory violation in 1 file, 0 advisory findings \(1 file, 1 resource\)\.\nExit code 1: a mandatory policy is violated/,
        );
        const passing = textReport([checked([diagnostic({ enforcementLevel: "advisory" })])], { width: Infinity });
        assert.match(passing, /\nExit code 0: no mandatory policy is violated\. Advisory findings are shown for review and never fail the check\.\n$/);
    });

    it("says, for a file with only advisory findings, that they do not fail the check", () => {
        const report = textReport([checked([diagnostic({ enforcementLevel: "advisory" })])], { width: Infinity });
        assert.match(
            report,
            /^stack\.json\n {2}deployment of app\/dev, 1 resource: no mandatory violation; 1 advisory finding \(advisory findings do not fail the check\)\n/,
        );
        const clean = textReport([checked([])], { width: Infinity });
        assert.match(clean, /^stack\.json\n {2}deployment of app\/dev, 1 resource: no findings\n/);
    });

    it("escapes control characters and terminal escape sequences from stack files and messages", () => {
        const hostileUrn = "urn:pulumi:dev::app::aws:iam/role:Role::evil\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e";
        const item = checked([diagnostic({ urn: hostileUrn, message: `${DESCRIPTION}\nname \u001b[31mred\u001b[0m and \r carriage` })], "stack\u001b[1m.json");
        item.stack.resources.push({ urn: hostileUrn, type: "aws:iam/role:Role", inputs: {} });
        const report = textReport([item], { width: Infinity });
        assert.doesNotMatch(report, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
        assert.match(report, /aws\.iam\.Role "evil\\x1b\]0;owned\\x07\\x1b\[2J\\x9b31m\\u202e"/);
        assert.match(report, /name \\x1b\[31mred\\x1b\[0m and \\x0d carriage/);
        assert.match(report, /^stack\\x1b\[1m\.json\n/);
    });

    it("shortens absurdly long identifiers to their start and end, with the length", () => {
        const name = "b".repeat(100_000);
        const report = textReport(
            [checked([diagnostic({ message: `${DESCRIPTION}\nBucket ${name} is wrong. Add ${JSON.stringify({ Resource: `arn:aws:s3:::${name}` })}` })])],
            { width: Infinity },
        );
        assert.ok(report.length < 3_000, `report of ${report.length} characters`);
        assert.match(report, /Bucket b{120}…b{40} \(100000 characters\) is wrong\./);
        const statement = report.split("\n").find((line) => line.trimStart().startsWith("{"))!;
        assert.match(JSON.parse(statement).Resource, /^arn:aws:s3:::b+…b{40} \(100013 characters\)$/);
    });
});

describe("check report: JSON", () => {
    it("is one JSON document with the findings, the summary and the exit code", () => {
        const report = JSON.parse(jsonReport([checked([diagnostic()])]));
        assert.strictEqual(report.exitCode, 1);
        assert.deepStrictEqual(report.summary, { files: 1, resources: 1, mandatory: 1, advisory: 0, remediations: 0, failingFiles: 1, incompleteFiles: 0 });
        assert.strictEqual(report.files[0].diagnostics[0].resource, "aws:iam/role:Role::replication-role");
        assert.strictEqual(report.files[0].diagnostics[0].policyName, "role-kms");
    });
});

describe("terminal text", () => {
    it("escapes C0, DEL, C1 and bidi controls, keeping newlines unless told", () => {
        assert.strictEqual(escapeControls("a\u001bb\nc\u007f\u0085\u2066"), "a\\x1bb\nc\\x7f\\x85\\u2066");
        assert.strictEqual(escapeControls("a\nb", false), "a\\x0ab");
        assert.strictEqual(escapeControls("plain — text ✓"), "plain — text ✓");
    });

    it("shortens only words longer than the limit", () => {
        const limit = "x".repeat(MAX_TOKEN_LENGTH);
        assert.strictEqual(shortenToken(limit), limit);
        assert.strictEqual(shortenToken(limit + "y"), `${"x".repeat(120)}…${"x".repeat(39)}y (${MAX_TOKEN_LENGTH + 1} characters)`);
    });

    it("wraps words, never breaking one, with the given prefixes", () => {
        assert.deepStrictEqual(wrap("aa bb cc dd", 8, "> ", "  "), ["> aa bb", "  cc dd"]);
        assert.deepStrictEqual(wrap("a verylongword b", 6, "", ""), ["a", "verylongword", "b"]);
        assert.deepStrictEqual(wrap("one\ntwo", Infinity, "- ", "  "), ["- one", "  two"]);
    });
});
