import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { PackSession, PackStartError, startPack } from "../../driver";
import { ECHO_PACK, isRunning, PACKS, packProcessesOf } from "./helpers";

async function startFailure(packDir: string, options = {}): Promise<PackStartError> {
    try {
        const pack = await startPack(packDir, options);
        await pack.close();
    } catch (error) {
        assert.ok(error instanceof PackStartError, `expected a PackStartError, got ${error}`);
        return error;
    }
    assert.fail(`${packDir} started`);
}

describe("pack lifecycle: packs that cannot start are reported plainly", function () {
    this.timeout(30_000);

    it("quotes what a pack that throws while loading said", async () => {
        const packDir = path.join(PACKS, "fails-to-start");
        const error = await startFailure(packDir);
        const [firstLine] = error.message.split("\n");
        assert.strictEqual(firstLine, `policy pack ${packDir} failed to start: it exited (exit code 32) before printing its port`);
        assert.match(error.message, /Error: fixture pack broke while loading/);
        assert.doesNotMatch(error.message, /\u001b\[/, "no terminal colours");
        assert.deepStrictEqual(packProcessesOf(packDir), []);
    });

    it("stops a pack that prints no port in time, quoting its stderr", async () => {
        const packDir = path.join(PACKS, "never-listens");
        // Long enough for the fixture to have started (run-policy-pack loads @pulumi/pulumi first, about
        // 1.5 s of CPU) and said something, even on a busy machine running test files side by side.
        const error = await startFailure(packDir, { startTimeoutMs: 10_000 });
        assert.strictEqual(error.message, `policy pack ${packDir} failed to start: it printed no port within 10000 ms\nnever-listens: waiting forever`);
        assert.deepStrictEqual(packProcessesOf(packDir), []);
    });

    it("refuses folders that are not policy packs", async () => {
        const missing = path.join(PACKS, "no-such-pack");
        assert.strictEqual((await startFailure(missing)).message, `policy pack ${missing} failed to start: no such directory`);
        assert.strictEqual((await startFailure(PACKS)).message, `policy pack ${PACKS} failed to start: it has no PulumiPolicy.yaml`);
    });
});

describe("pack lifecycle: a running pack outside this repository", function () {
    this.timeout(30_000);
    // No node_modules there or above: run-policy-pack and @pulumi/policy come from this package's.
    const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "echo-pack-"));
    let pack: PackSession;

    before(async () => {
        fs.cpSync(ECHO_PACK, packDir, { recursive: true });
        pack = await startPack(packDir);
    });

    after(async () => {
        await pack?.close();
        fs.rmSync(packDir, { recursive: true, force: true });
    });

    it("starts and answers", async () => {
        assert.strictEqual((await pack.getAnalyzerInfo()).name, "echo-pack");
    });

    it("explains a call that fails because the pack died, and still closes cleanly", async () => {
        assert.ok(isRunning(pack.pid));
        assert.match(pack.engineAddress, /^127\.0\.0\.1:\d+$/);
        await pack.getAnalyzerInfo();

        process.kill(pack.pid, "SIGKILL");
        await assert.rejects(pack.getAnalyzerInfo(), /^Error: GetAnalyzerInfo failed: the policy pack exited \(killed by SIGKILL\)/);
        await pack.close();
        await pack.close();
        assert.ok(!isRunning(pack.pid));
        assert.deepStrictEqual(packProcessesOf(packDir), []);
    });
});
