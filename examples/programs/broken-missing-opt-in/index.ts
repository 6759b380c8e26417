// Broken: a replica key is set but the rule lacks sourceSelectionCriteria.sseKmsEncryptedObjects,
// so S3 silently skips every SSE-KMS encrypted object.
import { buildGuideSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/guide-setup";

buildGuideSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT, optInToSseKmsReplication: false });
