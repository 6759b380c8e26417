// Broken: a replica key is set but the rule lacks sourceSelectionCriteria.sseKmsEncryptedObjects,
// so S3 silently skips every SSE-KMS encrypted object.
import { buildSeedSetup, DESTINATION_IN_SOURCE_ACCOUNT } from "../shared/seed-setup";

buildSeedSetup({ destination: DESTINATION_IN_SOURCE_ACCOUNT, optInToSseKmsReplication: false });
