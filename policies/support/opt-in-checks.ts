/**
 * The per-rule check of s3-replication-encrypted-source-opt-in, kept here so that the verdict
 * matrix (verdict-matrix.ts) words a rule that skips KMS-encrypted objects exactly as the finding.
 */
import { kmsDefaultEncryption } from "../model/default-encryption";
import { describeResource, ReplicationInStack, StackIndex } from "../model/stack";
import { isKnownValue } from "../model/value";
import { RuleProblem, ruleProblem } from "./each-rule";
import { fieldNames } from "../wording/field-names";
import { bucketLabel } from "../wording/labels";

/** A rule of a source bucket that encrypts with SSE-KMS or DSSE-KMS by default, and does not opt in to those objects. */
export function encryptedSourceOptInProblem(replication: ReplicationInStack, index: StackIndex): RuleProblem | undefined {
    const { configuration, rule, source } = replication;
    const optIn = rule.sseKmsEncryptedObjects;
    if (source.kind !== "in-stack" || optIn.state === "unknown" || isKnownValue(optIn, "Enabled")) {
        return undefined;
    }
    // One cause, one finding: a rule that names a replica key is s3-replication-sse-kms-opt-in's, with the same fix.
    if (rule.destination.replicaKmsKeyId.state === "known") {
        return undefined;
    }
    const kms = kmsDefaultEncryption(index, source);
    if (!kms) {
        return undefined;
    }
    const names = fieldNames[configuration.shape];
    return ruleProblem(
        replication,
        "opt-in",
        `does not opt in to replicating KMS-encrypted objects, but its source ${bucketLabel(index, source)} encrypts new ` +
            `objects with ${kms.algorithm} by default (${describeResource(kms.encryption.declaredBy)}): ` +
            `S3 silently skips those objects. Add ${names.optIn} to the rule, ` +
            `with ${names.replicaKey} set to a symmetric KMS key in the destination bucket's Region.`,
    );
}
