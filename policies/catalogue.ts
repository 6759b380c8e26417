/** Every policy of the pack, in the order reports list them. */
import { Policies } from "@pulumi/policy";
import { sseKmsOptIn } from "./sse-kms-opt-in";
import { replicaKeyFormat } from "./replica-key-format";
import { ruleValid } from "./rule-valid";
import { encryptedSourceOptIn } from "./encrypted-source-opt-in";
import { replicaKeyRegion } from "./replica-key-region";
import { replicaKeyUsable } from "./replica-key-usable";
import { multiRegionKey } from "./multi-region-key";
import { replicationVersioning } from "./replication-versioning";

export const catalogue: Policies = [
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
];
