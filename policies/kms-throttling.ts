import { stackPolicy } from "./support/define";
import { bucketKeySetting } from "./wording/messages";
import { isKnownValue } from "./model/value";
import { eachEnabledRule, ruleProblem } from "./support/each-rule";
import { bucketLabel } from "./wording/labels";
import { kmsDefaultEncryption } from "./model/default-encryption";
import { DefaultEncryption, describeResource, Resolution, StackIndex } from "./model/stack";
import { booleanOf } from "./model/value";

/** SSE-KMS default encryption known not to use an S3 Bucket Key (DSSE-KMS cannot use one). */
function withoutBucketKey(index: StackIndex, bucket: Resolution): DefaultEncryption | undefined {
    const kms = kmsDefaultEncryption(index, bucket);
    if (!kms || kms.algorithm !== "aws:kms") {
        return undefined;
    }
    const enabled = kms.encryption.bucketKeyEnabled;
    const off = enabled.state === "absent" || booleanOf(enabled) === false;
    return off ? kms.encryption : undefined;
}

function howTo(encryption: DefaultEncryption): string {
    return `${bucketKeySetting(encryption.declaredBy)} on ${describeResource(encryption.declaredBy)}`;
}

export const kmsThrottling = stackPolicy({
    name: "s3-replication-kms-throttling",
    description:
        "Replicating SSE-KMS objects without S3 Bucket Keys costs KMS requests for every object and can hit " +
        "the KMS request quota (throttling, HTTP 503); Bucket Keys cut those requests sharply.",
    enforcementLevel: "advisory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "low",
    remediationSteps:
        "Enable S3 Bucket Keys (bucketKeyEnabled) on the destination's encryption, or the rule's " +
        "destination, to cut the KMS requests replication makes; otherwise request a higher KMS quota.",
    check(_args, _config, analysis) {
        return eachEnabledRule(analysis, (replication, index) => {
            const { configurationResource, rule, source, destination } = replication;
            if (!isKnownValue(rule.sseKmsEncryptedObjects, "Enabled")) {
                return undefined;
            }
            // Replicas keep the source object's Bucket Key setting: the source's default encryption decides.
            const sourceEncryption = withoutBucketKey(index, source);
            if (!sourceEncryption) {
                return undefined;
            }
            const destinationEncryption = withoutBucketKey(index, destination);
            const alsoDestination = destinationEncryption ? `, and ${howTo(destinationEncryption)} for objects that take the destination's defaults` : "";
            return ruleProblem(
                replication,
                configurationResource.urn,
                `replicates SSE-KMS objects of ${bucketLabel(index, source)}, whose default encryption uses no S3 ` +
                    `Bucket Key, into ${bucketLabel(index, destination)}: replicas keep that setting, so every ` +
                    `replicated object costs KMS requests, and many new objects can exceed the KMS request quota ` +
                    `(throttling, HTTP 503 Service Unavailable). Use S3 Bucket Keys: ` +
                    `${howTo(sourceEncryption)}${alsoDestination}. The encryption context then becomes the bucket's ARN: ` +
                    `update kms:EncryptionContext:aws:s3:arn conditions in the role's and keys' policies. Otherwise ` +
                    `request a higher KMS quota through Service Quotas.`,
                { urn: sourceEncryption.declaredBy.urn },
            );
        });
    },
});
