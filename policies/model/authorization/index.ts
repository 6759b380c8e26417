/**
 * The authorization module: whether the replication role may make each request replication
 * needs, decided once over every party (identity policies, permissions boundary, bucket policy,
 * key policy, grants), with the deciding and undecided statements and the one fix.
 */
export { decide, decideAll } from "./decide";
export type { Parties } from "./decide";
export { outcomeOf, statementsOf } from "./request-verdict";
export type { Fix, KeyPolicyBlock, Outcome, RequestVerdict } from "./request-verdict";
export { decideResourcePolicy, keyPolicyOrigin, resourceSide } from "./resource-side";
export type { ResourceSide } from "./resource-side";
export { allowStatement, grantee, keyPolicyGrant, kmsCondition } from "./statements";
export { bucketAccount, grantMayAllow, keyAccount, keyPolicyVerdict, partiesOf, replicaRequestContext } from "./key-access";
export type { GrantLacking, KeyPolicyVerdict, ReplicationParties } from "./key-access";
