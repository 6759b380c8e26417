/**
 * How every policy of the pack is declared: a check returns findings, and this layer reports
 * them, keeps any error inside the policy (a thrown error would fail the user's whole preview)
 * and applies the pack-wide enforcement rules. It builds the `Analysis` of every call
 * (support/analysis.ts), the one way a policy learns what the engine's requests said.
 */
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

import { safeMessage } from "../wording/quoting";
import { boundedFindings } from "./output-bounds";
import { StackIndex, stackIndex } from "../model/stack";
import { Analysis, StackAnalysis } from "./analysis";
import {
    advisoryReasonFor,
    attachToFramework,
    currentAnalyzeStackRequest,
    currentEnvironment,
    currentStackIdentity,
    ENVIRONMENTS_POLICY,
    observedSecrets,
} from "../runtime/engine-observer";
import { withWorkBound, workBoundFor } from "../model/iam/work-bound";
import { carriesReplication } from "../model/replication";
import { replicationResourceTypes } from "../model/resource-types";

export interface Finding {
    message: string;
    /** The resource the finding is about (stack policies); defaults to the resource validated. */
    urn?: string;
    /** Reported as advisory even when the policy is mandatory (wording, undecidable cases). */
    advisoryOnly?: boolean;
}

/** What Pulumi Cloud shows about a policy, besides its findings. */
export interface PolicyInfo<N extends string = string> {
    name: N;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** The AWS documentation page that states the rule the policy enforces (every policy of the catalogue has one). */
    url?: string;
    severity?: Severity;
    /** What to change when the policy reports a finding. */
    remediationSteps?: string;
    configSchema?: PolicyConfigSchema;
}

export interface ResourcePolicyDefinition<N extends string, C> extends PolicyInfo<N> {
    /** Only resources of these types are checked. */
    resourceTypes: readonly string[];
    check(args: ResourceValidationArgs, config: C, analysis: Analysis): Finding[];
    /** Returns the fixed properties, or undefined when there is nothing safe to fix. */
    remediate?(args: ResourceValidationArgs, config: C): Record<string, unknown> | undefined;
}

export interface StackPolicyDefinition<N extends string, C> extends PolicyInfo<N> {
    check(args: StackValidationArgs, config: C, analysis: StackAnalysis): Finding[];
}

/** Why this stack's findings are lowered to advisory by the environments setting, if they are. */
function loweredBecause(args: { stackTags: ReadonlyMap<string, string> }): string | undefined {
    const reason = advisoryReasonFor(args.stackTags);
    return reason === undefined ? undefined : `${reason} (${ENVIRONMENTS_POLICY})`;
}

/** What this call knows from the engine's requests: see support/analysis.ts. */
function analysisOf(args: { stackTags: ReadonlyMap<string, string> }): Analysis {
    return { facts: currentEnvironment().facts, lowered: loweredBecause(args), secrets: observedSecrets(), stack: currentStackIdentity() };
}

/**
 * A stack policy's call: the index is shared by the stack policies answering the same AnalyzeStack
 * request, and built when the policy first asks (inside its guard: indexing odd input must not fail the preview).
 */
function stackAnalysisOf(args: StackValidationArgs): StackAnalysis {
    const request = currentAnalyzeStackRequest();
    const analysis = analysisOf(args);
    let index: StackIndex | undefined;
    return {
        ...analysis,
        get index() {
            return (index ??= stackIndex(args.resources, analysis.secrets, request));
        },
    };
}

/**
 * Every finding is reported in the shape the framework gives a plain message: the policy's
 * description, a line break, the finding (its message already through `safeMessage`). A finding
 * lowered to advisory ends with why.
 */
function report(description: string, finding: Finding, reportViolation: ReportViolation, { lowered }: Analysis): void {
    const { message } = finding;
    if (finding.advisoryOnly || lowered !== undefined) {
        const why = finding.advisoryOnly || lowered === undefined ? "" : `\n${lowered}`;
        reportAdvisory(description, `${message}${why}`, reportViolation, finding.urn);
    } else {
        reportViolation(message, finding.urn);
    }
}

/** Reports `message` as advisory whatever the policy's level, shaped like every other finding. */
export function reportAdvisory(description: string, message: string, reportViolation: ReportViolation, urn?: string): void {
    // The framework accepts a violation object whose level overrides the policy's; only ever lowered here. No public
    // API sets a per-violation level on any supported @pulumi/policy (tests/package/sdk-api.test.ts says when one does).
    (reportViolation as unknown as (v: object) => void)({ message: `${description}\n${message}`, urn, enforcementLevel: "advisory" });
}

function internalErrorFinding(name: string, error: unknown): Finding {
    const kind = error instanceof Error ? error.name : typeof error;
    return {
        message: `${name} could not finish checking this resource (internal ${kind}); please report it. The rest of the preview is unaffected.`,
        advisoryOnly: true,
    };
}

/**
 * Says that the policy has nothing to judge, so that Pulumi Cloud shows "not applicable" rather than
 * "passed" (`notApplicable`, @pulumi/policy 1.18 and later, answered in the response's NotApplicable
 * list; with an older SDK the policy simply passes). It throws the SDK's own error, which the SDK catches.
 */
function notApplicable(args: { notApplicable?: (reason?: string) => never }, reason: string): void {
    if (typeof args.notApplicable === "function") {
        args.notApplicable(reason);
    }
}

const NO_REPLICATION_IN_RESOURCE = "the resource carries no S3 replication configuration";
/** Every stack policy of the pack judges replication: a stack without any leaves it nothing to judge. */
const NO_REPLICATION_IN_STACK = "no resource of the stack carries an S3 replication configuration";

function runGuarded(name: string, check: () => Finding[]): Finding[] {
    try {
        return check();
    } catch (error) {
        return [internalErrorFinding(name, error)];
    }
}

/** A test that fails is taken as true: the policy then runs, and its own guard reports the error. */
function runGuardedTest(test: () => boolean): boolean {
    try {
        return test();
    } catch {
        return true;
    }
}

/** The policy's configuration; `{}` when there is none or it cannot be read. */
export function configOf<C = object>(args: { getConfig<T extends object>(): T }): C {
    try {
        return (args.getConfig<object>() ?? {}) as C;
    } catch {
        return {} as C;
    }
}

function info<N extends string>(def: PolicyInfo<N>): PolicyInfo<N> {
    const { name, description, enforcementLevel, url, severity, remediationSteps, configSchema } = def;
    return {
        name,
        description,
        enforcementLevel,
        ...(url ? { url } : {}),
        ...(severity ? { severity } : {}),
        ...(remediationSteps ? { remediationSteps } : {}),
        ...(configSchema ? { configSchema } : {}),
    };
}

/** A policy of the pack, its name kept as a literal type (so that option keys can be checked against it). */
export type Named<P, N extends string> = P & { readonly name: N };

export function resourcePolicy<N extends string, C = Record<string, never>>(def: ResourcePolicyDefinition<N, C>): Named<ResourceValidationPolicy, N> {
    attachToFramework();
    const applies = new Set(def.resourceTypes);
    // The pack's resource policies judge the resources that hold a replication configuration: any other resource carries none.
    const otherType = def.resourceTypes.every((type) => replicationResourceTypes.has(type))
        ? NO_REPLICATION_IN_RESOURCE
        : `the policy judges ${def.resourceTypes.join(", ")} resources only`;
    const policy: Named<ResourceValidationPolicy, N> = {
        ...info(def),
        validateResource: (args, reportViolation) => {
            if (!applies.has(args.type)) {
                return notApplicable(args, otherType);
            }
            if (replicationResourceTypes.has(args.type) && !runGuardedTest(() => carriesReplication([args]))) {
                return notApplicable(args, NO_REPLICATION_IN_RESOURCE);
            }
            const analysis = analysisOf(args);
            for (const finding of runGuarded(def.name, () => def.check(args, configOf<C>(args), analysis))) {
                report(def.description, { ...finding, message: safeMessage(finding.message, analysis.secrets), urn: undefined }, reportViolation, analysis);
            }
        },
    };
    if (def.remediate) {
        const remediate = def.remediate;
        policy.remediateResource = (args) => {
            if (!applies.has(args.type)) {
                return undefined;
            }
            try {
                return remediate(args, configOf<C>(args));
            } catch {
                return undefined;
            }
        };
    }
    return policy;
}

export function stackPolicy<N extends string, C = Record<string, never>>(def: StackPolicyDefinition<N, C>): Named<StackValidationPolicy, N> {
    attachToFramework();
    return {
        ...info(def),
        validateStack: (args, reportViolation) => {
            if (!runGuardedTest(() => carriesReplication(args.resources))) {
                return notApplicable(args, NO_REPLICATION_IN_STACK);
            }
            const analysis = stackAnalysisOf(args);
            const scope = currentAnalyzeStackRequest();
            const findings = withWorkBound(workBoundFor(scope), () => runGuarded(def.name, () => def.check(args, configOf<C>(args), analysis)));
            const safe = findings.map((finding) => ({ ...finding, message: safeMessage(finding.message, analysis.secrets) }));
            // Redacted before bounded: a message is cut only once no secret is left in it.
            for (const finding of boundedFindings(safe, scope, (f) => !f.advisoryOnly && analysis.lowered === undefined)) {
                report(def.description, finding, reportViolation, analysis);
            }
        },
    };
}
