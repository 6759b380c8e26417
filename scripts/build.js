#!/usr/bin/env node
/**
 * Compiles the pack into bin/ (`tsc -p tsconfig.json`) and leaves bin/.build-stamp, dated when
 * the compilation started.
 *
 *   node scripts/build.js             always compiles (npm run build)
 *   node scripts/build.js --if-stale  compiles only if a source, a source folder (a file added,
 *                                     renamed or deleted), tsconfig.json or package-lock.json
 *                                     changed since the stamp, or there is no stamp
 *
 * `--if-stale` is for the steps that need a current bin/ and usually follow a build: the
 * end-to-end tests and `npm run stage-publish`.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const stamp = path.join(root, "bin", ".build-stamp");
const SOURCES = ["index.ts", "library.ts", "policies", "driver", "cli", "tsconfig.json", "package-lock.json"];

/** The newest modification time among `entry` and, for a folder, everything under it. */
function newest(entry) {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) {
        return 0;
    }
    if (!stat.isDirectory()) {
        return stat.mtimeMs;
    }
    return fs.readdirSync(entry).reduce((latest, name) => Math.max(latest, newest(path.join(entry, name))), stat.mtimeMs);
}

function isStale() {
    const built = fs.statSync(stamp, { throwIfNoEntry: false });
    return !built || SOURCES.some((source) => newest(path.join(root, source)) > built.mtimeMs);
}

if (process.argv.includes("--if-stale") && !isStale()) {
    process.exit(0);
}
const started = new Date();
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [root] }), "-p", path.join(root, "tsconfig.json")], {
    cwd: root,
    stdio: "inherit",
});
fs.writeFileSync(stamp, "Written by scripts/build.js: bin/ was compiled from the sources as they were at this file's modification time.\n");
fs.utimesSync(stamp, started, started);
