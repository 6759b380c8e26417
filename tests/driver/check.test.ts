import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { buildPackOnce } from "../e2e/helpers";
import { check, ECHO_PACK, PACKS, STACKS } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..");
const PREVIEW_FILE = path.join(STACKS, "preview.json");
const EXPORT_FILE = path.join(STACKS, "export.json");

describe("check: the offline policy checker", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-"));
    const writeFile = (name: string, contents: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, contents);
        return file;
    };
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reports findings grouped by resource and fails on a mandatory violation", async () => {
        const run = await check(["--pack", ECHO_PACK, PREVIEW_FILE]);
        assert.strictEqual(run.stderr, "");
        assert.strictEqual(run.code, 1);
        const lines = run.stdout.split("\n");
        const expectedLines = [
            path.relative(process.cwd(), PREVIEW_FILE),
            "  preview of replication/dev, 4 resources: 1 mandatory violation, 5 advisory findings, 1 remediation",
            '  aws.s3.BucketV2 "destination"',
            "    mandatory  no-forbidden",
            "               destination sets forbidden",
            '  aws.s3.BucketV2 "source"',
            "    remediate  add-remediated-tag",
            "               fixes remediated, wrappedSecret (applied before the policies judge the resource)",
            '  pulumi:pulumi:Stack "replication-dev"',
            "    advisory   echo-stack",
            "Policies reported above:",
            "  no-forbidden",
            "      Resources must not set forbidden: true.",
            "Summary: 1 mandatory violation in 1 file, 5 advisory findings, 1 remediation (1 file, 4 resources).",
        ];
        for (const line of expectedLines) {
            assert.ok(lines.includes(line), `missing line ${JSON.stringify(line)} in\n${run.stdout}`);
        }
        // Each description once, in the legend, however many findings the policy has.
        assert.strictEqual(run.stdout.split("Reports what Analyze received.").length - 1, 1);
        assert.match(
            lines[lines.length - 2],
            /^Exit code 1: a mandatory policy is violated, .* Advisory findings are shown for review and never fail the check\. Remediations are/,
        );
    });

    it("checks every stack file by default, configured by --policy-config, as JSON", async () => {
        const config = writeFile(
            "policy-config.json",
            JSON.stringify({
                all: "advisory",
                "add-remediated-tag": "remediate",
                "echo-resource": "disabled",
                "echo-stack": { enforcementLevel: "disabled" },
                nosuch: "mandatory",
            }),
        );
        const run = await check(["--json", "--policy-config", config]);
        assert.strictEqual(run.code, 0, run.stderr);
        assert.strictEqual(run.stderr, 'check: warning: the policy config names "nosuch", which pack echo-pack does not have\n');
        const report = JSON.parse(run.stdout);
        assert.deepStrictEqual(
            report.files.map((f: { file: string; source: string; resourceCount: number }) => [f.file, f.source, f.resourceCount]),
            [
                [EXPORT_FILE, "export", 4],
                [PREVIEW_FILE, "preview", 4],
            ],
        );
        assert.deepStrictEqual(report.summary, { files: 2, resources: 8, mandatory: 0, advisory: 1, remediations: 1, failingFiles: 0, incompleteFiles: 0 });
        assert.strictEqual(report.exitCode, 0);
        const [forbidden] = report.files[1].diagnostics;
        assert.strictEqual(forbidden.policyName, "no-forbidden");
        assert.strictEqual(forbidden.enforcementLevel, "advisory");
        assert.strictEqual(forbidden.resource, "aws:s3/bucketV2:BucketV2::destination");
        const [remediation] = report.files[1].remediations;
        assert.deepStrictEqual(remediation.changedProperties, ["remediated", "wrappedSecret"]);
        assert.strictEqual(remediation.properties.wrappedSecret, "[secret]");
    });

    it("rejects bad stack files, one line each, before running anything", async () => {
        const notJson = writeFile("not-json.json", "{ nope");
        const noResources = writeFile("empty-export.json", '{"version": 3, "deployment": {}}');
        const run = await check([notJson, PREVIEW_FILE, noResources, path.join(dir, "missing.json")], {
            packDir: path.join(PACKS, "no-such-pack"),
        });
        assert.strictEqual(run.code, 2);
        assert.strictEqual(run.stdout, "");
        const lines = run.stderr.trimEnd().split("\n");
        assert.strictEqual(lines.length, 3);
        assert.match(lines[0], new RegExp(`^check: ${notJson}: not JSON \\(`));
        assert.strictEqual(lines[1], `check: ${noResources}: "deployment" has no "resources" array`);
        assert.strictEqual(lines[2], `check: ${path.join(dir, "missing.json")}: no such file`);
    });

    it("rejects bad usage and bad policy config", async () => {
        let run = await check(["--frobnicate"]);
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /^check: unknown option --frobnicate\nusage: s3-encrypted-replication-check /);

        run = await check(["--pack"]);
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /^check: --pack needs a value/);

        const badConfig = writeFile("bad-config.json", '{"no-forbidden": "sometimes"}');
        run = await check(["--policy-config", badConfig, PREVIEW_FILE]);
        assert.strictEqual(run.code, 2);
        assert.strictEqual(
            run.stderr,
            `check: ${badConfig}: "no-forbidden": "sometimes" is not an enforcement level (use advisory, mandatory, remediate, disabled)\n`,
        );

        run = await check(["--max-file-size", "lots", PREVIEW_FILE]);
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /^check: --max-file-size takes a size in MiB, such as 512, not "lots"\n/);

        const environments = writeFile("esc-config.json", '{"environments": ["acme/policy"], "echo-stack": "disabled"}');
        run = await check(["--json", "--policy-config", environments, PREVIEW_FILE]);
        assert.strictEqual(run.code, 1);
        assert.strictEqual(run.stderr, `check: warning: ${environments} names Pulumi ESC environments (acme/policy), which the checker cannot open offline\n`);

        run = await check(["--help"]);
        assert.strictEqual(run.code, 0);
        assert.match(run.stdout, /^usage: s3-encrypted-replication-check \[options\] <stack files\.\.\.>/);
    });

    it("validates --policy-config against the policies' schemas before running anything, as the CLI does", async () => {
        const config = writeFile("invalid-config.json", JSON.stringify({ "echo-resource": { threshold: "high", greetng: "hi" } }));
        const run = await check(["--policy-config", config, PREVIEW_FILE]);
        assert.strictEqual(run.code, 2);
        assert.strictEqual(run.stdout, "");
        assert.strictEqual(run.stderr, `check: ${config}: invalid policy config: echo-resource: threshold: Invalid type. Expected: number, given: string\n`);
    });

    it("warns about a property a policy does not have, and runs", async () => {
        const config = writeFile("misspelt-config.json", JSON.stringify({ "echo-resource": { greetng: "hi" } }));
        const run = await check(["--json", "--policy-config", config, PREVIEW_FILE]);
        assert.strictEqual(run.code, 1);
        assert.strictEqual(run.stderr, 'check: warning: "echo-resource" has no property "greetng" (its properties are greeting, threshold); it is ignored\n');
        assert.strictEqual(JSON.parse(run.stdout).summary.files, 1);
    });

    it("says which flag to use when a policy config is given as a stack file, or a stack file as the config", async () => {
        const config = writeFile("dev.json", JSON.stringify({ all: "advisory", "echo-stack": { enforcementLevel: "disabled" } }));
        let run = await check([config]);
        assert.strictEqual(run.code, 2);
        assert.strictEqual(run.stderr, `check: ${config}: a policy config, not a stack file: pass it as --policy-config ${config}\n`);

        run = await check(["--policy-config", EXPORT_FILE, PREVIEW_FILE]);
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, new RegExp(`^check: ${EXPORT_FILE}: .*: this is a stack file, so pass it without --policy-config\n$`));
    });

    it("writes the report to --output, text or JSON, and nothing to standard output", async () => {
        const textFile = path.join(dir, "report.txt");
        let run = await check(["--output", textFile, PREVIEW_FILE]);
        assert.strictEqual(run.code, 1);
        assert.strictEqual(run.stdout, "");
        assert.match(fs.readFileSync(textFile, "utf8"), /\nSummary: 1 mandatory violation in 1 file/);

        const jsonFile = path.join(dir, "report.json");
        run = await check(["--json", `--output=${jsonFile}`, PREVIEW_FILE]);
        assert.strictEqual(run.stdout, "");
        assert.strictEqual(JSON.parse(fs.readFileSync(jsonFile, "utf8")).exitCode, 1);

        run = await check(["--output", path.join(dir, "no-such-dir", "r.txt"), PREVIEW_FILE]);
        assert.strictEqual(run.code, 2);
        assert.strictEqual(
            run.stderr,
            `check: ${path.join(dir, "no-such-dir", "r.txt")}: the report cannot be written there (its folder: ENOENT); nothing was checked\n`,
        );
    });

    it("checks several stacks with one pack, telling it each stack's name, tags-free config and dry run", async () => {
        const run = await check(["--json", EXPORT_FILE, PREVIEW_FILE]);
        const report = JSON.parse(run.stdout);
        const seen = report.files.map((file: { diagnostics: Array<{ policyName: string; message: string }> }) => {
            const echoed = file.diagnostics.find((d) => d.policyName === "echo-resource")!;
            return JSON.parse(echoed.message.slice(echoed.message.indexOf("\n") + 1));
        });
        // No PULUMI_* stack variables: they would name only one of the stacks. ConfigureStack names each.
        assert.deepStrictEqual(
            seen.map((s: { env: object }) => s.env),
            [{}, {}],
        );
        assert.deepStrictEqual(
            report.files.map((f: { source: string }) => f.source),
            ["export", "preview"],
        );
    });

    it("says what to pass when there is nothing to check (the installed command has no examples)", async () => {
        const absent = path.join(dir, "examples", "stacks");
        let run = await check([], { stacksDir: absent });
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /^check: no stack files given; pass the files to check, e\.g\.\n/);
        assert.match(run.stderr, /check: {3}pulumi stack export > stack\.json/);
        assert.match(run.stderr, /check: {3}pulumi preview --json --show-sames > preview\.json/);

        fs.mkdirSync(absent, { recursive: true });
        fs.writeFileSync(path.join(absent, "index.json"), "[]");
        run = await check([], { stacksDir: absent });
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /^check: no stack files given; pass the files to check/);
    });

    it("reports a pack that cannot start, with exit code 2", async () => {
        const run = await check(["--pack", path.join(PACKS, "fails-to-start"), EXPORT_FILE]);
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /^check: policy pack .*fails-to-start failed to start: it exited \(exit code 32\)/);
        assert.match(run.stderr, /fixture pack broke while loading/);
        assert.doesNotMatch(run.stderr, /^\s+at \S/m, "no stack frames");
    });

    it("runs as the package's bin command (bin/cli/check.js) from another folder", async () => {
        await buildPackOnce();
        // The compiled command the package's bin names.
        const result = spawnSync(process.execPath, [path.join(REPO, "bin", "cli", "check.js"), "--pack", ECHO_PACK, PREVIEW_FILE], {
            cwd: os.tmpdir(),
            encoding: "utf8",
        });
        assert.strictEqual(result.status, 1, result.stderr);
        assert.match(result.stdout, /^Summary: 1 mandatory violation/m);
    });
});
