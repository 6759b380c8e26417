import { stackPolicy } from "./support/define";
import { fieldNames, isKnownValue } from "./support/rules";
import { bucketLabel, groupedFindings, isEnabledRule, kmsDefaultEncryption, RuleProblem } from "./support/stack-rules";
import { describeResource, stackIndex } from "./model/stack";

export const encryptedSourceOptIn = stackPolicy({
    name: "s3-replication-encrypted-source-opt-in",
    description: "Replication rules of a source bucket whose default encryption is SSE-KMS or DSSE-KMS must opt in to replicating KMS-encrypted objects; otherwise S3 silently skips them.",
    enforcementLevel: "mandatory",
    check(args) {
        const index = stackIndex(args.resources);
        const problems: RuleProblem[] = [];
        for (const { carrier, configuration, rule, source } of index.replications()) {
            const optIn = rule.sseKmsEncryptedObjects;
            if (!isEnabledRule(rule) || source.kind !== "in-stack" || optIn.state === "unknown" || isKnownValue(optIn, "Enabled")) {
                continue;
            }
            const kms = kmsDefaultEncryption(index, source);
            if (!kms) {
                continue;
            }
            const names = fieldNames[configuration.shape];
            problems.push({
                urn: carrier.urn,
                key: "opt-in",
                ruleLabel: rule.label,
                message: (rules) => `${configuration.shape} "${carrier.name}" (${rules}) does not opt in to replicating KMS-encrypted objects, but its source ${bucketLabel(index, source)} encrypts new objects with ${kms.algorithm} by default (${describeResource(kms.encryption.declaredBy)}): S3 silently skips those objects. Add ${names.optIn} to the rule, with ${names.replicaKey} set to a symmetric KMS key in the destination bucket's Region.`,
            });
        }
        return groupedFindings(problems);
    },
});
