// Broken: the replication role's policy has no kms:Encrypt statement for the replica key.
import { buildSeedSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/seed-setup";

buildSeedSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT, grantReplicaKeyEncrypt: false });
