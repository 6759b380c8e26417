/**
 * S3 stores whatever string a rule names as its replica key and checks it only when it replicates
 * an SSE-KMS object: a bare key id, an alias name or another ARN deploys fine and replication
 * then fails. Only a KMS key ARN or alias ARN works.
 */
import { resourcePolicy } from "./support/define";
import { rulesOf } from "./support/rules";
import { replicationResourceTypes } from "./model/resource-types";
import { replicaKeyFormatMessage } from "./support/replica-key-format-checks";

export const replicaKeyFormat = resourcePolicy({
    name: "s3-replication-replica-key-format",
    description:
        "The replica KMS key of a replication rule is a KMS key ARN or alias ARN (not a bare key id, an " +
        "alias name or another service's ARN), in the destination bucket's partition.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_EncryptionConfiguration.html",
    severity: "high",
    remediationSteps:
        "Set ReplicaKmsKeyID to the full ARN of a KMS key (or alias ARN) in the destination bucket's partition, for example the arn output of an aws.kms.Key.",
    resourceTypes: [...replicationResourceTypes],
    check(args, _config, { secrets }) {
        return rulesOf(args, secrets).flatMap((ruleInContext) => {
            const message = replicaKeyFormatMessage(ruleInContext, secrets);
            return message === undefined ? [] : [{ message }];
        });
    },
});
