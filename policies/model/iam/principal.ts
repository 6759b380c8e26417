/**
 * `Principal` / `NotPrincipal` of resource policies against the principal making the request.
 * IAM user guide, "AWS JSON policy elements: Principal"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 * an account (`123456789012` or `arn:aws:iam::123456789012:root`) stands for every principal of
 * the account; a role ARN for the role's sessions; a role session
 * (`arn:aws:sts::123456789012:assumed-role/ROLE/SESSION`) for that one session only. S3 calls with a
 * session of the replication role whose name the stack does not show, so a statement naming a
 * session of that role may or may not apply: "unknown", never a reason for a mandatory finding.
 */
import { parseArn, parseRoleArn } from "../arn";
import { isUnknownValue } from "../value";
import { Element, PrincipalSet } from "./document";
import { RequestPrincipal } from "./request-context";
import { EMPTY_VALUE_LIST, negateIf, or, someValue, Ternary } from "./ternary";

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

/** The account of an account ID or of any IAM/STS ARN. */
function accountOf(id: string): string | undefined {
    if (ACCOUNT_ID.test(id)) {
        return id;
    }
    const segments = id.split(":");
    return segments.length >= 6 && segments[0] === "arn" && ACCOUNT_ID.test(segments[4]) ? segments[4] : undefined;
}

/** The account a policy entry names as a whole: `123456789012` or `arn:aws:iam::123456789012:root`. */
function wholeAccount(entry: string): string | undefined {
    return ACCOUNT_ID.test(entry) ? entry : ACCOUNT_ROOT_ARN.exec(entry)?.[1];
}

/** `arn:<partition>:sts::<account>:assumed-role/<role name>/<session>`: the account and role name. */
function sessionOf(entry: string): { partition: string; account: string; roleName: string } | undefined {
    const arn = parseArn(entry);
    if (arn?.service !== "sts" || !arn.resource.startsWith("assumed-role/")) {
        return undefined;
    }
    const [, roleName, session] = arn.resource.split("/");
    return roleName && session !== undefined ? { partition: arn.partition, account: arn.account, roleName } : undefined;
}

/** Whether `entry` names a session of the role `id` (an IAM role ARN): which session S3 uses is not known. */
export function namesSessionOf(entry: string, id: string): boolean {
    const session = sessionOf(entry);
    const role = session && parseRoleArn(id);
    return (
        role !== undefined &&
        session !== undefined &&
        role.partition === session.partition &&
        role.account === session.account &&
        role.roleName === session.roleName
    );
}

function awsEntryMatches(entry: string, id: string): Ternary {
    if (entry === "*" || entry === id) {
        return true;
    }
    if (namesSessionOf(entry, id)) {
        return "unknown";
    }
    const account = wholeAccount(entry);
    return account !== undefined && account === accountOf(id);
}

/**
 * Whether `principal` is among `set`. `"*"` and `{"AWS": "*"}` both mean everyone. Principals are
 * not wildcards otherwise. A request without a principal matches only `"*"`.
 */
export function principalInSet(set: PrincipalSet, principal: RequestPrincipal | undefined): Ternary {
    if (set.kind !== "listed") {
        return set.kind === "everyone" ? true : "unknown";
    }
    const awsEntries = set.byType.get("AWS") ?? EMPTY_VALUE_LIST;
    const everyone = someValue(awsEntries, (entry) => entry === "*");
    if (principal === undefined) {
        return everyone;
    }
    const sameType = set.byType.get(principal.type) ?? EMPTY_VALUE_LIST;
    return or(
        everyone,
        someValue(sameType, (entry) => {
            if (isUnknownValue(principal.id)) {
                return "unknown";
            }
            return principal.type === "AWS" ? awsEntryMatches(entry, principal.id) : entry === principal.id;
        }),
    );
}

/** A statement without `Principal` / `NotPrincipal` (an identity policy's) applies to any principal. */
export function principalElementMatches(element: Element<PrincipalSet> | undefined, principal: RequestPrincipal | undefined): Ternary {
    if (element === undefined) {
        return true;
    }
    const listed = principalInSet(element.value, principal);
    if (element.negated && listed === true && sessionMayBeDenied(element.value, principal)) {
        return "unknown";
    }
    return negateIf(element.negated, listed);
}

/**
 * Whether a `NotPrincipal` that lists a role (by its ARN or its account, not by `*`) may still cover
 * the session of the role that makes the request. IAM user guide, "AWS JSON policy elements:
 * NotPrincipal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
 * "If an assumed-role user (someone who is using a role) is being evaluated, AWS might validate the
 * account first, then the role, and then the assumed-role user. The assumed-role user is identified
 * by the role session name that is specified when they assumed the role." S3 calls with a session
 * of the replication role whose name the stack does not show: whether the statement spares it is
 * undecided.
 */
function sessionMayBeDenied(set: PrincipalSet, principal: RequestPrincipal | undefined): boolean {
    if (principal?.type !== "AWS" || isUnknownValue(principal.id) || parseRoleArn(principal.id) === undefined || set.kind !== "listed") {
        return false;
    }
    return !(set.byType.get("AWS")?.known.includes("*") ?? false);
}

/**
 * Whether a statement lets in `arn` as such (`*`, the ARN itself, a `NotPrincipal` that spares
 * it, or no principal element at all), rather than only its account (`123456789012`,
 * `arn:aws:iam::123456789012:root`): within one account, a resource policy naming the account
 * delegates to the account's IAM policies, while one naming the principal itself is enough.
 * With `arn` unknown, any entry that is not a whole account might be it.
 */
export function admitsPrincipalItself(element: Element<PrincipalSet> | undefined, arn: string | undefined): Ternary {
    if (element === undefined || element.negated || element.value.kind === "everyone") {
        return true;
    }
    if (element.value.kind === "unknown") {
        return "unknown";
    }
    const entries = element.value.byType.get("AWS");
    if (entries === undefined) {
        return false;
    }
    const known = arn !== undefined && !isUnknownValue(arn) ? arn : undefined;
    if (entries.known.some((entry) => entry === "*" || (known !== undefined && entry === known))) {
        return true;
    }
    const mayBeItself = (entry: string) => (known === undefined ? wholeAccount(entry) === undefined : namesSessionOf(entry, known));
    if (entries.hasUnknown || entries.known.some(mayBeItself)) {
        return "unknown";
    }
    return false;
}
