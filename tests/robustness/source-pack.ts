/**
 * The pack started from this checkout's TypeScript sources, over the analyzer protocol, without
 * a build: a temporary pack directory whose entry compiles the sources on load (transpile only).
 *
 * The Node.js launcher registers ts-node with type checking for TypeScript entries, and ts-node
 * handlers chain; the entry installs its own `.ts` handler, which does not chain, so loading
 * stays fast.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PackSession, startPack } from "../../driver";

const ROOT = path.resolve(__dirname, "..", "..");

const ENTRY = `"use strict";
const fs = require("fs");
const ts = require(${JSON.stringify(require.resolve("typescript"))});
const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true };
require.extensions[".ts"] = (module, file) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: options, fileName: file });
    module._compile(outputText, file);
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
