/** `npm run stage-publish -- <folder>` empties the folder it stages in: only a new, empty or earlier staging folder. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const STAGE = path.join(ROOT, "scripts", "stage-publish.js");

function stage(folder: string): { status: number | null; stderr: string } {
    const result = spawnSync(process.execPath, [STAGE, folder], { cwd: ROOT, encoding: "utf8" });
    return { status: result.status, stderr: result.stderr };
}

describe("stage-publish: the folder it empties", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stage-publish-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("refuses a folder holding anything but an earlier staging, a file, the repository or a folder above it, and touches none", () => {
        const kept = path.join(dir, "work");
        fs.mkdirSync(kept);
        fs.writeFileSync(path.join(kept, "notes.txt"), "mine");
        const file = path.join(dir, "file.txt");
        fs.writeFileSync(file, "mine");
        for (const folder of [kept, file, ROOT, path.dirname(ROOT)]) {
            const result = stage(folder);
            assert.strictEqual(result.status, 2, `${folder}: ${result.stderr}`);
            assert.match(result.stderr, /^stage-publish: will not empty /);
        }
        assert.strictEqual(fs.readFileSync(path.join(kept, "notes.txt"), "utf8"), "mine");
        assert.strictEqual(fs.readFileSync(file, "utf8"), "mine");
    });
});
