/** A typed client for a pack's pulumirpc.Analyzer service. */
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

import { grpcErrorDetails, MAX_MESSAGE_BYTES } from "./grpc-util";
import * as messages from "./messages";
import { withFastRequestEncoding } from "./long-string-encoding";
import { AnalyzeResult, AnalyzerInfo, AnalyzerResource, AnalyzerStackResource, PluginInfo, PolicyConfig, RemediateResult, StackConfiguration } from "./types";

type UnaryMethod<Request, Response> = (
    request: Request,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (error: grpc.ServiceError | null, response: Response) => void,
) => grpc.ClientUnaryCall;

export class AnalyzerCallError extends Error {
    constructor(
        readonly method: string,
        readonly code: grpc.status,
        details: string,
    ) {
        super(`${method} failed: ${details}`);
        this.name = "AnalyzerCallError";
    }
}

/** pulumirpc.Analyzer's generated client, with long strings in requests encoded by Node.js. */
const Client = grpc.makeGenericClientConstructor(
    withFastRequestEncoding(analyzerGrpc.AnalyzerService),
    "Analyzer",
) as unknown as typeof analyzerGrpc.AnalyzerClient;

export class AnalyzerClient {
    private readonly client: analyzerGrpc.AnalyzerClient;

    constructor(
        address: string,
        private readonly callTimeoutMs: number,
    ) {
        this.client = new Client(address, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        return messages.readAnalyzerInfo(await this.call("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty()));
    }

    async getPluginInfo(): Promise<PluginInfo> {
        const info = await this.call("GetPluginInfo", this.client.getPluginInfo, new Empty());
        return { version: info.getVersion() };
    }

    async configureStack(stack: StackConfiguration): Promise<void> {
        await this.call("ConfigureStack", this.client.configureStack, messages.configureStackRequest(stack));
    }

    async configure(config: Record<string, PolicyConfig>): Promise<void> {
        await this.call("Configure", this.client.configure, messages.configureRequest(config));
    }

    async analyze(resource: AnalyzerResource): Promise<AnalyzeResult> {
        const response = await this.call("Analyze", this.client.analyze, messages.analyzeRequest(resource));
        return messages.readAnalyzeResponse(response);
    }

    async analyzeStack(resources: AnalyzerStackResource[]): Promise<AnalyzeResult> {
        const response = await this.call("AnalyzeStack", this.client.analyzeStack, messages.analyzeStackRequest(resources));
        return messages.readAnalyzeResponse(response);
    }

    async remediate(resource: AnalyzerResource): Promise<RemediateResult> {
        const request = messages.analyzeRequest(resource, /* forRemediate */ true);
        return messages.readRemediateResponse(await this.call("Remediate", this.client.remediate, request));
    }

    close(): void {
        this.client.close();
    }

    private call<Request, Response>(name: string, method: UnaryMethod<Request, Response>, request: Request): Promise<Response> {
        const options = { deadline: Date.now() + this.callTimeoutMs };
        return new Promise((resolve, reject) => {
            method.call(this.client, request, new grpc.Metadata(), options, (error, response) =>
                error ? reject(new AnalyzerCallError(name, error.code, grpcErrorDetails(error))) : resolve(response),
            );
        });
    }
}
