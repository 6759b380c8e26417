// The seed's compliant cross-Region setup: us-east-1 -> us-west-2, one account.
import { buildSeedSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/seed-setup";

buildSeedSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT });
