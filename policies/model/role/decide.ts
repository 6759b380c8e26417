/**
 * Decides one request against a principal's documents the way AWS does (an explicit Deny wins,
 * then any Allow), in an open world: condition keys the request does not model are unknown. What
 * could not be read turns a denial into "unverifiable" rather than a finding.
 */
import { admitsPrincipalItself, decisiveMatches, openWorldContext, Request, Statement, StatementMatch, StatementRef, UNKNOWN_POLICY, verdictOf } from "../iam";
import { isUnknownValue } from "../value";
import { ALLOWED, relocateDenial, StatementLocation, UNDECIDABLE, UnreadablePolicy, Verdict } from "../verdict";
import { Boundary, RolePolicies, SourcedDocument } from "./documents";

function locate(documents: readonly SourcedDocument[], ref: StatementRef): StatementLocation {
    return { origin: documents[ref.document]?.origin ?? "a policy", statement: ref.statement };
}

/** The request in the open world of the documents; always of one shape, whatever shape `request` has. */
function openRequest(request: Request, documents: readonly SourcedDocument[]): Request {
    return {
        action: request.action,
        resource: request.resource,
        context: openWorldContext(
            request.context,
            documents.map((d) => d.document),
        ),
        principal: request.principal,
    };
}

/** A request in the open world of some documents, and their statements matched against it. */
interface Matched {
    readonly open: Request;
    readonly matches: readonly StatementMatch[];
}

function matched(request: Request, documents: readonly SourcedDocument[]): Matched {
    const open = openRequest(request, documents);
    // Only statements in scope are read (by `verdictOf` and `grantsOf`).
    const matches: StatementMatch[] = [];
    for (let i = 0; i < documents.length; i++) {
        decisiveMatches(open, documents[i].document, i, matches);
    }
    return { open, matches };
}

export function decide(request: Request, documents: readonly SourcedDocument[], unreadable: readonly UnreadablePolicy[] = []): Verdict {
    const { open, matches } = matched(request, documents);
    // Whatever cannot be read could say anything: one unknown document stands for all of it.
    const verdict = verdictOf(unreadable.length > 0 ? [...matches, ...decisiveMatches(open, UNKNOWN_POLICY, documents.length)] : matches);
    switch (verdict.kind) {
        case "allowed":
            return ALLOWED;
        case "denied":
            return relocateDenial(verdict, (match) => locate(documents, match.ref));
        default:
            return unreadable.length > 0 && isImplicitDenial(verdictOf(matches)) ? { kind: "unverifiable", unreadable } : UNDECIDABLE;
    }
}

function isImplicitDenial(verdict: Verdict<unknown>): boolean {
    return verdict.kind === "denied" && !verdict.explicit;
}

/**
 * A request of the role decided by its identity policies and its permissions boundary: the role
 * may do only what both allow, and an explicit Deny in either denies. IAM user guide, "Policy
 * evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) and
 * "Permissions boundaries for IAM entities"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). A boundary
 * the pack cannot read makes an allowed request unverifiable, never denied.
 */
export function decideForRole(request: Request, role: RolePolicies): Verdict {
    return withinBoundary(decide(request, role.identity, role.unreadable), request, role.boundary);
}

/** What the boundary alone says about a request (for a grant of a resource policy naming the role). */
export function decideBoundary(request: Request, boundary: Boundary): Verdict {
    switch (boundary.kind) {
        case "none":
            return ALLOWED;
        case "document":
            return decide(request, [boundary.document]);
        case "unreadable":
            return { kind: "unverifiable", unreadable: [boundary.policy] };
    }
}

function withinBoundary(identity: Verdict, request: Request, boundary: Boundary): Verdict {
    if (boundary.kind === "none" || (identity.kind === "denied" && identity.explicit)) {
        return identity;
    }
    const limit = decideBoundary(request, boundary);
    if (limit.kind === "denied") {
        if (limit.explicit) {
            return { kind: "denied", explicit: true, denying: [...(identity.kind === "denied" ? identity.denying : []), ...limit.denying], unmet: [] };
        }
        const origin = boundary.kind === "document" ? boundary.document.origin : "the permissions boundary";
        const unmet = identity.kind === "denied" ? [...identity.unmet, ...limit.unmet] : limit.unmet;
        return { kind: "denied", explicit: false, denying: [], unmet, boundary: { origin, identityToo: identity.kind === "denied" } };
    }
    if (limit.kind === "allowed" || identity.kind !== "allowed") {
        return identity;
    }
    return limit;
}

/** An Allow statement that applies to a request, with where it is. */
export interface Grant {
    at: StatementLocation;
    statement: Statement;
    match: StatementMatch;
}

/** The Allow statements that surely apply to the request (for judging how much more they allow). */
export function grantsOf(request: Request, documents: readonly SourcedDocument[]): Grant[] {
    return matched(request, documents)
        .matches.filter((match) => match.effect === "Allow" && match.applies === true)
        .map((match) => ({ at: locate(documents, match.ref), statement: match.statement, match }));
}

/** What a resource policy (a bucket policy) says about a principal of the resource's own account making a request. */
export type ResourcePolicyVerdict =
    /** It allows the principal itself (not only its account), and nothing in it may deny: enough whatever the identity policies say. */
    | { kind: "grants" }
    /** It denies the request explicitly, whatever else allows it. */
    | { kind: "denies"; denying: readonly StatementLocation[] }
    /** It might allow the principal itself, or allows it but might deny it too. */
    | { kind: "undecidable" }
    /** It allows at most the principal's account, which leaves the decision to the identity policies; or says nothing. */
    | { kind: "defers" };

const GRANTS: ResourcePolicyVerdict = Object.freeze({ kind: "grants" });
const DEFERS: ResourcePolicyVerdict = Object.freeze({ kind: "defers" });
const UNDECIDED: ResourcePolicyVerdict = Object.freeze({ kind: "undecidable" });

/**
 * A resource policy against a request of `request.principal` (an IAM ARN, or unknown), in an open
 * world as `decide`. Within one account, an Allow naming the principal itself (or everyone)
 * allows the request even if no identity policy does, while one naming only the account
 * delegates to the identity policies; an explicit Deny denies in any account.
 */
export function decideResourcePolicy(request: Request, policy: SourcedDocument): ResourcePolicyVerdict {
    const documents = [policy];
    // Only statements that might apply are read.
    const matches = decisiveMatches(openRequest(request, documents), policy.document, 0);
    const denying = matches.filter((match) => match.effect === "Deny" && match.applies === true);
    if (denying.length > 0) {
        return { kind: "denies", denying: denying.map((match) => locate(documents, match.ref)) };
    }
    const id = request.principal?.type === "AWS" && !isUnknownValue(request.principal.id) ? request.principal.id : undefined;
    const itself = (match: StatementMatch) => admitsPrincipalItself(match.statement.principals, id);
    const mightDeny = matches.some((match) => match.effect !== "Allow" && match.applies !== false);
    if (!mightDeny && matches.some((match) => match.effect === "Allow" && match.applies === true && itself(match) === true)) {
        return GRANTS;
    }
    return matches.some((match) => match.effect !== "Deny" && match.applies !== false && itself(match) !== false) ? UNDECIDED : DEFERS;
}
