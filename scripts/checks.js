#!/usr/bin/env node
/**
 * The steps of `npm test` before the tests, run at the same time: they read the same tree and
 * write nothing the others read (the build writes bin/, which no other step reads). Each step's
 * output is printed when it ends; the exit code is 1 when any step failed.
 *
 *   node scripts/checks.js    npm run build, typecheck, lint and format:check
 */
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const STEPS = ["build", "typecheck", "lint", "format:check"];
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const root = path.resolve(__dirname, "..");

function run(step) {
    const started = Date.now();
    return new Promise((resolve) => {
        const child = spawn(NPM, ["run", "--silent", step], { cwd: root, stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("error", (error) => (output += `${error.message}\n`));
        child.on("close", (code) => {
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            process.stdout.write(`> npm run ${step}: ${code === 0 ? "ok" : `failed (exit code ${code})`}, ${seconds} s\n${output}`);
            resolve(code === 0);
        });
    });
}

Promise.all(STEPS.map(run)).then((results) => {
    process.exitCode = results.every(Boolean) ? 0 : 1;
});
