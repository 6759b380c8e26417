/** Shared views of replication rules for the policies that check one resource. */
import { ResourceValidationArgs } from "@pulumi/policy";
import { replicationConfigurations, ReplicationConfiguration, ReplicationRule } from "../model/replication";
import { Read } from "../model/value";

export interface RuleInContext {
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
}

export function rulesOf(args: Pick<ResourceValidationArgs, "type" | "props">): RuleInContext[] {
    return replicationConfigurations(args.type, args.props)
        .flatMap((configuration) => configuration.rules.map((rule) => ({ configuration, rule })));
}

/** A known string value of a read, or undefined. */
export function knownText(r: Read): string | undefined {
    return r.state === "known" && typeof r.value === "string" ? r.value : undefined;
}

/** Whether a read holds a known value equal to `expected`. */
export function isKnownValue(r: Read, expected: unknown): boolean {
    return r.state === "known" && r.value === expected;
}

/** How each shape spells the fields messages tell users to write. */
export const fieldNames = {
    BucketReplicationConfig: {
        optIn: "sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: \"Enabled\" } }",
        replicaKey: "destination.encryptionConfiguration.replicaKmsKeyId",
    },
    "Bucket": {
        optIn: "sourceSelectionCriteria: { sseKmsEncryptedObjects: { enabled: true } }",
        replicaKey: "destination.replicaKmsKeyId",
    },
    BucketV2: {
        optIn: "sourceSelectionCriterias: [{ sseKmsEncryptedObjects: [{ enabled: true }] }]",
        replicaKey: "destinations[0].replicaKmsKeyId",
    },
    "aws-native Bucket": {
        optIn: "sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: \"Enabled\" } }",
        replicaKey: "destination.encryptionConfiguration.replicaKmsKeyId",
    },
} as const;
