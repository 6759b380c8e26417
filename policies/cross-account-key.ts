import { stackPolicy } from "./support/define";
import { bucketAccount, BucketAccounts, bucketKeyEncryption, grantee, keyAccount, keyPolicyVerdict, partiesOf, replicaRequestContext, roleLabel } from "./support/key-access";
import { fieldNames, isKnownValue } from "./support/rules";
import { bucketLabel, bucketNameMapSchema, groupedFindings, isEnabledRule, keyLabel, quotable, RuleProblem } from "./support/stack-rules";
import { accountRootArn, isAccountId, parseArn } from "./model/arn";
import { describeDenial, isDenial, keyPolicyStatement } from "./model/key-policy";
import { describeResource, ReplicationInStack, StackIndex, stackIndex } from "./model/stack";

interface CrossAccountKeyConfig {
    bucketAccounts?: BucketAccounts;
}

const ALSO_IDENTITY_POLICY = "the role's own policy must allow the same on the key";

/** `destination.account` must be the destination bucket owner's account. */
function destinationAccountProblem(index: StackIndex, replication: ReplicationInStack, config: CrossAccountKeyConfig): RuleProblem | undefined {
    const { carrier, configuration, rule, destination } = replication;
    const written = quotable(rule.destination.account);
    const owner = bucketAccount(index, destination, config.bucketAccounts);
    if (!written || !isAccountId(written) || !owner || written === owner) {
        return undefined;
    }
    const field = fieldNames[configuration.shape].account;
    const translation = rule.destination.accessControlTranslation.state === "known"
        ? ` With ${fieldNames[configuration.shape].accessControlTranslation} S3 makes that account the replicas' owner.` : "";
    return {
        urn: carrier.urn,
        problemId: `account\u0000${written}`,
        ruleLabel: rule.label,
        message: (rules) => `${configuration.shape} "${carrier.name}" (${rules}) sets ${field} to ${written}, but the destination ${bucketLabel(index, destination)} is owned by account ${owner}.${translation} Set ${field} to ${owner}, the destination bucket owner's account.`,
    };
}

function keyProblem(index: StackIndex, replication: ReplicationInStack, config: CrossAccountKeyConfig): RuleProblem | undefined {
    const { carrier, configuration, rule, source, replicaKey } = replication;
    // The replica key encrypts only the SSE-KMS objects the rule opts in to replicating.
    if (!isKnownValue(rule.sseKmsEncryptedObjects, "Enabled")) {
        return undefined;
    }
    const { sourceAccount, caller } = partiesOf(index, replication, config.bucketAccounts);
    const owner = keyAccount(index, replicaKey);
    if (!sourceAccount || !owner || owner === sourceAccount) {
        return undefined;
    }
    const bucketKey = bucketKeyEncryption(index, source) !== undefined;
    const actions = bucketKey ? ["kms:Encrypt", "kms:Decrypt"] : ["kms:Encrypt"];
    const key = keyLabel(replicaKey);
    const shape = `${configuration.shape} "${carrier.name}"`;
    const situation = `${key}, owned by account ${owner}, while the source ${bucketLabel(index, source)} is owned by account ${sourceAccount}`;
    const statement = (partition: string) => {
        const principal = grantee(caller, partition) ?? accountRootArn(partition, sourceAccount);
        return keyPolicyStatement(`AllowS3ReplicationFrom${sourceAccount}`, principal, actions);
    };
    if (replicaKey.kind === "external") {
        const partition = parseArn(replicaKey.reference)?.partition ?? "aws";
        return {
            urn: carrier.urn,
            problemId: `external\u0000${key}`,
            ruleLabel: rule.label,
            advisoryOnly: true,
            message: (rules) => `${shape} (${rules}) encrypts replicas with ${situation}; the key is outside this stack. Replication of SSE-KMS objects fails unless the key's owner lets the ${roleLabel(replication)} or account ${sourceAccount} use it: its key policy needs ${statement(partition)}, and ${ALSO_IDENTITY_POLICY}.`,
        };
    }
    if (replicaKey.kind !== "in-stack") {
        return undefined;
    }
    const verdict = keyPolicyVerdict(index, replicaKey.key, "kms:Encrypt", caller, replicaRequestContext(index, replication, bucketKey));
    if (!verdict || !isDenial(verdict.access)) {
        return undefined;
    }
    const denial = describeDenial(verdict.access);
    return {
        urn: verdict.declaredBy.urn,
        problemId: `${carrier.urn}\u0000${key}`,
        ruleLabel: rule.label,
        message: (rules) => `${shape} (${rules}) encrypts replicas with ${situation}; the key policy (${describeResource(verdict.declaredBy)}) does not let the ${roleLabel(replication)} or account ${sourceAccount} call kms:Encrypt: ${denial}. S3 accepts the configuration and replication of SSE-KMS objects then fails. Add ${statement(verdict.partition)} to the key policy; ${ALSO_IDENTITY_POLICY}.`,
    };
}

export const crossAccountKey = stackPolicy({
    name: "s3-replication-cross-account-key",
    description: "A replica KMS key owned by another account than the source bucket must let the replication role (or the source account) use it, and a rule's destination account must own the destination bucket.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps: "In the key policy of a replica key owned by another account, allow the replication role (or the source account) kms:Encrypt on the key; set each rule's destination account to the account that owns the destination bucket.",
    configSchema: {
        properties: {
            bucketAccounts: bucketNameMapSchema(
                "Accounts that own buckets outside the stack (or whose provider does not tell), by bucket name, e.g. {\"backup-bucket\": \"222222222222\"}.",
                "^\\d{12}$"),
        },
    },
    check(args, config: CrossAccountKeyConfig) {
        const index = stackIndex(args.resources);
        const problems: RuleProblem[] = [];
        for (const replication of index.replications()) {
            if (!isEnabledRule(replication.rule)) {
                continue;
            }
            for (const problem of [destinationAccountProblem(index, replication, config), keyProblem(index, replication, config)]) {
                if (problem) {
                    problems.push(problem);
                }
            }
        }
        return groupedFindings(problems);
    },
});
