/**
 * A scenario of library.test.ts in which the library factory is given the environments setting:
 * run in a process of its own (tests/support/own-process.ts), since the pack keeps the setting for
 * the rest of its process.
 */
import { s3EncryptedReplicationPolicies } from "../../policies/pack/factory";
import type { EnvironmentConfig } from "../../library";
import { analyzeStack, Diagnostic } from "../support/harness";
import { OTHER_ACCOUNT } from "../support/key-policies";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";

const KEY = `arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The guide stack whose replica key is a key of another account, outside the stack. */
export const withOtherAccountKey = () =>
    guideWithRolePolicies([guideRolePolicy({ replicaKeyArn: KEY })], { overrides: { sourceBucketKey: false, rule: { replicaKmsKeyId: KEY } } }).stack;

/** The mandatory findings of s3-replication-cross-account-key when the policies are built with `environment`. */
export async function crossAccountKeyFindings(environment?: EnvironmentConfig): Promise<Diagnostic[]> {
    const policies = s3EncryptedReplicationPolicies(environment ? { config: { "s3-replication-environments": environment } } : {});
    return (await analyzeStack(policies, withOtherAccountKey())).filter(
        (f) => f.policyName === "s3-replication-cross-account-key" && f.enforcementLevel === "mandatory",
    );
}

/** The same, built with outside facts saying the replica key is AWS managed. */
export async function withAwsManagedKeyFacts(): Promise<Diagnostic[]> {
    return crossAccountKeyFindings({ externalResources: { keys: { [KEY]: { awsManaged: true } } } });
}
