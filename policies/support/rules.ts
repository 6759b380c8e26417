/** Shared views of replication rules for the policies that check one resource. */
import { ResourceValidationArgs } from "@pulumi/policy";
import { replicationConfigurations, ReplicationConfiguration, ReplicationRule } from "../model/replication";
import { SecretValues } from "../model/secret-values";

export interface RuleInContext {
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
}

/** The resource's rules; `secrets` decides which rule IDs their labels may quote (support/analysis.ts). */
export function rulesOf(args: Pick<ResourceValidationArgs, "type" | "props">, secrets: SecretValues): RuleInContext[] {
    return replicationConfigurations(args.type, args.props, secrets).flatMap((configuration) => configuration.rules.map((rule) => ({ configuration, rule })));
}
