/**
 * The verdict matrix in `check --json` (`whatReplicates` of each file), in a stable shape that
 * docs/verdict-matrix.md documents: every field is always present (null when it does not
 * apply), so that a CI system or a portal can render it without guessing.
 */
import { MatrixRow } from "../../policies/model/verdict-matrix";
import { RuleMatrix } from "./matrix";

function jsonRow(row: MatrixRow) {
    return {
        objects: { encryption: row.objects.encryption, key: row.objects.key ?? null, bucketKey: row.objects.bucketKey ?? null },
        replicates: row.outcome,
        cause: row.outcome === "yes" ? null : (row.cause ?? "request"),
        failingRequest: row.failing ? { action: row.failing.action, resource: row.failing.on, principal: row.failing.by } : null,
        decidedBy: row.decidedBy ?? null,
        fix: row.fix ?? null,
        policy: row.policy ?? null,
    };
}

export function jsonMatrix(matrix: RuleMatrix) {
    return {
        rule: matrix.rule,
        configuration: matrix.configuration,
        urn: matrix.urn,
        rows: matrix.rows.map(jsonRow),
        parties: matrix.parties.map(({ id, kind, label, account, region }) => ({ id, kind, label, account, region })),
        requests: matrix.edges.map((edge) => ({
            action: edge.action,
            from: edge.from,
            to: edge.to,
            resource: edge.on,
            verdict: edge.outcome,
            decidedBy: edge.decidedBy ?? null,
            fix: edge.fix ?? null,
            policy: edge.policy ?? null,
        })),
        note: matrix.note,
    };
}
