/**
 * The checker judges a stack the way the engine does (issue 21, section 3): a preview that leaves
 * resources out is never a clean result; --stack and --stack-tag give the environments setting the
 * organization and tags the engine gives it; remediations are applied before the policies judge;
 * input mistakes get a hint, and --output is checked before anything runs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EXIT_CANNOT_CHECK, EXIT_INCOMPLETE, EXIT_MANDATORY_VIOLATION, EXIT_OK } from "../../cli/check";
import { USAGE } from "../../cli/check-args";
import { buildPackOnce } from "../e2e/helpers";
import { check, PACKS, STACKS } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..");
const PREVIEW_FILE = path.join(STACKS, "preview.json");
const EXAMPLE_STACKS = path.join(REPO, "examples", "stacks");
const ROLE_WITHOUT_ENCRYPT = path.join(EXAMPLE_STACKS, "broken-role-without-kms-encrypt.deployed.json");
const MISSING_OPT_IN = path.join(EXAMPLE_STACKS, "broken-missing-opt-in.deployed.json");

interface JsonDiagnostic {
    policyName: string;
    enforcementLevel: string;
    message: string;
    resource: string;
}

describe("check judges the way the engine does", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-engine-"));
    const writeFile = (name: string, contents: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, contents);
        return file;
    };
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    describe("a preview without --show-sames", () => {
        /** The fixture preview as the CLI writes it without --show-sames: 13 unchanged resources counted, not shown. */
        const withoutSames = (mandatory: boolean) => {
            const preview = JSON.parse(fs.readFileSync(PREVIEW_FILE, "utf8"));
            preview.changeSummary.same = 14;
            if (!mandatory) {
                for (const step of preview.steps) {
                    delete step.newState?.inputs?.forbidden;
                }
            }
            return writeFile(`no-sames-${mandatory}.json`, JSON.stringify(preview));
        };

        it("is reported incomplete with how to rerun, and exits 3 rather than 0", async () => {
            const file = withoutSames(false);
            const run = await check([file]);
            assert.strictEqual(run.code, EXIT_INCOMPLETE, run.stderr);
            assert.match(
                run.stdout,
                /incomplete: the preview counts 13 unchanged resources it does not contain \(it ran without --show-sames\), so the stack policies could not see them; rerun `pulumi preview --json --show-sames > preview.json`/,
            );
            assert.match(
                run.stdout,
                /Exit code 3: no mandatory violation in what the files contain, but 1 file leaves resources out, so this is not a clean result/,
            );
            assert.doesNotMatch(run.stdout, /Exit code 0/);

            const json = JSON.parse((await check(["--json", file])).stdout);
            assert.strictEqual(json.exitCode, EXIT_INCOMPLETE);
            assert.strictEqual(json.summary.incompleteFiles, 1);
            assert.strictEqual(json.files[0].omittedResources, 13);
            assert.match(json.files[0].incomplete, /--show-sames/);
        });

        it("still exits 1 on a mandatory violation, and says the file is incomplete", async () => {
            const run = await check([withoutSames(true)]);
            assert.strictEqual(run.code, EXIT_MANDATORY_VIOLATION);
            assert.match(run.stdout, /incomplete: the preview counts 13 unchanged resources/);
        });

        it("is complete when every unchanged resource it counts is among its steps (the fixture, a first preview)", async () => {
            const preview = JSON.parse(fs.readFileSync(PREVIEW_FILE, "utf8"));
            assert.strictEqual(preview.changeSummary.same, 1, "the fixture shows its one unchanged resource");
            const json = JSON.parse((await check(["--json", PREVIEW_FILE])).stdout);
            assert.strictEqual(json.summary.incompleteFiles, 0);
            assert.strictEqual(json.files[0].omittedResources, undefined);
        });

        it("never passes a broken stack whose one changed resource looks fine alone (the role policy of broken-role-without-kms-encrypt)", async () => {
            await buildPackOnce();
            // What `pulumi preview --json` writes when only the role policy changes: the root stack and that one step.
            const exported = JSON.parse(fs.readFileSync(ROLE_WITHOUT_ENCRYPT, "utf8"));
            const resources: Array<{ urn: string; type: string }> = exported.deployment.resources;
            const root = resources.find((resource) => resource.type === "pulumi:pulumi:Stack")!;
            const rolePolicy = resources.find((resource) => resource.type === "aws:iam/rolePolicy:RolePolicy")!;
            const preview = {
                steps: [
                    { op: "same", urn: root.urn, oldState: root, newState: root },
                    { op: "update", urn: rolePolicy.urn, oldState: rolePolicy, newState: rolePolicy },
                ],
                changeSummary: { same: resources.length - 1, update: 1 },
            };
            const file = writeFile("role-policy-update.json", JSON.stringify(preview));
            const run = await check([file], { packDir: REPO });
            assert.strictEqual(run.code, EXIT_INCOMPLETE, run.stdout + run.stderr);
            assert.match(run.stdout, new RegExp(`the preview counts ${resources.length - 2} unchanged resources it does not contain`));
            assert.doesNotMatch(run.stdout, /Exit code 0/);
        });

        it("--help names --show-sames and exit code 3", () => {
            assert.match(USAGE, /pulumi preview --json --show-sames > preview\.json/);
            assert.match(USAGE, /without --show-sames[\s\S]*incomplete \(exit code 3\)/);
            assert.match(USAGE, /3 when nothing mandatory was found/);
            assert.doesNotMatch(USAGE, /pulumi preview --json >/);
        });
    });

    describe("--stack and --stack-tag", () => {
        before(buildPackOnce);

        const environments = (setting: object) =>
            writeFile(`env-${JSON.stringify(setting).length}.json`, JSON.stringify({ "s3-replication-environments": setting }));

        it("lower mandatory findings under advisoryStacks naming the organization, as the engine does", async () => {
            const config = environments({ advisoryStacks: ["acme/broken-role-without-kms-encrypt/dev"] });
            const without = await check(["--policy-config", config, ROLE_WITHOUT_ENCRYPT], { packDir: REPO });
            assert.strictEqual(without.code, EXIT_MANDATORY_VIOLATION, without.stderr);

            const run = await check(["--json", "--policy-config", config, "--stack", "acme/broken-role-without-kms-encrypt/dev", ROLE_WITHOUT_ENCRYPT], {
                packDir: REPO,
            });
            assert.strictEqual(run.code, EXIT_OK, run.stderr);
            const diagnostics: JsonDiagnostic[] = JSON.parse(run.stdout).files[0].diagnostics;
            const lowered = diagnostics.find((d) => d.policyName === "s3-replication-role-kms-permissions");
            assert.ok(lowered, JSON.stringify(diagnostics));
            assert.strictEqual(lowered.enforcementLevel, "advisory");
            assert.match(lowered.message, /advisory on stack acme\/broken-role-without-kms-encrypt\/dev \(s3-replication-environments\)/);
        });

        it("lower them under advisoryStackTags matching a --stack-tag", async () => {
            const config = environments({ advisoryStackTags: { environment: "dev*" } });
            const run = await check(["--json", "--policy-config", config, "--stack-tag", "environment=development", ROLE_WITHOUT_ENCRYPT], { packDir: REPO });
            assert.strictEqual(run.code, EXIT_OK, run.stdout);
            const other = await check(["--policy-config", config, "--stack-tag", "environment=prod", ROLE_WITHOUT_ENCRYPT], { packDir: REPO });
            assert.strictEqual(other.code, EXIT_MANDATORY_VIOLATION);
        });

        it("reach the pack in ConfigureStack: the stack's tags as the framework hands them to policies", async () => {
            const run = await check([
                "--json",
                "--stack",
                "acme/replication/dev",
                "--stack-tag",
                "team=storage",
                "--stack-tag",
                "environment=dev",
                PREVIEW_FILE,
            ]);
            const echo = JSON.parse(run.stdout).files[0].diagnostics.find((d: JsonDiagnostic) => d.policyName === "echo-resource");
            const seen = JSON.parse(echo.message.slice(echo.message.indexOf("\n") + 1));
            assert.deepStrictEqual(seen.stackTags, { team: "storage", environment: "dev" });
            assert.match(run.stdout, /"stack": "dev"/);
        });

        it("refuse a --stack whose project or stack the file's resources contradict, and malformed values", async () => {
            let run = await check(["--stack", "acme/invoices/prod", PREVIEW_FILE], { packDir: path.join(PACKS, "no-such-pack") });
            assert.strictEqual(run.code, EXIT_CANNOT_CHECK);
            assert.strictEqual(run.stderr, `check: ${PREVIEW_FILE}: its resources belong to project replication, stack dev, not to the --stack given\n`);
            run = await check(["--stack", "a/b/c/d", PREVIEW_FILE]);
            assert.match(run.stderr, /^check: --stack takes org\/project\/stack, org\/stack or stack, not "a\/b\/c\/d"/);
            run = await check(["--stack-tag", "environment", PREVIEW_FILE]);
            assert.match(run.stderr, /^check: --stack-tag takes key=value, such as environment=dev, not "environment"/);
        });
    });

    describe("remediate", () => {
        before(buildPackOnce);

        it("applies the fix before the policies judge, as the engine does: no failure for what was remediated", async () => {
            const config = writeFile("remediate.json", JSON.stringify({ "s3-replication-sse-kms-opt-in": "remediate" }));
            const byDefault = await check(["--json", MISSING_OPT_IN], { packDir: REPO });
            assert.strictEqual(byDefault.code, EXIT_MANDATORY_VIOLATION);

            const run = await check(["--json", "--policy-config", config, MISSING_OPT_IN], { packDir: REPO });
            const [file] = JSON.parse(run.stdout).files;
            assert.strictEqual(run.code, EXIT_OK, JSON.stringify(file.diagnostics, null, 2));
            assert.deepStrictEqual(
                file.diagnostics.filter((d: JsonDiagnostic) => d.enforcementLevel === "mandatory"),
                [],
            );
            assert.deepStrictEqual(
                file.remediations.map((r: { policyName: string; changedProperties: string[] }) => [r.policyName, r.changedProperties]),
                [["s3-replication-sse-kms-opt-in", ["rules"]]],
            );
            // The stack policies judged the remediated rule too: they now see SSE-KMS objects replicated.
            assert.ok(file.diagnostics.some((d: JsonDiagnostic) => d.policyName === "s3-replication-kms-throttling"));

            const text = await check(["--policy-config", config, MISSING_OPT_IN], { packDir: REPO });
            assert.match(text.stdout, /remediate {2}s3-replication-sse-kms-opt-in\n {15}fixes rules \(applied before the policies judge the resource\)/);
            assert.match(text.stdout, /Exit code 0: no mandatory policy is violated\./);
        });

        it("hands Analyze and AnalyzeStack the remediated properties (echo pack)", async () => {
            const run = await check(["--json", PREVIEW_FILE]);
            const [file] = JSON.parse(run.stdout).files;
            const [remediation] = file.remediations;
            const echoed = (policyName: string) => {
                const found = file.diagnostics.filter((d: JsonDiagnostic) => d.policyName === policyName);
                return found.map((d: JsonDiagnostic) => JSON.parse(d.message.slice(d.message.indexOf("\n") + 1)));
            };
            const analyzed = echoed("echo-resource").find((seen: { urn: string }) => seen.urn === remediation.urn);
            assert.strictEqual(analyzed.props.remediated, true);
            // Analyze hands policies secrets unwrapped (@pulumi/policy deserializes them so).
            assert.strictEqual(analyzed.props.wrappedSecret, "added");
            const [stackSeen] = echoed("echo-stack");
            const inStack = stackSeen.resources.find((resource: { urn: string }) => resource.urn === remediation.urn);
            assert.strictEqual(inStack.props.remediated, true);
        });
    });

    describe("input hints", () => {
        it("says what to export instead of a Pulumi YAML project, program or stack settings file", async () => {
            const project = writeFile("Pulumi.yaml", "name: replication\nruntime: yaml\nresources:\n  bucket:\n    type: aws:s3:Bucket\n");
            const settings = writeFile("Pulumi.dev.yaml", "config:\n  aws:region: us-east-1\n");
            const run = await check([project, settings], { packDir: path.join(PACKS, "no-such-pack") });
            assert.strictEqual(run.code, EXIT_CANNOT_CHECK);
            const lines = run.stderr.trimEnd().split("\n");
            assert.strictEqual(lines.length, 2);
            for (const [line, file] of [
                [lines[0], project],
                [lines[1], settings],
            ]) {
                assert.ok(line.startsWith(`check: ${file}: not JSON (`), line);
                assert.ok(
                    line.endsWith(
                        ": it looks like a Pulumi YAML file (a project, program or stack settings), which holds no resource states; in the project run " +
                            "`pulumi stack export > stack.json` (deployed) or `pulumi preview --json --show-sames > preview.json` (before deploy) and check that file",
                    ),
                    line,
                );
            }
        });

        it("gives a policy config holding only the environments setting the --policy-config hint", async () => {
            const config = writeFile("environments-only.json", JSON.stringify({ "s3-replication-environments": { advisoryStacks: ["dev"] } }));
            const run = await check([config], { packDir: path.join(PACKS, "no-such-pack") });
            assert.strictEqual(run.code, EXIT_CANNOT_CHECK);
            assert.strictEqual(run.stderr, `check: ${config}: a policy config, not a stack file: pass it as --policy-config ${config}\n`);
        });

        it("checks --output before running anything: a missing folder, a folder, a read-only file", async () => {
            const neverStarts = { packDir: path.join(PACKS, "no-such-pack") };
            const missing = path.join(dir, "no-such-dir", "report.txt");
            let run = await check(["--output", missing, PREVIEW_FILE], neverStarts);
            assert.strictEqual(run.code, EXIT_CANNOT_CHECK);
            assert.strictEqual(run.stderr, `check: ${missing}: the report cannot be written there (its folder: ENOENT); nothing was checked\n`);

            run = await check(["--output", dir, PREVIEW_FILE], neverStarts);
            assert.strictEqual(run.stderr, `check: ${dir}: the report cannot be written there (it is a folder); nothing was checked\n`);

            if (process.getuid?.() !== 0) {
                const readOnly = writeFile("read-only.txt", "");
                fs.chmodSync(readOnly, 0o444);
                run = await check(["--output", readOnly, PREVIEW_FILE], neverStarts);
                assert.strictEqual(run.stderr, `check: ${readOnly}: the report cannot be written there (EACCES); nothing was checked\n`);
            }
        });
    });
});
