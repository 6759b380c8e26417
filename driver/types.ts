/** The plain objects the driver exchanges with its callers, mirroring pulumi/analyzer.proto. */
import { PropertyMap } from "./values";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export type PolicySeverity = "unspecified" | "low" | "medium" | "high" | "critical";
export type PolicyType = "resource" | "stack" | "unknown";

export interface CustomTimeouts {
    /** Seconds. */
    create?: number;
    update?: number;
    delete?: number;
}

export interface AnalyzerResourceOptions {
    protect?: boolean;
    ignoreChanges?: string[];
    /** Left undefined when the program did not set it (the engine sends `deleteBeforeReplaceDefined`). */
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
    customTimeouts?: CustomTimeouts;
    parent?: string;
}

export interface AnalyzerProviderResource {
    urn: string;
    type: string;
    name: string;
    properties: PropertyMap;
}

/** One resource as `Analyze` and `Remediate` receive it. */
export interface AnalyzerResource {
    urn: string;
    type: string;
    /** Defaults to the name part of the URN, as the engine uses. */
    name?: string;
    properties: PropertyMap;
    options?: AnalyzerResourceOptions;
    provider?: AnalyzerProviderResource;
}

/** One resource as `AnalyzeStack` receives it. */
export interface AnalyzerStackResource extends AnalyzerResource {
    parent?: string;
    dependencies?: string[];
    /** Property name -> URNs of the resources that property's value came from. */
    propertyDependencies?: Record<string, string[]>;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    /** The URN a policy reported against, when it named one. */
    urn?: string;
    severity: PolicySeverity;
}

export interface NotApplicablePolicy {
    policyName: string;
    reason: string;
}

export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: NotApplicablePolicy[];
}

export interface Remediation {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    /** The remediated properties, decoded back (secrets as `Secret`, unknowns as `UnknownValue`). */
    properties?: PropertyMap;
    /** Set when the remediation could not run, e.g. because it touched an unknown value. */
    diagnostic?: string;
}

export interface RemediateResult {
    remediations: Remediation[];
    notApplicable: NotApplicablePolicy[];
}

export interface PolicyConfigSchema {
    properties: Record<string, unknown>;
    required: string[];
}

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    type: PolicyType;
    severity: PolicySeverity;
    configSchema?: PolicyConfigSchema;
}

export interface PolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties?: Record<string, unknown>;
}

export interface AnalyzerInfo {
    name: string;
    displayName: string;
    version: string;
    description: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
    /** Config the pack set for itself in code (`new PolicyPack(name, args, initialConfig)`). */
    initialConfig: Record<string, Partial<PolicyConfig>>;
}

export interface PluginInfo {
    version: string;
}

/** What the engine tells a pack about the stack it is about to check. */
export interface StackConfiguration {
    stack: string;
    project: string;
    organization?: string;
    /** True for `pulumi preview`, false for `pulumi up`. */
    dryRun: boolean;
    tags?: Record<string, string>;
    /** Stack config as strings, e.g. {"aws:region": "us-east-1"}. */
    config?: Record<string, string>;
    configSecretKeys?: string[];
}

export type LogSeverity = "debug" | "info" | "warning" | "error";

/** A message from the pack: an Engine.Log call, or a line it wrote to stdout/stderr after starting. */
export interface PackLog {
    source: "engine" | "stdout" | "stderr";
    severity: LogSeverity;
    message: string;
    urn?: string;
}
