import * as assert from "assert";

import { runCheck } from "../../cli/check";
import { Progress } from "../../cli/progress";
import { ECHO_PACK, STACKS } from "./helpers";
import * as path from "path";

function sink(isTTY: boolean) {
    const written: string[] = [];
    return { written, sink: { isTTY, columns: 40, write: (text: string) => void written.push(text) } };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("check: the progress line", () => {
    it("shows on a terminal once the run is slow, rewrites itself in place, and is cleared", async () => {
        const { written, sink: terminal } = sink(true);
        const progress = new Progress(terminal, 20);
        progress.update(0, 12, "starting the policy pack");
        assert.deepStrictEqual(written, [], "nothing before the delay");
        await wait(60);
        assert.deepStrictEqual(written, ["\rcheck: 0/12 starting the policy pack"]);
        progress.update(1, 12, "examples/stacks/a-very-long-file-name.deployed.json");
        assert.strictEqual(written[1], "\rcheck: 1/12 examples/stacks/a-very-lon…", "cut to the terminal's width");
        progress.clear();
        assert.strictEqual(written[2], `\r${" ".repeat(39)}\r`);
    });

    it("never shows when stderr is not a terminal", async () => {
        const { written, sink: pipe } = sink(false);
        const progress = new Progress(pipe, 0);
        progress.update(0, 2, "x");
        await wait(20);
        progress.update(1, 2, "y");
        progress.clear();
        assert.deepStrictEqual(written, []);
    });

    it("is not used with --json, and is cleared before the report otherwise", async function () {
        this.timeout(60_000);
        const run = async (argv: string[]) => {
            const { written, sink: terminal } = sink(true);
            let stdout = "";
            await runCheck(
                argv,
                { stdout: (t) => (stdout += t), stderr: () => undefined, progress: { ...terminal, delayMs: 0 } },
                { packDir: ECHO_PACK, stacksDir: STACKS },
            );
            return { written, stdout };
        };
        const file = path.join(STACKS, "export.json");
        assert.deepStrictEqual((await run(["--json", file])).written, []);
        const text = await run([file]);
        assert.match(text.written[0], /^\rcheck: 0\/1 starting the policy pack/);
        assert.match(text.written[text.written.length - 1], /^\r +\r$/);
        assert.match(text.stdout, /^tests\/driver\/stacks\/export\.json\n|export\.json\n/);
    });
});
