/**
 * The stack's `aws.kms.Grant`s by the key they are on, each grant's `keyId` resolved once per
 * stack: rescanning and resolving every grant for each denial of each rule cost rules × grants
 * (issue 22.4).
 */
import { types } from "../resource-types";
import { read } from "../value";
import { ResourceLookup } from "./resource-lookup";
import { push } from "./collections";
import { KmsKey, KmsKeys } from "./keys";
import { dependenciesOf, PolicyResource } from "./resource";

export class KmsGrants {
    private index?: { byKey: Map<string, PolicyResource[]>; unresolved: PolicyResource[] };

    constructor(
        private readonly lookup: ResourceLookup,
        private readonly keys: KmsKeys,
    ) {}

    /** The grants on `key`, and those whose key cannot be told (any of them may be on it), in stack order. */
    on(key: KmsKey): PolicyResource[] {
        const { byKey, unresolved } = (this.index ??= this.build());
        const own = byKey.get(key.resource.urn) ?? [];
        if (unresolved.length === 0) {
            return own;
        }
        const order = new Map(this.lookup.ofType(types.kmsGrant).map((grant, position) => [grant, position]));
        return [...own, ...unresolved].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    }

    private build(): { byKey: Map<string, PolicyResource[]>; unresolved: PolicyResource[] } {
        const byKey = new Map<string, PolicyResource[]>();
        const unresolved: PolicyResource[] = [];
        for (const grant of this.lookup.ofType(types.kmsGrant)) {
            const target = this.keys.resolve(read(grant.props, "keyId"), dependenciesOf(grant, "keyId"));
            if (target.kind === "in-stack") {
                push(byKey, target.key.resource.urn, grant);
            } else if (target.kind === "unresolved") {
                unresolved.push(grant);
            }
        }
        return { byKey, unresolved };
    }
}
