/** The `check --html` page of one stack, as the checker renders it (stackMatrices, htmlReport). */
import { Stack } from "../../driver";
import { htmlReport } from "../../cli/report/html/page";
import { RuleMatrix, stackMatrices } from "../../cli/report/matrix";

/** One page for several stacks, as `check --html` writes for several files. */
export async function pageOfAll(stacks: readonly Stack[]): Promise<{ page: string; matrices: RuleMatrix[] }> {
    const checked = [];
    for (const stack of stacks) {
        checked.push({ stack, analysis: { diagnostics: [], remediations: [] }, matrix: await stackMatrices(stack, {}) });
    }
    return { page: htmlReport(checked), matrices: checked.flatMap((c) => c.matrix) };
}

export async function pageOf(stack: Stack): Promise<{ page: string; matrices: RuleMatrix[] }> {
    const matrices = await stackMatrices(stack, {});
    return { page: htmlReport([{ stack, analysis: { diagnostics: [], remediations: [] }, matrix: matrices }]), matrices };
}
