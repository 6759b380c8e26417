/**
 * Resources that attach a policy to the roles listed by name in their `roles`:
 * `aws.iam.PolicyAttachment` and `aws-native:iam:ManagedPolicy`. Indexed by role once per stack
 * and type: asking, for each role, whether every such resource names it cost roles × resources ×
 * names (issue 22.4).
 */
import { arrayOf, read, Read, readBelow } from "../value";
import { ResourceLookup } from "./resource-lookup";
import { dependenciesOf, PolicyResource } from "./resource";

/** A resource naming the role surely ("yes"), or perhaps (an unknown or ambiguous name): "maybe". */
export interface NamingRole {
    resource: PolicyResource;
    names: "yes" | "maybe";
}

interface TypeIndex {
    resources: readonly PolicyResource[];
    /** By role URN: the positions (in `resources`) of those naming it, surely or perhaps. */
    byRole: Map<string, Map<number, "yes" | "maybe">>;
    /** Positions of those with a name that could be any role. */
    anyRole: number[];
}

export class RoleLists {
    private readonly types = new Map<string, TypeIndex>();

    constructor(private readonly lookup: ResourceLookup) {}

    /** The resources of `type` that name `role` in `roles`, surely or perhaps, in stack order. */
    naming(role: PolicyResource, type: string): NamingRole[] {
        const index = this.indexOf(type);
        const answers = new Map<number, "yes" | "maybe">();
        index.anyRole.forEach((position) => answers.set(position, "maybe"));
        for (const [position, names] of index.byRole.get(role.urn) ?? []) {
            if (names === "yes" || !answers.has(position)) {
                answers.set(position, names);
            }
        }
        return [...answers.entries()].sort(([a], [b]) => a - b).map(([position, names]) => ({ resource: index.resources[position], names }));
    }

    private indexOf(type: string): TypeIndex {
        let index = this.types.get(type);
        if (index === undefined) {
            index = this.build(type);
            this.types.set(type, index);
        }
        return index;
    }

    private build(type: string): TypeIndex {
        const resources = this.lookup.ofType(type);
        const index: TypeIndex = { resources, byRole: new Map(), anyRole: [] };
        const mark = (urn: string, position: number, names: "yes" | "maybe") => {
            let positions = index.byRole.get(urn);
            if (positions === undefined) {
                positions = new Map();
                index.byRole.set(urn, positions);
            }
            if (names === "yes" || !positions.has(position)) {
                positions.set(position, names);
            }
        };
        resources.forEach((resource, position) => {
            const roles = read(resource.props, "roles");
            const dependencies = dependenciesOf(resource, "roles");
            const entries: Read[] = arrayOf(roles)?.map((_, i) => readBelow(roles, i)) ?? [roles];
            let anyRole = false;
            for (const entry of entries) {
                if (entry.state === "absent") {
                    continue;
                }
                const resolution = this.lookup.resolve(entry, ["role"], dependencies);
                if (resolution.kind === "in-stack") {
                    mark(resolution.resource.urn, position, "yes");
                } else if (resolution.kind === "unresolved" && resolution.candidates) {
                    resolution.candidates.forEach((candidate) => mark(candidate.urn, position, "maybe"));
                } else if (resolution.kind === "unresolved") {
                    anyRole = true;
                }
            }
            if (anyRole) {
                index.anyRole.push(position);
            }
        });
        return index;
    }
}
