/** Shared views of replication rules for the policies that check one resource. */
import { ResourceValidationArgs } from "@pulumi/policy";
import { replicationConfigurations, ReplicationConfiguration, ReplicationRule, ReplicationShape } from "../model/replication";
import { Read } from "../model/value";

export interface RuleInContext {
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
}

export function rulesOf(args: Pick<ResourceValidationArgs, "type" | "props">): RuleInContext[] {
    return replicationConfigurations(args.type, args.props).flatMap((configuration) => configuration.rules.map((rule) => ({ configuration, rule })));
}

/** Whether a read holds a known value equal to `expected`. */
export function isKnownValue(r: Read, expected: unknown): boolean {
    return r.state === "known" && r.value === expected;
}

/** The shapes that follow the S3 API's rule structure (the inline shapes are the provider's own). */
export function isApiShaped(shape: ReplicationShape): boolean {
    return shape === "BucketReplicationConfig" || shape === "aws-native Bucket";
}
