#!/usr/bin/env node
/**
 * Stages in `publish/` exactly what `pulumi policy publish` should pack, then run there:
 *
 *   npm run stage-publish && cd publish && pulumi policy publish <org>
 *
 * `npm run stage-publish -- <folder>` stages in <folder> instead (the tests stage side by side).
 *
 * Why a staged folder: every machine that previews under a policy group runs
 * `npm install --loglevel=error --production` in the unpacked tarball, and npm keeps a
 * devDependency that a runtime package names as an optional peer (here TypeScript and ts-node,
 * optional peers of @pulumi/pulumi). The staged package.json has no devDependencies and no
 * scripts, so that install holds only what the pack runs, and `npm pack` prints nothing but the
 * tarball's name. `publish/node_modules` links to this repository's, so that publish can start the
 * pack there to read its name and policies.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "publish"));
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

// The folder is emptied first: refuse one that holds the repository, or anything but an earlier staging.
const holdsRoot = !path.relative(out, root).startsWith("..");
const isStaging = (dir) => fs.statSync(dir).isDirectory() && (fs.readdirSync(dir).length === 0 || fs.existsSync(path.join(dir, "PulumiPolicy.yaml")));
if (holdsRoot || (fs.existsSync(out) && !isStaging(out))) {
    console.error(`stage-publish: will not empty ${out}: give a new or empty folder, or one staged before.`);
    process.exit(2);
}

// Compiles bin/ unless it is up to date with the sources (scripts/build.js).
execFileSync(process.execPath, [path.join(__dirname, "build.js"), "--if-stale"], { cwd: root, stdio: "inherit" });

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out);
for (const entry of ["bin", "PulumiPolicy.yaml", "README.md", "CHANGELOG.md", "LICENSE", "policy-config"]) {
    fs.cpSync(path.join(root, entry), path.join(out, entry), {
        recursive: true,
        filter: (source) => !source.endsWith(".map") && path.basename(source) !== ".build-stamp",
    });
}
const { devDependencies: _dev, scripts: _scripts, ...published } = manifest;
fs.writeFileSync(path.join(out, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
fs.symlinkSync(path.join(root, "node_modules"), path.join(out, "node_modules"), "dir");
console.error(`Staged ${manifest.name}@${manifest.version} in ${path.relative(process.cwd(), out) || "."}: cd there and run pulumi policy publish <org>.`);
