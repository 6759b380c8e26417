/**
 * Secrets in stack files, through the checker and our own pack: a stack export carries a secret
 * as a ciphertext object or as `{"4dabf…": "1b47…", "plaintext": "<JSON>"}`. The driver sends it to
 * the pack as a secret, the way the engine does, and no report may quote it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { runCheck } from "../../cli/check";
import { readStackFile, Secret, toAnalyzerResource, toAnalyzerStackResource } from "../../driver";
import { analyzeRequest, analyzeStackRequest } from "../../driver/messages";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../../driver/values";
import { REPOSITORY_ROOT } from "../../examples/example-programs";
import { buildPackOnce } from "../e2e/helpers";

const CANARY = "canary-4f1d2b9e";
const EXAMPLE = path.join(REPOSITORY_ROOT, "examples", "stacks", "broken-missing-opt-in.deployed.json");

type Json = Record<string, unknown>;

/** The example, with the replication rules a plaintext secret whose rule id is the canary, and a tag as ciphertext. */
function exportWithSecrets(): Json {
    const document = JSON.parse(fs.readFileSync(EXAMPLE, "utf8"));
    for (const resource of document.deployment.resources as Json[]) {
        if (String(resource.type).endsWith("BucketReplicationConfig")) {
            for (const state of [resource.inputs, resource.outputs] as Json[]) {
                const rules = (state.rules as Json[]).map((rule) => ({ ...rule, id: CANARY }));
                state.rules = { [SIGNATURE_KEY]: SECRET_SIGNATURE, plaintext: JSON.stringify(rules) };
            }
        }
        if (String(resource.type).endsWith("aws:s3/bucket:Bucket")) {
            (resource.inputs as Json).tags = { [SIGNATURE_KEY]: SECRET_SIGNATURE, ciphertext: "AAABAJ3x" };
        }
    }
    return document;
}

async function check(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runCheck(
        argv,
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
        {
            packDir: REPOSITORY_ROOT,
            stacksDir: path.join(REPOSITORY_ROOT, "examples", "stacks"),
        },
    );
    return { code, stdout, stderr };
}

describe("check: secrets from stack files stay secret", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-secrets-"));
    const file = path.join(dir, "stack-with-secrets.json");
    before(async () => {
        fs.writeFileSync(file, JSON.stringify(exportWithSecrets()));
        await buildPackOnce();
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads plaintext and ciphertext secrets as secrets", () => {
        const stack = readStackFile(file);
        const replication = stack.resources.find((r) => r.type.endsWith("BucketReplicationConfig"))!;
        assert.ok(replication.inputs.rules instanceof Secret);
        assert.strictEqual(((replication.inputs.rules as Secret).value as Json[])[0].id, CANARY);
        const bucket = stack.resources.find((r) => r.type.endsWith("aws:s3/bucket:Bucket"))!;
        assert.ok(bucket.inputs.tags instanceof Secret);
    });

    it("sends them to the pack as secrets, with the engine's secret signature, in Analyze and AnalyzeStack", () => {
        const stack = readStackFile(file);
        const replication = stack.resources.find((r) => r.type.endsWith("BucketReplicationConfig"))!;
        const requests = [
            analyzeRequest(toAnalyzerResource(replication, stack)).getProperties()!.toJavaScript(),
            analyzeStackRequest([toAnalyzerStackResource(replication, stack)])
                .getResourcesList()[0]
                .getProperties()!
                .toJavaScript(),
        ];
        for (const properties of requests) {
            const rules = properties.rules as Json;
            assert.strictEqual(rules[SIGNATURE_KEY], SECRET_SIGNATURE);
            assert.strictEqual(((rules.value as Json[])[0] as Json).id, CANARY);
        }
    });

    // The pack-side half (issue 15 point 4): the pack learns which values are secret from the raw request
    // (policies/runtime/engine-observer.ts) and says "(secret)".
    it("never quotes a secret value in the text or JSON report of our pack", async () => {
        for (const format of [[], ["--json"]]) {
            const run = await check([...format, file]);
            assert.strictEqual(run.code, 1, run.stderr);
            assert.ok(run.stdout.includes("s3-replication-sse-kms-opt-in"), "the secret rules are still checked");
            assert.ok(
                !run.stdout.includes(CANARY),
                `the report quotes the secret:\n${run.stdout
                    .split("\n")
                    .filter((l) => l.includes(CANARY))
                    .join("\n")}`,
            );
            assert.ok(!run.stderr.includes(CANARY));
        }
    });

    it("checks each stack with its own name, in one pack (the environments setting applies per stack)", async () => {
        const config = path.join(dir, "config.json");
        fs.writeFileSync(config, JSON.stringify({ "s3-replication-environments": { advisoryStacks: ["broken-missing-opt-in/dev"] } }));
        const wrongRegion = path.join(REPOSITORY_ROOT, "examples", "stacks", "broken-replica-key-wrong-region.deployed.json");
        const run = await check(["--json", "--policy-config", config, EXAMPLE, wrongRegion, EXAMPLE]);
        const mandatory = JSON.parse(run.stdout).files.map(
            (f: { diagnostics: Array<{ enforcementLevel: string }> }) => f.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length,
        );
        assert.deepStrictEqual(
            mandatory.map((n: number) => n > 0),
            [false, true, false],
        );
    });
});
