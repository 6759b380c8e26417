// Broken: the replica key is created by the us-east-1 provider while the destination bucket is in
// us-west-2. S3 accepts the configuration and replication fails afterwards.
import { buildGuideSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/guide-setup";

buildGuideSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT, replicaKeyCreatedBy: "source" });
