/** Verdicts (policies/model/verdict.ts) in words, for assertions. */
import { Verdict } from "../../policies/model/verdict";

/** "allowed", "denied explicitly", "denied implicitly", "undecidable" or "unverifiable". */
export function verdictName(verdict: Verdict<unknown>): string {
    return verdict.kind === "denied" ? `denied ${verdict.explicit ? "explicitly" : "implicitly"}` : verdict.kind;
}

/** The statements that give a verdict: the Deny statements that deny, the Allow statements that allow, or those that cannot be decided. */
export function decidingStatements<At>(verdict: Verdict<At>): readonly At[] {
    switch (verdict.kind) {
        case "denied":
            return verdict.denying;
        case "allowed":
            return verdict.allowing ?? [];
        case "undecidable":
            return verdict.undecided ?? [];
        case "unverifiable":
            return [];
    }
}
