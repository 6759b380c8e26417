/** Shared views of resolved replication rules for the stack policies: which rules S3 applies, and which default encryption counts as KMS. */
import { ReplicationRule } from "../model/replication";
import { DefaultEncryption, KMS_ALGORITHMS, Resolution, StackIndex } from "../model/stack";
import { stringOf } from "../model/value";
import { isKnownValue } from "./rules";

/** A rule S3 applies: status known to be `Enabled` (an unknown status may turn out `Disabled`). */
export function isEnabledRule(rule: ReplicationRule): boolean {
    return isKnownValue(rule.status, "Enabled");
}

/** The default encryption of an in-stack source bucket when it is known to be SSE-KMS or DSSE-KMS. */
export function kmsDefaultEncryption(index: StackIndex, source: Resolution): { encryption: DefaultEncryption; algorithm: string } | undefined {
    if (source.kind !== "in-stack") {
        return undefined;
    }
    const encryption = index.bucketEncryption(source.resource);
    const algorithm = encryption.state === "known" ? stringOf(encryption.value.algorithm) : undefined;
    return encryption.state === "known" && algorithm && KMS_ALGORITHMS.has(algorithm) ? { encryption: encryption.value, algorithm } : undefined;
}
