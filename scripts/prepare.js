#!/usr/bin/env node
// Runs on `npm install` / `npm ci`: compiles the pack so that the engine starts plain JavaScript.
// In an installed copy of the published tarball there are no TypeScript sources: the compiled
// `bin/` it ships is used as it is.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const hasSources = fs.existsSync(path.join(root, "tsconfig.json")) && fs.existsSync(path.join(root, "index.ts"));
if (hasSources) {
    const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
    execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")], { stdio: "inherit", cwd: root });
} else if (!fs.existsSync(path.join(root, "bin", "index.js"))) {
    console.error("s3-encrypted-replication: neither TypeScript sources nor a compiled bin/index.js were found");
    process.exit(1);
}
