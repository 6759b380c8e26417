/**
 * The setup of the Amazon S3 user guide page "Replicating objects created with server-side
 * encryption (SSE-C, SSE-S3, SSE-KMS)": S3 replication of SSE-KMS encrypted
 * objects with the prefix `Tax` from a source bucket in us-east-1 to a destination bucket in
 * us-west-2, with that page's complete replication-role policy.
 *
 * Every example program calls `buildGuideSetup` once; the options name the one thing a broken
 * example gets wrong. With no deviation the setup is compliant.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where one side of the replication lives: the account and Region its provider deploys to. */
export interface Placement {
    accountId: string;
    region: string;
    /** Role the provider assumes to reach the account (cross-account deployments). */
    assumeRoleArn?: string;
}

export const SOURCE: Placement = { accountId: "111111111111", region: "us-east-1" };

/** A destination in the source account, another Region: cross-Region replication. */
export const DESTINATION_IN_SOURCE_ACCOUNT: Placement = { accountId: SOURCE.accountId, region: "us-west-2" };

/** A destination owned by a second account, deployed through a role in that account. */
export const DESTINATION_IN_OTHER_ACCOUNT: Placement = {
    accountId: "222222222222",
    region: "us-west-2",
    assumeRoleArn: "arn:aws:iam::222222222222:role/replication-deployer",
};

/** The key prefix the guide's rule replicates. */
export const REPLICATED_PREFIX = "Tax";

export interface GuideSetupOptions {
    destination: Placement;
    /** Add `sourceSelectionCriteria.sseKmsEncryptedObjects = Enabled` (the opt-in). Default true. */
    optInToSseKmsReplication?: boolean;
    /** The provider that creates the replica key. Default "destination" (the destination bucket's Region). */
    replicaKeyCreatedBy?: "source" | "destination";
    /** Grant the replication role kms:Encrypt on the replica key. Default true. */
    grantReplicaKeyEncrypt?: boolean;
    /**
     * Enable the S3 Bucket Key on the source bucket's default encryption. Default false. The role's
     * KMS conditions stay written for object ARNs (`<bucket arn>/Tax*`) either way.
     */
    sourceBucketKeyEnabled?: boolean;
}

function providerFor(name: string, placement: Placement): aws.Provider {
    return new aws.Provider(name, {
        region: placement.region,
        allowedAccountIds: [placement.accountId],
        assumeRoles: placement.assumeRoleArn ? [{ roleArn: placement.assumeRoleArn, sessionName: "pulumi-s3-replication" }] : undefined,
    });
}

/** A symmetric, enabled customer managed key, as S3 requires for SSE-KMS. */
function symmetricKey(name: string, description: string, provider: aws.Provider, policy?: pulumi.Input<string>): aws.kms.Key {
    return new aws.kms.Key(
        name,
        {
            description,
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            isEnabled: true,
            enableKeyRotation: true,
            deletionWindowInDays: 7,
            policy,
        },
        { provider },
    );
}

interface EncryptedBucket {
    bucket: aws.s3.Bucket;
    versioning: aws.s3.BucketVersioning;
}

/** A bucket with versioning enabled and SSE-KMS default encryption under `key`. */
function versionedKmsBucket(name: string, key: aws.kms.Key, bucketKeyEnabled: boolean, provider: aws.Provider): EncryptedBucket {
    const bucket = new aws.s3.Bucket(name, {}, { provider });
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, { provider });
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: bucket.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
                    bucketKeyEnabled,
                },
            ],
        },
        { provider },
    );
    return { bucket, versioning };
}

const s3AssumeRolePolicy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** `StringLike` conditions that scope a KMS permission to S3 in `region`, for objects under the replicated prefix. */
function s3ObjectKmsConditions(region: string, bucketArn: pulumi.Output<string>) {
    return {
        StringLike: {
            "kms:ViaService": `s3.${region}.amazonaws.com`,
            "kms:EncryptionContext:aws:s3:arn": [pulumi.interpolate`${bucketArn}/${REPLICATED_PREFIX}*`],
        },
    };
}

export function buildGuideSetup(options: GuideSetupOptions): void {
    const {
        destination,
        optInToSseKmsReplication = true,
        replicaKeyCreatedBy = "destination",
        grantReplicaKeyEncrypt = true,
        sourceBucketKeyEnabled = false,
    } = options;
    const crossAccount = destination.accountId !== SOURCE.accountId;

    const sourceProvider = providerFor("source", SOURCE);
    const destinationProvider = providerFor("destination", destination);

    const role = new aws.iam.Role(
        "replication-role",
        { description: `Assumed by Amazon S3 to replicate ${REPLICATED_PREFIX}* objects`, assumeRolePolicy: s3AssumeRolePolicy },
        { provider: sourceProvider },
    );

    const sourceKey = symmetricKey("source-key", "Encrypts source objects", sourceProvider);
    // In the destination account the key policy must let the source account's role use the key.
    const replicaKeyPolicy = crossAccount
        ? pulumi.jsonStringify({
              Version: "2012-10-17",
              Statement: [
                  {
                      Sid: "EnableKeyOwnerAccount",
                      Effect: "Allow",
                      Principal: { AWS: `arn:aws:iam::${destination.accountId}:root` },
                      Action: "kms:*",
                      Resource: "*",
                  },
                  {
                      Sid: "AllowSourceAccountReplicationRole",
                      Effect: "Allow",
                      Principal: { AWS: role.arn },
                      Action: ["kms:Encrypt", "kms:Decrypt"],
                      Resource: "*",
                  },
              ],
          })
        : undefined;
    const replicaKey = symmetricKey(
        "replica-key",
        "Encrypts object replicas in the destination bucket",
        replicaKeyCreatedBy === "source" ? sourceProvider : destinationProvider,
        replicaKeyPolicy,
    );

    const source = versionedKmsBucket("source-bucket", sourceKey, sourceBucketKeyEnabled, sourceProvider);
    const target = versionedKmsBucket("destination-bucket", replicaKey, false, destinationProvider);

    // Cross-account replicas change owner (accessControlTranslation), which needs one more action.
    const replicationActions = crossAccount
        ? ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ObjectOwnerOverrideToBucketOwner"]
        : ["s3:ReplicateObject", "s3:ReplicateDelete"];
    if (crossAccount) {
        new aws.s3.BucketPolicy(
            "destination-bucket-policy",
            {
                bucket: target.bucket.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AllowSourceAccountReplication",
                            Effect: "Allow",
                            Principal: { AWS: role.arn },
                            Action: replicationActions,
                            Resource: pulumi.interpolate`${target.bucket.arn}/*`,
                        },
                        {
                            Sid: "AllowSourceAccountVersioningCheck",
                            Effect: "Allow",
                            Principal: { AWS: role.arn },
                            Action: ["s3:GetBucketVersioning", "s3:PutBucketVersioning"],
                            Resource: target.bucket.arn,
                        },
                    ],
                }),
            },
            { provider: destinationProvider },
        );
    }

    const statements: unknown[] = [
        {
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: [source.bucket.arn],
        },
        {
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"],
            Resource: [pulumi.interpolate`${source.bucket.arn}/${REPLICATED_PREFIX}*`],
        },
        {
            Effect: "Allow",
            Action: replicationActions,
            Resource: pulumi.interpolate`${target.bucket.arn}/${REPLICATED_PREFIX}*`,
        },
        {
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Condition: s3ObjectKmsConditions(SOURCE.region, source.bucket.arn),
            Resource: [sourceKey.arn],
        },
    ];
    if (grantReplicaKeyEncrypt) {
        statements.push({
            Effect: "Allow",
            Action: ["kms:Encrypt"],
            Condition: s3ObjectKmsConditions(destination.region, target.bucket.arn),
            Resource: [replicaKey.arn],
        });
    }
    new aws.iam.RolePolicy(
        "replication-role-policy",
        { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
        { provider: sourceProvider },
    );

    new aws.s3.BucketReplicationConfig(
        "replication-config",
        {
            bucket: source.bucket.id,
            role: role.arn,
            rules: [
                {
                    id: "Rule-1",
                    priority: 1,
                    status: "Enabled",
                    filter: { prefix: REPLICATED_PREFIX },
                    deleteMarkerReplication: { status: "Disabled" },
                    sourceSelectionCriteria: optInToSseKmsReplication ? { sseKmsEncryptedObjects: { status: "Enabled" } } : undefined,
                    destination: {
                        bucket: target.bucket.arn,
                        account: crossAccount ? destination.accountId : undefined,
                        accessControlTranslation: crossAccount ? { owner: "Destination" } : undefined,
                        encryptionConfiguration: { replicaKmsKeyId: replicaKey.arn },
                    },
                },
            ],
        },
        { provider: sourceProvider, dependsOn: [source.versioning, target.versioning] },
    );
}
