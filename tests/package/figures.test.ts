/**
 * Every measured figure has one home, the results file of the benchmark that measured it (bench/*-results.md,
 * bench/results.md); README, CONTRIBUTING and docs/ refer to it rather than repeat it (issue 21, section 5). A
 * figure is anything written as a measurement: a ratio (1.1x, 1.5–2x), a count of packages, a duration, a size
 * in MB/GB or KB, a percentage. Sizes and durations that are settings or AWS limits, not measurements, are listed
 * with the reason.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?(?:[–-]\d[\d,]*(?:\.\d+)?)?`;
const FIGURES: readonly RegExp[] = [
    new RegExp(String.raw`\b${NUMBER}x\b`, "g"),
    new RegExp(String.raw`\b${NUMBER} packages\b`, "g"),
    new RegExp(String.raw`\b${NUMBER} ?(?:ms|s|seconds?|min|minutes?|hours?)\b`, "g"),
    new RegExp(String.raw`\b${NUMBER} ?(?:[KMG]i?B)\b`, "g"),
    new RegExp(String.raw`\b${NUMBER} ?%`, "g"),
];

/** Figures that are not measurements. */
const NOT_MEASURED: Record<string, string> = {
    "32 MiB": "the default of the checker's --max-file-size",
    "512 KB": "the pack's bound on one response's findings (policies/support/output-bounds.ts)",
    "16 KB": "the pack's bound on one message (policies/support/output-bounds.ts)",
    "20 KB": "AWS's size limit of a bucket policy, which the aws-limits stack uses",
    "32 KB": "AWS's size limit of a key policy, which the aws-limits stack uses",
    "15 minutes": "S3 Replication Time Control's replication time, which S3 requires with metrics",
};

function figuresIn(text: string): string[] {
    return FIGURES.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
}

function markdownUnder(dir: string): string[] {
    return fs
        .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? markdownUnder(path.join(dir, entry.name)) : entry.name.endsWith(".md") ? [path.join(dir, entry.name)] : []));
}

const DOCUMENTS = ["README.md", "CONTRIBUTING.md", ...markdownUnder("docs")];
const RESULTS = fs
    .readdirSync(path.join(ROOT, "bench"))
    .filter((name) => /results\.md$/.test(name))
    .map((name) => fs.readFileSync(path.join(ROOT, "bench", name), "utf8"))
    .join("\n");

/** The figure as a whole in some results file (not "1.1x" inside "11.1x"). */
function inResults(figure: string): boolean {
    const escaped = figure.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(String.raw`(?<![\d.,])${escaped}`).test(RESULTS);
}

describe("measured figures live in bench results files only", () => {
    it("finds what is written as a measurement (the test can fail)", () => {
        assert.deepStrictEqual(
            figuresIn("start-up about 1.1x, 0.96–1.17x, 5.4–5.9 s against 4.4–4.8 s; 221 packages, 91 MB; peaks near 700 MB; 3 minutes; 30 %"),
            ["1.1x", "0.96–1.17x", "221 packages", "5.4–5.9 s", "4.4–4.8 s", "3 minutes", "91 MB", "700 MB", "30 %"],
        );
        assert.deepStrictEqual(figuresIn("s3-replication-rule-valid, 12 shipped examples, 13,001 resources, 1–1,000 rules, SHA-256"), []);
    });

    for (const document of DOCUMENTS) {
        it(`${document} holds no measured figure that no bench results file holds`, () => {
            const text = fs.readFileSync(path.join(ROOT, document), "utf8");
            const stray = figuresIn(text).filter((figure) => !(figure in NOT_MEASURED) && !inResults(figure));
            assert.deepStrictEqual(stray, [], `put these in the benchmark's results file under bench/ and refer to it`);
        });
    }
});
