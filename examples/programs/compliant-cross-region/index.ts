// The AWS user guide's compliant cross-Region setup: us-east-1 -> us-west-2, one account.
import { buildGuideSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/guide-setup";

buildGuideSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT });
