/**
 * Checking a whole stack the way the engine's snapshot analysis does (pkg/resource/deploy/
 * analyze_snapshot.go): for each resource, Remediate (what would change is reported, not applied)
 * then Analyze on its inputs; then AnalyzeStack once on every resource's final state.
 */
import { Stack, toAnalyzerResource, toAnalyzerStackResource } from "./stack";
import { AnalyzeResult, AnalyzerResource, AnalyzerStackResource, Diagnostic, RemediateResult, Remediation } from "./types";

/** The calls this needs from a running pack. */
export interface AnalyzerCalls {
    analyze(resource: AnalyzerResource): Promise<AnalyzeResult>;
    analyzeStack(resources: AnalyzerStackResource[]): Promise<AnalyzeResult>;
    remediate(resource: AnalyzerResource): Promise<RemediateResult>;
}

export interface StackAnalysisOptions {
    /** Ask remediation policies what they would change. Default true. */
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
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export async function analyzeStackFully(pack: AnalyzerCalls, stack: Stack, options: StackAnalysisOptions = {}): Promise<StackAnalysis> {
    const analysis: StackAnalysis = { diagnostics: [], remediations: [] };
    for (const resource of stack.resources) {
        const analyzerResource = toAnalyzerResource(resource, stack);
        if (options.remediate ?? true) {
            collectRemediations(analysis, resource.urn, await pack.remediate(analyzerResource));
        }
        // The engine shows Analyze findings under the analyzed resource, whatever URN they carry.
        for (const diagnostic of (await pack.analyze(analyzerResource)).diagnostics) {
            analysis.diagnostics.push(asStackDiagnostic(diagnostic, "analyze", resource.urn));
        }
    }

    const stackResult = await pack.analyzeStack(stack.resources.map((r) => toAnalyzerStackResource(r, stack)));
    const urns = new Set(stack.resources.map((resource) => resource.urn));
    const rootUrn = stack.resources.find((resource) => resource.type === ROOT_STACK_TYPE)?.urn;
    for (const diagnostic of stackResult.diagnostics) {
        // A stack policy's finding about no resource of this stack belongs to the stack itself.
        const urn = diagnostic.urn && urns.has(diagnostic.urn) ? diagnostic.urn : rootUrn;
        analysis.diagnostics.push(asStackDiagnostic(diagnostic, "analyzeStack", urn));
    }
    return analysis;
}

function collectRemediations(analysis: StackAnalysis, urn: string, result: RemediateResult): void {
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
        }
    }
}

/** The engine reports a "remediate" finding from Analyze or AnalyzeStack as mandatory. */
function asStackDiagnostic(diagnostic: Diagnostic, phase: AnalysisPhase, urn: string | undefined): StackDiagnostic {
    const enforcementLevel = diagnostic.enforcementLevel === "remediate" ? "mandatory" : diagnostic.enforcementLevel;
    const { urn: _reported, ...rest } = diagnostic;
    return { ...rest, enforcementLevel, phase, ...(urn ? { urn } : {}) };
}
