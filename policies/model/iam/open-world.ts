/**
 * A real request carries condition keys a model of it does not (`aws:SecureTransport`,
 * `aws:SourceVpc`, ...). Evaluating a document against a context that lacks them would read
 * them as missing, so a condition on one could wrongly deny (or a Deny wrongly apply): those
 * keys are made unknown instead, and a condition on one is never the reason for a decision.
 */
import { isUnknownValue, UNKNOWN } from "../value";
import { PolicyDocument, statementsOf } from "./document";
import { ContextValue, RequestContext } from "./request";

/** `context` plus every other condition key the documents test, as unknown. */
export function openWorldContext(context: RequestContext | undefined, documents: readonly PolicyDocument[]): RequestContext {
    const open: Record<string, ContextValue> = { ...context };
    const modelled = new Set(Object.keys(open).map((key) => key.toLowerCase()));
    for (const document of documents) {
        for (const statement of statementsOf(document)) {
            for (const clause of statement.condition.clauses) {
                const key = clause.key.toLowerCase();
                if (!modelled.has(key) && !isUnknownValue(clause.key)) {
                    open[clause.key] = UNKNOWN;
                    modelled.add(key);
                }
            }
        }
    }
    return open;
}
