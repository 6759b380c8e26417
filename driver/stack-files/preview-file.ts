/**
 * `pulumi preview --json` output (display.PreviewDigest): {"steps": [{"op", "urn", "newState", ...}], ...}.
 * Each step's `newState` is the resource's goal state: inputs with unknown values as the
 * "04da6b54-..." placeholder, and every secret blinded to the string "[secret]". Unchanged
 * resources are left out unless the preview ran with --show-sames.
 */
import { StackContents, StackResource } from "../stack";
import { isPlainObject } from "../values";
import { readResourceState } from "./resource-state";

/** Steps that end a resource, whose state the engine does not analyze. */
const REMOVING_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "read-discard", "remove-pending-replace"]);

export function isPreviewDocument(document: Record<string, unknown>): boolean {
    return "steps" in document || "changeSummary" in document;
}

/** Throws an Error whose message says what is wrong (the caller names the file). */
export function readPreviewDocument(document: Record<string, unknown>): StackContents {
    const steps = document.steps ?? [];
    if (!Array.isArray(steps)) {
        throw new Error(`"steps" is not an array`);
    }
    const resources = new Map<string, StackResource>();
    steps.forEach((step, index) => {
        const where = `step #${index + 1}`;
        if (!isPlainObject(step)) {
            throw new Error(`${where} is not an object`);
        }
        if (typeof step.op === "string" && REMOVING_OPS.has(step.op)) {
            return;
        }
        if (step.newState === undefined || step.newState === null) {
            return;
        }
        const { resource } = readResourceState(step.newState, `${where} newState`, { blindedSecrets: true });
        // A replacement shows up as several steps for one URN; they share the goal state.
        if (!resources.has(resource.urn)) {
            resources.set(resource.urn, resource);
        }
    });
    const omitted = omittedUnchanged(document.changeSummary, steps);
    return { resources: [...resources.values()], ...readConfig(document.config), ...(omitted > 0 ? { omittedResources: omitted } : {}) };
}

/**
 * How many unchanged resources the preview counted in `changeSummary` but left out of `steps`:
 * without --show-sames the CLI shows a "same" step only for the root stack and for resources whose
 * `protect` changed (pkg/backend/display: shouldShow), while the summary counts every one.
 */
function omittedUnchanged(changeSummary: unknown, steps: unknown[]): number {
    const counted = isPlainObject(changeSummary) ? changeSummary.same : undefined;
    if (typeof counted !== "number" || !Number.isFinite(counted)) {
        return 0;
    }
    const shown = new Set(steps.filter((step) => isPlainObject(step) && step.op === "same").map((step) => (step as Record<string, unknown>).urn));
    return Math.max(0, counted - shown.size);
}

/** The preview's stack config ("aws:region" -> "us-east-1"); secret values are blinded. */
function readConfig(config: unknown): { config?: Record<string, string> } {
    if (config === undefined || config === null) {
        return {};
    }
    if (!isPlainObject(config) || !Object.values(config).every((value) => typeof value === "string")) {
        throw new Error(`"config" must map config keys to strings`);
    }
    return { config: config as Record<string, string> };
}
