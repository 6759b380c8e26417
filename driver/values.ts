/**
 * Resource property values as the engine holds them, and their wire form.
 *
 * The wire form is what the engine's `MarshalPropertyValue` produces with `KeepUnknowns` and
 * `KeepSecrets` (sdk/go/common/resource/plugin/rpc.go): unknowns become sentinel strings, secrets
 * become signature objects, resource references collapse to their ID (or URN), and the result is a
 * plain JavaScript value ready for `Struct.fromJavaScript`.
 */

/** The key that marks an object as one of the engine's special values. */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REFERENCE_SIGNATURE = "5cf8f73096256a8f31e491e813e4eb8e";
export const ASSET_SIGNATURE = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIGNATURE = "0def7320c3a5731c473e5ecbe6d01bc7";

/** The sentinel strings for unknown values, by the kind of value that is not yet known. */
export const UNKNOWN_SENTINELS = {
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

export type UnknownKind = keyof typeof UNKNOWN_SENTINELS;

/** A value that cannot be known until the resource is created (a "computed" value). */
export class UnknownValue {
    constructor(readonly kind: UnknownKind = "string") {}

    get sentinel(): string {
        return UNKNOWN_SENTINELS[this.kind];
    }

    /** Reports print unknowns the way `pulumi preview` shows them. */
    toJSON(): string {
        return "[unknown]";
    }
}

/** An unknown value; the engine sends it as the unknown-string sentinel, like every stack file holds it. */
export const UNKNOWN = new UnknownValue("string");

/** A value the engine treats as secret. */
export class Secret<T = PropertyValue> {
    constructor(readonly value: T) {}

    /** Reports never print secret values. */
    toJSON(): string {
        return "[secret]";
    }
}

export function secret<T extends PropertyValue>(value: T): Secret<T> {
    return new Secret(value);
}

/** A reference to another resource; the engine sends analyzers its ID, or its URN when it has none. */
export class ResourceReference {
    constructor(
        readonly urn: string,
        readonly id?: PropertyValue,
    ) {}
}

export type PropertyValue = null | boolean | number | string | PropertyValue[] | PropertyMap | UnknownValue | Secret | ResourceReference;

export interface PropertyMap {
    [key: string]: PropertyValue;
}

/** The plain JavaScript that `Struct.fromJavaScript` accepts. */
export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };
export type WireMap = { [key: string]: WireValue };

export interface EncodeOptions {
    /** Drop keys starting with "__" at every level, as the engine does for Analyze and AnalyzeStack. */
    skipInternalKeys: boolean;
}

const SENTINEL_KINDS = new Map<string, UnknownKind>(Object.entries(UNKNOWN_SENTINELS).map(([kind, sentinel]) => [sentinel, kind as UnknownKind]));

export function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return false;
    }
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}

export function encodeProperties(properties: PropertyMap, options: EncodeOptions): WireMap {
    const wire: WireMap = {};
    for (const key of Object.keys(properties).sort()) {
        if (options.skipInternalKeys && key.startsWith("__")) {
            continue;
        }
        const value = properties[key];
        if (value !== undefined) {
            wire[key] = encodeValue(value, options);
        }
    }
    return wire;
}

export function encodeValue(value: PropertyValue, options: EncodeOptions): WireValue {
    if (value === null || value === undefined) {
        return null;
    }
    if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
        return value;
    }
    if (value instanceof UnknownValue) {
        return value.sentinel;
    }
    if (value instanceof Secret) {
        return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: encodeValue(value.value, options) };
    }
    if (value instanceof ResourceReference) {
        const hasId = value.id !== undefined && value.id !== null && value.id !== "";
        return hasId ? encodeValue(value.id as PropertyValue, options) : value.urn;
    }
    if (Array.isArray(value)) {
        return value.map((element) => encodeValue(element, options));
    }
    if (isPlainObject(value)) {
        return encodeProperties(value, options);
    }
    throw new TypeError(`cannot send a ${describeType(value)} as a resource property value`);
}

/** Decodes a wire value the way the engine unmarshals Remediate results (unknowns and secrets kept). */
export function decodeValue(wire: unknown): PropertyValue {
    if (wire === null || wire === undefined) {
        return null;
    }
    if (typeof wire === "string") {
        const kind = SENTINEL_KINDS.get(wire);
        return kind ? new UnknownValue(kind) : wire;
    }
    if (typeof wire === "boolean" || typeof wire === "number") {
        return wire;
    }
    if (Array.isArray(wire)) {
        return wire.map(decodeValue);
    }
    if (isPlainObject(wire)) {
        const signature = wire[SIGNATURE_KEY];
        if (signature === SECRET_SIGNATURE) {
            return new Secret(decodeValue(wire.value));
        }
        if (signature === RESOURCE_REFERENCE_SIGNATURE) {
            return decodeResourceReference(wire);
        }
        return decodeProperties(wire);
    }
    throw new TypeError(`unexpected ${describeType(wire)} in a resource property value`);
}

export function decodeProperties(wire: Record<string, unknown>): PropertyMap {
    const properties: PropertyMap = {};
    for (const [key, value] of Object.entries(wire)) {
        properties[key] = decodeValue(value);
    }
    return properties;
}

/** With `KeepResources` off the engine turns a reference into its ID, unknown when the ID is empty. */
function decodeResourceReference(wire: Record<string, unknown>): PropertyValue {
    if (!("id" in wire)) {
        return String(wire.urn);
    }
    return wire.id === "" ? UNKNOWN : decodeValue(wire.id);
}

function describeType(value: unknown): string {
    if (typeof value !== "object" || value === null) {
        return typeof value;
    }
    return value.constructor?.name ?? "object";
}
