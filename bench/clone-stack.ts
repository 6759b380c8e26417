/**
 * A stack holding N copies of a base stack's resources, each copy with names of its own: URNs,
 * physical names (Pulumi's auto-names, `<logical name>-<7 hex digits>`) and ids (UUIDs, e.g.
 * KMS key ids and provider ids) are rewritten wherever they occur — in URNs, dependencies,
 * propertyDependencies, provider references, ids and property values (ARNs and JSON policy
 * documents included) — so that every copy links up with itself exactly as the base stack does and
 * with no other copy. The root stack resource is shared.
 */
import { PropertyMap, PropertyValue, ResourceReference, Secret, Stack, StackResource, UnknownValue } from "../driver";
import { UNKNOWN_SENTINELS } from "../policies/model/value";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const WHOLE_UUID = new RegExp(`^${UUID}$`);

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The last segment of a URN: the resource's logical name. */
function logicalName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Rewrites identifiers for copy number `copy`. */
class CopyNamer {
    private readonly urns: Map<string, string>;

    constructor(
        private readonly copy: number,
        baseUrns: readonly string[],
        private readonly physicalName: RegExp,
    ) {
        this.urns = new Map(baseUrns.map((urn) => [urn, `${urn}-${copy}`]));
    }

    urn(urn: string): string {
        return this.urns.get(urn) ?? urn;
    }

    /** A URN of the base stack, or a string whose auto-names and UUIDs are made this copy's. */
    text(text: string): string {
        const urn = this.urns.get(text);
        if (urn) {
            return urn;
        }
        return text.replace(this.physicalName, (match) => {
            if (WHOLE_UUID.test(match)) {
                // Still a UUID (key ids are parsed), unique per copy; unknown sentinels stay as they are.
                return UNKNOWN_SENTINELS.has(match) ? match : match.slice(0, 24) + this.copy.toString(16).padStart(12, "0");
            }
            return `${match}-${this.copy}`;
        });
    }

    value(value: PropertyValue): PropertyValue {
        if (typeof value === "string") {
            return this.text(value);
        }
        if (value === null || typeof value !== "object" || value instanceof UnknownValue) {
            return value;
        }
        if (value instanceof Secret) {
            return new Secret(this.value(value.value));
        }
        if (value instanceof ResourceReference) {
            return new ResourceReference(this.urn(value.urn), value.id === undefined ? undefined : this.value(value.id));
        }
        if (Array.isArray(value)) {
            return value.map((element) => this.value(element));
        }
        return this.properties(value);
    }

    properties(properties: PropertyMap): PropertyMap {
        return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, this.value(value)]));
    }

    resource(resource: StackResource): StackResource {
        const urnList = (urns: string[] | undefined) => urns?.map((urn) => this.urn(urn));
        return {
            ...resource,
            urn: this.urn(resource.urn),
            ...(resource.name !== undefined ? { name: `${resource.name}-${this.copy}` } : {}),
            ...(resource.id !== undefined ? { id: this.text(resource.id) } : {}),
            inputs: this.properties(resource.inputs),
            ...(resource.outputs ? { outputs: this.properties(resource.outputs) } : {}),
            ...(resource.parent ? { parent: this.urn(resource.parent) } : {}),
            ...(resource.dependencies ? { dependencies: urnList(resource.dependencies) } : {}),
            ...(resource.propertyDependencies
                ? { propertyDependencies: Object.fromEntries(Object.entries(resource.propertyDependencies).map(([p, urns]) => [p, urnList(urns)!])) }
                : {}),
            ...(resource.provider ? { provider: { urn: this.urn(resource.provider.urn), id: this.text(resource.provider.id) } } : {}),
        };
    }
}

/**
 * `copies` copies of `base`'s resources (the root stack resource once, first), copy by copy in
 * the base stack's order, so that each copy's providers and dependencies come before their dependents.
 */
export function cloneStack(base: Stack, copies: number): Stack {
    const root = base.resources.filter((r) => r.type === ROOT_STACK_TYPE);
    const cloned = base.resources.filter((r) => r.type !== ROOT_STACK_TYPE);
    const names = [...new Set(cloned.map((r) => logicalName(r.urn)))].sort((a, b) => b.length - a.length);
    // Longest names first, so that `source-bucket-encryption-…` is not read as `source-bucket-…`.
    const autoName = names.length > 0 ? `(?:${names.map(escapeRegExp).join("|")})-[0-9a-f]{7}(?![0-9a-z])` : "(?!)";
    const physicalName = new RegExp(`${UUID}|${autoName}`, "g");
    const urns = cloned.map((r) => r.urn);
    const resources = [...root];
    for (let copy = 0; copy < copies; copy++) {
        const namer = new CopyNamer(copy, urns, physicalName);
        resources.push(...cloned.map((resource) => namer.resource(resource)));
    }
    return { ...base, file: undefined, resources };
}
