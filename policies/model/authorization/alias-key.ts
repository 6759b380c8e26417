/**
 * A replica key of another account named by an alias ARN: its key ARN is not in the stack, but it
 * is a key of that account, in that Region. KMS authorises a key of another account only when the
 * caller's own identity policies allow it too (KMS developer guide, "Allowing users in other
 * accounts to use a KMS key",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html:
 * "Cross-account access requires permission in the key policy of the KMS key and in an IAM policy
 * in the external user's account").
 * So when no statement of the role's policies can name a key of that account, the request is
 * surely denied, whichever key the alias points to.
 */
import { Request, statementsOf } from "../iam";
import { decideForRole } from "../role/decide";
import { RolePolicies } from "../role/documents";
import { Permission } from "../role/replication-permissions";
import { UNDECIDABLE, Verdict } from "../verdict";
import { actionMatches } from "../iam/match";

/** A key id no statement names: the key behind the alias stands for any key of its account. */
const SAMPLE_KEY_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Whether a `Resource` entry could name a key of `account` other than by a wildcard over every key
 * (which the sample ARN meets). An alias ARN names no key: KMS developer guide, "Specifying KMS keys
 * in IAM policy statements" (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html):
 * "You cannot use a key id, alias name, or alias ARN to identify a KMS key in an IAM policy statement."
 */
function mayNameKeyOf(pattern: string, account: string): boolean {
    const segments = pattern.split(":");
    const upToAccount = segments.slice(0, 5).join(":");
    if (pattern.includes("${") || /[*?]/.test(upToAccount) || segments.length < 6) {
        return true;
    }
    return segments[4] === account && !segments.slice(5).join(":").startsWith("alias/");
}

/** The role's identity policies (and boundary) on a request on the key behind an alias of another account. */
export function decideOnAliasKey(permission: Permission, alias: NonNullable<Permission["alias"]>, role: RolePolicies): Verdict {
    const request: Request = { ...permission.request, resource: `arn:${alias.partition}:kms:${alias.region}:${alias.account}:key/${SAMPLE_KEY_ID}` };
    const verdict = decideForRole(request, role);
    if (verdict.kind !== "denied" || verdict.explicit) {
        return verdict;
    }
    // An Allow naming one key of that account may name the key behind the alias.
    const mayNameIt = role.identity.some(({ document }) =>
        statementsOf(document).some(
            (statement) =>
                statement.effect === "Allow" &&
                (statement.actions.negated ||
                    statement.actions.value.hasUnknown ||
                    statement.actions.value.known.some((a) => actionMatches(a, permission.action) !== false)) &&
                (statement.resources === undefined ||
                    statement.resources.negated ||
                    statement.resources.value.hasUnknown ||
                    statement.resources.value.known.some((pattern) => mayNameKeyOf(pattern, alias.account))),
        ),
    );
    return mayNameIt ? UNDECIDABLE : verdict;
}
