/**
 * `check --html FILE`: one self-contained page (no network: its Content-Security-Policy allows
 * nothing but its own inline style, and it loads no font, image or script), with, per checked
 * file and replication rule, the picture of the replication (svg.ts) beside its verdict matrix.
 * Selecting an edge of the picture shows the request's verdict, what decides it and the fix.
 * Everything comes from the matrix the text and JSON reports print; secrets are already
 * "(secret)" there.
 */
import * as path from "path";
import { MatrixRow } from "../../../policies/model/verdict-matrix";
import { RuleMatrix } from "../matrix";
import { objectKindText } from "../matrix-text";
import { CheckedStack } from "../checked";
import { escapeHtml } from "./escape";
import { ruleSvg, VERDICT_COLOURS } from "./svg";

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px; color: #1d1d1f; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 4px; border-top: 1px solid #ddd; padding-top: 14px; }
h3 { font-size: 15px; margin: 18px 0 8px; font-weight: 600; }
.rule { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
.picture { flex: 0 0 auto; }
.matrix-wrap { flex: 1 1 480px; min-width: 0; }
.matrix { width: 100%; border-collapse: collapse; font-size: 12.5px; overflow-wrap: anywhere; table-layout: fixed; }
.matrix col.objects { width: 25%; } .matrix col.outcome { width: 13%; } .matrix col.failing { width: 30%; } .matrix col.decided { width: 32%; }
.matrix details { margin-top: 4px; } .matrix summary { cursor: pointer; color: #444; }
.matrix th, .matrix td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
.matrix th { background: #f4f4f6; overflow-wrap: normal; }
.outcome-yes { color: ${VERDICT_COLOURS.allowed}; font-weight: 600; }
.outcome-no { color: ${VERDICT_COLOURS.denied}; font-weight: 600; }
.outcome-undecided { color: ${VERDICT_COLOURS.undecided}; font-weight: 600; }
.detail { display: none; border-left: 4px solid #888; background: #f7f7f9; padding: 8px 12px; margin: 8px 0; font-size: 13px; max-width: 760px; }
.detail:target { display: block; }
.detail.denied { border-color: ${VERDICT_COLOURS.denied}; }
.detail.undecided { border-color: ${VERDICT_COLOURS.undecided}; }
.detail.allowed { border-color: ${VERDICT_COLOURS.allowed}; }
.note { font-size: 13px; color: #555; }
.configuration { font-size: 13.5px; margin: 0 0 10px; }
.legend span { margin-right: 14px; font-size: 13px; }
svg.replication { border: 1px solid #ddd; border-radius: 6px; background: #fcfcfd; }
svg .node rect { stroke: #555; stroke-width: 1.2; }
svg .node-bucket { fill: #e8f1fb; }
svg .node-key { fill: #fdf3e1; }
svg .node-role { fill: #444; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
svg rect.node-role { fill: #eef7ee; }
svg .node-label { font-size: 13px; font-weight: 600; fill: #1d1d1f; }
svg .node-where { font-size: 11px; fill: #555; }
svg .edge-line { stroke-width: 2.4; }
svg .edge-undecided { stroke-dasharray: 7 5; }
svg .edge-label { font-size: 11.5px; font-weight: 600; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
svg a.edge:hover .edge-line, svg a.edge:focus .edge-line { stroke-width: 4.5; }
`;

/** What the page shows for a file: its path as given, never more. */
function fileTitle(file: string | undefined): string {
    return file === undefined ? "(stack)" : path.basename(file);
}

function cell(text: string | undefined): string {
    return `<td>${text === undefined ? "" : escapeHtml(text)}</td>`;
}

function rowHtml(row: MatrixRow): string {
    const failing = row.failing
        ? `${row.failing.action} on ${row.failing.on}, by ${row.failing.by}`
        : row.cause === "rule"
          ? "not selected by the rule"
          : undefined;
    const fix = row.fix ? `<details><summary>fix${row.policy ? ` (${escapeHtml(row.policy)})` : ""}</summary>${escapeHtml(row.fix)}</details>` : "";
    return `<tr data-outcome="${row.outcome}">${cell(objectKindText(row.objects))}<td class="outcome-${row.outcome}">${row.outcome}</td>${cell(failing)}<td>${row.decidedBy ? escapeHtml(row.decidedBy) : ""}${fix}</td></tr>`;
}

/**
 * Said above the picture when the configuration decides rows: S3 rejects it (the requests drawn are
 * then never made), or the stack cannot tell whether S3 accepts it or replicates under it.
 */
function configurationHtml(matrix: RuleMatrix): string {
    const row = matrix.rows.find((r) => r.cause === "configuration");
    if (!row) {
        return "";
    }
    const lead =
        row.outcome === "no"
            ? "S3 rejects this configuration: nothing replicates under this rule, whichever of the requests drawn below are allowed."
            : "Whether anything replicates under this rule is in doubt, whichever of the requests drawn below are allowed.";
    return `<p class="configuration outcome-${row.outcome}">${escapeHtml(lead)} ${row.decidedBy ? escapeHtml(row.decidedBy) : ""}${row.policy ? ` (${escapeHtml(row.policy)})` : ""}</p>`;
}

function ruleHtml(matrix: RuleMatrix, prefix: string): string {
    const detailId = (i: number) => `${prefix}-edge-${i}`;
    const details = matrix.edges.map((edge, i) =>
        [
            `<div class="detail ${edge.outcome}" id="${detailId(i)}">`,
            `<strong>${escapeHtml(edge.action)}</strong> on ${escapeHtml(edge.on)} (${escapeHtml(edge.from)} → ${escapeHtml(edge.to)}): <strong>${edge.outcome}</strong>`,
            edge.decidedBy ? `<br>Decided by: ${escapeHtml(edge.decidedBy)}` : "",
            edge.fix ? `<br>Fix${edge.policy ? ` (${escapeHtml(edge.policy)})` : ""}: ${escapeHtml(edge.fix)}` : "",
            `</div>`,
        ].join(""),
    );
    return [
        `<section class="rule-section" data-rule="${escapeHtml(matrix.rule)}">`,
        `<h3>${escapeHtml(matrix.rule)}</h3>`,
        configurationHtml(matrix),
        `<div class="rule">`,
        `<div class="picture">${ruleSvg(matrix.parties, matrix.edges, detailId)}${details.join("\n")}</div>`,
        `<div class="matrix-wrap"><table class="matrix"><colgroup><col class="objects"><col class="outcome"><col class="failing"><col class="decided"></colgroup>`,
        `<thead><tr><th>objects</th><th>replicates</th><th>failing request</th><th>decided by, and the fix</th></tr></thead><tbody>`,
        ...matrix.rows.map(rowHtml),
        `</tbody></table></div>`,
        `</div>`,
        `<p class="note">${escapeHtml(matrix.note)}</p>`,
        `</section>`,
    ].join("\n");
}

function stackHtml({ stack, matrix }: CheckedStack, index: number): string {
    const rules = matrix ?? [];
    const body = rules.length > 0 ? rules.map((rule, i) => ruleHtml(rule, `f${index}-r${i}`)).join("\n") : `<p class="note">No enabled replication rule.</p>`;
    return `<section class="file"><h2>${escapeHtml(fileTitle(stack.file))}</h2>\n${body}</section>`;
}

export function htmlReport(checked: readonly CheckedStack[]): string {
    const legend = (["allowed", "denied", "undecided"] as const)
        .map((outcome) => `<span style="color:${VERDICT_COLOURS[outcome]}">&#9632; ${outcome}${outcome === "undecided" ? " (dashed)" : ""}</span>`)
        .join("");
    return [
        "<!DOCTYPE html>",
        `<html lang="en"><head><meta charset="utf-8">`,
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
        `<title>What replicates</title><style>${STYLE}</style></head><body>`,
        `<h1>What replicates</h1>`,
        `<p class="legend">Requests replication makes, by verdict: ${legend} Select a request to see what decides it and the fix.</p>`,
        ...checked.map(stackHtml),
        `</body></html>`,
        "",
    ].join("\n");
}
