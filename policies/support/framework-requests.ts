/**
 * What the framework reads from the engine's requests but does not hand to policies: the stack's
 * name (ConfigureStack) and which AnalyzeStack request a stack policy is answering. Observed by
 * wrapping the protobuf accessors the framework's handlers call, on the very module instance
 * @pulumi/policy uses.
 */
import * as path from "path";

export interface StackIdentity {
    organization: string;
    project: string;
    stack: string;
}

type Listener<T> = (value: T) => void;

let currentStackRequest: object | undefined;
const stackIdentityListeners: Listener<StackIdentity>[] = [];

export function onStackConfigured(listener: Listener<StackIdentity>): void {
    stackIdentityListeners.push(listener);
}

/** The AnalyzeStack request the framework is answering, once it has read its resources. */
export function currentAnalyzeStackRequest(): object | undefined {
    return currentStackRequest;
}

function wrap(prototype: Record<string, unknown> | undefined, method: string, before: (self: never) => void): void {
    const original = prototype?.[method];
    if (!prototype || typeof original !== "function" || (original as { wrapped?: boolean }).wrapped) {
        return;
    }
    const wrapped = function (this: never, ...rest: unknown[]) {
        try {
            before(this);
        } catch {
            // Observation only: the framework's request handling must go on regardless.
        }
        return original.apply(this, rest);
    };
    (wrapped as { wrapped?: boolean }).wrapped = true;
    prototype[method] = wrapped;
}

function observeFrameworkRequests(): void {
    try {
        const policyDir = path.dirname(require.resolve("@pulumi/policy"));
        const analyzerProto = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] }));
        wrap(analyzerProto.AnalyzerStackConfigureRequest?.prototype, "getTagsMap",
            (request: { getStack(): string; getProject(): string; getOrganization(): string }) => {
                const identity = { organization: request.getOrganization(), project: request.getProject(), stack: request.getStack() };
                stackIdentityListeners.forEach((listener) => listener(identity));
            });
        wrap(analyzerProto.AnalyzeStackRequest?.prototype, "getResourcesList", (request: object) => {
            currentStackRequest = request;
        });
    } catch {
        // Without these observations stack tags still apply, and each stack policy indexes on its own.
    }
}

observeFrameworkRequests();
