/**
 * Scenarios of authorization.test.ts in which the engine's Configure request gives facts about
 * resources outside the stack: each runs in a process of its own (tests/support/own-process.ts),
 * since the observer keeps the setting for the rest of the process.
 */
import { crossAccountKey } from "../../policies/cross-account-key";
import { roleS3Permissions } from "../../policies/role-s3-permissions";
import { OTHER_ACCOUNT } from "../support/key-policies";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { findingsOf } from "../support/stack-policies";
import { receiveEnvironmentsSetting } from "../support/own-process";
import type { Diagnostic } from "../support/harness";

export const BACKUP = "backup-bucket";
const WITHOUT_BUCKET_KEY = { sourceBucketKey: false };
export const AWS_MANAGED_KEY = `arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The guide stack replicating to a bucket outside the stack, its role lacking s3:ReplicateObject (statement 3 of the guide's policy). */
export const withoutReplicate = () =>
    guideWithRolePolicies([{ Version: "2012-10-17", Statement: guideRolePolicy().Statement.filter((_, i) => i !== 2) }], {
        overrides: { ...WITHOUT_BUCKET_KEY, rule: { destinationBucket: `arn:aws:s3:::${BACKUP}`, sseKms: undefined } },
    });

/** The guide stack replicating to a bucket outside the stack, with a rule that names destination account 333333333333. */
export const withDestinationAccount = () =>
    guideWithRolePolicies([guideRolePolicy()], {
        overrides: { ...WITHOUT_BUCKET_KEY, rule: { destinationBucket: `arn:aws:s3:::${BACKUP}`, account: "333333333333" } },
    });

/** The guide stack whose replica key is a key of another account, outside the stack. */
export const withOtherAccountKey = () =>
    guideWithRolePolicies([guideRolePolicy({ replicaKeyArn: AWS_MANAGED_KEY })], {
        overrides: { ...WITHOUT_BUCKET_KEY, rule: { replicaKmsKeyId: AWS_MANAGED_KEY } },
    });

export async function destinationOfOtherAccount(): Promise<Diagnostic[]> {
    receiveEnvironmentsSetting({ externalResources: { buckets: { [BACKUP]: { account: OTHER_ACCOUNT, region: "us-west-2" } } } });
    return findingsOf(roleS3Permissions, withoutReplicate().stack);
}

export async function destinationOwnerPackWide(): Promise<Diagnostic[]> {
    receiveEnvironmentsSetting({ externalResources: { buckets: { [BACKUP]: { account: OTHER_ACCOUNT } } } });
    return findingsOf(crossAccountKey, withDestinationAccount().stack);
}

export async function replicaKeyAwsManaged(): Promise<Diagnostic[]> {
    receiveEnvironmentsSetting({ externalResources: { keys: { [AWS_MANAGED_KEY]: { awsManaged: true } } } });
    return findingsOf(crossAccountKey, withOtherAccountKey().stack);
}
