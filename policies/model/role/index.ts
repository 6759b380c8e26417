/**
 * The replication role as AWS sees it: its policies gathered from the stack, the requests S3
 * makes with it under each rule, and how its documents decide them.
 */
export { isDeployed, knownRoleArn, readDocument, rolePolicies } from "./documents";
export type { Boundary, RolePolicies, SourcedDocument } from "./documents";
export { decideBoundary, decideByDocuments, decideForRole, grantsOf } from "./decide";
export type { Grant } from "./decide";
export {
    ASSUME_ROLE,
    KMS_DECRYPT,
    KMS_ENCRYPT,
    bucketPolicyOf,
    PLAIN_VERSION_READ,
    REPLICATION_READ,
    replicaKeyActions,
    replicationRequests,
    rulePrefix,
    S3_SERVICE_PRINCIPAL,
} from "./replication-permissions";
export type {
    BucketPolicy,
    BucketSide,
    CrossAccountDestination,
    DestinationBucketPolicy,
    KmsUse,
    Permission,
    PermissionTarget,
    ResourceWithPolicy,
    ReplicationRequests,
} from "./replication-permissions";
