// Broken: the replica key is created by the us-east-1 provider while the destination bucket is in
// us-west-2. S3 accepts the configuration and replication fails afterwards.
import { buildSeedSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/seed-setup";

buildSeedSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT, replicaKeyCreatedBy: "source" });
