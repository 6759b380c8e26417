/**
 * Validates policy config properties against a policy's `configSchema` the way the Pulumi CLI does
 * before a preview (pkg/resource/analyzer/config.go, `validatePolicyConfig`): the CLI wraps the
 * policy's `properties` and `required` in `{"type": "object", ...}` (so a top-level
 * `additionalProperties` never reaches the validator) and validates with gojsonschema, whose error
 * strings are `<field>: <description>` with the field path dotted from the root and the root itself
 * left out. The messages below are gojsonschema's (locales.go).
 *
 * Only the keywords the CLI's validator implements and policy schemas use are supported; a schema
 * with any other keyword is reported as not validated (`unsupportedKeywords`) rather than passed.
 */
import { isPlainObject } from "./values";

export type JsonSchema = Record<string, unknown>;

/** Keywords that constrain nothing (annotations). */
const ANNOTATIONS = new Set(["description", "default", "title", "examples", "$comment", "$schema", "$id", "readOnly", "writeOnly", "deprecated"]);
const VALIDATING = new Set([
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
]);

/** The schema the CLI validates one policy's properties against. */
export function cliPolicySchema(configSchema: { properties?: unknown; required?: unknown }): JsonSchema {
    const schema: JsonSchema = { type: "object" };
    if (isPlainObject(configSchema.properties) && Object.keys(configSchema.properties).length > 0) {
        schema.properties = configSchema.properties;
    }
    if (Array.isArray(configSchema.required) && configSchema.required.length > 0) {
        schema.required = configSchema.required;
    }
    return schema;
}

/** Keywords in `schema` (at any depth) this validator does not implement, sorted. */
export function unsupportedKeywords(schema: unknown): string[] {
    const found = new Set<string>();
    const visit = (node: unknown) => {
        if (!isPlainObject(node)) {
            return;
        }
        for (const [keyword, value] of Object.entries(node)) {
            if (ANNOTATIONS.has(keyword)) {
                continue;
            }
            if (!VALIDATING.has(keyword)) {
                found.add(keyword);
            } else if (keyword === "properties" && isPlainObject(value)) {
                Object.values(value).forEach(visit);
            } else if (keyword === "items" || keyword === "additionalProperties") {
                visit(value);
            }
        }
    };
    visit(schema);
    return [...found].sort();
}

/** gojsonschema's error strings for `value` against `schema`, with "(root): " dropped as the CLI does. */
export function validateAgainstSchema(schema: JsonSchema, value: unknown): string[] {
    const errors: string[] = [];
    validate(schema, value, [], errors);
    return errors;
}

function validate(schema: JsonSchema, value: unknown, path: string[], errors: string[]): void {
    const report = (description: string) => errors.push(path.length === 0 ? description : `${path.join(".")}: ${description}`);
    const field = path.length === 0 ? "(root)" : path.join(".");

    const types = typeList(schema.type);
    if (types && !types.some((type) => hasType(value, type))) {
        // gojsonschema 1.2.0 (the one pulumi/pulumi uses) writes several types as [string,null].
        const expected = types.length === 1 ? types[0] : `[${types.join(",")}]`;
        report(`Invalid type. Expected: ${expected}, given: ${typeOf(value)}`);
        return;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => jsonEqual(allowed, value))) {
        report(`${field} must be one of the following: ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(", ")}`);
    }
    if ("const" in schema && !jsonEqual(schema.const, value)) {
        report(`${field} does not match: ${JSON.stringify(schema.const)}`);
    }
    if (typeof value === "string") {
        validateString(schema, value, report);
    } else if (typeof value === "number") {
        validateNumber(schema, value, report);
    } else if (Array.isArray(value)) {
        validateArray(schema, value, path, errors, report);
    } else if (isPlainObject(value)) {
        validateObject(schema, value, path, errors, report);
    }
}

function validateString(schema: JsonSchema, value: string, report: (description: string) => void): void {
    // JSON Schema counts characters (code points), as gojsonschema does with utf8.RuneCountInString.
    const length = [...value].length;
    if (typeof schema.minLength === "number" && length < schema.minLength) {
        report(`String length must be greater than or equal to ${schema.minLength}`);
    }
    if (typeof schema.maxLength === "number" && length > schema.maxLength) {
        report(`String length must be less than or equal to ${schema.maxLength}`);
    }
    if (typeof schema.pattern === "string" && !compilePattern(schema.pattern)?.test(value)) {
        report(`Does not match pattern '${schema.pattern}'`);
    }
}

function validateNumber(schema: JsonSchema, value: number, report: (description: string) => void): void {
    if (typeof schema.multipleOf === "number" && !Number.isInteger(value / schema.multipleOf)) {
        report(`Must be a multiple of ${schema.multipleOf}`);
    }
    if (typeof schema.minimum === "number" && value < schema.minimum) {
        report(`Must be greater than or equal to ${schema.minimum}`);
    }
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) {
        report(`Must be greater than ${schema.exclusiveMinimum}`);
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
        report(`Must be less than or equal to ${schema.maximum}`);
    }
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) {
        report(`Must be less than ${schema.exclusiveMaximum}`);
    }
}

function validateArray(schema: JsonSchema, value: unknown[], path: string[], errors: string[], report: (description: string) => void): void {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
        report(`Array must have at least ${schema.minItems} items`);
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
        report(`Array must have at most ${schema.maxItems} items`);
    }
    if (schema.uniqueItems === true) {
        for (let i = 0; i < value.length; i++) {
            const j = value.findIndex((other, index) => index > i && jsonEqual(value[i], other));
            if (j >= 0) {
                report(`array items[${i},${j}] must be unique`);
                break;
            }
        }
    }
    if (isPlainObject(schema.items)) {
        value.forEach((element, index) => validate(schema.items as JsonSchema, element, [...path, String(index)], errors));
    }
}

function validateObject(schema: JsonSchema, value: Record<string, unknown>, path: string[], errors: string[], report: (description: string) => void): void {
    const keys = Object.keys(value);
    if (typeof schema.minProperties === "number" && keys.length < schema.minProperties) {
        report(`Must have at least ${schema.minProperties} properties`);
    }
    if (typeof schema.maxProperties === "number" && keys.length > schema.maxProperties) {
        report(`Must have at most ${schema.maxProperties} properties`);
    }
    if (Array.isArray(schema.required)) {
        for (const name of schema.required) {
            if (typeof name === "string" && !Object.prototype.hasOwnProperty.call(value, name)) {
                report(`${name} is required`);
            }
        }
    }
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    for (const key of keys) {
        const propertySchema = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
        if (isPlainObject(propertySchema)) {
            validate(propertySchema, value[key], [...path, key], errors);
        } else if (schema.additionalProperties === false) {
            report(`Additional property ${key} is not allowed`);
        } else if (isPlainObject(schema.additionalProperties)) {
            validate(schema.additionalProperties, value[key], [...path, key], errors);
        }
    }
}

/** RE2 (Go) and JavaScript agree on the patterns config schemas use; one that JavaScript cannot compile fails. */
function compilePattern(pattern: string): RegExp | undefined {
    try {
        return new RegExp(pattern);
    } catch {
        return undefined;
    }
}

function typeList(type: unknown): string[] | undefined {
    if (typeof type === "string") {
        return [type];
    }
    return Array.isArray(type) && type.every((t) => typeof t === "string") ? (type as string[]) : undefined;
}

function hasType(value: unknown, type: string): boolean {
    const actual = typeOf(value);
    return actual === type || (type === "number" && actual === "integer");
}

/** gojsonschema's name for a JSON value's type: whole numbers are "integer". */
function typeOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "array";
    }
    if (typeof value === "number") {
        return Number.isInteger(value) ? "integer" : "number";
    }
    return typeof value;
}

function jsonEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((element, index) => jsonEqual(element, b[index]));
    }
    if (isPlainObject(a) && isPlainObject(b)) {
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEqual(a[key], b[key]));
    }
    return false;
}
