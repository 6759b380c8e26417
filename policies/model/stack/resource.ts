/**
 * Defensive access to the resources a stack policy receives. The framework builds them, but a
 * policy must never throw on a malformed one: every field is checked before use.
 */
import { PolicyResource } from "@pulumi/policy";
import { ABSENT, arrayOf, read, Read } from "../value";

export type { PolicyResource };

export function isPolicyResource(value: unknown): value is PolicyResource {
    return (
        typeof value === "object" && value !== null && typeof (value as PolicyResource).urn === "string" && typeof (value as PolicyResource).type === "string"
    );
}

/** The resources `property` was computed from (its `propertyDependencies`). */
export function dependenciesOf(resource: PolicyResource, property: string): PolicyResource[] {
    const all = read(resource.propertyDependencies);
    if (all.state !== "known") {
        return [];
    }
    const list = read(all.value, property);
    return (arrayOf(list) ?? []).filter(isPolicyResource);
}

/** Whether the program recorded any resource behind `property`. */
export function hasDependencies(resource: PolicyResource, property: string): boolean {
    return dependenciesOf(resource, property).length > 0;
}

/**
 * A top-level property as the program wrote it. An unknown value with no recorded dependency was
 * not computed from another resource: it is the provider's own computed value for a property the
 * program left unset (e.g. `versioning` or `region` of a new bucket during preview), so it reads
 * as absent. Unknowns the program passed in always carry the resources they came from.
 */
export function programRead(resource: PolicyResource, property: string): Read {
    const value = read(resource.props, property);
    return value.state === "unknown" && !hasDependencies(resource, property) ? ABSENT : value;
}

/** `aws.s3.BucketVersioning "source-versioning"`: how messages name a resource, as programs spell its class. */
export function describeResource(resource: PolicyResource): string {
    const [pkg, module, name] = resource.type.split(":");
    const className = pkg && module && name ? `${pkg}.${module.split("/")[0]}.${name}` : resource.type;
    return `${className} "${resource.name}"`;
}

/** Custom resources of the AWS providers (not providers, components or other packages). */
export function isAwsResource(resource: PolicyResource): boolean {
    return resource.type.startsWith("aws:") || resource.type.startsWith("aws-native:");
}
