/** Reads a stack file, telling `pulumi stack export` output from `pulumi preview --json` output. */
import * as fs from "fs";

import { Stack, StackContents, StackSource, stackIdentity } from "../stack";
import { isPlainObject } from "../values";
import { isExportDocument, readExportDocument } from "./export-file";
import { isPreviewDocument, readPreviewDocument } from "./preview-file";

export type StackFileProblem = "unreadable" | "not-json" | "unknown-format" | "invalid";

/** Everything that can be wrong with a stack file, as one line: "<file>: <problem>". */
export class StackFileError extends Error {
    constructor(
        readonly file: string,
        readonly kind: StackFileProblem,
        readonly problem: string,
    ) {
        super(`${file}: ${problem}`);
        this.name = "StackFileError";
    }
}

export function readStackFile(file: string): Stack {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const problem = code === "ENOENT" ? "no such file" : `cannot be read (${code ?? error})`;
        throw new StackFileError(file, "unreadable", problem);
    }
    return parseStackFile(text, file);
}

export function parseStackFile(text: string, file: string): Stack {
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new StackFileError(file, "not-json", `not JSON (${(error as Error).message})`);
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
    } else {
        throw new StackFileError(
            file,
            "unknown-format",
            'unknown format: expected `pulumi stack export` output (with "deployment") ' +
                'or `pulumi preview --json` output (with "steps")',
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
