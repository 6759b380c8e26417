/**
 * What replicates, in the checker's reports (issue 23): the verdict matrix of each rule under the
 * findings (text), in `whatReplicates` (--json) and in the --html page, run against this pack
 * (compiled) over the analyzer protocol, as `npm run check` runs it. A "no" in the matrix gives
 * the fix in the words of the finding the pack reported.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";

import { runCheck } from "../../cli/check";
import { buildPackOnce } from "../e2e/helpers";

const REPO = path.resolve(__dirname, "..", "..");
const BROKEN = path.join(REPO, "examples", "stacks", "broken-role-without-kms-encrypt.deployed.json");
const COMPLIANT = path.join(REPO, "examples", "stacks", "compliant-cross-region.deployed.json");

async function check(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runCheck(
        argv,
        { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
        { packDir: REPO, stacksDir: path.join(REPO, "examples", "stacks") },
    );
    return { code, stdout, stderr };
}

interface JsonRow {
    objects: { encryption: string; key: string | null; bucketKey: boolean | null };
    replicates: string;
    cause: string | null;
    failingRequest: { action: string; resource: string; principal: string } | null;
    decidedBy: string | null;
    fix: string | null;
    policy: string | null;
}

describe("check: what replicates", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-matrix-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    before(() => buildPackOnce());

    it("--json: a 'no' for SSE-KMS objects names kms:Encrypt on the replica key, and its fix is the finding's own text", async () => {
        const run = await check(["--json", BROKEN]);
        assert.strictEqual(run.code, 1, run.stderr);
        const [file] = JSON.parse(run.stdout).files;
        const [rule] = file.whatReplicates;
        assert.strictEqual(rule.rule, 'BucketReplicationConfig "replication-config" rule "Rule-1"');
        const rows = rule.rows as JsonRow[];
        assert.deepStrictEqual(
            rows.map((r) => `${r.objects.encryption} ${r.objects.key === "any other key" ? "other" : r.objects.key ? "default" : "-"}: ${r.replicates}`),
            ["unencrypted -: yes", "SSE-S3 -: yes", "SSE-C -: yes", "SSE-KMS default: no", "SSE-KMS other: no", "DSSE-KMS other: no"],
        );
        const kms = rows[3];
        assert.strictEqual(kms.failingRequest?.action, "kms:Encrypt");
        assert.match(kms.failingRequest!.resource, /^arn:aws:kms:us-west-2:111111111111:key\//);
        assert.strictEqual(kms.policy, "s3-replication-role-kms-permissions");
        const finding = file.diagnostics.find((d: { policyName: string }) => d.policyName === kms.policy);
        assert.ok(finding.message.endsWith(`\n${kms.fix}`), "the row's fix is the finding's message");
        assert.match(rule.note, /new|after the rule/);
        assert.match(rule.note, /S3 Batch Replication/);
        // Every field of a row is present, null when it does not apply: the documented, stable shape.
        assert.deepStrictEqual(Object.keys(rows[0]).sort(), ["cause", "decidedBy", "failingRequest", "fix", "objects", "policy", "replicates"]);
        assert.deepStrictEqual(
            rule.requests.map((r: { action: string; verdict: string }) => `${r.action} ${r.verdict}`),
            ["sts:AssumeRole allowed", "s3:GetObjectVersionForReplication allowed", "kms:Decrypt allowed", "kms:Encrypt denied", "s3:ReplicateObject allowed"],
        );
    });

    it("text: a table per rule under the findings, and --html writes the page", async () => {
        const html = path.join(dir, "page.html");
        const run = await check(["--html", html, COMPLIANT]);
        assert.strictEqual(run.code, 0, run.stderr);
        const table = run.stdout.slice(run.stdout.indexOf('  What replicates under BucketReplicationConfig "replication-config" rule "Rule-1":'));
        assert.ok(table.length > 0 && table.indexOf("Policies reported above:") > 0, "the table comes after the findings, before the legend");
        assert.match(table, /\n {4}SSE-C +yes\n/);
        assert.match(table, /\n {4}SSE-KMS, key arn:aws:kms:us-east-1:111111111111:key\/\S+, no S3 Bucket Key\n +yes\n/);
        assert.match(table, /\n {4}SSE-KMS, any other key +undecided +kms:Decrypt on any other key, by the replication role\n/);
        assert.match(table, /note: Replication applies to objects uploaded after the rule is in place/);
        const page = fs.readFileSync(html, "utf8");
        assert.ok(page.startsWith("<!DOCTYPE html>"));
        assert.strictEqual((page.match(/<svg /g) ?? []).length, 1);
    });

    it("--html is refused where --output would be (an input, a FIFO, the --output file), before anything is checked", async () => {
        const copy = path.join(dir, "input.json");
        fs.copyFileSync(COMPLIANT, copy);
        const input = await check(["--html", copy, copy]);
        assert.strictEqual(input.code, 2);
        assert.match(input.stderr, /is an input of this check/);
        assert.strictEqual(fs.readFileSync(copy, "utf8"), fs.readFileSync(COMPLIANT, "utf8"), "the input is untouched");
        const fifo = path.join(dir, "fifo");
        execFileSync("mkfifo", [fifo]);
        const toFifo = await check(["--html", fifo, COMPLIANT]);
        assert.strictEqual(toFifo.code, 2);
        assert.match(toFifo.stderr, /not a regular file \(a FIFO\)/);
        const same = path.join(dir, "report.out");
        const both = await check(["--output", same, "--html", same, COMPLIANT]);
        assert.strictEqual(both.code, 2);
        assert.match(both.stderr, /--html and --output name the same file/);
        assert.ok(!fs.existsSync(same), "nothing was written");
    });

    it("a configuration S3 rejects (the destination's versioning suspended): text, --json and --html all say 'no' for every kind of object, PutBucketReplication failing, with the versioning finding's fix", async () => {
        const stack = JSON.parse(fs.readFileSync(COMPLIANT, "utf8"));
        const versioning = stack.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::destination-bucket-versioning"));
        versioning.inputs.versioningConfiguration.status = "Suspended";
        versioning.outputs.versioningConfiguration.status = "Suspended";
        const file = path.join(dir, "versioning-suspended.json");
        fs.writeFileSync(file, JSON.stringify(stack));
        const html = path.join(dir, "versioning-suspended.html");

        const text = await check(["--html", html, file]);
        assert.strictEqual(text.code, 1, text.stderr);
        const table = text.stdout.slice(text.stdout.indexOf("  What replicates under"));
        assert.match(table, /\n {4}unencrypted +no +s3:PutBucketReplication on BucketReplicationConfig "replication-config"/);
        assert.doesNotMatch(table, / yes\n/);
        assert.match(table, /fix: see the s3-replication-versioning finding above/);

        const json = await check(["--json", file]);
        const [rule] = JSON.parse(json.stdout).files[0].whatReplicates;
        const finding = JSON.parse(json.stdout).files[0].diagnostics.find((d: { policyName: string }) => d.policyName === "s3-replication-versioning");
        for (const row of rule.rows as JsonRow[]) {
            assert.strictEqual(row.replicates, "no");
            assert.strictEqual(row.cause, "configuration");
            assert.strictEqual(row.failingRequest?.action, "s3:PutBucketReplication");
            assert.strictEqual(row.policy, "s3-replication-versioning");
            assert.ok(finding.message.endsWith(`\n${row.fix}`), "the row's fix is the finding's message");
        }

        const page = fs.readFileSync(html, "utf8");
        assert.match(page, /<p class="configuration outcome-no">S3 rejects this configuration: nothing replicates under this rule/);
        assert.strictEqual((page.match(/<tr data-outcome="no">/g) ?? []).length, rule.rows.length);
        assert.ok(!page.includes('<tr data-outcome="yes">'));
    });
});
