/**
 * The condition keys the pack gives a value in the requests replication makes, each with the AWS
 * page that shows the key present in that request. Every other key a policy tests is unknown to
 * the evaluator (`openWorldContext`), so a condition on it is undecided, never false:
 * `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalTag/*`, `aws:SourceVpce`,
 * `aws:SourceIp`, `aws:RequestTag/*`, ... whose values the stack cannot show.
 */
export const EVALUATED_KEYS: Readonly<Record<string, string>> = Object.freeze({
    // "AWS global condition context keys": present in every request signed by a principal; for a role session, the role's ARN.
    "aws:PrincipalArn": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn",
    "aws:PrincipalAccount": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount",
    // "AWS KMS condition keys": present in every KMS request.
    "kms:CallerAccount": "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account",
    // Present when an AWS service (here S3, s3.<Region>.amazonaws.com) calls KMS on the principal's behalf.
    "kms:ViaService": "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
    // S3 user guide, "Using server-side encryption with AWS KMS keys": the encryption context is the object's ARN, or the bucket's with an S3 Bucket Key.
    "kms:EncryptionContext:aws:s3:arn": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context",
    // Present when a service principal (S3 assuming the replication role) acts for a resource.
    "aws:SourceAccount": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount",
    "aws:SourceArn": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn",
});
