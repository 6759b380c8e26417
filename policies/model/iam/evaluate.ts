/**
 * Decides a request against policy documents the way AWS does within one account: an explicit
 * Deny in any statement wins, otherwise an Allow in any statement allows, otherwise the request
 * is implicitly denied. Identity and resource policies may be mixed (statements with `Principal`
 * are matched against `request.principal`). Not modelled: the cross-account rule that both sides
 * must allow, permissions boundaries, session policies, SCPs/RCPs, and KMS's need for the key
 * policy to allow.
 *
 * "undecidable" whenever a part that cannot be decided (a value unknown until deployment, an
 * unsupported operator, ...) could change whether the request is allowed. When the request is
 * denied either way, it is denied for want of an Allow (not explicitly) even if a Deny might also
 * apply. The answer is a `Verdict` (verdict.ts) naming statements by their `StatementMatch`.
 */
import type { Verdict } from "../verdict";
import { ConditionEnvironment, ConditionOutcome, evaluateCondition } from "./conditions";
import { Effect, Element, PolicyDocument, Statement, statementsOf } from "./document";
import { actionMatches, resourceMatches } from "./match";
import { principalElementMatches } from "./principal";
import { Request } from "./request-context";
import { and, negateIf, someValue, Ternary, ValueList } from "./ternary";
import { ResolveOptions, resolvePattern, VariableSupport } from "./variables";

export interface StatementRef {
    /** Position of the document in the list given to `evaluate`. */
    readonly document: number;
    /** Position of the statement in its document's `Statement` list, from 0. */
    readonly statement: number;
    readonly sid?: string;
}

/** How one statement relates to the request, part by part. */
export interface StatementMatch {
    readonly ref: StatementRef;
    readonly statement: Statement;
    readonly effect: Effect;
    readonly principal: Ternary;
    readonly action: Ternary;
    readonly resource: Ternary;
    /** Principal, action and resource together: whether the statement covers the request, conditions aside. */
    readonly scope: Ternary;
    readonly condition: Ternary;
    readonly conditionOutcomes: readonly ConditionOutcome[];
    /** Whether the statement applies to the request: its scope and its condition. */
    readonly applies: Ternary;
}

function variablesOf(document: PolicyDocument): VariableSupport {
    return document.kind === "policy" ? document.variables : "unknown";
}

/**
 * Whether some entry of the `Action` element covers the request's action (negated for
 * `NotAction`); an unknown entry could be the one that does.
 */
function actionElementMatches(element: Element<ValueList>, action: string): Ternary {
    return negateIf(
        element.negated,
        someValue(element.value, (pattern) => actionMatches(pattern, action)),
    );
}

/** The same for the `Resource` (or `NotResource`) element, its patterns' variables resolved from the request. */
function resourceElementMatches(element: Element<ValueList>, resource: string, options: ResolveOptions): Ternary {
    return negateIf(
        element.negated,
        someValue(element.value, (pattern) => resourceMatches(resolvePattern(pattern, options), resource)),
    );
}

/** What matching the statements of one document against one request needs besides them. */
interface DocumentMatching {
    readonly document: number;
    readonly request: Request;
    /** For patterns in `Resource`. */
    readonly resources: ResolveOptions;
    /** For conditions. */
    readonly conditions: ConditionEnvironment;
}

function documentMatching(request: Request, document: PolicyDocument, index: number): DocumentMatching {
    const variables = variablesOf(document);
    return {
        document: index,
        request,
        resources: { wildcards: true, variables, context: request.context },
        conditions: { context: request.context, variables },
    };
}

/**
 * How a statement relates to the request. With `decisive`, undefined for a statement that does
 * not cover the request (`scope` false) whatever its condition, which is then not evaluated.
 */
function matchStatement(statement: Statement, matching: DocumentMatching, decisive: boolean): StatementMatch | undefined {
    const { request } = matching;
    const principal = principalElementMatches(statement.principals, request.principal);
    const action = actionElementMatches(statement.actions, request.action);
    if (decisive && (principal === false || action === false)) {
        return undefined;
    }
    const resource = statement.resources === undefined ? true : resourceElementMatches(statement.resources, request.resource, matching.resources);
    const scope = and(principal, action, resource);
    if (decisive && scope === false) {
        return undefined;
    }
    const condition = evaluateCondition(statement.condition, matching.conditions);
    return {
        ref: { document: matching.document, statement: statement.index, sid: statement.sid },
        statement,
        effect: statement.effect,
        principal,
        action,
        resource,
        scope,
        condition: condition.result,
        conditionOutcomes: condition.outcomes,
        applies: and(scope, condition.result),
    };
}

/** The statements of one document, at position `index` among those evaluated, matched against the request. */
export function matchDocument(request: Request, document: PolicyDocument, index: number): StatementMatch[] {
    const matching = documentMatching(request, document, index);
    return statementsOf(document).map((statement) => matchStatement(statement, matching, false) as StatementMatch);
}

/**
 * `matchDocument` as far as deciding the request needs: only the statements that might cover it
 * (`scope` not false), in order, added to `into`. A statement out of scope neither applies nor comes close (its
 * condition is not even evaluated), so that `verdictOf` and the statements in scope tell
 * everything there is to tell about the request.
 */
export function decisiveMatches(request: Request, document: PolicyDocument, index: number, into: StatementMatch[] = []): StatementMatch[] {
    const matching = documentMatching(request, document, index);
    const statements = statementsOf(document);
    for (let i = 0; i < statements.length; i++) {
        const match = matchStatement(statements[i], matching, true);
        if (match !== undefined) {
            into.push(match);
        }
    }
    return into;
}

/**
 * Every statement of every document, matched against the request, whatever its scope: a second
 * path, for tests that check `decisiveMatches` loses nothing `verdictOf` needs.
 */
export function matchStatements(request: Request, documents: readonly PolicyDocument[]): StatementMatch[] {
    return documents.flatMap((document, index) => matchDocument(request, document, index));
}

/**
 * Statements that are, or might be, Allow statements covering the action and resource (and
 * principal) whatever their conditions; see `failedConditions` for why one does not apply.
 */
export function allowingStatements(request: Request, documents: readonly PolicyDocument[]): StatementMatch[] {
    const matches: StatementMatch[] = [];
    documents.forEach((document, index) => decisiveMatches(request, document, index, matches));
    return matches.filter((match) => match.effect !== "Deny");
}

/** The condition clauses that do not hold for the request. */
export function failedConditions(match: StatementMatch): ConditionOutcome[] {
    return match.conditionOutcomes.filter((outcome) => outcome.result === false);
}

/** Denied for want of an Allow, no Allow statement coming close. */
const IMPLICIT_DENY: Verdict<StatementMatch> = Object.freeze({ kind: "denied", explicit: false, denying: Object.freeze([]), unmet: Object.freeze([]) });

/**
 * The verdict statements already matched (`decisiveMatches`) give, with the statements that give
 * it: the Deny statements that deny, the Allow statements that allow or whose conditions do not
 * hold, the statements that cannot be decided. "undecidable" whenever a part that cannot be
 * decided could change the answer; denied for want of an Allow when it is denied either way.
 */
export function verdictOf(matches: readonly StatementMatch[]): Verdict<StatementMatch> {
    // One pass: the statements that deny, might deny, allow and might allow, in order, and the Allow statements in scope whose condition fails.
    let denying: StatementMatch[] | undefined;
    let mightDeny: StatementMatch[] | undefined;
    let allowing: StatementMatch[] | undefined;
    let mightAllow: StatementMatch[] | undefined;
    let unmet: StatementMatch[] | undefined;
    for (let i = 0; i < matches.length; i++) {
        const match = matches[i];
        if (match.applies === false) {
            if (match.effect === "Allow" && match.scope === true) {
                (unmet ??= []).push(match);
            }
            continue;
        }
        if (match.effect !== "Allow") {
            (mightDeny ??= []).push(match);
            if (match.effect === "Deny" && match.applies === true) {
                (denying ??= []).push(match);
            }
        }
        if (match.effect !== "Deny") {
            (mightAllow ??= []).push(match);
            if (match.effect === "Allow" && match.applies === true) {
                (allowing ??= []).push(match);
            }
        }
    }
    if (denying) {
        return { kind: "denied", explicit: true, denying, unmet: [] };
    }
    if (allowing) {
        return mightDeny ? { kind: "undecidable", undecided: mightDeny, allowing } : { kind: "allowed", allowing };
    }
    if (mightAllow) {
        return { kind: "undecidable", undecided: mightAllow };
    }
    if (!unmet) {
        return IMPLICIT_DENY;
    }
    const unmetConditions = unmet.map((match) => ({ at: match, conditions: failedConditions(match) })).filter((entry) => entry.conditions.length > 0);
    return { kind: "denied", explicit: false, denying: [], unmet: unmetConditions };
}

/**
 * The verdict `documents` give on `request`, through the path the policies use: only the
 * statements in scope are matched (`decisiveMatches`), then `verdictOf`. Structured: messages
 * render it (`describeVerdict` in describe.ts).
 */
export function evaluate(request: Request, documents: readonly PolicyDocument[]): Verdict<StatementMatch> {
    const matches: StatementMatch[] = [];
    for (let i = 0; i < documents.length; i++) {
        decisiveMatches(request, documents[i], i, matches);
    }
    return verdictOf(matches);
}
