/**
 * The pack started from this checkout's TypeScript sources, over the analyzer protocol, without
 * a build: a temporary pack directory whose entry compiles the sources on load (transpile only).
 *
 * The Node.js launcher registers ts-node with type checking for TypeScript entries, and ts-node
 * handlers chain; the entry installs its own `.ts` handler, which does not chain, so loading
 * stays fast. It keeps what it transpiled in node_modules/.cache, by the hash of the TypeScript
 * version, the file's path and its text, so that only a changed file is transpiled again.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PackSession, startPack } from "../../driver";

const ROOT = path.resolve(__dirname, "..", "..");

/** Transpiled sources, by the hash of what decides the output; shared by every start, on any worker. */
const CACHE = path.join(ROOT, "node_modules", ".cache", "s3-replication-source-pack");
const TYPESCRIPT = require.resolve("typescript");
const TYPESCRIPT_VERSION = (JSON.parse(fs.readFileSync(path.join(path.dirname(TYPESCRIPT), "..", "package.json"), "utf8")) as { version: string }).version;

const ENTRY = `"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const cache = ${JSON.stringify(CACHE)};
let ts;
function transpile(source, file) {
    ts ??= require(${JSON.stringify(TYPESCRIPT)});
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true };
    return ts.transpileModule(source, { compilerOptions: options, fileName: file }).outputText;
}
require.extensions[".ts"] = (module, file) => {
    const source = fs.readFileSync(file, "utf8");
    const key = crypto.createHash("sha256").update(${JSON.stringify(TYPESCRIPT_VERSION)}).update("\\0").update(file).update("\\0").update(source).digest("hex");
    const cached = path.join(cache, key + ".js");
    let output;
    try {
        output = fs.readFileSync(cached, "utf8");
    } catch {
        output = transpile(source, file);
        // Written aside, then renamed: packs started at the same time never read half a file.
        const aside = cached + "." + process.pid + ".tmp";
        fs.mkdirSync(cache, { recursive: true });
        fs.writeFileSync(aside, output);
        fs.renameSync(aside, cached);
    }
    module._compile(output, file);
};
require(${JSON.stringify(path.join(ROOT, "index.ts"))});
`;

export interface SourcePack {
    session: PackSession;
    /** Stops the pack and removes its directory. */
    stop(): Promise<void>;
}

export async function startSourcePack(): Promise<SourcePack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-replication-source-pack-"));
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: s3-encrypted-replication from source.\n");
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "s3-encrypted-replication-source", version: "0.0.0", main: "index.js", private: true }),
    );
    fs.writeFileSync(path.join(dir, "index.js"), ENTRY);
    try {
        const session = await startPack(dir);
        return {
            session,
            stop: async () => {
                await session.close();
                remove();
            },
        };
    } catch (error) {
        remove();
        throw error;
    }
}

/** Starts the pack before the enclosing describe block's tests and stops it after them. */
export function sourcePackForSuite(): () => SourcePack {
    let pack: SourcePack | undefined;
    before(async () => {
        pack = await startSourcePack();
    });
    after(async () => {
        await pack?.stop();
    });
    return () => {
        if (!pack) {
            throw new Error("the pack has not started");
        }
        return pack;
    };
}
