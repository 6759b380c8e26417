/**
 * One AnalyzeStack call in this fresh process, handled by @pulumi/policy's own handler in-process
 * (no gRPC): our compiled policies or their do-nothing twins. Prints the process's CPU time for
 * the call as JSON. Run by bench/in-process.ts, once per process, so that every call is cold as
 * in a real preview.
 */
import * as path from "path";
import { readStackFile, toAnalyzerStackResource } from "../driver";
import { analyzeStackRequest } from "../driver/messages";
import { awsLimitsStack } from "./aws-limits-stack";
import { cloneStack } from "./clone-stack";

const ROOT = path.resolve(__dirname, "..");

function main(): void {
    const [pack, variant, size, kind] = [process.argv[2], process.argv[3], Number(process.argv[4]), process.argv[5] ?? "clones"];
    // The compiled pack, as the engine runs it; the same module instances of @pulumi/policy as the handler.
    const ours = require(path.join(ROOT, "bin", "policies", "pack", "factory")).s3EncryptedReplicationPolicies() as Array<Record<string, unknown>>;
    const policies =
        pack === "ours"
            ? ours
            : ours.map(({ name, description, enforcementLevel, validateStack }) => ({
                  name,
                  description,
                  enforcementLevel,
                  ...(validateStack ? { validateStack: () => undefined } : {}),
              }));
    const base = readStackFile(path.join(ROOT, "examples", "stacks", `compliant-cross-region.${variant}.json`));
    const stack = kind === "aws-limits" ? awsLimitsStack(base, size) : cloneStack(base, size);
    const request = analyzeStackRequest(stack.resources.map((r) => toAnalyzerStackResource(r, stack)));
    const server = require("@pulumi/policy/server");
    const handler = server.makeAnalyzeStackRpcFun("bench", "0.0.0", "advisory", policies);
    const started = process.cpuUsage();
    handler({ request }, (error: unknown, response: { getDiagnosticsList(): unknown[] } | undefined) => {
        const used = process.cpuUsage(started);
        console.log(
            JSON.stringify({
                cpuMs: (used.user + used.system) / 1000,
                diagnostics: response?.getDiagnosticsList().length ?? -1,
                error: error ? String(error) : undefined,
            }),
        );
    });
}

main();
