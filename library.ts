/**
 * Library entry, also the package root: `import { s3EncryptedReplicationPolicies } from
 * "s3-encrypted-replication"` (or `"s3-encrypted-replication/library"`). Importing it has no side
 * effect: no policy server starts.
 */
export { s3EncryptedReplicationPolicies, policyNames } from "./policies/pack/factory";
export type { PolicyName, S3EncryptedReplicationOptions } from "./policies/pack/factory";
export type { EnvironmentConfig } from "./policies/runtime/environment-setting";
export type { ExternalResourcesConfig } from "./policies/model/external-facts";
