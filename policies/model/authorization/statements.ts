/**
 * The statements the authorization module proposes, built in one place: an identity-policy Allow
 * (with the KMS conditions S3's requests meet), and a key-policy Allow naming the role.
 */
import { accountRootArn } from "../arn";
import { Caller, keyPolicyStatement } from "../key-policy";
import { KmsUse } from "../role/replication-permissions";
import { KMS_S3_ARN_CONTEXT, KMS_VIA_SERVICE } from "../s3-request-context";

/** The `StringLike` condition that admits the values S3 sends KMS. */
export function kmsCondition(use: KmsUse): Record<string, Record<string, string>> {
    return { StringLike: { [KMS_VIA_SERVICE]: use.viaService, [KMS_S3_ARN_CONTEXT]: use.encryptionContext } };
}

/** One Allow statement as compact JSON, ready to paste into a policy. */
export function allowStatement(actions: readonly string[], resource: string, extra: { principal?: string; kms?: KmsUse } = {}): string {
    return JSON.stringify({
        Effect: "Allow",
        ...(extra.principal ? { Principal: { AWS: extra.principal } } : {}),
        Action: actions.length === 1 ? actions[0] : [...actions],
        Resource: resource,
        ...(extra.kms ? { Condition: kmsCondition(extra.kms) } : {}),
    });
}

/** The principal a key policy statement should name: the role's known ARN, else the account's root. */
export function grantee(caller: Caller, partition: string): string | undefined {
    if (caller.arn) {
        return caller.arn;
    }
    return caller.account ? accountRootArn(partition, caller.account) : undefined;
}

/**
 * The key-policy statement letting the replication role call `actions` on the key: naming the
 * role (or, while its ARN is unknown, its account, `fallbackAccount` when even that is unknown).
 */
export function keyPolicyGrant(sid: string, caller: Caller, partition: string, actions: readonly string[], fallbackAccount?: string): string | undefined {
    const principal = grantee(caller, partition) ?? (fallbackAccount ? accountRootArn(partition, fallbackAccount) : undefined);
    return principal ? keyPolicyStatement(sid, principal, actions) : undefined;
}
