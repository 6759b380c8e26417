/**
 * Decides one request against a principal's documents the way AWS does (an explicit Deny wins,
 * then any Allow), in an open world: condition keys the request does not model are unknown. What
 * could not be read turns a denial into "unverifiable" rather than a finding.
 */
import { decisiveMatches, openWorldContext, Request, Statement, StatementMatch, StatementRef, UNKNOWN_POLICY, verdictOf } from "../iam";
import { ALLOWED, relocateDenial, StatementLocation, UNDECIDABLE, UnreadablePolicy, Verdict } from "../verdict";
import { withConfirmations } from "../undecided";
import { Boundary, RolePolicies, SourcedDocument } from "./documents";

/** Where a matched statement is, by its document's origin. */
export function locate(documents: readonly SourcedDocument[], ref: StatementRef): StatementLocation {
    return { origin: documents[ref.document]?.origin ?? "a policy", statement: ref.statement };
}

/** The request in the open world of the documents; always of one shape, whatever shape `request` has. */
export function openRequest(request: Request, documents: readonly SourcedDocument[]): Request {
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

/**
 * One request against the given documents only (identity policies, a trust or bucket policy): the
 * authorization module's `decide` combines these verdicts with boundaries, key policies and grants.
 */
export function decideByDocuments(request: Request, documents: readonly SourcedDocument[], unreadable: readonly UnreadablePolicy[] = []): Verdict {
    const { open, matches } = matched(request, documents);
    // Whatever cannot be read could say anything: one unknown document stands for all of it.
    const verdict = verdictOf(unreadable.length > 0 ? [...matches, ...decisiveMatches(open, UNKNOWN_POLICY, documents.length)] : matches);
    switch (verdict.kind) {
        case "allowed":
            return ALLOWED;
        case "denied":
            return relocateDenial(verdict, (match) => locate(documents, match.ref));
        default:
            if (unreadable.length > 0) {
                return isImplicitDenial(verdictOf(matches)) ? { kind: "unverifiable", unreadable } : UNDECIDABLE;
            }
            return withConfirmations(verdict.kind === "undecidable" ? (verdict.undecided ?? []) : [], request, (match) => locate(documents, match.ref));
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
    return withinBoundary(decideByDocuments(request, role.identity, role.unreadable), request, role.boundary);
}

/** What the boundary alone says about a request (for a grant of a resource policy naming the role). */
export function decideBoundary(request: Request, boundary: Boundary): Verdict {
    switch (boundary.kind) {
        case "none":
            return ALLOWED;
        case "document":
            return decideByDocuments(request, [boundary.document]);
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
