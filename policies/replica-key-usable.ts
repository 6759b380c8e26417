import { stackPolicy } from "./support/define";
import { eachEnabledRule, ruleProblem } from "./support/each-rule";
import { groupKey, keyLabel } from "./wording/labels";
import { KeyReference, KmsKey } from "./model/stack";
import { booleanOf, stringOf } from "./model/value";

const USABLE_KEY = "an enabled symmetric encryption key (keyUsage ENCRYPT_DECRYPT, spec SYMMETRIC_DEFAULT) in the destination bucket's Region";

/** What makes the key unusable for replicas, or undefined when nothing known does. */
function unusable(key: KmsKey): string | undefined {
    const usage = stringOf(key.keyUsage);
    const spec = stringOf(key.keySpec);
    if ((usage && usage !== "ENCRYPT_DECRYPT") || (spec && spec !== "SYMMETRIC_DEFAULT")) {
        return `is not a symmetric encryption key (keyUsage ${usage ?? "unknown"}, spec ${spec ?? "unknown"})`;
    }
    if (booleanOf(key.enabled) === false) {
        return `is disabled (${key.isReplica ? "enabled" : "isEnabled"}: false)`;
    }
    return undefined;
}

function problemOf(reference: KeyReference): string | undefined {
    if (reference.kind === "in-stack") {
        return unusable(reference.key);
    }
    return reference.kind === "other-type" ? "is not a KMS key" : undefined;
}

export const replicaKeyUsable = stackPolicy({
    name: "s3-replication-replica-key-usable",
    description:
        "The replica KMS key of a replication rule must be an enabled symmetric encryption key; S3 accepts any key with 200 OK and replication then fails.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps: "Use an enabled symmetric encryption key (keyUsage ENCRYPT_DECRYPT, keySpec SYMMETRIC_DEFAULT, isEnabled true) as the replica KMS key.",
    check(_args, _config, analysis) {
        return eachEnabledRule(analysis, (replication) => {
            const { replicaKey } = replication;
            const problem = problemOf(replicaKey);
            if (!problem) {
                return undefined;
            }
            const key = keyLabel(replicaKey);
            return ruleProblem(
                replication,
                groupKey(key, problem),
                `encrypts replicas with ${key}, which ${problem}. S3 accepts the configuration with 200 OK and ` +
                    `replication of KMS-encrypted objects then fails. Use ${USABLE_KEY}.`,
            );
        });
    },
});
