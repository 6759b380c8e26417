/**
 * The policies whose findings the verdict matrix links to, and how a row quotes a finding's text
 * (verdict-matrix.ts, matrix-failures.ts).
 */
import type { RuleProblem } from "./each-rule";
import { cut } from "./output-bounds";

/** Text as messages quote it: no secret, no overlong value. */
export type Safe = (text: string) => string;

/** A finding's message as the policy reports it (safe to quote, cut as output-bounds.ts cuts it), for a row's fix. */
export function findingText(message: string, safe: Safe): string {
    return cut(safe(message));
}

/** A rule problem's message as its finding reports it, for a row's fix. */
export function problemText(problem: RuleProblem, safe: Safe): string {
    return findingText(problem.message(problem.ruleLabel), safe);
}

export const MATRIX_POLICIES = {
    kms: "s3-replication-role-kms-permissions",
    s3: "s3-replication-role-s3-permissions",
    trust: "s3-replication-role-trust",
    encryptedSourceOptIn: "s3-replication-encrypted-source-opt-in",
    sseKmsOptIn: "s3-replication-sse-kms-opt-in",
    replicaKeyRegion: "s3-replication-replica-key-region",
    replicaKeyUsable: "s3-replication-replica-key-usable",
    replicaKeyFormat: "s3-replication-replica-key-format",
    crossAccountKey: "s3-replication-cross-account-key",
    versioning: "s3-replication-versioning",
    ruleValid: "s3-replication-rule-valid",
} as const;
