/**
 * The verdict matrix of a stack and the findings a preview reports on it, both through
 * @pulumi/policy's own handlers: the matrix from the checker's matrix policy (AnalyzeStack), the
 * findings from the pack's policies (Analyze on every replication configuration, for the resource
 * policies, then AnalyzeStack).
 */
import { s3EncryptedReplicationPolicies } from "../../policies/pack/factory";
import { NO_FACTS } from "../../policies/model/external-facts";
import { replicationResourceTypes } from "../../policies/model/resource-types";
import { RuleMatrix } from "../../policies/support/verdict-matrix";
import { matrixPolicy } from "../../cli/report/matrix";
import { analyzeResource, analyzeStack, Diagnostic, ResourceSpec } from "./harness";

const policies = s3EncryptedReplicationPolicies();

export async function matricesOf(stack: ResourceSpec[]): Promise<RuleMatrix[]> {
    let found: RuleMatrix[] = [];
    await analyzeStack(
        [
            matrixPolicy(NO_FACTS, (matrices) => {
                found = matrices;
            }),
        ],
        stack,
    );
    return found;
}

/** What a preview reports: Analyze on each resource that holds replication (its findings on that resource), then AnalyzeStack. */
export async function previewFindings(stack: ResourceSpec[]): Promise<Diagnostic[]> {
    const configurationResources = stack.filter((resource) => replicationResourceTypes.has(resource.type));
    // Analyze reports on the resource it is given: the finding's URN is that resource's.
    const perResource = await Promise.all(
        configurationResources.map(async (resource) =>
            (await analyzeResource(policies, resource)).map((finding) => ({ ...finding, urn: finding.urn || resource.urn })),
        ),
    );
    return [...perResource.flat(), ...(await analyzeStack(policies, stack))];
}

/** `SSE-KMS (other key): no`, row by row. */
export function outcomes(matrix: RuleMatrix): string[] {
    return matrix.rows.map((row) => `${row.objects.encryption}${row.objects.key === "any other key" ? " (other key)" : ""}: ${row.outcome}`);
}
