/**
 * The verdict matrix of each checked stack ("what replicates", policies/support/verdict-matrix.ts).
 *
 * The checker works it out from the stack it sends the pack, with the same model functions the
 * pack's role policies call: it runs @pulumi/policy's own AnalyzeStack handler, in process, on
 * the very AnalyzeStack request the pack receives (driver/messages.ts), so the functions see the
 * same resources, unknowns, secrets and providers as the policies do; and with the same facts
 * about resources outside the stack (the `s3-replication-environments` setting of the policy
 * config). The matrix is this package's: `--pack` with another pack changes the findings, not it.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { PolicyConfig, Stack, toAnalyzerStackResource } from "../../driver";
import { analyzeStackRequest } from "../../driver/messages";
import { ExternalFacts, FactAliases } from "../../policies/model/external-facts";
import { compileEnvironment } from "../../policies/runtime/environment-setting";
import { ENVIRONMENTS_POLICY } from "../../policies/runtime/engine-observer";
import { stackPolicy } from "../../policies/support/define";
import { MATRIX_POLICIES, MatrixAliases, RuleMatrix, stackVerdictMatrix } from "../../policies/support/verdict-matrix";
import { forgetObservedSecrets } from "../../policies/runtime/engine-observer";

export type { RuleMatrix };

type Handler = (call: { request: unknown }, callback: (error: unknown, response: unknown) => void) => void;

const server = require("@pulumi/policy/server") as {
    makeAnalyzeStackRpcFun(pack: string, version: string, level: string, policies: StackValidationPolicy[]): Handler;
};

/**
 * A stack policy that reports nothing and hands `sink` the matrix of the stack it is given, from
 * the same Analysis the pack's policies get (define.ts: the stack index, the secret values), with
 * `facts` about resources outside the stack.
 */
export function matrixPolicy(facts: ExternalFacts, sink: (matrices: RuleMatrix[]) => void, aliases: MatrixAliases = {}): StackValidationPolicy {
    return stackPolicy({
        name: "s3-replication-verdict-matrix",
        description: "The verdict matrix of each replication rule.",
        enforcementLevel: "advisory",
        check(_args, _config, analysis) {
            sink(stackVerdictMatrix({ ...analysis, facts }, aliases));
            return [];
        },
    });
}

/** The facts about resources outside the stack that the policy config gives the pack. */
export function configuredFacts(config: Record<string, PolicyConfig>): ExternalFacts {
    return compileEnvironment(config[ENVIRONMENTS_POLICY]?.properties ?? {}).facts;
}

/** The matrix of every enabled replication rule of `stack`, under the policy config the pack is given. */
export async function stackMatrices(stack: Stack, config: Record<string, PolicyConfig>): Promise<RuleMatrix[]> {
    let matrices: RuleMatrix[] = [];
    const capture = matrixPolicy(
        configuredFacts(config),
        (found) => {
            matrices = found;
        },
        {
            replicaKeyRegion: config[MATRIX_POLICIES.replicaKeyRegion]?.properties as FactAliases | undefined,
            crossAccountKey: config[MATRIX_POLICIES.crossAccountKey]?.properties as FactAliases | undefined,
        },
    );
    const request = analyzeStackRequest(stack.resources.map((resource) => toAnalyzerStackResource(resource, stack)));
    const handler = server.makeAnalyzeStackRpcFun("s3-encrypted-replication-check", "0.0.0", "advisory", [capture]);
    try {
        await new Promise((resolve, reject) => handler({ request }, (error, response) => (error ? reject(error) : resolve(response))));
    } finally {
        // Secrets noted for this stack are not kept for the next.
        forgetObservedSecrets();
    }
    return matrices;
}

/**
 * The matrix, or undefined with a warning when it cannot be worked out (a bug to report): the
 * findings are the check's result, and the matrix never costs the user them.
 */
export async function matricesOrWarning(stack: Stack, config: Record<string, PolicyConfig>, warn: (text: string) => void): Promise<RuleMatrix[] | undefined> {
    try {
        return await stackMatrices(stack, config);
    } catch (error) {
        warn(
            `what replicates could not be worked out for ${stack.file ?? "a stack"} (internal ${error instanceof Error ? error.name : typeof error}); please report it`,
        );
        return undefined;
    }
}
