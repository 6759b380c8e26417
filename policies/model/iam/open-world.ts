/**
 * A real request carries condition keys a model of it does not (`aws:SecureTransport`,
 * `aws:SourceVpc`, ...). Evaluating a document against a context that lacks them would read
 * them as missing, so a condition on one could wrongly deny (or a Deny wrongly apply): those
 * keys are made unknown instead, and a condition on one is never the reason for a decision.
 */
import { isUnknownValue, UNKNOWN } from "../value";
import { PolicyDocument, statementsOf } from "./document";
import { ContextValue, indexContextKeys, RequestContext } from "./request-context";

/** A condition key as written, and lower-cased (key names are case-insensitive). */
interface ConditionKey {
    readonly key: string;
    readonly lowerCase: string;
}

/** By document: the condition keys its statements test, in order (an unknown key is none). */
const conditionKeysByDocument = new WeakMap<PolicyDocument, readonly ConditionKey[]>();

function conditionKeysOf(document: PolicyDocument): readonly ConditionKey[] {
    let keys = conditionKeysByDocument.get(document);
    if (keys === undefined) {
        keys = statementsOf(document).flatMap((statement) =>
            statement.condition.clauses
                .filter((clause) => !isUnknownValue(clause.key))
                .map((clause): ConditionKey => ({ key: clause.key, lowerCase: clause.key.toLowerCase() })),
        );
        conditionKeysByDocument.set(document, keys);
    }
    return keys;
}

/**
 * `context` plus every other condition key the documents test, as unknown; with its index of key
 * names by lower-cased form built on the way (`indexContextKeys`), so that reading a key costs
 * one lookup however many keys the documents add.
 */
export function openWorldContext(context: RequestContext | undefined, documents: readonly PolicyDocument[]): RequestContext {
    const open: Record<string, ContextValue> = { ...context };
    const names = new Map<string, string>();
    for (const name of Object.keys(open)) {
        const lowerCase = name.toLowerCase();
        if (!names.has(lowerCase)) {
            names.set(lowerCase, name);
        }
    }
    for (let d = 0; d < documents.length; d++) {
        const keys = conditionKeysOf(documents[d]);
        for (let k = 0; k < keys.length; k++) {
            const { key, lowerCase } = keys[k];
            if (!names.has(lowerCase)) {
                open[key] = UNKNOWN;
                names.set(lowerCase, key);
            }
        }
    }
    indexContextKeys(open, names);
    return open;
}
