/**
 * `pulumi stack export` output: {"version": 3, "deployment": {"manifest": ..., "resources": [...]}}.
 * The resources are the deployed state, in dependency order.
 */
import { StackContents } from "../stack";
import { isPlainObject } from "../values";
import { readResourceState } from "./resource-state";

const SUPPORTED_VERSIONS = [2, 3, 4];

export function isExportDocument(document: Record<string, unknown>): boolean {
    return "deployment" in document;
}

/** Throws an Error whose message says what is wrong (the caller names the file). */
export function readExportDocument(document: Record<string, unknown>): StackContents {
    const version = document.version;
    if (typeof version !== "number" || !SUPPORTED_VERSIONS.includes(version)) {
        throw new Error(`unsupported export version ${JSON.stringify(version)} (expected one of ${SUPPORTED_VERSIONS.join(", ")})`);
    }
    const deployment = document.deployment;
    if (!isPlainObject(deployment)) {
        throw new Error(`"deployment" is not an object`);
    }
    if (!Array.isArray(deployment.resources)) {
        throw new Error(`"deployment" has no "resources" array`);
    }
    const resources = deployment.resources
        .map((state, index) => readResourceState(state, `resource #${index + 1}`, { blindedSecrets: false }))
        .filter((state) => !state.pendingDelete)
        .map((state) => state.resource);
    return { resources };
}
