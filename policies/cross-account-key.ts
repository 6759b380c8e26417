import { stackPolicy } from "./support/define";
import { eachEnabledRule } from "./support/each-rule";
import { bucketNameMapSchema } from "./runtime/external-resources";
import { withAliases } from "./model/external-facts";
import { crossAccountKeyProblem, destinationAccountProblem } from "./support/cross-account-checks";

interface CrossAccountKeyConfig {
    /** Kept as an alias of the pack-wide `externalResources.buckets.<name>.account`. */
    bucketAccounts?: Record<string, unknown>;
}

export const crossAccountKey = stackPolicy({
    name: "s3-replication-cross-account-key",
    description:
        "A replica KMS key owned by another account than the source bucket must let the replication role (or the source " +
        "account) use it, and a rule's destination account must own the destination bucket.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps:
        "In the key policy of a replica key owned by another account, " +
        "allow the replication role (or the source account) kms:Encrypt on the key; " +
        "set each rule's destination account to the account that owns the destination bucket.",
    configSchema: {
        properties: {
            bucketAccounts: bucketNameMapSchema(
                'Accounts that own buckets outside the stack (or whose provider does not tell), by bucket name, e.g. {"backup-bucket": ' +
                    '"222222222222"}. An alias of the pack-wide externalResources setting of s3-replication-environments.',
                "^\\d{12}$",
            ),
        },
    },
    check(_args, config: CrossAccountKeyConfig, analysis) {
        const facts = withAliases(analysis.facts, config);
        return eachEnabledRule(analysis, (replication, index) => [
            destinationAccountProblem(index, replication, facts),
            crossAccountKeyProblem(index, replication, facts),
        ]);
    },
});
