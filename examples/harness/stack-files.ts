/**
 * The two stack-file formats the Pulumi CLI writes, built from recorded resources:
 *  - `pulumi preview --json`: display.PreviewDigest (pkg/backend/display/json.go, ShowPreviewDigest);
 *  - `pulumi stack export`: apitype.UntypedDeployment holding a DeploymentV3.
 * Both carry resources as apitype.ResourceV3. Go's encoder writes struct fields in declaration
 * order, drops `omitempty` fields that are empty, sorts map keys and indents with four spaces.
 */
import * as crypto from "crypto";
import { FIXED_CREATION_TIME } from "./aws-mocks";
import type { RegisteredResource } from "./capture";

/** The CLI release matching the pinned @pulumi/pulumi SDK; recorded in the deployment manifest. */
export const RECORDING_CLI_VERSION = "v3.248.0";

function isEmpty(value: unknown): boolean {
    if (value === undefined || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

/** Go's `omitempty`: drop undefined, empty strings, empty lists and empty maps. */
function omitEmpty(fields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => !isEmpty(value)));
}

/** A Go map as encoding/json writes it: keys sorted, at every depth. */
function sortedMap(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortedMap);
    if (typeof value !== "object" || value === null) return value;
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortedMap(item)]));
}

/** apitype.ResourceV3, in the Go struct's field order. */
function resourceV3(resource: RegisteredResource, timestamps?: { created: string; modified: string }) {
    return omitEmpty({
        urn: resource.urn,
        custom: resource.custom,
        id: resource.id,
        type: resource.type,
        inputs: sortedMap(resource.inputs),
        outputs: sortedMap(resource.outputs),
        parent: resource.parent,
        dependencies: resource.dependencies,
        provider: resource.provider,
        propertyDependencies: sortedMap(resource.propertyDependencies),
        additionalSecretOutputs: resource.additionalSecretOutputs,
        created: timestamps?.created,
        modified: timestamps?.modified,
    });
}

/** What `pulumi preview --json` prints for a stack whose resources all get created. */
export function previewDigest(resources: RegisteredResource[]) {
    return {
        steps: resources.map((resource) => omitEmpty({ op: "create", urn: resource.urn, provider: resource.provider, newState: resourceV3(resource) })),
        changeSummary: { create: resources.length },
    };
}

/** What `pulumi stack export` prints after `pulumi up` created the resources. */
export function stackExport(resources: RegisteredResource[]) {
    const timestamps = { created: FIXED_CREATION_TIME, modified: FIXED_CREATION_TIME };
    return {
        version: 3,
        deployment: {
            manifest: {
                time: FIXED_CREATION_TIME,
                // The engine's integrity marker: the SHA-256 of the CLI version.
                magic: crypto.createHash("sha256").update(RECORDING_CLI_VERSION).digest("hex"),
                version: RECORDING_CLI_VERSION,
            },
            resources: resources.map((resource) => resourceV3(resource, timestamps)),
            metadata: {},
        },
    };
}

/** The file text: four-space indentation and a final newline, as the CLI prints it. */
export function jsonFileText(document: unknown): string {
    return `${JSON.stringify(document, null, 4)}\n`;
}
