/** The parts of the documentation made from the code: what scripts/generate-docs.ts writes and the tests compare. */
import { constraintsMarkdown } from "../../policies/s3-constraints";
import { policyNames } from "../../policies/pack/factory";

/** docs/policies.md's table of contents: every policy of the pack, in report order. */
function policyContents(): string {
    const links = policyNames.map((name) => `[${name.replace(/^s3-replication-/, "")}](#${name})`);
    return `Contents: ${links.join(" ·\n")}`;
}

export interface GeneratedPart {
    /** The file, from the repository root. */
    file: string;
    name: string;
    /** Where the text comes from, as the start marker says. */
    source: string;
    text(): string;
}

export const GENERATED_PARTS: readonly GeneratedPart[] = [
    { file: "docs/policies.md", name: "contents", source: "the catalogue", text: policyContents },
    { file: "docs/policies.md", name: "s3-constraints", source: "policies/s3-constraints/", text: constraintsMarkdown },
];

export function markers(part: GeneratedPart): { start: string; end: string } {
    return { start: `<!-- ${part.name}: generated from ${part.source} -->`, end: `<!-- /${part.name} -->` };
}

/** What lies between the part's markers in `text` (undefined without them). */
export function generatedText(text: string, part: GeneratedPart): string | undefined {
    const { start, end } = markers(part);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    return from < 0 || to < from ? undefined : text.slice(from + start.length, to).trim();
}

/** `text` with the part between its markers written anew. */
export function replaceGenerated(text: string, part: GeneratedPart): string {
    const { start, end } = markers(part);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) {
        throw new Error(`${part.file} has no ${start} ... ${end}`);
    }
    return `${text.slice(0, from + start.length)}\n${part.text()}\n${text.slice(to)}`;
}
