/**
 * The recorded example stacks (examples/stacks/index.json) in the driver's model, and mutations
 * of them: properties dropped, replaced by odd JSON, unknowns or secrets, resources deleted
 * while others still name them, ARNs corrupted, dependencies rewired.
 */
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { PropertyMap, PropertyValue, readStackFile, Secret, Stack, StackResource, UnknownValue } from "../../driver";
import { UNKNOWN_SENTINELS } from "../../driver/values";

const REPOSITORY = path.resolve(__dirname, "..", "..");

export interface ExampleFile {
    /** E.g. `compliant-cross-region.preview`. */
    label: string;
    file: string;
}

/** Every stack file the example index lists, previews and deployments. */
export function exampleFiles(): ExampleFile[] {
    const index = JSON.parse(fs.readFileSync(path.join(REPOSITORY, "examples", "stacks", "index.json"), "utf8")) as {
        examples: Array<{ name: string; preview: string; deployed: string }>;
    };
    return index.examples.flatMap((example) =>
        (["preview", "deployed"] as const).map((stage) => ({
            label: `${example.name}.${stage}`,
            file: path.join(REPOSITORY, example[stage]),
        })),
    );
}

// ---- Paths into property values (a secret's value is its child "value") ----------------------

export type Segment = string | number;
type Container = Record<Segment, PropertyValue>;

function children(value: PropertyValue): Array<[Segment, PropertyValue]> {
    if (value instanceof Secret) {
        return [["value", value.value]];
    }
    if (Array.isArray(value)) {
        return value.map((element, index) => [index, element]);
    }
    if (value !== null && typeof value === "object" && !(value instanceof UnknownValue) && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.entries(value as PropertyMap);
    }
    return [];
}

export function positions(value: PropertyValue, path: Segment[] = []): Segment[][] {
    return children(value).flatMap(([segment, child]) => [[...path, segment], ...positions(child, [...path, segment])]);
}

function containerAt(root: PropertyMap, path: Segment[]): Container {
    return path.slice(0, -1).reduce<PropertyValue>((parent, segment) => (parent as unknown as Container)[segment], root) as unknown as Container;
}

export function replaceAt(root: PropertyMap, path: Segment[], replace: (old: PropertyValue) => PropertyValue): void {
    const parent = containerAt(root, path);
    const key = path[path.length - 1];
    parent[key] = replace(parent[key]);
}

function dropAt(root: PropertyMap, path: Segment[]): void {
    const parent = containerAt(root, path);
    const key = path[path.length - 1];
    if (parent instanceof Secret) {
        (parent as unknown as { value: PropertyValue }).value = null;
    } else if (Array.isArray(parent)) {
        parent.splice(key as number, 1);
    } else {
        delete parent[key];
    }
}

/** Every string below `value`, with the path to it. */
function strings(root: PropertyMap): Segment[][] {
    return positions(root).filter((path) => typeof containerAt(root, path)[path[path.length - 1]] === "string");
}

// ---- Mutations --------------------------------------------------------------------------------

/** A value no schema expects there. */
const oddValue: fc.Arbitrary<PropertyValue> = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<PropertyValue>,
    fc.constantFrom<PropertyValue>("", " ", "[secret]", "[unknown]", -1, 0, 1e308, true, false, null, [], {}, [null], "x".repeat(10_000)),
    fc.constantFrom(...Object.keys(UNKNOWN_SENTINELS)).map((kind) => new UnknownValue(kind as keyof typeof UNKNOWN_SENTINELS)),
);

/** Ways to break an ARN: another partition, no Region or account, cut short, a wildcard, garbage. */
const arnCorruption = fc.constantFrom<(arn: string) => string>(
    (arn) => arn.replace(/^arn:aws:/, "arn:aws-mars:"),
    (arn) =>
        arn
            .split(":")
            .map((part, i) => (i === 3 ? "" : part))
            .join(":"),
    (arn) =>
        arn
            .split(":")
            .map((part, i) => (i === 4 ? "not-an-account" : part))
            .join(":"),
    (arn) => arn.slice(0, Math.max(4, Math.floor(arn.length / 2))),
    (arn) => `${arn}*`,
    (arn) => arn.replace(/\//g, ":"),
    (arn) => arn.toUpperCase(),
    () => "arn:",
);

export type Mutation =
    | { kind: "drop" | "unknown" | "secret"; resource: number; outputs: boolean; position: number }
    | { kind: "odd"; resource: number; outputs: boolean; position: number; value: PropertyValue }
    | { kind: "corrupt-arn"; resource: number; outputs: boolean; position: number; corrupt: (arn: string) => string }
    | { kind: "delete-resource"; resource: number }
    | { kind: "rewire"; resource: number; property: number; on: number[]; dangling: boolean };

const target = { resource: fc.nat(), outputs: fc.boolean(), position: fc.nat() };

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
    fc.oneof(
        fc.record({ kind: fc.constantFrom("drop" as const, "unknown" as const, "secret" as const), ...target }),
        fc.record({ kind: fc.constant("odd" as const), ...target, value: oddValue }),
        fc.record({ kind: fc.constant("corrupt-arn" as const), ...target, corrupt: arnCorruption }),
        fc.record({ kind: fc.constant("delete-resource" as const), resource: fc.nat() }),
        fc.record({
            kind: fc.constant("rewire" as const),
            resource: fc.nat(),
            property: fc.nat(),
            on: fc.array(fc.nat(), { maxLength: 3 }),
            dangling: fc.boolean(),
        }),
    ),
    { minLength: 1, maxLength: 4 },
);

function describeMutation(mutation: Mutation, resource: StackResource, path?: Segment[]): string {
    const where = `${resource.urn.slice(resource.urn.lastIndexOf("::") + 2)}${path ? `.${"outputs" in mutation && mutation.outputs ? "outputs" : "inputs"}.${path.join(".")}` : ""}`;
    return `${mutation.kind} ${where}`;
}

/** What a mutation puts in place of `old`. */
function replacement(mutation: Mutation, old: PropertyValue): PropertyValue {
    switch (mutation.kind) {
        case "unknown":
            return new UnknownValue();
        case "secret":
            return new Secret(old);
        case "odd":
            // Drafts are reused by fast-check, and later mutations change values in place.
            return mutation.value instanceof UnknownValue ? mutation.value : structuredClone(mutation.value);
        case "corrupt-arn":
            return (old as string).replace(/arn:[^"\s,\]]*/g, (arn) => mutation.corrupt(arn));
        default:
            return old;
    }
}

/** The example's stack, read afresh, with `mutations` applied; and what was done. */
export function mutate(example: ExampleFile, mutations: readonly Mutation[]): { stack: Stack; applied: string[] } {
    const copy = readStackFile(example.file);
    const applied: string[] = [];
    for (const mutation of mutations) {
        const resources = copy.resources;
        if (resources.length === 0) {
            break;
        }
        const resource = resources[mutation.resource % resources.length];
        switch (mutation.kind) {
            case "delete-resource":
                resources.splice(resources.indexOf(resource), 1);
                applied.push(describeMutation(mutation, resource));
                break;
            case "rewire": {
                const properties = Object.keys(resource.inputs);
                const property = properties.length > 0 ? properties[mutation.property % properties.length] : "bucket";
                const urns = mutation.on.map((i) => (mutation.dangling ? `${resources[i % resources.length].urn}-gone` : resources[i % resources.length].urn));
                resource.propertyDependencies = { ...resource.propertyDependencies, [property]: urns };
                resource.dependencies = [...new Set([...(resource.dependencies ?? []), ...urns])];
                applied.push(`${describeMutation(mutation, resource)}.${property} <- ${urns.join(", ")}`);
                break;
            }
            default: {
                const properties = mutation.outputs && resource.outputs ? resource.outputs : resource.inputs;
                const candidates =
                    mutation.kind === "corrupt-arn"
                        ? strings(properties).filter((path) => String(containerAt(properties, path)[path[path.length - 1]]).includes("arn:"))
                        : positions(properties);
                if (candidates.length === 0) {
                    break;
                }
                const path = candidates[mutation.position % candidates.length];
                if (mutation.kind === "drop") {
                    dropAt(properties, path);
                } else {
                    replaceAt(properties, path, (old) => replacement(mutation, old));
                }
                applied.push(describeMutation(mutation, resource, path));
            }
        }
    }
    return { stack: copy, applied };
}
