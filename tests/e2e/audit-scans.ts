/**
 * Stacks as Pulumi Cloud's audit policy groups hand them to the pack: the latest state of a stack
 * after an update, or resources that Insights discovers in a cloud account. Both carry deployed
 * values only, no `propertyDependencies` and no `dependsOn`; Insights scans one Region at a time,
 * global resources (IAM) in a scan of their own or beside a Region's, and its resources come from
 * no program's provider configuration.
 */
import { PropertyMap, Stack, StackResource } from "../../driver";
import { decodeProperties } from "../../driver/values";
import { ResourceSpec } from "../support/harness";

const META_TYPES = /^pulumi:(pulumi:Stack|providers:)/;
const GLOBAL_TYPES = /^(aws:iam\/|aws-native:iam:)/;

/** One audit view of a stack: what the pack is given, and what it is called in assertion messages. */
export interface AuditScan {
    title: string;
    stack: Stack;
}

/** Deployed values as both inputs and outputs; no propertyDependencies, no dependencies, no parent. */
export function asAudited(resource: StackResource): StackResource {
    const deployed = resource.outputs && Object.keys(resource.outputs).length > 0 ? resource.outputs : resource.inputs;
    return { ...resource, inputs: deployed, outputs: deployed, dependencies: [], propertyDependencies: {}, parent: undefined };
}

/** The Region a resource lives in, "global" for IAM, "meta" for the stack and providers (in every scan). */
export function scanRegionOf(resource: StackResource, stack: Stack): string {
    if (META_TYPES.test(resource.type)) {
        return "meta";
    }
    if (GLOBAL_TYPES.test(resource.type)) {
        return "global";
    }
    const own = stringAt(resource.outputs, "region") ?? stringAt(resource.inputs, "region");
    if (own) {
        return own;
    }
    const provider = resource.provider && stack.resources.find((candidate) => candidate.urn === resource.provider!.urn);
    return (provider && stringAt(provider.inputs, "region")) ?? stack.config?.["aws:region"] ?? "unknown";
}

function stringAt(properties: PropertyMap | undefined, key: string): string | undefined {
    const value = properties?.[key];
    return typeof value === "string" ? value : undefined;
}

/**
 * The whole stack in audit form, then each Region's resources alone, with and without the global
 * ones, and the global ones alone.
 */
export function auditScans(stack: Stack): AuditScan[] {
    const audited: Stack = { ...stack, resources: stack.resources.map(asAudited) };
    const regionOf = new Map(stack.resources.map((resource) => [resource.urn, scanRegionOf(resource, stack)]));
    const only = (regions: readonly string[]) => ({ ...audited, resources: audited.resources.filter((r) => regions.includes(regionOf.get(r.urn)!)) });
    const regions = [...new Set(regionOf.values())].filter((region) => region !== "meta" && region !== "global").sort();
    return [
        { title: "the whole stack, audited", stack: audited },
        { title: "the whole stack, audited, without providers (as discovered)", stack: withoutProviders(audited) },
        ...regions.flatMap((region) => [
            { title: `${region} alone`, stack: only(["meta", region]) },
            { title: `${region} with the global resources`, stack: only(["meta", "global", region]) },
            { title: `${region} with the global resources, without providers`, stack: withoutProviders(only(["meta", "global", region])) },
        ]),
        ...(regionOf.size > 0 && [...regionOf.values()].includes("global") ? [{ title: "the global resources alone", stack: only(["meta", "global"]) }] : []),
    ];
}

/** Resources as Insights discovers them: made by no provider configuration of a program. */
function withoutProviders(stack: Stack): Stack {
    return { ...stack, resources: stack.resources.filter((r) => !r.type.startsWith("pulumi:providers:")).map((r) => ({ ...r, provider: undefined })) };
}

/** A stack built with the test harness (tests/support/harness.ts), as the driver's stack model. */
export function stackFromSpecs(specs: readonly ResourceSpec[], name: string): Stack {
    const resources: StackResource[] = specs.map((spec) => {
        const properties = decodeProperties(JSON.parse(JSON.stringify(spec.props)) as Record<string, unknown>);
        return {
            urn: spec.urn,
            type: spec.type,
            name: spec.name,
            custom: true,
            inputs: properties,
            outputs: properties,
            dependencies: spec.dependencies,
            propertyDependencies: spec.propertyDependencies,
            ...(spec.provider ? { provider: { urn: spec.provider.urn, id: `${spec.provider.name}-id` } } : {}),
        };
    });
    const [first] = specs;
    const [, stackName, project] = first ? /^urn:pulumi:([^:]+)::([^:]+)::/.exec(first.urn)! : [];
    return { file: name, source: "export", stackName: stackName ?? "dev", project: project ?? "proj", resources };
}
