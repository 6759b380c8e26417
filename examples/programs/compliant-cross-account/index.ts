// The AWS user guide's setup across accounts: the destination account's replica key and bucket policy
// admit the source account's replication role, and replicas change owner.
import { buildGuideSetup, DESTINATION_IN_OTHER_ACCOUNT } from "../shared/guide-setup";

buildGuideSetup({ destination: DESTINATION_IN_OTHER_ACCOUNT });
