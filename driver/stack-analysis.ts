/**
 * Checking a whole stack the way `pulumi preview` and `pulumi up` do (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go): for each resource, Remediate first, and the remediated
 * properties replace its inputs ("use the transformed inputs rather than the old ones from this
 * point onwards"), so Analyze judges the fixed inputs; then AnalyzeStack once on every resource's
 * final state, the remediated resources with their fixed properties. (`pulumi policy analyze`,
 * analyze_snapshot.go, instead reports remediations without applying them.)
 */
import { Stack, StackResource, toAnalyzerResource, toAnalyzerStackResource } from "./stack";
import { AnalyzeResult, AnalyzerResource, AnalyzerStackResource, Diagnostic, RemediateResult, Remediation } from "./types";
import { PropertyMap } from "./values";

/** The calls this needs from a running pack. */
export interface AnalyzerCalls {
    analyze(resource: AnalyzerResource): Promise<AnalyzeResult>;
    analyzeStack(resources: AnalyzerStackResource[]): Promise<AnalyzeResult>;
    remediate(resource: AnalyzerResource): Promise<RemediateResult>;
}

export interface StackAnalysisOptions {
    /** Run remediation policies and analyze the remediated inputs, as the engine does. Default true. */
    remediate?: boolean;
}

export type AnalysisPhase = "remediate" | "analyze" | "analyzeStack";

/** A diagnostic attributed to a resource the way the engine shows it. */
export interface StackDiagnostic extends Diagnostic {
    phase: AnalysisPhase;
    /** The resource it is shown under; undefined for a stack policy's finding on a stack without a root resource. */
    urn?: string;
}

export interface StackRemediation extends Remediation {
    urn: string;
    properties: NonNullable<Remediation["properties"]>;
}

export interface StackAnalysis {
    diagnostics: StackDiagnostic[];
    remediations: StackRemediation[];
    /** The stack as AnalyzeStack received it: with the remediations applied. */
    analyzed?: Stack;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export async function analyzeStackFully(pack: AnalyzerCalls, stack: Stack, options: StackAnalysisOptions = {}): Promise<StackAnalysis> {
    const analysis: StackAnalysis = { diagnostics: [], remediations: [] };
    const finalResources: StackResource[] = [];
    for (const resource of stack.resources) {
        let analyzed = resource;
        if (options.remediate ?? true) {
            const fixed = collectRemediations(analysis, resource.urn, await pack.remediate(toAnalyzerResource(resource, stack)));
            analyzed = fixed ? withRemediatedInputs(resource, fixed) : resource;
        }
        finalResources.push(analyzed);
        // The engine shows Analyze findings under the analyzed resource, whatever URN they carry.
        for (const diagnostic of (await pack.analyze(toAnalyzerResource(analyzed, stack))).diagnostics) {
            analysis.diagnostics.push(asStackDiagnostic(diagnostic, "analyze", resource.urn));
        }
    }

    const finalStack: Stack = { ...stack, resources: finalResources };
    analysis.analyzed = finalStack;
    const stackResult = await pack.analyzeStack(finalResources.map((r) => toAnalyzerStackResource(r, finalStack)));
    const urns = new Set(stack.resources.map((resource) => resource.urn));
    const rootUrn = stack.resources.find((resource) => resource.type === ROOT_STACK_TYPE)?.urn;
    for (const diagnostic of stackResult.diagnostics) {
        // A stack policy's finding about no resource of this stack belongs to the stack itself.
        const urn = diagnostic.urn && urns.has(diagnostic.urn) ? diagnostic.urn : rootUrn;
        analysis.diagnostics.push(asStackDiagnostic(diagnostic, "analyzeStack", urn));
    }
    return analysis;
}

/**
 * Records what Remediate answered and returns the properties the engine goes on with: each
 * remediation's properties include the earlier ones' changes (@pulumi/policy carries them from
 * one policy to the next), and the engine takes the last.
 */
function collectRemediations(analysis: StackAnalysis, urn: string, result: RemediateResult): PropertyMap | undefined {
    let fixed: PropertyMap | undefined;
    for (const remediation of result.remediations) {
        if (remediation.diagnostic) {
            // As the engine does: a remediation that could not run is an advisory finding.
            analysis.diagnostics.push({
                policyName: remediation.policyName,
                policyPackName: remediation.policyPackName,
                policyPackVersion: remediation.policyPackVersion,
                description: remediation.description,
                message: remediation.diagnostic,
                enforcementLevel: "advisory",
                severity: "unspecified",
                phase: "remediate",
                urn,
            });
        } else if (remediation.properties) {
            analysis.remediations.push({ ...remediation, properties: remediation.properties, urn });
            fixed = remediation.properties;
        }
    }
    return fixed;
}

/**
 * The resource as the engine goes on with it: the remediated inputs; in a deployed state the
 * outputs the provider would then return are not known, so the properties the remediation changed
 * replace theirs (an approximation: outputs echo these inputs for the replication resources the
 * pack remediates).
 */
function withRemediatedInputs(resource: StackResource, fixed: PropertyMap): StackResource {
    const outputs = resource.outputs;
    if (!outputs || Object.keys(outputs).length === 0) {
        return { ...resource, inputs: fixed };
    }
    const changed = Object.keys(fixed).filter((key) => JSON.stringify(fixed[key]) !== JSON.stringify(resource.inputs[key]));
    return { ...resource, inputs: fixed, outputs: { ...outputs, ...Object.fromEntries(changed.map((key) => [key, fixed[key]])) } };
}

/** The engine reports a "remediate" finding from Analyze or AnalyzeStack as mandatory. */
function asStackDiagnostic(diagnostic: Diagnostic, phase: AnalysisPhase, urn: string | undefined): StackDiagnostic {
    const enforcementLevel = diagnostic.enforcementLevel === "remediate" ? "mandatory" : diagnostic.enforcementLevel;
    const { urn: _reported, ...rest } = diagnostic;
    return { ...rest, enforcementLevel, phase, ...(urn ? { urn } : {}) };
}
