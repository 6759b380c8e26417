/**
 * The per-rule checks of s3-replication-cross-account-key, kept here so that the verdict matrix
 * (verdict-matrix.ts) says, in the words of the finding, that KMS-encrypted objects do not
 * replicate (or may not) with a replica key of another account whose key policy does not let the
 * role in, and that a rule whose destination account does not own the destination bucket is in
 * doubt. AWS S3 user guide, "Replicating encrypted objects"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html):
 * in a cross-account scenario the owner of the replica key must grant the source bucket owner
 * permission to use it.
 */
import { bucketAccount, keyAccount, keyPolicyGrant, keyPolicyVerdict, partiesOf, replicaRequestContext } from "../model/authorization";
import { grantsLackingNote } from "../wording/messages";
import { bucketKeyEncryption } from "../model/default-encryption";
import { RuleProblem, ruleProblem } from "./each-rule";
import { fieldNames } from "../wording/field-names";
import { bucketLabel, groupKey, keyLabel, quotable, roleLabel } from "../wording/labels";
import { ExternalFacts, keyFact } from "../model/external-facts";
import { isAccountId, parseArn } from "../model/arn";
import { describeDenial, isAwsManagedKeyAlias } from "../model/key-policy";
import { isDenial } from "../model/verdict";
import { describeResource, ReplicationInStack, StackIndex } from "../model/stack";
import { replicaKeyActions } from "../model/role";
import { ONCE_OPTED_IN, replicatesKmsObjects } from "../model/replication";

const ALSO_IDENTITY_POLICY = "the role's own policy must allow the same on the key";

/** `destination.account` must be the destination bucket owner's account. */
export function destinationAccountProblem(index: StackIndex, replication: ReplicationInStack, facts: ExternalFacts): RuleProblem | undefined {
    const { configuration, rule, destination } = replication;
    const written = quotable(rule.destination.account, index.secrets);
    const owner = bucketAccount(index, destination, facts);
    if (!written || !isAccountId(written) || !owner || written === owner) {
        return undefined;
    }
    const field = fieldNames[configuration.shape].account;
    const translation =
        rule.destination.accessControlTranslation.state === "known"
            ? ` With ${fieldNames[configuration.shape].accessControlTranslation} S3 makes that account the replicas' owner.`
            : "";
    return ruleProblem(
        replication,
        groupKey("account", written),
        `sets ${field} to ${written}, but the destination ${bucketLabel(index, destination)} is owned by account ` +
            `${owner}.${translation} Set ${field} to ${owner}, the destination bucket owner's account.`,
    );
}

/** s3-replication-cross-account-key: a replica key of another account that does not (or may not) let the role use it. */
export function crossAccountKeyProblem(index: StackIndex, replication: ReplicationInStack, facts: ExternalFacts): RuleProblem | undefined {
    const { rule, source, replicaKey } = replication;
    // The replica key encrypts only the SSE-KMS objects the rule opts in to replicating: said now for a rule that
    // names the key but lacks the opt-in, with that fix, as advisory (see replicatesKmsObjects).
    const replicates = replicatesKmsObjects(rule);
    if (!replicates) {
        return undefined;
    }
    const once = replicates === "once-opted-in";
    const { sourceAccount, caller } = partiesOf(index, replication, facts);
    const owner = keyAccount(index, replicaKey, facts);
    if (!sourceAccount || !owner || owner === sourceAccount) {
        return undefined;
    }
    const bucketKey = bucketKeyEncryption(index, source) !== undefined;
    const actions = replicaKeyActions(bucketKey);
    const key = keyLabel(index, replicaKey);
    const situation = `${key}, owned by account ${owner}, while the source ${bucketLabel(index, source)} is owned by account ${sourceAccount}`;
    const encrypts = once ? `${ONCE_OPTED_IN}, encrypts replicas with` : "encrypts replicas with";
    const statement = (partition: string) => keyPolicyGrant(`AllowS3ReplicationFrom${sourceAccount}`, caller, partition, actions, sourceAccount) ?? "";
    if (replicaKey.kind === "external" && (isAwsManagedKeyAlias(replicaKey.reference) || keyFact(facts, replicaKey.reference)?.awsManaged)) {
        // An AWS managed key's policy cannot be changed and lets in only its own account (KMS developer guide,
        // "AWS managed keys", https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key;
        // S3 user guide, "Replicating encrypted objects": cross-account replicas need a customer managed key).
        return ruleProblem(
            replication,
            groupKey("aws-managed", key),
            `${encrypts} ${situation}. That is an AWS managed key: its key policy cannot be changed and lets in only principals of ` +
                `account ${owner}, so the replication role of account ${sourceAccount} can never use it. ` +
                "Create a customer managed KMS key in the destination's Region, " +
                `let the ${roleLabel(index, replication)} use it in its key policy ` +
                `(${statement(parseArn(replicaKey.reference)?.partition ?? "aws")}), and name its key ARN as the replica key.`,
            { advisoryOnly: once },
        );
    }
    if (replicaKey.kind === "external") {
        const partition = parseArn(replicaKey.reference)?.partition ?? "aws";
        return ruleProblem(
            replication,
            groupKey("external", key),
            `${encrypts} ${situation}; the key is outside this stack. Replication of SSE-KMS objects fails unless the key's owner ` +
                `lets the ${roleLabel(index, replication)} or account ${sourceAccount} use it: ` +
                `its key policy needs ${statement(partition)}, and ${ALSO_IDENTITY_POLICY}.`,
            { advisoryOnly: true },
        );
    }
    if (replicaKey.kind !== "in-stack") {
        return undefined;
    }
    const verdict = keyPolicyVerdict(index, replicaKey.key, "kms:Encrypt", caller, replicaRequestContext(index, replication, bucketKey));
    if (!verdict || !isDenial(verdict.access)) {
        return undefined;
    }
    const denial = describeDenial(verdict.access, index.secrets);
    const grants = grantsLackingNote([{ permission: { action: "kms:Encrypt" }, grantsLacking: verdict.grantsLacking }]);
    return ruleProblem(
        replication,
        groupKey(replication.configurationResource.urn, key),
        `${encrypts} ${situation}; the key policy (${describeResource(verdict.declaredBy)}) does not let the ` +
            `${roleLabel(index, replication)} or account ${sourceAccount} call kms:Encrypt: ${denial}. ` +
            `S3 accepts the configuration and replication of SSE-KMS objects then fails.${grants.map((g) => ` ${g}`).join("")} ` +
            `Add ${statement(verdict.partition)} to the key policy; ${ALSO_IDENTITY_POLICY}.`,
        { urn: verdict.declaredBy.urn, advisoryOnly: once },
    );
}
