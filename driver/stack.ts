/**
 * The driver's model of a stack: the resources of a deployment or of a preview's goal states,
 * whichever file they were read from, and how the engine turns each into what analyzers receive.
 */
import { AnalyzerProviderResource, AnalyzerResource, AnalyzerResourceOptions, AnalyzerStackResource, StackConfiguration } from "./types";
import { parseUrn, urnName } from "./urn";
import { PropertyMap } from "./values";

/** A resource's `provider` field: `<provider URN>::<provider ID>`. */
export interface ProviderReference {
    urn: string;
    /** The unknown sentinel while the provider is still to be created. */
    id: string;
}

export interface StackResource {
    urn: string;
    type: string;
    /** Defaults to the name part of the URN. */
    name?: string;
    custom?: boolean;
    id?: string;
    inputs: PropertyMap;
    /** The deployed state; absent (or empty) for resources a preview has yet to create. */
    outputs?: PropertyMap;
    parent?: string;
    dependencies?: string[];
    /** Property name -> URNs of the resources that property's value came from. */
    propertyDependencies?: Record<string, string[]>;
    provider?: ProviderReference;
    options?: Omit<AnalyzerResourceOptions, "parent">;
}

export type StackSource = "export" | "preview";

export interface Stack {
    /** The file the stack was read from, when it was. */
    file?: string;
    source?: StackSource;
    /** From the resources' URNs. */
    stackName?: string;
    project?: string;
    /** The stack's organization and tags, which no stack file holds: the checker's --stack and --stack-tag. */
    organization?: string;
    tags?: Record<string, string>;
    /** Stack config as strings, when the file holds it (a preview does, secrets blinded). */
    config?: Record<string, string>;
    resources: StackResource[];
    /**
     * Resources the file counts but does not hold: unchanged resources of a preview run without
     * --show-sames. The analysis of such a file is incomplete.
     */
    omittedResources?: number;
}

/** What a stack file holds, before the reader adds where it came from. */
export type StackContents = Pick<Stack, "resources" | "config" | "omittedResources">;

const PROVIDER_REFERENCE_SEPARATOR = "::";

/** Splits `<urn>::<id>` at the last separator (URNs contain "::" themselves). */
export function parseProviderReference(reference: string): ProviderReference | undefined {
    const at = reference.lastIndexOf(PROVIDER_REFERENCE_SEPARATOR);
    if (at <= 0 || !reference.startsWith("urn:pulumi:")) {
        return undefined;
    }
    return { urn: reference.slice(0, at), id: reference.slice(at + PROVIDER_REFERENCE_SEPARATOR.length) };
}

/** The stack and project named by the first resource URN. */
export function stackIdentity(resources: StackResource[]): { stackName?: string; project?: string } {
    for (const resource of resources) {
        const parts = parseUrn(resource.urn);
        if (parts) {
            return { stackName: parts.stack, project: parts.project };
        }
    }
    return {};
}

/**
 * What the engine tells a pack about a stack: checking a preview is a dry run, an export is not.
 * A preview file blinds secret config values to "[secret]"; they are named as secret keys, as the
 * engine names the stack's secret config keys.
 */
export function stackConfiguration(stack: Stack): StackConfiguration {
    const secretKeys = Object.entries(stack.config ?? {})
        .filter(([, value]) => value === "[secret]")
        .map(([key]) => key);
    return {
        stack: stack.stackName ?? "stack",
        project: stack.project ?? "project",
        dryRun: stack.source === "preview",
        ...(stack.organization ? { organization: stack.organization } : {}),
        ...(stack.tags && Object.keys(stack.tags).length > 0 ? { tags: stack.tags } : {}),
        ...(stack.config ? { config: stack.config } : {}),
        ...(secretKeys.length > 0 ? { configSecretKeys: secretKeys } : {}),
    };
}

/**
 * What the engine sends a provider as: its inputs, found among the stack's provider resources.
 * A provider the file does not hold (a preview leaves unchanged resources out) is still named,
 * with no properties, since its configuration cannot be known from the file.
 */
function analyzerProvider(resource: StackResource, stack: Stack): AnalyzerProviderResource | undefined {
    if (!resource.provider) {
        return undefined;
    }
    const providerUrn = resource.provider.urn;
    const provider = stack.resources.find((candidate) => candidate.urn === providerUrn);
    return {
        urn: providerUrn,
        type: provider?.type ?? parseUrn(providerUrn)?.type ?? "",
        name: urnName(providerUrn),
        properties: provider?.inputs ?? {},
    };
}

function analyzerResource(resource: StackResource, stack: Stack, properties: PropertyMap): AnalyzerResource {
    const provider = analyzerProvider(resource, stack);
    return {
        urn: resource.urn,
        type: resource.type,
        name: resource.name ?? urnName(resource.urn),
        properties,
        options: { ...resource.options, ...(resource.parent ? { parent: resource.parent } : {}) },
        ...(provider ? { provider } : {}),
    };
}

/** Analyze (and Remediate) receive a resource's inputs, its goal state. */
export function toAnalyzerResource(resource: StackResource, stack: Stack): AnalyzerResource {
    return analyzerResource(resource, stack, resource.inputs);
}

/**
 * AnalyzeStack receives each resource's outputs, the final state, as the engine's step generator
 * and snapshot analysis send it; a resource a preview has yet to create has only its inputs.
 */
export function toAnalyzerStackResource(resource: StackResource, stack: Stack): AnalyzerStackResource {
    const hasOutputs = resource.outputs !== undefined && Object.keys(resource.outputs).length > 0;
    return {
        ...analyzerResource(resource, stack, hasOutputs ? resource.outputs! : resource.inputs),
        ...(resource.parent ? { parent: resource.parent } : {}),
        dependencies: resource.dependencies ?? [],
        propertyDependencies: resource.propertyDependencies ?? {},
    };
}
