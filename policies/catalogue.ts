/** Every policy of the pack, in the order reports list them. */
import { Policies } from "@pulumi/policy";
import { sseKmsOptIn } from "./sse-kms-opt-in";

export const catalogue: Policies = [
    // One resource: the replication rules as written.
    sseKmsOptIn,
];
