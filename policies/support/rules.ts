/** Shared views of replication rules for the policies that check one resource. */
import { ResourceValidationArgs } from "@pulumi/policy";
import { replicationConfigurations, ReplicationConfiguration, ReplicationRule } from "../model/replication";

export interface RuleInContext {
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
}

export function rulesOf(args: Pick<ResourceValidationArgs, "type" | "props">): RuleInContext[] {
    return replicationConfigurations(args.type, args.props).flatMap((configuration) => configuration.rules.map((rule) => ({ configuration, rule })));
}
