/** Runs policies on the same replication rules written in each of the four shapes. */
import { Policies } from "@pulumi/policy";
import { analyzeResource, Diagnostic, StackBuilder } from "./harness";
import { ShapedResource, ShapeName } from "./shapes";

export interface ShapedDiagnostics {
    shape: ShapeName;
    diagnostics: Diagnostic[];
}

export async function analyzeShaped(policies: Policies, resources: ShapedResource[]): Promise<ShapedDiagnostics[]> {
    const results: ShapedDiagnostics[] = [];
    for (const shaped of resources) {
        const stack = new StackBuilder();
        const resource = stack.add(shaped.type, "replication", shaped.props);
        results.push({ shape: shaped.shape, diagnostics: await analyzeResource(policies, resource) });
    }
    return results;
}
