/**
 * An IAM policy evaluator: parse documents, then decide requests against them. What the rest of
 * the model uses; tests reach the parts through their own modules.
 */
export { parsePolicyDocument, statementsOf, UNKNOWN_POLICY } from "./document";
export type { ParsedPolicy, PolicyDocument, Statement } from "./document";
export { decisiveMatches, failedConditions, verdictOf } from "./evaluate";
export type { StatementMatch, StatementRef } from "./evaluate";
export type { ConditionOutcome } from "./conditions";
export { admitsPrincipalItself } from "./principal";
export { openWorldContext } from "./open-world";
export type { ContextValue, Request, RequestContext } from "./request-context";
export { describeConditionOutcome } from "./describe";
