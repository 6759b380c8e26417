/**
 * Condition operators, per the IAM condition operator reference:
 * - operators AND together, so do the keys under one operator; a key's policy values OR together,
 *   except under a negated operator (`StringNotEquals`, ...), where they NOR together;
 * - a key missing from the request fails a positive operator and satisfies a negated one;
 *   `...IfExists` satisfies either when the key is missing;
 * - `ForAnyValue:` needs one request value to satisfy the operator (a missing key fails),
 *   `ForAllValues:` needs every one to (a missing key or an empty set satisfies it);
 * - `Null` tests only whether the key is missing.
 *
 * Answers "unknown" (undecidable) for an operator it does not support (e.g. `IpAddress`, or a
 * misspelt one AWS would reject), an unknown value, a variable the request cannot supply, and a
 * plain operator on a multivalued key, whose result AWS does not document.
 */
import { BoundedMemo } from "../bounded-memo";
import { ConditionBlock, ConditionClause } from "./document";
import { arnMatches, Glob, globMatchesValue } from "./match";
import { ContextRead, readContextKey, RequestContext } from "./request-context";
import { and, everyValue, negateIf, someValue, Ternary, ValueList } from "./ternary";
import { resolvePattern, VariableSupport } from "./variables";

export interface ConditionEnvironment {
    readonly context: RequestContext | undefined;
    readonly variables: VariableSupport;
}

/** How one clause (operator + key) fared against the request. */
export interface ConditionOutcome {
    /** As written in the policy. */
    readonly operator: string;
    readonly key: string;
    readonly requestValue: ContextRead;
    readonly result: Ternary;
    /** Why the result is "unknown", when it is. */
    readonly undecidedBecause?: string;
}

export interface ConditionEvaluation {
    readonly result: Ternary;
    readonly outcomes: readonly ConditionOutcome[];
}

/** Whether one request value matches one policy value under a positive operator. */
type Comparison = (requestValue: string, policyValue: string, environment: ConditionEnvironment) => Ternary;

interface BaseOperator {
    readonly compare: Comparison;
    readonly negated: boolean;
}

type SetQualifier = "ForAnyValue" | "ForAllValues";

interface ComparingOperator {
    readonly kind: "compare";
    readonly base: BaseOperator;
    readonly qualifier?: SetQualifier;
    readonly ifExists: boolean;
}

type Operator = { readonly kind: "null" } | ComparingOperator;

function withPattern(policyValue: string, environment: ConditionEnvironment, wildcards: boolean, test: (glob: Glob) => Ternary): Ternary {
    const glob = resolvePattern(policyValue, { wildcards, ...environment });
    return glob === undefined ? "unknown" : test(glob);
}

function stringComparison(wildcards: boolean, ignoreCase: boolean): Comparison {
    return (requestValue, policyValue, environment) =>
        withPattern(policyValue, environment, wildcards, (glob) => globMatchesValue(glob, requestValue, ignoreCase));
}

const compareArns: Comparison = (requestValue, policyValue, environment) =>
    withPattern(policyValue, environment, true, (glob) => arnMatches(glob, requestValue));

function parseNumber(text: string): number | undefined {
    const number = text.trim() === "" ? NaN : Number(text);
    return Number.isFinite(number) ? number : undefined;
}

/** ISO 8601 or seconds since the epoch, as IAM accepts both; in milliseconds. */
function parseDate(text: string): number | undefined {
    const seconds = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
    const milliseconds = seconds === undefined ? Date.parse(text) : seconds * 1000;
    return Number.isFinite(milliseconds) ? milliseconds : undefined;
}

function ordered(parse: (text: string) => number | undefined, accepts: (difference: number) => boolean): Comparison {
    return (requestValue, policyValue) => {
        const left = parse(requestValue);
        const right = parse(policyValue);
        return left !== undefined && right !== undefined && accepts(left - right);
    };
}

const POSITIVE_OPERATORS: Readonly<Record<string, Comparison>> = {
    StringEquals: stringComparison(false, false),
    StringEqualsIgnoreCase: stringComparison(false, true),
    StringLike: stringComparison(true, false),
    NumericEquals: ordered(parseNumber, (difference) => difference === 0),
    NumericLessThan: ordered(parseNumber, (difference) => difference < 0),
    NumericLessThanEquals: ordered(parseNumber, (difference) => difference <= 0),
    NumericGreaterThan: ordered(parseNumber, (difference) => difference > 0),
    NumericGreaterThanEquals: ordered(parseNumber, (difference) => difference >= 0),
    DateEquals: ordered(parseDate, (difference) => difference === 0),
    DateLessThan: ordered(parseDate, (difference) => difference < 0),
    DateLessThanEquals: ordered(parseDate, (difference) => difference <= 0),
    DateGreaterThan: ordered(parseDate, (difference) => difference > 0),
    DateGreaterThanEquals: ordered(parseDate, (difference) => difference >= 0),
    Bool: (requestValue, policyValue) => requestValue.toLowerCase() === policyValue.toLowerCase(),
    BinaryEquals: (requestValue, policyValue) => requestValue === policyValue,
    ArnEquals: compareArns,
    ArnLike: compareArns,
};

/** Each negated operator and the positive one it negates. */
const NEGATED_OPERATORS: Readonly<Record<string, string>> = {
    StringNotEquals: "StringEquals",
    StringNotEqualsIgnoreCase: "StringEqualsIgnoreCase",
    StringNotLike: "StringLike",
    NumericNotEquals: "NumericEquals",
    DateNotEquals: "DateEquals",
    ArnNotEquals: "ArnEquals",
    ArnNotLike: "ArnLike",
};

/** By lower-case name: operator names are matched case-insensitively. */
const BASE_OPERATORS: ReadonlyMap<string, BaseOperator> = new Map<string, BaseOperator>([
    ...Object.entries(POSITIVE_OPERATORS).map(([name, compare]): [string, BaseOperator] => [name.toLowerCase(), { compare, negated: false }]),
    ...Object.entries(NEGATED_OPERATORS).map(([name, positive]): [string, BaseOperator] => [
        name.toLowerCase(),
        { compare: POSITIVE_OPERATORS[positive], negated: true },
    ]),
]);

const SET_QUALIFIERS: ReadonlyMap<string, SetQualifier> = new Map([
    ["foranyvalue", "ForAnyValue"],
    ["forallvalues", "ForAllValues"],
]);

const IF_EXISTS = "ifexists";

/** Operators by name as written, parsed once: a stack's documents use a handful. */
const operatorsByName = new BoundedMemo((name) => parseOperator(name) ?? null, 1024);

function operatorNamed(name: string): Operator | undefined {
    return operatorsByName.get(name) ?? undefined;
}

function parseOperator(name: string): Operator | undefined {
    let rest = name.toLowerCase();
    let qualifier: SetQualifier | undefined;
    const colon = rest.indexOf(":");
    if (colon >= 0) {
        qualifier = SET_QUALIFIERS.get(rest.slice(0, colon));
        if (qualifier === undefined) {
            return undefined;
        }
        rest = rest.slice(colon + 1);
    }
    const ifExists = rest.endsWith(IF_EXISTS);
    if (ifExists) {
        rest = rest.slice(0, -IF_EXISTS.length);
    }
    if (rest === "null") {
        return qualifier === undefined && !ifExists ? { kind: "null" } : undefined;
    }
    const base = BASE_OPERATORS.get(rest);
    return base === undefined ? undefined : { kind: "compare", base, qualifier, ifExists };
}

function resultWhenKeyMissing(operator: ComparingOperator): boolean {
    if (operator.ifExists || operator.qualifier === "ForAllValues") {
        return true;
    }
    return operator.qualifier === "ForAnyValue" ? false : operator.base.negated;
}

const UNSUPPORTED_OPERATOR = "the operator is not one this evaluator supports";
const UNKNOWN_REQUEST_VALUE = "the request value is unknown";
const MULTIVALUED_WITHOUT_QUALIFIER = "the request has several values for the key but the operator lacks ForAnyValue/ForAllValues";
const UNDECIDABLE_POLICY_VALUE = "a policy value is unknown or names a variable the request does not supply";

/** The values of a key the request has, as a list. */
function requestValues(requestValue: Extract<ContextRead, { state: "single" | "multi" }>): ValueList {
    return requestValue.state === "single" ? { known: [requestValue.value], hasUnknown: false } : requestValue.values;
}

type ClauseResult = { readonly result: Ternary; readonly undecidedBecause?: string };

function clauseResult(clause: ConditionClause, requestValue: ContextRead, environment: ConditionEnvironment): ClauseResult {
    const operator = operatorNamed(clause.operator);
    if (operator === undefined) {
        return { result: "unknown", undecidedBecause: UNSUPPORTED_OPERATOR };
    }
    if (requestValue.state === "unknown") {
        return { result: "unknown", undecidedBecause: UNKNOWN_REQUEST_VALUE };
    }
    if (operator.kind === "null") {
        const expected = requestValue.state === "absent" ? "true" : "false";
        return { result: someValue(clause.values, (policyValue) => policyValue.toLowerCase() === expected) };
    }
    if (requestValue.state === "absent") {
        return { result: resultWhenKeyMissing(operator) };
    }
    const satisfies = (value: string): Ternary =>
        negateIf(
            operator.base.negated,
            someValue(clause.values, (policyValue) => operator.base.compare(value, policyValue, environment)),
        );
    const undecidedBecause = requestValue.state === "multi" && requestValue.values.hasUnknown ? UNKNOWN_REQUEST_VALUE : UNDECIDABLE_POLICY_VALUE;
    switch (operator.qualifier) {
        case "ForAnyValue":
            return { result: someValue(requestValues(requestValue), satisfies), undecidedBecause };
        case "ForAllValues":
            return { result: everyValue(requestValues(requestValue), satisfies), undecidedBecause };
        case undefined:
            if (requestValue.state === "multi") {
                return { result: "unknown", undecidedBecause: MULTIVALUED_WITHOUT_QUALIFIER };
            }
            return { result: satisfies(requestValue.value), undecidedBecause };
    }
}

export function evaluateClause(clause: ConditionClause, environment: ConditionEnvironment): ConditionOutcome {
    const requestValue = readContextKey(environment.context, clause.key);
    const { result, undecidedBecause } = clauseResult(clause, requestValue, environment);
    return {
        operator: clause.operator,
        key: clause.key,
        requestValue,
        result,
        undecidedBecause: result === "unknown" ? (undecidedBecause ?? UNDECIDABLE_POLICY_VALUE) : undefined,
    };
}

/** The statement's whole `Condition`: every clause must hold (an unknown part may not). */
export function evaluateCondition(block: ConditionBlock, environment: ConditionEnvironment): ConditionEvaluation {
    const { clauses } = block;
    const outcomes: ConditionOutcome[] = [];
    let result: Ternary = block.hasUnknown ? "unknown" : true;
    for (let i = 0; i < clauses.length; i++) {
        const outcome = evaluateClause(clauses[i], environment);
        outcomes.push(outcome);
        result = and(result, outcome.result);
    }
    return { result, outcomes };
}
