/**
 * The verdict matrix in the text report: under each stack's findings, one compact table per
 * replication rule (what replicates, and for what does not, the failing request, what decides
 * it and the fix, or the finding above that gives it when the report shows that finding), and once
 * per rule the note on existing objects.
 */
import { Diagnostic } from "../../driver";
import { MatrixRow, ObjectKind } from "../../policies/model/verdict-matrix";
import { countsHiddenFindings } from "../../policies/support/output-bounds";
import { safeText, wrap } from "../terminal-text";
import { RuleMatrix } from "./matrix";

const KIND_COLUMN = 34;
const OUTCOME_COLUMN = 11;
const ROW_INDENT = "    ";
const DETAIL_INDENT = ROW_INDENT + " ".repeat(KIND_COLUMN + OUTCOME_COLUMN);

/** `SSE-KMS, key arn:... (S3 Bucket Key)`. */
export function objectKindText(kind: ObjectKind): string {
    const key = kind.key === undefined ? "" : `, ${kind.key === "any other key" ? "any other key" : `key ${kind.key}`}`;
    const bucketKey = kind.bucketKey === undefined ? "" : kind.bucketKey ? ", S3 Bucket Key" : ", no S3 Bucket Key";
    return `${kind.encryption}${key}${bucketKey}`;
}

/** Whether the report shows a row's finding: `shown` has its policy on its resource, and the output bounds hid none of that policy's findings. */
type Shown = (row: MatrixRow) => boolean;

function shownIn(diagnostics: readonly Diagnostic[]): Shown {
    const shown = new Set(diagnostics.map((d) => `${d.policyName} ${d.urn ?? ""}`));
    // Past the bound (policies/support/output-bounds.ts) a policy's findings are counted, not shown: any may be among those.
    const bounded = new Set(diagnostics.filter((d) => countsHiddenFindings(d.message)).map((d) => d.policyName));
    return (row) => row.policy !== undefined && row.findingUrn !== undefined && !bounded.has(row.policy) && shown.has(`${row.policy} ${row.findingUrn}`);
}

function rowLines(row: MatrixRow, shown: Shown, width: number): string[] {
    const kind = safeText(objectKindText(row.objects), false);
    const head = kind.length < KIND_COLUMN ? kind.padEnd(KIND_COLUMN) : `${kind}\n${ROW_INDENT}${" ".repeat(KIND_COLUMN)}`;
    const failing = row.failing ? `${row.failing.action} on ${row.failing.on}, by ${row.failing.by}` : row.cause === "rule" ? "not selected by the rule" : "";
    const lead = `${ROW_INDENT}${head}${row.outcome.padEnd(OUTCOME_COLUMN)}`.split("\n");
    const first = lead.pop()!;
    const lines = [...lead, ...(failing ? wrap(safeText(failing, false), width, first, DETAIL_INDENT + "  ") : [first.trimEnd()])];
    if (row.outcome === "yes") {
        return lines;
    }
    if (row.decidedBy) {
        lines.push(...wrap(`decided by: ${safeText(row.decidedBy, false)}`, width, DETAIL_INDENT, DETAIL_INDENT + "  "));
    }
    if (shown(row)) {
        lines.push(...wrap(`fix: see the ${row.policy} finding above`, width, DETAIL_INDENT, DETAIL_INDENT + "  "));
    } else if (row.fix) {
        lines.push(...wrap(`fix: ${safeText(row.fix, false)}`, width, DETAIL_INDENT, DETAIL_INDENT + "  "));
    }
    return lines;
}

/** The tables of one stack, or nothing when it has no enabled replication rule. */
export function matrixLines(matrices: readonly RuleMatrix[], diagnostics: readonly Diagnostic[], width: number): string[] {
    const shown = shownIn(diagnostics);
    const lines: string[] = [];
    for (const matrix of matrices) {
        lines.push("", `  What replicates under ${safeText(matrix.rule, false)}:`);
        lines.push(`${ROW_INDENT}${"objects".padEnd(KIND_COLUMN)}${"replicates".padEnd(OUTCOME_COLUMN)}failing request`);
        for (const row of matrix.rows) {
            lines.push(...rowLines(row, shown, width));
        }
        lines.push(...wrap(`note: ${matrix.note}`, width, ROW_INDENT, ROW_INDENT + "  "));
    }
    return lines;
}
