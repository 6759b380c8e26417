import { stackPolicy } from "./support/define";
import { unversionedBuckets } from "./support/versioning-checks";

export const replicationVersioning = stackPolicy({
    name: "s3-replication-versioning",
    description: "Versioning must be enabled on the source and destination buckets of replication; S3 rejects the configuration otherwise.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
    severity: "high",
    remediationSteps:
        "Enable versioning (status Enabled) on the source bucket and on every destination bucket, for " +
        "example with an aws.s3.BucketVersioning resource for each.",
    check(_args, _config, { index }) {
        return unversionedBuckets(index).map(({ urn, message }) => ({ urn, message }));
    },
});
