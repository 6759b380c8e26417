/** Running one stack policy over a stack, as a preview's AnalyzeStack does. */
import { PolicyPackConfig, StackValidationPolicy } from "@pulumi/policy";
import { analyzeStack, Diagnostic, previewNoise, ResourceSpec, StackBuilder } from "./harness";

/** A finding the policy's guard raised because its check threw. */
export function isInternalError(diagnostic: Diagnostic): boolean {
    return diagnostic.message.includes("could not finish checking");
}

/** The policy's findings for the stack; throws on framework noise and internal errors, which no test expects. */
export async function findingsOf(policy: StackValidationPolicy, stack: StackBuilder | ResourceSpec[], config: PolicyPackConfig = {}): Promise<Diagnostic[]> {
    const diagnostics = await analyzeStack([policy], stack, config);
    const unexpected = [...previewNoise(diagnostics), ...diagnostics.filter(isInternalError)];
    if (unexpected.length > 0) {
        throw new Error(`unexpected diagnostics: ${JSON.stringify(unexpected)}`);
    }
    return diagnostics;
}
