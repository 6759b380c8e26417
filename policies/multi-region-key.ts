import { stackPolicy } from "./support/define";
import { bucketLabel, groupedFindings, isEnabledRule, keyLabel, kmsDefaultEncryption, RuleProblem } from "./support/stack-rules";
import { stackIndex } from "./model/stack";

const SINGLE_REGION = "S3 treats multi-Region keys as single-Region keys and does not use their multi-Region features";

export const multiRegionKey = stackPolicy({
    name: "s3-replication-multi-region-key",
    description: "Replication of objects encrypted with a multi-Region KMS key (or into one): S3 treats multi-Region keys as single-Region keys.",
    enforcementLevel: "advisory",
    check(args) {
        const index = stackIndex(args.resources);
        const problems: RuleProblem[] = [];
        for (const { carrier, configuration, rule, source, replicaKey } of index.replications()) {
            if (!isEnabledRule(rule)) {
                continue;
            }
            const shape = `${configuration.shape} "${carrier.name}"`;
            if (index.isMultiRegionKey(replicaKey) === true) {
                const key = keyLabel(replicaKey);
                problems.push({
                    urn: carrier.urn,
                    key: `replica\u0000${key}`,
                    ruleLabel: rule.label,
                    message: (rules) => `${shape} (${rules}) encrypts replicas with ${key}, a multi-Region key. ${SINGLE_REGION}: it encrypts with exactly the key named, so name the key (or its replica) in the destination bucket's Region by its ARN, and grant the replication role kms:Encrypt on that ARN.`,
                });
            }
            const kms = kmsDefaultEncryption(index, source);
            if (source.kind !== "in-stack" || !kms) {
                continue;
            }
            const sourceKey = index.bucketEncryptionKey(source.resource, kms.encryption);
            if (index.isMultiRegionKey(sourceKey) === true) {
                const key = keyLabel(sourceKey);
                const bucket = bucketLabel(index, source);
                problems.push({
                    urn: carrier.urn,
                    key: `source\u0000${key}`,
                    ruleLabel: rule.label,
                    message: (rules) => `${shape} (${rules}) replicates from ${bucket}, whose default encryption uses ${key}, a multi-Region key. ${SINGLE_REGION}: grant the replication role kms:Decrypt on this key's ARN in the source bucket's Region (not on a replica of it), and name the replica key for the destination explicitly.`,
                });
            }
        }
        return groupedFindings(problems);
    },
});
