/**
 * `npm test` names its test folders one by one, the longest-running first (mocha --parallel hands
 * files to its workers in that order): no test file may be left out of that list.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function testFiles(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.posix.join(dir, entry.name);
        return entry.isDirectory() ? testFiles(relative) : entry.name.endsWith(".test.ts") ? [relative] : [];
    });
}

/** A mocha spec glob as a regular expression (the forms the script uses: `**\/` and `*`). */
function globPattern(glob: string): RegExp {
    const source = glob
        .split(/(\*\*\/|\*)/)
        .map((part) => (part === "**/" ? "(?:.*/)?" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${source}$`);
}

describe("npm test", () => {
    it("runs every test file exactly once", () => {
        const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.test;
        const globs = [...script.matchAll(/"(tests\/[^"]+)"/g)].map((m) => globPattern(m[1]));
        assert.ok(globs.length > 0, script);
        const files = testFiles("tests");
        assert.ok(files.includes("tests/package/test-script.test.ts"), "this file is found");
        assert.deepStrictEqual(
            files.filter((file) => globs.filter((glob) => glob.test(file)).length !== 1),
            [],
            "test files that npm test runs never or more than once",
        );
    });
});
