import { stackPolicy } from "./support/define";
import { eachEnabledRule, RuleProblem, ruleProblem } from "./support/each-rule";
import { keyPolicyGrant, keyPolicyVerdict, partiesOf, replicaRequestContext } from "./model/authorization";
import { grantsLackingNote } from "./wording/messages";
import { bucketKeyEncryption, nonKmsDefaultEncryption } from "./model/default-encryption";
import { bucketLabel, groupKey, keyLabel, roleLabel } from "./wording/labels";
import { ExternalFacts } from "./model/external-facts";
import { ONCE_OPTED_IN, replicatesKmsObjects } from "./model/replication";
import { describeDenial } from "./model/key-policy";
import { isDenial } from "./model/verdict";
import { describeResource, KeyReference, ReplicationInStack, StackIndex } from "./model/stack";

/** Why replicas use a Bucket Key and which key encrypts them, when it is known that they do. */
interface BucketKeyUse {
    key: KeyReference;
    why: string;
    /**
     * Only objects stored unencrypted take the destination's Bucket Key (S3 has encrypted every new object since
     * 5 January 2023), or the rule needs it only once it opts in (see `replicatesKmsObjects`).
     */
    advisoryOnly: boolean;
}

function bucketKeyUse(index: StackIndex, replication: ReplicationInStack): BucketKeyUse | undefined {
    const { rule, source, destination, replicaKey } = replication;
    const sourceEncryption = bucketKeyEncryption(index, source);
    if (sourceEncryption) {
        // Replicas keep the source object's Bucket Key; the replica key encrypts the SSE-KMS objects the rule opts in to
        // (or will once it opts in, as it must: both fixes are said at once).
        const replicates = replicatesKmsObjects(rule);
        const once = replicates === "once-opted-in";
        return replicates
            ? {
                  key: replicaKey,
                  why:
                      `${once ? `${ONCE_OPTED_IN}, it ` : ""}replicates from ${bucketLabel(index, source)}, ` +
                      `whose default encryption uses an S3 Bucket Key (${describeResource(sourceEncryption.declaredBy)}), ` +
                      "so its replicas use one too",
                  advisoryOnly: once,
              }
            : undefined;
    }
    const destinationEncryption = bucketKeyEncryption(index, destination);
    const plainSource = nonKmsDefaultEncryption(index, source);
    if (!destinationEncryption || !plainSource || destination.kind !== "in-stack") {
        return undefined;
    }
    return {
        key: index.bucketEncryptionKey(destination.resource, destinationEncryption),
        why:
            `replicates unencrypted objects of ${bucketLabel(index, source)} ` +
            "(stored before S3 began encrypting every new object on 5 January 2023) " +
            `into ${bucketLabel(index, destination)}, whose default encryption uses an S3 Bucket Key ` +
            `(${describeResource(destinationEncryption.declaredBy)}) that their replicas then use`,
        advisoryOnly: true,
    };
}

function problemOf(index: StackIndex, replication: ReplicationInStack, facts: ExternalFacts): RuleProblem | undefined {
    const use = bucketKeyUse(index, replication);
    if (!use || use.key.kind !== "in-stack") {
        return undefined;
    }
    const { caller } = partiesOf(index, replication, facts);
    const verdict = keyPolicyVerdict(index, use.key.key, "kms:Decrypt", caller, replicaRequestContext(index, replication, true));
    if (!verdict || !isDenial(verdict.access)) {
        return undefined;
    }
    const key = keyLabel(index, use.key);
    const denial = describeDenial(verdict.access, index.secrets);
    const statement = keyPolicyGrant("AllowS3ReplicationBucketKey", caller, verdict.partition, ["kms:Decrypt"]);
    const fix = statement ? `Add ${statement} to the key policy` : "Let the replication role call kms:Decrypt in the key policy";
    const grants = grantsLackingNote([{ permission: { action: "kms:Decrypt" }, grantsLacking: verdict.grantsLacking }]);
    return ruleProblem(
        replication,
        groupKey(replication.configurationResource.urn, key),
        `${use.why}. With an S3 Bucket Key, S3 calls kms:Decrypt on ${key} to verify the Bucket Key, ` +
            `but its key policy (${describeResource(verdict.declaredBy)}) does not let the ${roleLabel(index, replication)} do so: ` +
            `${denial}. Replication of these objects fails.${grants.map((g) => ` ${g}`).join("")} ` +
            `${fix} (naming the role, or its account so that the role's own policy decides); ` +
            "note that with a Bucket Key the encryption context is the bucket's ARN, not the object's.",
        { urn: verdict.declaredBy.urn, advisoryOnly: use.advisoryOnly },
    );
}

export const bucketKey = stackPolicy({
    name: "s3-replication-bucket-key",
    description:
        "When replicas use an S3 Bucket Key, the policy of the KMS key that encrypts them must allow the replication role " +
        "kms:Decrypt (naming the role or its account).",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps:
        "Allow the replication role kms:Decrypt in the key policy of the KMS key that encrypts the replicas when they use an " +
        "S3 Bucket Key, naming the role or its account.",
    check(_args, _config, analysis) {
        return eachEnabledRule(analysis, (replication, index) => problemOf(index, replication, analysis.facts));
    },
});
