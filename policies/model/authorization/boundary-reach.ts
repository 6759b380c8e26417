/**
 * How a permissions boundary bears on what a resource policy (bucket policy, key policy) grants
 * the replication role, by the principal form of the grant, and the `NotPrincipal` + `Deny` trap.
 *
 * IAM user guide, "How AWS enforcement code logic evaluates requests to allow or deny access"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html),
 * resource-based policies within one account:
 * - IAM role: "Resource-based policies that grant permissions to an IAM role ARN are limited by an
 *   implicit deny in a permissions boundary or session policy."
 * - "Permissions boundaries and session policies do not limit permissions granted using the
 *   `aws:PrincipalArn` condition key with a wildcard(*) in the Principal element, unless the
 *   identity-based policies contain an explicit deny."
 * - IAM role session: "Permissions granted directly to a session are not limited by an implicit
 *   deny in an identity-based policy, a permissions boundary, or session policy." (Which session
 *   S3 uses is not in the stack: a statement naming one is undecided before this question arises.)
 * A `"*"` grant without an `aws:PrincipalArn` condition is none of these forms: the page does not
 * say, so whether the boundary limits it is undecided.
 *
 * IAM user guide, "Permissions boundaries for IAM entities"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): "The
 * NotPrincipal element with a Deny effect will always deny any IAM principal that has a
 * permissions boundary policy attached, regardless of the values specified in the NotPrincipal
 * element."
 */
import { decisiveMatches, openWorldContext, PolicyDocument, Request, Statement, StatementMatch } from "../iam";
import type { Ternary } from "../iam/ternary";

const PRINCIPAL_ARN = "aws:principalarn";

function isEveryone(statement: Statement): boolean {
    const element = statement.principals;
    if (element === undefined || element.negated) {
        return false;
    }
    return element.value.kind === "everyone" || (element.value.kind === "listed" && (element.value.byType.get("AWS")?.known.includes("*") ?? false));
}

function namesRoleArn(statement: Statement, roleArn: string | undefined): boolean {
    const element = statement.principals;
    return (
        roleArn !== undefined &&
        element !== undefined &&
        !element.negated &&
        element.value.kind === "listed" &&
        (element.value.byType.get("AWS")?.known.includes(roleArn) ?? false)
    );
}

/**
 * Whether an implicit deny in the role's permissions boundary limits what these Allow statements
 * of a resource policy (each surely applying, and letting in the role itself) grant it: true when
 * every one names the role's ARN, false when one is `"*"` with an `aws:PrincipalArn` condition,
 * "unknown" otherwise.
 */
export function boundaryLimitsGrant(allowing: readonly Statement[], roleArn: string | undefined): Ternary {
    if (allowing.some((statement) => isEveryone(statement) && statement.condition.clauses.some((clause) => clause.key.toLowerCase() === PRINCIPAL_ARN))) {
        return false;
    }
    return allowing.length > 0 && allowing.every((statement) => namesRoleArn(statement, roleArn)) ? true : "unknown";
}

/**
 * The `Deny` statements with `NotPrincipal` of a resource policy that apply to the request (its
 * action, resource and conditions), whoever they spare: for a principal with a permissions
 * boundary, they deny.
 */
export function notPrincipalDenials(request: Omit<Request, "principal">, document: PolicyDocument, index = 0): StatementMatch[] {
    const open: Request = { action: request.action, resource: request.resource, context: openWorldContext(request.context, [document]) };
    // With no principal, a NotPrincipal that lists principals (not "*") covers the request: only the other parts decide.
    return decisiveMatches(open, document, index).filter(
        (match) => match.effect === "Deny" && match.statement.principals?.negated === true && match.applies === true,
    );
}
