/**
 * Tells the pack which property values are secret (model/secret-values.ts). `@pulumi/policy`
 * deserialises each resource's properties from the request's protobuf `Struct` with
 * `Struct.toJavaScript()` (deserialize.ts, `deserializeProperties`), then unwraps secrets for
 * Analyze and AnalyzeStack. The wire form that `toJavaScript` returns still holds the secret
 * signatures: it is observed here, once per `Struct`, by wrapping `toJavaScript` on the very
 * module instance of google-protobuf that @pulumi/policy's requests are made of.
 */
import * as path from "path";
import { noteSecretsIn } from "../model/secret-values";

const observed = new WeakSet<object>();
/** `toJavaScript` of a nested Struct runs inside its parent's: only the outermost call is observed. */
let depth = 0;

function observeStructs(): void {
    try {
        const policyDir = path.dirname(require.resolve("@pulumi/policy"));
        const protoDir = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] }));
        const structs = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [protoDir] }));
        const prototype = structs.Struct?.prototype as Record<string, unknown> | undefined;
        const original = prototype?.toJavaScript;
        if (!prototype || typeof original !== "function" || (original as { observesSecrets?: boolean }).observesSecrets) {
            return;
        }
        const wrapped = function (this: object, ...rest: unknown[]) {
            depth++;
            let result: unknown;
            try {
                result = original.apply(this, rest);
            } finally {
                depth--;
            }
            if (depth === 0 && !observed.has(this)) {
                observed.add(this);
                try {
                    noteSecretsIn(result);
                } catch {
                    // Observation only: the framework's request handling must go on regardless.
                }
            }
            return result;
        };
        (wrapped as { observesSecrets?: boolean }).observesSecrets = true;
        prototype.toJavaScript = wrapped;
    } catch {
        // Without it, secrets the framework unwrapped are not known as such; Remediate's still are.
    }
}

observeStructs();
