/**
 * The picture of one replication rule, as SVG the checker writes itself: the source and
 * destination buckets, the KMS keys and the role, each with its account and Region, and the
 * requests replication makes as edges coloured by verdict. Selecting an edge (a link to its
 * detail, shown by CSS `:target`, no script) shows what decides it and the fix.
 *
 * The layout is fixed: at most five parties, always in the same places, so no layout library.
 */
import { Party, RequestEdge } from "../../../policies/support/verdict-matrix";
import { escapeHtml } from "./escape";

const NODE_WIDTH = 270;
const NODE_HEIGHT = 64;
const WIDTH = 900;
const HEIGHT = 440;

const PLACES: Record<Party["role"], { x: number; y: number }> = {
    "replication role": { x: 315, y: 16 },
    "source bucket": { x: 16, y: 196 },
    "destination bucket": { x: 614, y: 196 },
    "source key": { x: 16, y: 360 },
    "replica key": { x: 614, y: 360 },
};

export const VERDICT_COLOURS: Record<RequestEdge["outcome"], string> = { allowed: "#1b7a35", denied: "#c0262d", undecided: "#b86e00" };

/** The longest label drawn whole; longer ones lose their middle (the title shows all). */
const MAX_LABEL = 31;

/** The label without what the node's heading says already (`KMS key`, `bucket`, `replication role`), its middle elided if long. */
function clip(label: string): string {
    const text = label.replace(/^(KMS key|bucket|replication role) /, "");
    return text.length <= MAX_LABEL ? text : `${text.slice(0, 15)}…${text.slice(-(MAX_LABEL - 16))}`;
}

function centre(party: Party): { x: number; y: number } {
    const place = PLACES[party.role];
    return { x: place.x + NODE_WIDTH / 2, y: place.y + NODE_HEIGHT / 2 };
}

/** Where the segment from the centre of `from` towards `to` leaves the box of `from`. */
function boxExit(from: { x: number; y: number }, to: { x: number; y: number }): { x: number; y: number } {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const scale = Math.min(dx === 0 ? Infinity : NODE_WIDTH / 2 / Math.abs(dx), dy === 0 ? Infinity : NODE_HEIGHT / 2 / Math.abs(dy));
    return { x: from.x + dx * scale, y: from.y + dy * scale };
}

function nodeSvg(party: Party): string {
    const { x, y } = PLACES[party.role];
    const where = party.kind === "role" ? `account ${party.account}` : `account ${party.account} · ${party.region}`;
    return [
        `<g class="node" data-kind="${party.kind}" data-party="${escapeHtml(party.id)}">`,
        `<title>${escapeHtml(`${party.role}: ${party.label} (${where})`)}</title>`,
        `<rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="8" class="node-${party.kind}"/>`,
        `<text x="${x + 10}" y="${y + 18}" class="node-role">${escapeHtml(party.role)}</text>`,
        `<text x="${x + 10}" y="${y + 36}" class="node-label">${escapeHtml(clip(party.label))}</text>`,
        `<text x="${x + 10}" y="${y + 54}" class="node-where">${escapeHtml(where)}</text>`,
        `</g>`,
    ].join("");
}

/** Edge `index` of `count` between the same two parties: a curve bent `bend` pixels to its side (0: straight). */
function edgeSvg(edge: RequestEdge, byId: ReadonlyMap<string, Party>, bend: number, detailId: string): string {
    const from = centre(byId.get(edge.from)!);
    const to = centre(byId.get(edge.to)!);
    const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    const normal = { x: -(to.y - from.y) / length, y: (to.x - from.x) / length };
    const middle = { x: (from.x + to.x) / 2 + normal.x * bend, y: (from.y + to.y) / 2 + normal.y * bend };
    const start = boxExit(from, middle);
    const end = boxExit(to, middle);
    // The label sits on the curve (a quadratic Bézier at t): half-way, or nearer a key, clear of the buckets beside the keys' edges.
    const t = edge.to.endsWith("key") ? 0.72 : 0.5;
    const along = (p0: number, c: number, p2: number) => (1 - t) * (1 - t) * p0 + 2 * (1 - t) * t * c + t * t * p2;
    const label = { x: along(start.x, middle.x, end.x), y: along(start.y, middle.y, end.y) };
    const colour = VERDICT_COLOURS[edge.outcome];
    const d = `M${start.x.toFixed(1)},${start.y.toFixed(1)} Q${middle.x.toFixed(1)},${middle.y.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}`;
    return [
        `<a href="#${detailId}" class="edge" data-verdict="${edge.outcome}" data-action="${escapeHtml(edge.action)}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}">`,
        `<title>${escapeHtml(`${edge.action} on ${edge.on}: ${edge.outcome}`)}</title>`,
        `<path d="${d}" fill="none" stroke="${colour}" class="edge-line edge-${edge.outcome}" marker-end="url(#arrow-${edge.outcome})"/>`,
        `<text x="${label.x.toFixed(1)}" y="${(label.y + 4).toFixed(1)}" fill="${colour}" class="edge-label">${escapeHtml(`${edge.action} · ${edge.outcome}`)}</text>`,
        `</a>`,
    ].join("");
}

function markers(): string {
    return Object.entries(VERDICT_COLOURS)
        .map(
            ([outcome, colour]) =>
                `<marker id="arrow-${outcome}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`,
        )
        .join("");
}

/** The SVG of one rule; `detailId(i)` names the element that details edge `i`. */
export function ruleSvg(parties: readonly Party[], edges: readonly RequestEdge[], detailId: (edge: number) => string): string {
    const byId = new Map(parties.map((party) => [party.id, party]));
    const seen = new Map<string, number>();
    const edgeParts = edges.map((edge, i) => {
        const pair = [edge.from, edge.to].sort().join("|");
        const index = seen.get(pair) ?? 0;
        seen.set(pair, index + 1);
        // Edges between the same two parties fan out, 80 pixels apart at their middles, whichever way each points.
        const side = edge.from < edge.to ? 1 : -1;
        return edgeSvg(edge, byId, side * (index - (pairCount(edges, pair) - 1) / 2) * 80, detailId(i));
    });
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" class="replication" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">`,
        `<defs>${markers()}</defs>`,
        ...parties.map(nodeSvg),
        ...edgeParts,
        `</svg>`,
    ].join("\n");
}

function pairCount(edges: readonly RequestEdge[], pair: string): number {
    return edges.filter((edge) => [edge.from, edge.to].sort().join("|") === pair).length;
}
