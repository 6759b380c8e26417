/**
 * Scenarios of environments.test.ts that make the pack observe the engine's requests: each runs in
 * a process of its own (tests/support/own-process.ts), as a pack process serves one preview.
 * Building any policy attaches the observer (define.ts), so policies and the harness are imported
 * only by the scenarios that need them.
 */
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { advisoryReason, NO_ENVIRONMENT } from "../../policies/runtime/environment-setting";
import { attachToFramework, Attachment, currentEnvironment, currentStackIdentity } from "../../policies/runtime/engine-observer";
import type { Diagnostic } from "../support/harness";

const NO_TAGS: ReadonlyMap<string, string> = new Map();
const KEY = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function stackConfigureRequest(stack: string): analyzerproto.AnalyzerStackConfigureRequest {
    const request = new analyzerproto.AnalyzerStackConfigureRequest();
    request.setStack(stack);
    request.setProject("shop");
    request.setOrganization("acme");
    return request;
}

function configureRequest(): analyzerproto.ConfigureAnalyzerRequest {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const policyConfig = new analyzerproto.PolicyConfig();
    policyConfig.setProperties(structproto.Struct.fromJavaScript({ advisoryStacks: ["acme/shop/*"] }));
    request.getPolicyconfigMap().set("s3-replication-environments", policyConfig);
    return request;
}

/** ConfigureStack as grpc-js hands it to the framework: deserialised from the wire, then read. */
function receiveStackConfigure(stack: string): void {
    analyzerproto.AnalyzerStackConfigureRequest.deserializeBinary(stackConfigureRequest(stack).serializeBinary()).getTagsMap();
}

/** Attaching to an SDK whose AnalyzeStackRequest lacks the hooked accessor, in a process that has not attached yet. */
export async function missingAccessor(): Promise<Attachment> {
    const prototype = analyzerproto.AnalyzeStackRequest.prototype as unknown as Record<string, unknown>;
    const original = prototype.getResourcesList;
    delete prototype.getResourcesList;
    try {
        return attachToFramework();
    } finally {
        prototype.getResourcesList = original;
    }
}

/** What the observer keeps of requests this process builds itself (a driver filling one in), then of the same requests as received. */
export async function requestsBuiltThenReceived(): Promise<{
    built: { identity: unknown; noEnvironment: boolean };
    received: { identity: unknown; reason: unknown };
}> {
    attachToFramework();
    stackConfigureRequest("dev").getTagsMap();
    configureRequest().getPolicyconfigMap();
    const built = { identity: currentStackIdentity() ?? null, noEnvironment: currentEnvironment() === NO_ENVIRONMENT };
    receiveStackConfigure("dev");
    analyzerproto.ConfigureAnalyzerRequest.deserializeBinary(configureRequest().serializeBinary()).getPolicyconfigMap();
    return {
        built,
        received: { identity: currentStackIdentity() ?? null, reason: advisoryReason(currentEnvironment(), currentStackIdentity(), NO_TAGS) ?? null },
    };
}

async function ruleWithoutOptIn() {
    const { StackBuilder } = await import("../support/harness");
    const { inEveryShape } = await import("../support/shapes");
    const [shaped] = inEveryShape([{ id: "Rule-1", replicaKmsKeyId: KEY }]);
    return new StackBuilder().add(shaped.type, "r", shaped.props);
}

/** The findings of a rule without the opt-in, under `advisoryStacks: ["dev"]`, on stack dev and then on stack prod. */
export async function findingsInDevThenProd(): Promise<{ inDev: Diagnostic[]; inProd: Diagnostic[] }> {
    const { environments } = await import("../../policies/environments");
    const { sseKmsOptIn } = await import("../../policies/sse-kms-opt-in");
    const { analyzeResource } = await import("../support/harness");
    const resource = await ruleWithoutOptIn();
    const setting = { "s3-replication-environments": { advisoryStacks: ["dev"] } };
    const policies = [environments, sseKmsOptIn];
    receiveStackConfigure("dev");
    const inDev = await analyzeResource(policies, resource, setting);
    receiveStackConfigure("prod");
    const inProd = await analyzeResource(policies, resource, setting);
    return { inDev, inProd };
}

/** The environments policy alone, with a setting it cannot use, on one resource and then on the stack. */
export async function unusableSetting(): Promise<{ onResource: Diagnostic[]; onStack: Diagnostic[] }> {
    const { environments } = await import("../../policies/environments");
    const { analyzeResource, analyzeStack } = await import("../support/harness");
    const resource = await ruleWithoutOptIn();
    const config = { "s3-replication-environments": { enforcementLevel: "mandatory" as const, advisoryStacks: ["x".repeat(1_000)] } };
    return { onResource: await analyzeResource([environments], resource, config), onStack: await analyzeStack([environments], [resource], config) };
}
