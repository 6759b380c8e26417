/**
 * The stack's resources indexed once, and the resolution of a reference (a name, id or ARN, or an
 * unknown computed from other resources) to the resource it names.
 */
import { knownString, Read } from "../value";
import { Category, categoryOf, hasUnknownChosenName, identityOf, isInFamily, referenceKeys } from "./identity";
import { regionOf, accountOf } from "./location";
import { mapFor, push, uniqueResources } from "./collections";
import { isAwsResource, isPolicyResource, PolicyResource } from "./resource";

export type Resolution =
    /** A resource of the stack: named by a known reference, or the only resource an unknown one can have come from. */
    | { kind: "in-stack"; resource: PolicyResource }
    /** A known reference to nothing in the stack. */
    | { kind: "external"; reference: string }
    /** The reference names, or can only have been computed from, resources of another kind. */
    | { kind: "other-type"; resources: PolicyResource[] }
    /** Unknown, ambiguous, or not a string; `candidates` are the resources it could be, when known. */
    | { kind: "unresolved"; candidates?: PolicyResource[] }
    | { kind: "absent" };

const UNRESOLVED: Resolution = Object.freeze({ kind: "unresolved" });
const NOT_SET: Resolution = Object.freeze({ kind: "absent" });

export interface ResolveOptions {
    /** Resources an unknown reference cannot have come from (e.g. the source bucket is never the destination). */
    exclude?: readonly PolicyResource[];
    /** The Region a bare alias name or multi-Region key id is looked up in (the referring resource's). */
    region?: string;
}

export class ResourceLookup {
    readonly resources: readonly PolicyResource[];
    private readonly urns = new Map<string, PolicyResource>();
    private readonly types = new Map<string, PolicyResource[]>();
    private readonly identifiers = new Map<Category, Map<string, PolicyResource[]>>();
    private readonly arns = new Map<string, PolicyResource>();
    /** Resources whose chosen name is unknown, by category: a known reference may name them. */
    private readonly unnamed = new Map<Category, PolicyResource[]>();
    /** Known references already resolved: by categories, then the Region for aliases, then the reference. */
    private readonly named = new Map<string, Map<string | undefined, Map<string, Resolution>>>();

    constructor(resources: readonly unknown[]) {
        this.resources = Array.isArray(resources) ? resources.filter(isPolicyResource) : [];
        for (const resource of this.resources) {
            this.urns.set(resource.urn, resource);
            push(this.types, resource.type, resource);
            const category = categoryOf(resource.type);
            if (category) {
                identityOf(resource).known.forEach((identifier) => push(mapFor(this.identifiers, category), identifier, resource));
                if (hasUnknownChosenName(resource)) {
                    push(this.unnamed, category, resource);
                }
            }
            const arn = knownString(resource.props, "arn");
            if (arn?.startsWith("arn:")) {
                this.arns.set(arn, resource);
            }
        }
    }

    byUrn(urn: string): PolicyResource | undefined {
        return this.urns.get(urn);
    }

    ofType(...types: string[]): PolicyResource[] {
        return types.flatMap((type) => this.types.get(type) ?? []);
    }

    /**
     * The resource of one of `categories` that `reference` names (known) or was computed from
     * (unknown, through `dependencies`, the resources behind the property that holds it).
     */
    resolve(reference: Read, categories: readonly Category[], dependencies: readonly PolicyResource[], options: ResolveOptions = {}): Resolution {
        switch (reference.state) {
            case "absent":
                return NOT_SET;
            case "unknown": {
                const excluded = new Set((options.exclude ?? []).map((r) => r.urn));
                return this.resolveComputed(
                    categories,
                    dependencies.filter((d) => !excluded.has(d.urn)),
                );
            }
            case "known":
                if (typeof reference.value !== "string") {
                    return UNRESOLVED;
                }
                return reference.value === "" ? NOT_SET : this.resolveKnown(reference.value, categories, options);
        }
    }

    /** `resolveNamed`, once per reference, categories and Region: every stack policy resolves the rules' references anew. */
    private resolveKnown(reference: string, categories: readonly Category[], options: ResolveOptions): Resolution {
        const byReference = mapFor(mapFor(this.named, categories.join(",")), options.region);
        let resolution = byReference.get(reference);
        if (!resolution) {
            resolution = this.resolveNamed(reference, categories, options);
            byReference.set(reference, resolution);
        }
        return resolution;
    }

    private resolveNamed(reference: string, categories: readonly Category[], options: ResolveOptions): Resolution {
        const matches = new Map<string, PolicyResource>();
        for (const category of categories) {
            const { keys, region, account } = referenceKeys(category, reference, options.region);
            // Aliases share names across Regions and accounts, multi-Region keys their ids: the Region and account tell which.
            uniqueResources(keys.flatMap((key) => this.identifiers.get(category)?.get(key) ?? []))
                .filter((r) => couldBeIn(regionOf(r), region) && couldBeIn(accountOf(r), account))
                .forEach((r) => matches.set(r.urn, r));
        }
        if (matches.size === 1) {
            return { kind: "in-stack", resource: [...matches.values()][0] };
        }
        if (matches.size > 1) {
            return { kind: "unresolved", candidates: [...matches.values()] };
        }
        const other = this.arns.get(reference);
        if (other && isOtherType(other, categories)) {
            return { kind: "other-type", resources: [other] };
        }
        // A resource of the stack whose name is not known yet may be the one named.
        const unnamed = uniqueResources(categories.flatMap((category) => this.unnamed.get(category) ?? []));
        if (unnamed.length > 0) {
            return { kind: "unresolved", candidates: unnamed };
        }
        return { kind: "external", reference };
    }

    private resolveComputed(categories: readonly Category[], dependencies: readonly PolicyResource[]): Resolution {
        const inCategory = dependencies.filter((d) => isInCategories(d, categories));
        // A resource whose identifiers are all known cannot have produced an unknown reference.
        const candidates = uniqueResources(inCategory.filter((d) => !identityOf(d).complete));
        if (candidates.length === 1) {
            return { kind: "in-stack", resource: candidates[0] };
        }
        if (candidates.length > 1) {
            return { kind: "unresolved", candidates };
        }
        // Only resources of other kinds feed the property, but which of their outputs it is cannot be
        // told: a resource of another kind may carry a reference of these kinds itself (a bucket's
        // encryption, `kmsMasterKeyId`, is a key id), so the unknown is undecided, never "other-type".
        return UNRESOLVED;
    }
}

function isInCategories(resource: PolicyResource, categories: readonly Category[]): boolean {
    const category = categoryOf(resource.type);
    return category !== undefined && categories.includes(category);
}

/** An AWS resource that neither is nor could stand for a resource of `categories`. */
function isOtherType(resource: PolicyResource, categories: readonly Category[]): boolean {
    return isAwsResource(resource) && !categories.some((c) => isInFamily(resource.type, c));
}

/** False only when both are known and differ. */
function couldBeIn(value: Read<string>, expected: string | undefined): boolean {
    return !expected || value.state !== "known" || value.value === expected;
}
