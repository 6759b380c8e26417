/**
 * Type tokens of the resources the pack reads. Plain strings: importing `@pulumi/aws` at run time
 * would load the whole provider SDK into every preview.
 */
export const types = {
    bucketReplicationConfig: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    nativeBucket: "aws-native:s3:Bucket",
    bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketVersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketEncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    nativeBucketPolicy: "aws-native:s3:BucketPolicy",
    kmsKey: "aws:kms/key:Key",
    kmsReplicaKey: "aws:kms/replicaKey:ReplicaKey",
    kmsAlias: "aws:kms/alias:Alias",
    kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    kmsGrant: "aws:kms/grant:Grant",
    iamRole: "aws:iam/role:Role",
    nativeRole: "aws-native:iam:Role",
    nativeRolePolicy: "aws-native:iam:RolePolicy",
    nativeManagedPolicy: "aws-native:iam:ManagedPolicy",
    nativeKmsKey: "aws-native:kms:Key",
    nativeKmsReplicaKey: "aws-native:kms:ReplicaKey",
    nativeKmsAlias: "aws-native:kms:Alias",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamPolicy: "aws:iam/policy:Policy",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    awsProvider: "pulumi:providers:aws",
    nativeProvider: "pulumi:providers:aws-native",
} as const;

/** Resource types that carry a replication configuration. */
export const replicationResourceTypes: ReadonlySet<string> = new Set([types.bucketReplicationConfig, types.bucket, types.bucketV2, types.nativeBucket]);
