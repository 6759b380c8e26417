/**
 * Property values as the CLI serializes them into stack files (pkg/resource/stack), decoded into
 * the driver's value model.
 */
import { DEFAULT_JSON_LIMITS, describeJsonShapeProblem, jsonShapeProblem } from "../json-shape";
import {
    ARCHIVE_SIGNATURE,
    ASSET_SIGNATURE,
    isPlainObject,
    PropertyMap,
    PropertyValue,
    RESOURCE_REFERENCE_SIGNATURE,
    ResourceReference,
    Secret,
    SECRET_SIGNATURE,
    SIGNATURE_KEY,
    UNKNOWN,
    UNKNOWN_SENTINELS,
} from "../values";

/** What the CLI writes for a value it does not know yet ("computedValuePlaceholder"). */
const COMPUTED_PLACEHOLDER = UNKNOWN_SENTINELS.string;

/** `pulumi preview --json` replaces every secret with this string (display.MassageSecrets). */
const BLINDED_SECRET = "[secret]";

export interface StateDecodeOptions {
    /** True for preview files, whose secrets were replaced by "[secret]". */
    blindedSecrets: boolean;
}

/** A value that cannot be decoded; `path` says where it is (e.g. "inputs.policy"). */
export class StateValueError extends Error {
    constructor(
        readonly path: string,
        problem: string,
    ) {
        super(`${path}: ${problem}`);
    }
}

export function decodeStateProperties(value: unknown, path: string, options: StateDecodeOptions): PropertyMap {
    if (value === undefined || value === null) {
        return {};
    }
    if (!isPlainObject(value)) {
        throw new StateValueError(path, "must be an object");
    }
    const properties: PropertyMap = {};
    for (const [key, element] of Object.entries(value)) {
        properties[key] = decodeStateValue(element, `${path}.${key}`, options);
    }
    return properties;
}

export function decodeStateValue(value: unknown, path: string, options: StateDecodeOptions): PropertyValue {
    if (value === null || value === undefined) {
        return null;
    }
    if (typeof value === "string") {
        if (value === COMPUTED_PLACEHOLDER) {
            return UNKNOWN;
        }
        return options.blindedSecrets && value === BLINDED_SECRET ? new Secret(UNKNOWN) : value;
    }
    if (typeof value === "boolean" || typeof value === "number") {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((element, index) => decodeStateValue(element, `${path}[${index}]`, options));
    }
    if (!isPlainObject(value)) {
        throw new StateValueError(path, "is not a JSON value");
    }
    switch (value[SIGNATURE_KEY]) {
        case undefined:
            return decodeStateProperties(value, path, options);
        case SECRET_SIGNATURE:
            return decodeSecret(value, path, options);
        case RESOURCE_REFERENCE_SIGNATURE:
            return decodeResourceReference(value, path, options);
        case ASSET_SIGNATURE:
        case ARCHIVE_SIGNATURE:
            // Assets and archives go to the pack in the same serialized form.
            return decodeStateProperties(value, path, options);
        default:
            throw new StateValueError(path, `unrecognized signature ${JSON.stringify(value[SIGNATURE_KEY])}`);
    }
}

/**
 * A secret holds either `ciphertext`, which cannot be decrypted offline and so is a secret whose
 * value is unknown, or `plaintext`: the JSON text of the serialized value.
 */
function decodeSecret(value: Record<string, unknown>, path: string, options: StateDecodeOptions): Secret {
    if ("ciphertext" in value) {
        return new Secret(UNKNOWN);
    }
    if (typeof value.plaintext === "string") {
        // The plaintext is JSON of its own, which the limits on the file's text do not see into.
        const shape = jsonShapeProblem(value.plaintext, DEFAULT_JSON_LIMITS);
        if (shape) {
            throw new StateValueError(path, `secret plaintext: ${describeJsonShapeProblem(shape)}`);
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(value.plaintext);
        } catch {
            throw new StateValueError(path, "secret plaintext is not valid JSON");
        }
        return new Secret(decodeStateValue(parsed, path, options));
    }
    if ("value" in value) {
        return new Secret(decodeStateValue(value.value, path, options));
    }
    throw new StateValueError(path, "secret has neither ciphertext nor plaintext");
}

function decodeResourceReference(value: Record<string, unknown>, path: string, options: StateDecodeOptions): ResourceReference {
    if (typeof value.urn !== "string") {
        throw new StateValueError(path, "resource reference has no urn");
    }
    if (!("id" in value)) {
        return new ResourceReference(value.urn);
    }
    // An empty ID marks a resource that is yet to be created.
    const id = value.id === "" ? UNKNOWN : decodeStateValue(value.id, `${path}.id`, options);
    return new ResourceReference(value.urn, id);
}
