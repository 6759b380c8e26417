/**
 * Parses IAM policy documents (identity or resource policies) given as JSON text or as objects.
 * Tolerant: it never throws. Unknown values stay unknown so the evaluator can tell "denied" from
 * "cannot know yet". Problems and reasons never quote the document, which may hold secrets.
 */
import { isUnknownValue, plain } from "../value";
import { UNKNOWN_VALUE_LIST, ValueList } from "./ternary";
import { VariableSupport } from "./variables";
import { isJsonObject, JsonObject } from "../json";

export type Effect = "Allow" | "Deny" | "unknown";

/** An element (`Action`, `Resource`, `Principal`) or, when `negated`, its `Not...` form. */
export interface Element<T> {
    readonly negated: boolean;
    readonly value: T;
}

export type PrincipalSet =
    { readonly kind: "everyone" } | { readonly kind: "listed"; readonly byType: ReadonlyMap<string, ValueList> } | { readonly kind: "unknown" };

/** One key under one operator, e.g. `"StringLike": { "kms:ViaService": [...] }`. */
export interface ConditionClause {
    readonly operator: string;
    readonly key: string;
    readonly values: ValueList;
}

export interface ConditionBlock {
    readonly clauses: readonly ConditionClause[];
    /** The whole `Condition`, or some operator's keys, are unknown. */
    readonly hasUnknown: boolean;
}

export interface Statement {
    /** Position in the document's `Statement` list, from 0. */
    readonly index: number;
    readonly sid?: string;
    readonly effect: Effect;
    readonly actions: Element<ValueList>;
    /** Undefined without `Resource` and `NotResource`, as in role trust policies. */
    readonly resources?: Element<ValueList>;
    readonly principals?: Element<PrincipalSet>;
    readonly condition: ConditionBlock;
}

export interface ParsedPolicy {
    readonly kind: "policy";
    readonly variables: VariableSupport;
    /** The statements AWS would accept; the others are left out and described in `problems`. */
    readonly statements: readonly Statement[];
    readonly problems: readonly string[];
}

/** The whole document, or its `Statement` list, is unknown until deployment. */
export interface UnknownPolicy {
    readonly kind: "unknown";
}

export interface UnparseablePolicy {
    readonly kind: "unparseable";
    readonly reason: string;
}

export type PolicyDocument = ParsedPolicy | UnknownPolicy | UnparseablePolicy;

/** Far above any size AWS accepts (bucket policies are limited to 20 KB): such text is not even parsed. */
export const MAX_DOCUMENT_LENGTH = 8 * 1024 * 1024;

/**
 * The largest policy document any of the pack's documents may be, whitespace aside: a key policy,
 * "32 KB (32,768 bytes)" (AWS KMS Developer Guide, "Key policies": key-policy-overview.html). The
 * others are smaller: bucket policies 20 KB (S3 User Guide, using-iam-policies.html), a role's
 * inline policies 10,240 characters together and a managed policy 6,144, whitespace not counted
 * (IAM User Guide, "IAM and AWS STS quotas": reference_iam-quotas.html). A longer document is one
 * AWS rejects whatever it is, so it is not evaluated (evaluation cost grows with its size).
 */
export const AWS_MAX_DOCUMENT_CHARACTERS = 32 * 1024;

/** Characters other than JSON whitespace: what AWS counts (a byte or more each). */
function countedCharacters(text: string): number {
    let whitespace = 0;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) {
            whitespace++;
        }
    }
    return text.length - whitespace;
}

function tooLongForAws(length: number): UnparseablePolicy {
    return unparseable(`the document has ${length} characters besides whitespace; AWS rejects policy documents longer than ${AWS_MAX_DOCUMENT_CHARACTERS}`);
}

/** The one unknown document, shared: the whole document, or its `Statement` list, is unknown. */
export const UNKNOWN_POLICY: UnknownPolicy = Object.freeze({ kind: "unknown" });

/** The elements AWS accepts at the top of a policy document, and in a statement. */
export const DOCUMENT_ELEMENTS: ReadonlySet<string> = new Set(["Version", "Id", "Statement"]);
export const STATEMENT_ELEMENTS: ReadonlySet<string> = new Set([
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
]);

function has(object: JsonObject, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(object, key);
}

/** An element of the object itself, never one inherited (a `__proto__` key can set the prototype). */
function own(object: JsonObject, key: string): unknown {
    return has(object, key) ? object[key] : undefined;
}

/** A statement that could be anything: an unknown entry of `Statement`, or an unknown document. */
export function whollyUnknownStatement(index: number): Statement {
    return {
        index,
        effect: "unknown",
        actions: { negated: false, value: UNKNOWN_VALUE_LIST },
        resources: { negated: false, value: UNKNOWN_VALUE_LIST },
        principals: { negated: false, value: { kind: "unknown" } },
        condition: { clauses: [], hasUnknown: true },
    };
}

/** The statements to evaluate: none for an unparseable document, an unknown one for an unknown document. */
export function statementsOf(document: PolicyDocument): readonly Statement[] {
    switch (document.kind) {
        case "policy":
            return document.statements;
        case "unknown":
            return [whollyUnknownStatement(0)];
        case "unparseable":
            return [];
    }
}

function unparseable(reason: string): UnparseablePolicy {
    return { kind: "unparseable", reason };
}

/** Thrown inside a statement's parsing; the message names the element, never its content. */
class InvalidStatement extends Error {}

function toText(value: unknown, allowScalars: boolean): string | undefined {
    if (typeof value === "string") {
        return value;
    }
    if (allowScalars && (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))) {
        return String(value);
    }
    return undefined;
}

/** A string or a non-empty list of them; condition values may also be numbers and booleans. */
function readValueList(raw: unknown, element: string, allowScalars = false): ValueList {
    if (isUnknownValue(raw)) {
        return UNKNOWN_VALUE_LIST;
    }
    const entries = Array.isArray(raw) ? raw : [raw];
    if (entries.length === 0) {
        throw new InvalidStatement(`${element} is an empty list`);
    }
    const known: string[] = [];
    let hasUnknown = false;
    for (const entry of entries) {
        const text = toText(entry, allowScalars);
        if (text === undefined) {
            throw new InvalidStatement(`${element} must be a string or a list of strings`);
        }
        if (isUnknownValue(text)) {
            hasUnknown = true;
        } else {
            known.push(text);
        }
    }
    return { known, hasUnknown };
}

/** Reads `name` or `Not<name>`; at most one of them may be present. */
function readElement<T>(statement: JsonObject, name: string, read: (raw: unknown, element: string) => T): Element<T> | undefined {
    const negatedName = `Not${name}`;
    if (has(statement, name) && has(statement, negatedName)) {
        throw new InvalidStatement(`${name} and ${negatedName} are both present`);
    }
    if (has(statement, name)) {
        return { negated: false, value: read(own(statement, name), name) };
    }
    if (has(statement, negatedName)) {
        return { negated: true, value: read(own(statement, negatedName), negatedName) };
    }
    return undefined;
}

function readPrincipals(raw: unknown, element: string): PrincipalSet {
    if (isUnknownValue(raw)) {
        return { kind: "unknown" };
    }
    if (raw === "*") {
        return { kind: "everyone" };
    }
    if (!isJsonObject(raw) || Object.keys(raw).length === 0) {
        throw new InvalidStatement(`${element} must be "*" or a map of principal types`);
    }
    const byType = new Map<string, ValueList>();
    for (const type of Object.keys(raw)) {
        byType.set(type, readValueList(raw[type], element));
    }
    return { kind: "listed", byType };
}

function readCondition(raw: unknown): ConditionBlock {
    if (raw === undefined) {
        return { clauses: [], hasUnknown: false };
    }
    if (isUnknownValue(raw)) {
        return { clauses: [], hasUnknown: true };
    }
    if (!isJsonObject(raw)) {
        throw new InvalidStatement("Condition must be a map of operators");
    }
    const clauses: ConditionClause[] = [];
    let hasUnknown = false;
    for (const operator of Object.keys(raw)) {
        const keys = raw[operator];
        if (isUnknownValue(keys)) {
            hasUnknown = true;
            continue;
        }
        if (!isJsonObject(keys)) {
            throw new InvalidStatement("Condition operators must map condition keys to values");
        }
        for (const key of Object.keys(keys)) {
            clauses.push({ operator, key, values: readValueList(keys[key], "a condition value", true) });
        }
    }
    return { clauses, hasUnknown };
}

function readEffect(raw: unknown): Effect {
    if (isUnknownValue(raw)) {
        return "unknown";
    }
    if (raw === "Allow" || raw === "Deny") {
        return raw;
    }
    throw new InvalidStatement('Effect must be "Allow" or "Deny"');
}

function parseStatement(raw: unknown, index: number): Statement {
    if (isUnknownValue(raw)) {
        return whollyUnknownStatement(index);
    }
    if (!isJsonObject(raw)) {
        throw new InvalidStatement("it is not an object");
    }
    if (Object.keys(raw).some((element) => !STATEMENT_ELEMENTS.has(element))) {
        throw new InvalidStatement("it has an element IAM does not define");
    }
    const actions = readElement(raw, "Action", readValueList);
    if (actions === undefined) {
        throw new InvalidStatement("neither Action nor NotAction is present");
    }
    const sid = own(raw, "Sid");
    if (sid !== undefined && typeof sid !== "string") {
        throw new InvalidStatement("Sid must be a string");
    }
    return {
        index,
        sid: sid === undefined || isUnknownValue(sid) ? undefined : sid,
        effect: readEffect(own(raw, "Effect")),
        actions,
        resources: readElement(raw, "Resource", readValueList),
        principals: readElement(raw, "Principal", readPrincipals),
        condition: readCondition(own(raw, "Condition")),
    };
}

function readVersion(document: JsonObject, problems: string[]): VariableSupport {
    const version = own(document, "Version");
    if (isUnknownValue(version)) {
        return "unknown";
    }
    if (version === "2012-10-17") {
        return "variables";
    }
    if (version !== undefined && version !== "2008-10-17") {
        problems.push('Version must be "2012-10-17" or "2008-10-17"');
    }
    return "literal";
}

function parseObject(document: JsonObject): PolicyDocument {
    const problems: string[] = [];
    if (Object.keys(document).some((element) => !DOCUMENT_ELEMENTS.has(element))) {
        problems.push("the document has a top-level element IAM does not define");
    }
    const variables = readVersion(document, problems);
    const rawStatements = own(document, "Statement");
    if (isUnknownValue(rawStatements)) {
        return UNKNOWN_POLICY;
    }
    if (rawStatements === undefined) {
        problems.push("the document has no Statement");
    }
    const entries: unknown[] = rawStatements === undefined ? [] : Array.isArray(rawStatements) ? rawStatements : [rawStatements];
    const statements: Statement[] = [];
    entries.forEach((entry, index) => {
        try {
            statements.push(parseStatement(entry, index));
        } catch (error) {
            if (!(error instanceof InvalidStatement)) {
                throw error;
            }
            problems.push(`statement ${index + 1}: ${error.message}; the statement is ignored`);
        }
    });
    return { kind: "policy", variables, statements, problems };
}

function parseUnchecked(input: unknown): PolicyDocument {
    let document = plain(input);
    if (typeof document === "string" && !isUnknownValue(document)) {
        if (document.length > MAX_DOCUMENT_LENGTH) {
            return unparseable(`the document is longer than ${MAX_DOCUMENT_LENGTH} characters`);
        }
        if (document.length > AWS_MAX_DOCUMENT_CHARACTERS && countedCharacters(document) > AWS_MAX_DOCUMENT_CHARACTERS) {
            return tooLongForAws(countedCharacters(document));
        }
        try {
            document = JSON.parse(document);
        } catch {
            return unparseable("the document is not valid JSON");
        }
    }
    if (isUnknownValue(document)) {
        return UNKNOWN_POLICY;
    }
    if (document === undefined || document === null) {
        return unparseable("there is no document");
    }
    if (!isJsonObject(document)) {
        return unparseable("the document is not a JSON object");
    }
    if (typeof input !== "string") {
        // An object (aws-native documents): measured as the JSON AWS is sent, which has no whitespace.
        const length = JSON.stringify(document).length;
        if (length > AWS_MAX_DOCUMENT_CHARACTERS) {
            return tooLongForAws(length);
        }
    }
    return parseObject(document);
}

/**
 * Parses a policy document: JSON text, or an object possibly behind the framework's proxies.
 * Never throws.
 */
export function parsePolicyDocument(input: unknown): PolicyDocument {
    try {
        return parseUnchecked(input);
    } catch {
        // Hostile inputs (throwing getters, cyclic proxies) are not documents IAM could hold.
        return unparseable("the document could not be read");
    }
}
