/** Library entry: `import { s3EncryptedReplicationPolicies } from "s3-encrypted-replication/library"`. */
export { s3EncryptedReplicationPolicies, policyNames, S3EncryptedReplicationOptions } from "./policies/factory";
export { EnvironmentConfig } from "./policies/support/environment";
