/** An IAM policy evaluator: parse documents, then evaluate requests against them. */
export { AWS_MAX_DOCUMENT_CHARACTERS, parsePolicyDocument, statementsOf, MAX_DOCUMENT_LENGTH } from "./document";
export type {
    ConditionBlock,
    ConditionClause,
    Effect,
    Element,
    ParsedPolicy,
    PolicyDocument,
    PrincipalSet,
    Statement,
    UnknownPolicy,
    UnparseablePolicy,
} from "./document";
export { allowingStatements, decisiveMatches, evaluate, failedConditions, matchStatements, outcomeOf, undecidedParts } from "./evaluate";
export type { Decision, Evaluation, Outcome, StatementMatch, StatementRef } from "./evaluate";
export { evaluateClause, evaluateCondition } from "./conditions";
export type { ConditionEnvironment, ConditionEvaluation, ConditionOutcome } from "./conditions";
export { actionMatches, arnMatches, globMatches, literalGlob, resourceMatches, wildcardGlob } from "./match";
export type { Glob } from "./match";
export { admitsPrincipalItself, principalElementMatches, principalInSet } from "./principal";
export { readContextKey } from "./request";
export { openWorldContext } from "./open-world";
export type { ContextRead, ContextValue, Request, RequestContext, RequestPrincipal } from "./request";
export {
    abbreviate,
    describeConditionOutcome,
    describeRequestValue,
    describeStatement,
    describeValue,
} from "./describe";
export type { Ternary, ValueList } from "./ternary";
export type { VariableSupport } from "./variables";
