/**
 * Writes the parts of the documentation made from the code (`--check`: says which are stale and
 * exits 1 instead). Each part sits between two markers: `<!-- <name>: generated from <source> -->`
 * and `<!-- /<name> -->`. Run: `npx ts-node --transpile-only scripts/generate-docs.ts`.
 */
import * as fs from "fs";
import * as path from "path";
import { GENERATED_PARTS, replaceGenerated } from "../tests/support/generated-docs";

const ROOT = path.resolve(__dirname, "..");
const check = process.argv.includes("--check");
let stale = 0;
for (const part of GENERATED_PARTS) {
    const file = path.join(ROOT, part.file);
    const text = fs.readFileSync(file, "utf8");
    const updated = replaceGenerated(text, part);
    if (updated !== text) {
        stale++;
        if (check) {
            console.error(`${part.file}: ${part.name} is stale`);
        } else {
            fs.writeFileSync(file, updated);
            console.log(`${part.file}: ${part.name} written`);
        }
    }
}
process.exit(check && stale > 0 ? 1 : 0);
