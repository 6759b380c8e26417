// Broken: the replication role's policy has no kms:Encrypt statement for the replica key.
import { buildGuideSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/guide-setup";

buildGuideSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT, grantReplicaKeyEncrypt: false });
