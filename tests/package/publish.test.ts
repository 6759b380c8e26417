/**
 * What `pulumi policy publish` ships: it packs this folder with `npm pack`. The tarball must
 * hold the compiled entry and PulumiPolicy.yaml, nothing of the tests or examples, and must
 * start and answer the analyzer protocol after a plain install of its contents.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startPack } from "../../driver";
import { policyNames } from "../../policies/factory";

const ROOT = path.resolve(__dirname, "../..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function npm(args: string[], cwd: string): string {
    return execFileSync(NPM, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("the published package", function () {
    this.timeout(240_000);
    let packedFiles: string[];
    let workDir: string;

    before(() => {
        npm(["run", "build"], ROOT);
        const [report] = JSON.parse(npm(["pack", "--dry-run", "--json", "--ignore-scripts"], ROOT));
        packedFiles = report.files.map((f: { path: string }) => f.path);
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-replication-pack-"));
    });

    after(() => fs.rmSync(workDir, { recursive: true, force: true }));

    it("holds the compiled entry, the library entry and PulumiPolicy.yaml", () => {
        for (const file of ["bin/index.js", "bin/library.js", "bin/library.d.ts", "PulumiPolicy.yaml", "package.json", "README.md", "scripts/prepare.js"]) {
            assert.ok(packedFiles.includes(file), `${file} missing from npm pack`);
        }
    });

    it("holds no tests, examples, benchmarks or TypeScript sources", () => {
        const unwanted = packedFiles.filter((f) => /^(tests|examples|bench)\//.test(f) || /^bin\/(tests|examples|bench)\//.test(f)
            || (f.endsWith(".ts") && !f.endsWith(".d.ts")));
        assert.deepStrictEqual(unwanted, []);
    });

    it("starts and answers the analyzer protocol after a plain install of the tarball", async () => {
        const tarball = npm(["pack", "--ignore-scripts", "--pack-destination", workDir], ROOT).trim().split("\n").pop() as string;
        const packDir = path.join(workDir, "package");
        execFileSync("tar", ["-xzf", path.join(workDir, tarball), "-C", workDir]);
        npm(["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"], packDir);
        const pack = await startPack(packDir);
        try {
            const info = await pack.getAnalyzerInfo();
            assert.strictEqual(info.name, "s3-encrypted-replication");
            assert.deepStrictEqual(info.policies.map((p) => p.name), [...policyNames]);
        } finally {
            await pack.close();
        }
    });
});
