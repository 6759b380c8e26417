/** Every policy of the pack, in the order reports list them. */
import { Policies } from "@pulumi/policy";
import { sseKmsOptIn } from "../sse-kms-opt-in";
import { replicaKeyFormat } from "../replica-key-format";
import { ruleValid } from "../rule-valid";
import { encryptedSourceOptIn } from "../encrypted-source-opt-in";
import { replicaKeyRegion } from "../replica-key-region";
import { replicaKeyUsable } from "../replica-key-usable";
import { multiRegionKey } from "../multi-region-key";
import { replicationVersioning } from "../replication-versioning";
import { crossAccountKey } from "../cross-account-key";
import { bucketKey } from "../bucket-key";
import { kmsThrottling } from "../kms-throttling";
import { replicaEtag } from "../replica-etag";
import { roleS3Permissions } from "../role-s3-permissions";
import { roleKmsPermissions } from "../role-kms-permissions";
import { roleTrust } from "../role-trust";
import { leastPrivilege } from "../least-privilege";

const policies = [
    // One resource: the replication rules as written.
    sseKmsOptIn,
    replicaKeyFormat,
    ruleValid,
    // The whole stack: rules linked to their buckets, keys and versioning.
    encryptedSourceOptIn,
    replicaKeyRegion,
    replicaKeyUsable,
    multiRegionKey,
    replicationVersioning,
    crossAccountKey,
    bucketKey,
    kmsThrottling,
    replicaEtag,
    // The replication role's policies, as IAM evaluates them.
    roleS3Permissions,
    roleKmsPermissions,
    roleTrust,
    leastPrivilege,
];

export const catalogue: Policies = policies;

/** The name of a policy of the catalogue. */
export type CataloguePolicyName = (typeof policies)[number]["name"];
