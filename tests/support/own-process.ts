/**
 * What the engine observer keeps (policies/runtime/engine-observer.ts: the environments setting, the
 * stack's identity, whether the SDK was wrapped) is process-wide, as in a pack process, which serves
 * one preview. A test that makes the pack observe a request, or supplies the environments setting
 * in process, therefore runs its scenario in a process of its own: a mocha worker runs many test
 * files one after another, and nothing resets that state.
 */
import { execFile } from "child_process";
import * as path from "path";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Runs `scenario`, an async function exported by `file` (a path from the repository root), in a
 * new Node.js process and returns its result, which must survive JSON.
 */
export function inOwnProcess<T>(file: string, scenario: string): Promise<T> {
    const script = [
        `const run = require(${JSON.stringify(path.join(ROOT, file))})[${JSON.stringify(scenario)}];`,
        "Promise.resolve(run()).then(",
        "    (result) => process.stdout.write(JSON.stringify(result ?? null)),",
        "    (error) => { console.error(error instanceof Error ? error.stack : String(error)); process.exit(1); },",
        ");",
    ].join("\n");
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
            if (error) {
                reject(new Error(`${file} ${scenario} failed: ${stderr || error.message}`));
                return;
            }
            resolve(JSON.parse(stdout) as T);
        });
    });
}

/**
 * The engine's Configure request with `setting` as the s3-replication-environments entry, as grpc-js
 * hands it to the framework (deserialised from the wire, then read): the observer then holds the
 * setting for the rest of the process, so call it only in a scenario run by `inOwnProcess`.
 */
export function receiveEnvironmentsSetting(setting: object): void {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const policyConfig = new analyzerproto.PolicyConfig();
    policyConfig.setProperties(Struct.fromJavaScript(setting as Record<string, JavaScriptValue>));
    request.getPolicyconfigMap().set("s3-replication-environments", policyConfig);
    analyzerproto.ConfigureAnalyzerRequest.deserializeBinary(request.serializeBinary()).getPolicyconfigMap();
}
