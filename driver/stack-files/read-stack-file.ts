/** Reads a stack file, telling `pulumi stack export` output from `pulumi preview --json` output. */
import { DEFAULT_MAX_FILE_BYTES, InputFileError, mebibytes, readInputFile } from "../input-file";
import { Stack, StackContents, StackSource, stackIdentity } from "../stack";
import { ENFORCEMENT_LEVELS, EnforcementLevel } from "../types";
import { isPlainObject } from "../values";
import { describeJsonShapeProblem, JsonLimits, jsonLimitsFor, jsonShapeProblem } from "../json-shape";
import { findOversizedString, MAX_STRING_BYTES } from "./string-limit";
import { isExportDocument, readExportDocument } from "./export-file";
import { isPreviewDocument, readPreviewDocument } from "./preview-file";

export type StackFileProblem = "unreadable" | "too-large" | "not-json" | "unknown-format" | "policy-config" | "invalid";

/** Everything that can be wrong with a stack file, as one line: "<file>: <problem>". */
export class StackFileError extends InputFileError {
    constructor(
        file: string,
        readonly kind: StackFileProblem,
        problem: string,
    ) {
        super(file, problem);
        this.name = "StackFileError";
    }
}

/** Reads a regular file of at most `maxBytes` (see input-file.ts). */
export function readStackFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): Stack {
    let text: string;
    try {
        text = readInputFile(file, maxBytes);
    } catch (error) {
        if (error instanceof InputFileError) {
            throw new StackFileError(file, "unreadable", error.problem);
        }
        throw error;
    }
    return parseStackFile(text, file, jsonLimitsFor(maxBytes));
}

/** `limits` bound what decoding costs (json-shape.ts); a text past one is refused before it is parsed. */
export function parseStackFile(text: string, file: string, limits: JsonLimits = jsonLimitsFor(DEFAULT_MAX_FILE_BYTES)): Stack {
    const shape = jsonShapeProblem(text, limits);
    if (shape) {
        throw new StackFileError(file, "too-large", describeJsonShapeProblem(shape));
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new StackFileError(file, "not-json", `not JSON (${(error as Error).message})${pulumiYamlHint(text, file)}`);
    }
    // No string of the document is longer in UTF-8 than the file's text: most files need no walk.
    const oversized = text.length * 3 > MAX_STRING_BYTES ? findOversizedString(document) : undefined;
    if (oversized) {
        throw new StackFileError(
            file,
            "invalid",
            `${shortPath(oversized.path)} is a string of ${mebibytes(oversized.bytes)} MiB; the checker sends a pack strings of up to ${mebibytes(MAX_STRING_BYTES)} MiB`,
        );
    }
    if (!isPlainObject(document)) {
        throw new StackFileError(file, "unknown-format", "not a JSON object");
    }

    let source: StackSource;
    let read: (document: Record<string, unknown>) => StackContents;
    if (isExportDocument(document)) {
        [source, read] = ["export", readExportDocument];
    } else if (isPreviewDocument(document)) {
        [source, read] = ["preview", readPreviewDocument];
    } else if (looksLikePolicyConfig(document)) {
        throw new StackFileError(file, "policy-config", `a policy config, not a stack file: pass it as --policy-config ${file}`);
    } else {
        throw new StackFileError(
            file,
            "unknown-format",
            'unknown format: expected `pulumi stack export` output (with "deployment") ' + 'or `pulumi preview --json` output (with "steps")',
        );
    }

    let contents: StackContents;
    try {
        contents = read(document);
    } catch (error) {
        throw new StackFileError(file, "invalid", (error as Error).message);
    }
    return { file, source, ...stackIdentity(contents.resources), ...contents };
}

/**
 * A policy config (`{"all": "advisory", "<policy>": {"enforcementLevel": ..., ...}}`): every entry is
 * an enforcement level or an object, and at least one names a level, or every key is a policy name
 * (a file holding only settings, such as `{"s3-replication-environments": {...}}`).
 */
function looksLikePolicyConfig(document: Record<string, unknown>): boolean {
    const isLevel = (value: unknown) => typeof value === "string" && ENFORCEMENT_LEVELS.includes(value as EnforcementLevel);
    const entries = Object.entries(document).filter(([key]) => key !== "environments");
    const policyName = /^[a-z0-9]+(-[a-z0-9]+)+$/;
    return (
        entries.length > 0 &&
        entries.every(([, value]) => isLevel(value) || isPlainObject(value)) &&
        entries.some(([key, value]) => isLevel(value) || (isPlainObject(value) && (isLevel(value.enforcementLevel) || policyName.test(key))))
    );
}

/**
 * What to export instead of a Pulumi YAML file: a project (`Pulumi.yaml`, maybe a YAML program) or a
 * stack's settings (`Pulumi.<stack>.yaml`) holds no resource states.
 */
function pulumiYamlHint(text: string, file: string): string {
    const base = file.split(/[\\/]/).pop() ?? "";
    const pulumiFile = /^Pulumi(\.[^.]+)?\.ya?ml$/i.test(base);
    const yamlKeys = /^(name|runtime|resources|config|variables|outputs|encryptionsalt|secretsprovider|encryptedkey|environment)\s*:/m.test(text);
    if (!pulumiFile && !yamlKeys) {
        return "";
    }
    return (
        ": it looks like a Pulumi YAML file (a project, program or stack settings), which holds no resource states; in the project run " +
        "`pulumi stack export > stack.json` (deployed) or `pulumi preview --json --show-sames > preview.json` (before deploy) and check that file"
    );
}

/** A JSON path is named, not quoted whole: its keys come from the file. */
function shortPath(path: string): string {
    return path.length <= 200 ? path : `${path.slice(0, 120)}…${path.slice(-60)}`;
}
