/**
 * The `check --html` page of every shipped example opened in headless Chromium: the DOM Chromium
 * builds holds every drawing's nodes and edges, and a screenshot of each deployment's page is kept
 * under bench/screenshots/ (docs/images/ holds the README's).
 *
 * Chromium is Debian's `chromium` package. Where it is missing, the set-up installs it when it
 * can (root, with apt-get; S3ER_NO_BROWSER_INSTALL=1 turns that off), and otherwise the tests are
 * skipped with a message saying why. The pack and the checker never need a browser.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackFile } from "../../driver";
import { exampleFiles } from "../robustness/example-stacks";
import { pageOf, pageOfAll } from "./render";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = path.resolve(__dirname, "..", "..", "bench", "screenshots");
const WINDOW = { width: 1600, height: 880 };

/** The flags of a browser that talks to nobody: no sandbox (root in a container), no GPU, no background traffic, a fresh profile. */
function chromiumFlags(profile: string): string[] {
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        `--window-size=${WINDOW.width},${WINDOW.height}`,
    ];
}

/** Installs Debian's chromium when it is missing and this process may (root, apt-get); why not, otherwise. */
function ensureChromium(): string | undefined {
    if (fs.existsSync(CHROMIUM)) {
        return undefined;
    }
    if (process.env.S3ER_NO_BROWSER_INSTALL === "1") {
        return `${CHROMIUM} is missing and S3ER_NO_BROWSER_INSTALL=1`;
    }
    if (process.getuid?.() !== 0 || !fs.existsSync("/usr/bin/apt-get")) {
        return `${CHROMIUM} is missing, and only root with apt-get can install it (apt-get install chromium)`;
    }
    const install = () => spawnSync("apt-get", ["install", "-y", "chromium"], { stdio: "ignore", timeout: 900_000 }).status === 0;
    if (!install()) {
        spawnSync("apt-get", ["update"], { stdio: "ignore", timeout: 300_000 });
        install();
    }
    return fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing and apt-get could not install the chromium package`;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
    assert.strictEqual(png.subarray(1, 4).toString("latin1"), "PNG", "a PNG file");
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("check --html in headless Chromium", function () {
    this.timeout(900_000);
    let profile: string;
    let work: string;

    before(function () {
        const missing = ensureChromium();
        if (missing) {
            console.log(`      skipped: ${missing}`);
            this.skip();
        }
        work = fs.mkdtempSync(path.join(os.tmpdir(), "s3er-html-"));
        profile = path.join(work, "profile");
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
    });

    after(() => {
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("renders the page of every example: Chromium's DOM holds every node and edge of every drawing", async () => {
        const stacks = exampleFiles().map((example) => readStackFile(example.file, 1 << 27));
        const { page, matrices } = await pageOfAll(stacks);
        const file = path.join(work, "all-examples.html");
        fs.writeFileSync(file, page);
        const dom = execFileSync(CHROMIUM, [...chromiumFlags(profile), "--dump-dom", `file://${file}`], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
            timeout: 120_000,
        });
        assert.strictEqual((dom.match(/<svg /g) ?? []).length, matrices.length, "one drawing per rule");
        assert.strictEqual(
            (dom.match(/class="edge"/g) ?? []).length,
            matrices.reduce((total, m) => total + m.edges.length, 0),
            "every edge",
        );
        assert.strictEqual(
            (dom.match(/class="node"/g) ?? []).length,
            matrices.reduce((total, m) => total + m.parties.length, 0),
            "every node",
        );
    });

    // Screenshots of the deployments (a preview's drawing differs only in what is undecided).
    for (const example of exampleFiles().filter((e) => e.label.endsWith(".deployed"))) {
        it(`keeps a screenshot of ${example.label}`, async () => {
            const { page } = await pageOf(readStackFile(example.file, 1 << 27));
            const file = path.join(work, `${example.label}.html`);
            fs.writeFileSync(file, page);
            const screenshot = path.join(SCREENSHOTS, `${example.label}.png`);
            fs.rmSync(screenshot, { force: true });
            execFileSync(CHROMIUM, [...chromiumFlags(profile), `--screenshot=${screenshot}`, `file://${file}`], { stdio: "ignore", timeout: 120_000 });
            const png = fs.readFileSync(screenshot);
            assert.deepStrictEqual(pngSize(png), WINDOW);
            // A blank page compresses to a few kilobytes; a drawing with text does not.
            assert.ok(png.length > 40_000, `the screenshot shows something (${png.length} bytes)`);
        });
    }
});
