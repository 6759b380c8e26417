// Broken: the source bucket uses an S3 Bucket Key, so the encryption context is the bucket ARN,
// while the role's KMS conditions still match object ARNs (<bucket arn>/Tax*) and deny.
import { buildGuideSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/guide-setup";

buildGuideSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT, sourceBucketKeyEnabled: true });
