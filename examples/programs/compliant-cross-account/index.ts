// The seed's setup across accounts: the destination account's replica key and bucket policy
// admit the source account's replication role, and replicas change owner.
import { buildSeedSetup, DESTINATION_IN_OTHER_ACCOUNT } from "../shared/seed-setup";

buildSeedSetup({ destination: DESTINATION_IN_OTHER_ACCOUNT });
