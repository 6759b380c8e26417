/**
 * Issue 15: hostile and extreme input over the analyzer protocol, as the engine sends it. Each
 * case once failed (hung, ran for minutes, or made diagnostics of megabytes); each must be
 * answered with findings of sane size and no failed policy. Speed is measured in bench/, not here.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackFile, Stack, StackDiagnostic } from "../../driver";
import { MAX_QUOTED_LENGTH } from "../../policies/wording/quoting";
import { awsLimitsStack } from "../../bench/aws-limits-stack";
import { exampleFiles } from "./example-stacks";
import { sourcePackForSuite } from "./source-pack";

const TEN_MB = 10 * 1024 * 1024;

function exampleText(label: string): string {
    return fs.readFileSync(exampleFiles().find((e) => e.label === label)!.file, "utf8");
}

/** Files of these tests hold a 10 MB value several times: read as `check --max-file-size 128` reads them (the default is 32 MiB). */
const MAX_FILE_BYTES = 128 * 1024 * 1024;

/** A stack file's text with `changes` made, read as the checker reads files. */
function stackFrom(text: string): Stack {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hostile-stack-")), "stack.json");
    try {
        fs.writeFileSync(file, text);
        return readStackFile(file, MAX_FILE_BYTES);
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
}

function assertNoFailure(diagnostics: StackDiagnostic[]): void {
    assert.deepStrictEqual(
        diagnostics.filter((d) => d.message.includes("could not finish checking")).map((d) => d.message),
        [],
    );
}

/** Messages stay short: quoted identifiers are shortened, whatever their length. */
function assertSaneSize(diagnostics: StackDiagnostic[]): void {
    for (const d of diagnostics) {
        assert.ok(d.message.length < 4 * 1024, `${d.policyName}: a message of ${d.message.length} characters`);
    }
}

describe("hostile and extreme input over the analyzer protocol (issue 15)", function () {
    this.timeout(300_000);
    const pack = sourcePackForSuite();

    // The driver's side of these calls (encoding 10 MB values into each request) takes most of their time.
    it("a 10 MB replica key alias is quoted shortened, with its length (15.6)", async () => {
        const text = exampleText("broken-missing-opt-in.deployed");
        const replicaKey = /"replicaKmsKeyId": ?"([^"]+)"/.exec(text)![1];
        const longAlias = `alias/${"k".repeat(TEN_MB)}`;
        const stack = stackFrom(text.split(`"${replicaKey}"`).join(`"${longAlias}"`));
        const { diagnostics } = await pack().session.analyzeAll(stack);
        assertNoFailure(diagnostics);
        assertSaneSize(diagnostics);
        const format = diagnostics.filter((d) => d.policyName === "s3-replication-replica-key-format");
        assert.ok(
            format.some((d) => d.message.includes(`(${longAlias.length} characters)`)),
            format.map((d) => d.message).join("\n"),
        );
        assert.ok(diagnostics.every((d) => !d.message.includes("k".repeat(MAX_QUOTED_LENGTH))));
    });

    it("a 10 MB destination bucket name is quoted shortened, with its length (15.6)", async () => {
        const text = exampleText("broken-missing-opt-in.deployed");
        const destination = /"bucket": ?"(arn:aws:s3:::destination-bucket-[0-9a-f]{7})"/.exec(text)![1];
        // In the replication configuration only (its inputs and outputs): a bucket outside the stack.
        const longBucket = `arn:aws:s3:::outside-${"b".repeat(TEN_MB)}`;
        const stack = stackFrom(text.split(`"${destination}"`).join(`"${longBucket}"`));
        const { diagnostics } = await pack().session.analyzeAll(stack);
        assertNoFailure(diagnostics);
        assertSaneSize(diagnostics);
        const lengths = diagnostics.flatMap((d) => [...d.message.matchAll(/…[^ ]* \((\d+) characters\)/g)].map((m) => Number(m[1])));
        assert.ok(
            lengths.some((length) => length >= longBucket.length && length < longBucket.length + 100),
            "the destination bucket's objects are named, shortened",
        );
        assert.ok(diagnostics.every((d) => !d.message.includes("b".repeat(MAX_QUOTED_LENGTH))));
    });

    it("a 5 MB Action is a document AWS would reject, not evaluated (15.3)", async () => {
        const text = exampleText("compliant-cross-region.deployed");
        // In the role policy's inputs and outputs.
        const stack = stackFrom(
            text
                .split('\\"Action\\":[\\"s3:GetReplicationConfiguration\\",\\"s3:ListBucket\\"]')
                .join(`\\"Action\\":[\\"s3:GetReplicationConfiguration\\",\\"s3:ListBucket\\",\\"${"s3:*a".repeat(1024 * 1024)}b\\"]`),
        );
        assert.ok(JSON.stringify(stack).length > 5 * 1024 * 1024, "the Action was inserted");
        const { diagnostics } = await pack().session.analyzeAll(stack);
        assertNoFailure(diagnostics);
        assertSaneSize(diagnostics);
        assert.ok(
            diagnostics.some((d) => d.message.includes("which AWS would reject")),
            diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel}: ${d.message.slice(0, 300)}`).join("\n"),
        );
    });

    it("a stack at AWS's limits (1,000 rules with 1,024-character prefixes, maximum-size documents) is answered (15.3)", async () => {
        const guide = readStackFile(exampleFiles().find((e) => e.label === "compliant-cross-region.deployed")!.file);
        const { diagnostics } = await pack().session.analyzeAll(awsLimitsStack(guide));
        assertNoFailure(diagnostics);
        assert.deepStrictEqual(
            diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message),
            [],
        );
    });
});
