/**
 * How every policy of the pack is declared: a check returns findings, and this layer reports
 * them, keeps any error inside the policy (a thrown error would fail the user's whole preview)
 * and applies the pack-wide enforcement rules.
 */
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

import { safeMessage } from "../model/quoting";
import { withIndexScope } from "../model/stack";
import { currentAnalyzeStackRequest } from "./framework-requests";
import "./secret-observation";

export interface Finding {
    message: string;
    /** The resource the finding is about (stack policies); defaults to the resource validated. */
    urn?: string;
    /** Reported as advisory even when the policy is mandatory (wording, undecidable cases). */
    advisoryOnly?: boolean;
}

interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: PolicyConfigSchema;
    remediationSteps?: string;
}

export interface ResourcePolicyDefinition<C> extends PolicyInfo {
    /** Only resources of these types are checked. */
    resourceTypes: readonly string[];
    check(args: ResourceValidationArgs, config: C): Finding[];
    /** Returns the fixed properties, or undefined when there is nothing safe to fix. */
    remediate?(args: ResourceValidationArgs, config: C): Record<string, unknown> | undefined;
}

export interface StackPolicyDefinition<C> extends PolicyInfo {
    check(args: StackValidationArgs, config: C): Finding[];
}

/** Called once per reported finding; lets the pack lower levels per stack (see environment.ts). */
export type LevelAdjuster = (args: { stackTags: ReadonlyMap<string, string> }) => "advisory" | undefined;

let levelAdjuster: LevelAdjuster = () => undefined;

export function setLevelAdjuster(adjuster: LevelAdjuster): void {
    levelAdjuster = adjuster;
}

function report(finding: Finding, reportViolation: ReportViolation, forceAdvisory: boolean): void {
    const message = safeMessage(finding.message);
    if (finding.advisoryOnly || forceAdvisory) {
        // The framework accepts a violation object whose level overrides the policy's; only ever lowered here.
        (reportViolation as unknown as (v: object) => void)({
            message,
            urn: finding.urn,
            enforcementLevel: "advisory",
        });
    } else {
        reportViolation(message, finding.urn);
    }
}

function internalErrorFinding(name: string, error: unknown): Finding {
    const kind = error instanceof Error ? error.name : typeof error;
    return {
        message: `${name} could not finish checking this resource (internal ${kind}); please report it. The rest of the preview is unaffected.`,
        advisoryOnly: true,
    };
}

function runGuarded(name: string, check: () => Finding[]): Finding[] {
    try {
        return check();
    } catch (error) {
        return [internalErrorFinding(name, error)];
    }
}

function configOf<C>(args: { getConfig<T extends object>(): T }): C {
    try {
        return (args.getConfig<object>() ?? {}) as C;
    } catch {
        return {} as C;
    }
}

function info(def: PolicyInfo): PolicyInfo {
    const { name, description, enforcementLevel, configSchema, remediationSteps } = def;
    return { name, description, enforcementLevel, ...(configSchema ? { configSchema } : {}), ...(remediationSteps ? { remediationSteps } : {}) };
}

export function resourcePolicy<C = Record<string, never>>(def: ResourcePolicyDefinition<C>): ResourceValidationPolicy {
    const applies = new Set(def.resourceTypes);
    const policy: ResourceValidationPolicy = {
        ...info(def),
        validateResource: (args, reportViolation) => {
            if (!applies.has(args.type)) {
                return;
            }
            const forceAdvisory = levelAdjuster(args) === "advisory";
            for (const finding of runGuarded(def.name, () => def.check(args, configOf<C>(args)))) {
                report({ ...finding, urn: undefined }, reportViolation, forceAdvisory);
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

export function stackPolicy<C = Record<string, never>>(def: StackPolicyDefinition<C>): StackValidationPolicy {
    return {
        ...info(def),
        validateStack: (args, reportViolation) => {
            const forceAdvisory = levelAdjuster(args) === "advisory";
            const findings = withIndexScope(currentAnalyzeStackRequest(),
                () => runGuarded(def.name, () => def.check(args, configOf<C>(args))));
            for (const finding of findings) {
                report(finding, reportViolation, forceAdvisory);
            }
        },
    };
}
