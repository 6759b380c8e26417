#!/usr/bin/env node
/**
 * `prepack` of the repository root: packing here (`npm pack`, `npm publish`, or `pulumi policy
 * publish`, which runs `npm pack`) fails at once, before `prepare` runs: a tarball packed here would
 * carry a bin/ as old as the last build, and its package.json would make every previewing machine
 * install the devDependencies. The staged folder is the one to pack. Prints to stderr only: Pulumi reads all of
 * `npm pack`'s stdout as the tarball's name.
 */
"use strict";
console.error(
    [
        "s3-encrypted-replication: do not pack or publish the repository root.",
        "Run `npm run stage-publish` (it builds bin/ and stages the package in publish/), then pack or publish there:",
        "  npm run stage-publish && cd publish && pulumi policy publish <org>     (or: npm pack)",
    ].join("\n"),
);
process.exit(1);
