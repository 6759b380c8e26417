/**
 * One serialized resource state (apitype.ResourceV3), the shape shared by an export's
 * `deployment.resources[]` and a preview step's `newState`.
 */
import { parseProviderReference, StackResource } from "../stack";
import { CustomTimeouts } from "../types";
import { isPlainObject } from "../values";
import { decodeStateProperties, StateDecodeOptions } from "./state-values";

/** A problem with one resource of a stack file; the reader adds the file name. */
export class ResourceStateError extends Error {}

export interface ResourceState {
    resource: StackResource;
    /** Marked for deletion: the engine no longer analyzes it. */
    pendingDelete: boolean;
}

export function readResourceState(state: unknown, where: string, options: StateDecodeOptions): ResourceState {
    if (!isPlainObject(state)) {
        throw new ResourceStateError(`${where} is not an object`);
    }
    const urn = state.urn;
    if (typeof urn !== "string" || urn === "") {
        throw new ResourceStateError(`${where} has no urn`);
    }
    const context = `${where} (${urn})`;
    const field = new FieldReader(state, context);
    const type = field.string("type");
    if (type === undefined) {
        throw new ResourceStateError(`${context} has no type`);
    }
    const providerField = field.string("provider");
    const provider = providerField ? parseProviderReference(providerField) : undefined;
    if (providerField && !provider) {
        throw new ResourceStateError(`${context}: provider ${JSON.stringify(providerField)} is not "<urn>::<id>"`);
    }

    let inputs, outputs;
    try {
        inputs = decodeStateProperties(state.inputs, "inputs", options);
        outputs = state.outputs === undefined ? undefined : decodeStateProperties(state.outputs, "outputs", options);
    } catch (error) {
        throw new ResourceStateError(`${context}: ${(error as Error).message}`);
    }

    const id = field.string("id");
    const parent = field.string("parent");
    const resource: StackResource = {
        urn,
        type,
        custom: field.boolean("custom") ?? false,
        ...(id ? { id } : {}),
        inputs,
        ...(outputs ? { outputs } : {}),
        ...(parent ? { parent } : {}),
        dependencies: field.strings("dependencies") ?? [],
        propertyDependencies: field.propertyDependencies(),
        options: {
            protect: field.boolean("protect") ?? false,
            ignoreChanges: field.strings("ignoreChanges") ?? [],
            additionalSecretOutputs: field.strings("additionalSecretOutputs") ?? [],
            aliases: field.strings("aliases") ?? [],
            customTimeouts: field.customTimeouts(),
        },
        ...(provider ? { provider } : {}),
    };
    return { resource, pendingDelete: field.boolean("delete") ?? false };
}

/** Reads optional fields, rejecting ones of the wrong type with a message naming them. */
class FieldReader {
    constructor(
        private readonly state: Record<string, unknown>,
        private readonly context: string,
    ) {}

    string(name: string): string | undefined {
        return this.typed(name, "a string", (v): v is string => typeof v === "string");
    }

    boolean(name: string): boolean | undefined {
        return this.typed(name, "true or false", (v): v is boolean => typeof v === "boolean");
    }

    strings(name: string): string[] | undefined {
        return this.typed(name, "a list of strings", isStringList);
    }

    propertyDependencies(): Record<string, string[]> {
        const value = this.typed("propertyDependencies", "an object of URN lists", isPlainObject) ?? {};
        const result: Record<string, string[]> = {};
        for (const [property, urns] of Object.entries(value)) {
            if (!isStringList(urns)) {
                const where = `${this.context}: propertyDependencies.${property}`;
                throw new ResourceStateError(`${where} must be a list of URNs`);
            }
            result[property] = urns;
        }
        return result;
    }

    customTimeouts(): CustomTimeouts {
        const value = this.typed("customTimeouts", "an object", isPlainObject) ?? {};
        const timeouts: CustomTimeouts = {};
        for (const kind of ["create", "update", "delete"] as const) {
            if (typeof value[kind] === "number") {
                timeouts[kind] = value[kind] as number;
            }
        }
        return timeouts;
    }

    private typed<T>(name: string, expected: string, check: (value: unknown) => value is T): T | undefined {
        const value = this.state[name];
        if (value === undefined || value === null) {
            return undefined;
        }
        if (!check(value)) {
            throw new ResourceStateError(`${this.context}: ${name} must be ${expected}`);
        }
        return value;
    }
}

function isStringList(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((element) => typeof element === "string");
}
