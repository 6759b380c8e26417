/**
 * The `PolicyResource`s a stack policy receives for a stack, built by @pulumi/policy's own
 * AnalyzeStack handler (proxies, engine-encoded unknowns, resolved propertyDependencies), for
 * testing model code directly.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { analyzeStack, ResourceSpec, StackBuilder } from "./harness";

export async function policyResources(stack: StackBuilder | ResourceSpec[]): Promise<PolicyResource[]> {
    let captured: PolicyResource[] = [];
    const capture: StackValidationPolicy = {
        name: "capture-resources",
        description: "Captures the resources of the stack.",
        enforcementLevel: "advisory",
        validateStack: (args) => {
            captured = args.resources;
        },
    };
    await analyzeStack([capture], stack);
    return captured;
}

/** The resource a spec became. */
export function resourceOf(resources: PolicyResource[], spec: ResourceSpec): PolicyResource {
    const found = resources.find((r) => r.urn === spec.urn);
    if (!found) {
        throw new Error(`no resource ${spec.urn}`);
    }
    return found;
}
