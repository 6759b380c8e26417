import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_PARTS, generatedText } from "../support/generated-docs";

const ROOT = path.resolve(__dirname, "..", "..");

describe("documentation made from the code (regenerate: npx ts-node --transpile-only scripts/generate-docs.ts)", () => {
    for (const part of GENERATED_PARTS) {
        it(`${part.file}: ${part.name} is as ${part.source} says`, () => {
            const text = generatedText(fs.readFileSync(path.join(ROOT, part.file), "utf8"), part);
            assert.ok(text !== undefined, `${part.file} has the markers of ${part.name}`);
            assert.strictEqual(text, part.text());
        });
    }
});
