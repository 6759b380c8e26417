/**
 * Conversion between the driver's plain objects and the pulumirpc.Analyzer protobuf messages,
 * following the engine's analyzer client (sdk/go/common/resource/plugin/analyzer_plugin.go).
 */
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

import {
    AnalyzeResult,
    AnalyzerInfo,
    AnalyzerProviderResource,
    AnalyzerResource,
    AnalyzerResourceOptions,
    AnalyzerStackResource,
    Diagnostic,
    EnforcementLevel,
    NotApplicablePolicy,
    PolicyConfig,
    PolicyInfo,
    PolicySeverity,
    PolicyType,
    RemediateResult,
    StackConfiguration,
} from "./types";
import { urnName } from "./urn";
import { decodeProperties, encodeProperties, PropertyMap } from "./values";

const { EnforcementLevel: ProtoEnforcementLevel, PolicySeverity: ProtoSeverity, PolicyType: ProtoPolicyType } = analyzerPb;

const LEVEL_TO_PROTO: Record<EnforcementLevel, analyzerPb.EnforcementLevel> = {
    advisory: ProtoEnforcementLevel.ADVISORY,
    mandatory: ProtoEnforcementLevel.MANDATORY,
    remediate: ProtoEnforcementLevel.REMEDIATE,
    disabled: ProtoEnforcementLevel.DISABLED,
};

const SEVERITY_FROM_PROTO: Record<number, PolicySeverity> = {
    [ProtoSeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
    [ProtoSeverity.POLICY_SEVERITY_LOW]: "low",
    [ProtoSeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [ProtoSeverity.POLICY_SEVERITY_HIGH]: "high",
    [ProtoSeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

const POLICY_TYPE_FROM_PROTO: Record<number, PolicyType> = {
    [ProtoPolicyType.POLICY_TYPE_UNKNOWN]: "unknown",
    [ProtoPolicyType.POLICY_TYPE_RESOURCE]: "resource",
    [ProtoPolicyType.POLICY_TYPE_STACK]: "stack",
};

export function enforcementLevelToProto(level: EnforcementLevel): analyzerPb.EnforcementLevel {
    const proto = LEVEL_TO_PROTO[level];
    if (proto === undefined) {
        throw new Error(`"${level}" is not an enforcement level (use advisory, mandatory, remediate or disabled)`);
    }
    return proto;
}

export function enforcementLevelFromProto(proto: analyzerPb.EnforcementLevel): EnforcementLevel {
    const level = (Object.keys(LEVEL_TO_PROTO) as EnforcementLevel[]).find((l) => LEVEL_TO_PROTO[l] === proto);
    if (!level) {
        throw new Error(`the pack answered with an unknown enforcement level ${proto}`);
    }
    return level;
}

/** Analyze, AnalyzeStack and provider properties skip internal keys; Remediate keeps them. */
function propertiesStruct(properties: PropertyMap, skipInternalKeys: boolean): Struct {
    return Struct.fromJavaScript(encodeProperties(properties, { skipInternalKeys }));
}

function resourceOptionsMessage(options: AnalyzerResourceOptions = {}): analyzerPb.AnalyzerResourceOptions {
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts()
        .setCreate(options.customTimeouts?.create ?? 0)
        .setUpdate(options.customTimeouts?.update ?? 0)
        .setDelete(options.customTimeouts?.delete ?? 0);
    return new analyzerPb.AnalyzerResourceOptions()
        .setProtect(options.protect ?? false)
        .setIgnorechangesList(options.ignoreChanges ?? [])
        .setDeletebeforereplace(options.deleteBeforeReplace ?? false)
        .setDeletebeforereplacedefined(options.deleteBeforeReplace !== undefined)
        .setAdditionalsecretoutputsList(options.additionalSecretOutputs ?? [])
        .setAliasesList(options.aliases ?? [])
        .setCustomtimeouts(timeouts)
        .setParent(options.parent ?? "");
}

function providerMessage(provider: AnalyzerProviderResource): analyzerPb.AnalyzerProviderResource {
    return new analyzerPb.AnalyzerProviderResource()
        .setUrn(provider.urn)
        .setType(provider.type)
        .setName(provider.name)
        .setProperties(propertiesStruct(provider.properties, true));
}

export function analyzeRequest(resource: AnalyzerResource, forRemediate = false): analyzerPb.AnalyzeRequest {
    const request = new analyzerPb.AnalyzeRequest()
        .setUrn(resource.urn)
        .setType(resource.type)
        .setName(resource.name ?? urnName(resource.urn))
        .setProperties(propertiesStruct(resource.properties, !forRemediate))
        .setOptions(resourceOptionsMessage(resource.options));
    if (resource.provider) {
        request.setProvider(providerMessage(resource.provider));
    }
    return request;
}

export function analyzeStackRequest(resources: AnalyzerStackResource[]): analyzerPb.AnalyzeStackRequest {
    return new analyzerPb.AnalyzeStackRequest().setResourcesList(resources.map(stackResourceMessage));
}

function stackResourceMessage(resource: AnalyzerStackResource): analyzerPb.AnalyzerResource {
    const message = new analyzerPb.AnalyzerResource()
        .setUrn(resource.urn)
        .setType(resource.type)
        .setName(resource.name ?? urnName(resource.urn))
        .setProperties(propertiesStruct(resource.properties, true))
        .setOptions(resourceOptionsMessage(resource.options))
        .setParent(resource.parent ?? "")
        .setDependenciesList(resource.dependencies ?? []);
    if (resource.provider) {
        message.setProvider(providerMessage(resource.provider));
    }
    const propertyDependencies = message.getPropertydependenciesMap();
    for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        // The engine leaves out properties that depend on nothing.
        if (urns.length > 0) {
            propertyDependencies.set(property, new analyzerPb.AnalyzerPropertyDependencies().setUrnsList(urns));
        }
    }
    return message;
}

export function configureStackRequest(stack: StackConfiguration): analyzerPb.AnalyzerStackConfigureRequest {
    const request = new analyzerPb.AnalyzerStackConfigureRequest()
        .setStack(stack.stack)
        .setProject(stack.project)
        .setOrganization(stack.organization ?? "")
        .setDryRun(stack.dryRun)
        .setConfigSecretKeysList(stack.configSecretKeys ?? []);
    for (const [key, value] of Object.entries(stack.config ?? {})) {
        request.getConfigMap().set(key, value);
    }
    for (const [key, value] of Object.entries(stack.tags ?? {})) {
        request.getTagsMap().set(key, value);
    }
    return request;
}

export function configureRequest(config: Record<string, PolicyConfig>): analyzerPb.ConfigureAnalyzerRequest {
    const request = new analyzerPb.ConfigureAnalyzerRequest();
    for (const [policyName, policyConfig] of Object.entries(config)) {
        // The pack calls `getProperties().toJavaScript()` unconditionally, so always send a struct.
        const properties = Struct.fromJavaScript((policyConfig.properties ?? {}) as Record<string, JavaScriptValue>);
        request
            .getPolicyconfigMap()
            .set(
                policyName,
                new analyzerPb.PolicyConfig().setEnforcementlevel(enforcementLevelToProto(policyConfig.enforcementLevel)).setProperties(properties),
            );
    }
    return request;
}

export function readAnalyzeResponse(response: analyzerPb.AnalyzeResponse): AnalyzeResult {
    return {
        diagnostics: response.getDiagnosticsList().map(readDiagnostic),
        notApplicable: readNotApplicable(response.getNotApplicableList()),
    };
}

function readDiagnostic(diagnostic: analyzerPb.AnalyzeDiagnostic): Diagnostic {
    const result: Diagnostic = {
        policyName: diagnostic.getPolicyname(),
        policyPackName: diagnostic.getPolicypackname(),
        policyPackVersion: diagnostic.getPolicypackversion(),
        description: diagnostic.getDescription(),
        message: diagnostic.getMessage(),
        enforcementLevel: enforcementLevelFromProto(diagnostic.getEnforcementlevel()),
        severity: SEVERITY_FROM_PROTO[diagnostic.getSeverity()] ?? "unspecified",
    };
    if (diagnostic.getUrn()) {
        result.urn = diagnostic.getUrn();
    }
    return result;
}

function readNotApplicable(list: analyzerPb.PolicyNotApplicable[]): NotApplicablePolicy[] {
    return list.map((entry) => ({ policyName: entry.getPolicyName(), reason: entry.getReason() }));
}

export function readRemediateResponse(response: analyzerPb.RemediateResponse): RemediateResult {
    return {
        remediations: response.getRemediationsList().map((remediation) => {
            const properties = remediation.getProperties();
            return {
                policyName: remediation.getPolicyname(),
                policyPackName: remediation.getPolicypackname(),
                policyPackVersion: remediation.getPolicypackversion(),
                description: remediation.getDescription(),
                ...(properties ? { properties: decodeProperties(properties.toJavaScript()) } : {}),
                ...(remediation.getDiagnostic() ? { diagnostic: remediation.getDiagnostic() } : {}),
            };
        }),
        notApplicable: readNotApplicable(response.getNotApplicableList()),
    };
}

export function readAnalyzerInfo(info: analyzerPb.AnalyzerInfo): AnalyzerInfo {
    const initialConfig: AnalyzerInfo["initialConfig"] = {};
    info.getInitialconfigMap().forEach((config, policyName) => {
        initialConfig[policyName] = {
            enforcementLevel: enforcementLevelFromProto(config.getEnforcementlevel()),
            ...(config.getProperties() ? { properties: config.getProperties()!.toJavaScript() } : {}),
        };
    });
    return {
        name: info.getName(),
        displayName: info.getDisplayname(),
        version: info.getVersion(),
        description: info.getDescription(),
        supportsConfig: info.getSupportsconfig(),
        policies: info.getPoliciesList().map(readPolicyInfo),
        initialConfig,
    };
}

function readPolicyInfo(policy: analyzerPb.PolicyInfo): PolicyInfo {
    const schema = policy.getConfigschema();
    return {
        name: policy.getName(),
        displayName: policy.getDisplayname(),
        description: policy.getDescription(),
        message: policy.getMessage(),
        enforcementLevel: enforcementLevelFromProto(policy.getEnforcementlevel()),
        type: POLICY_TYPE_FROM_PROTO[policy.getPolicyType()] ?? "unknown",
        severity: SEVERITY_FROM_PROTO[policy.getSeverity()] ?? "unspecified",
        ...(schema
            ? {
                  configSchema: {
                      properties: schema.getProperties()?.toJavaScript() ?? {},
                      required: schema.getRequiredList(),
                  },
              }
            : {}),
    };
}
