/**
 * The small pulumirpc.Engine service a pack talks back to: it logs through it and may ask for the
 * root stack resource. Listens on 127.0.0.1 on a free port.
 */
import * as grpc from "@grpc/grpc-js";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

import { closeGrpcServer } from "./grpc-util";
import { LogSeverity, PackLog } from "./types";

const SEVERITIES: Record<number, LogSeverity> = {
    [enginePb.LogSeverity.DEBUG]: "debug",
    [enginePb.LogSeverity.INFO]: "info",
    [enginePb.LogSeverity.WARNING]: "warning",
    [enginePb.LogSeverity.ERROR]: "error",
};

export interface EngineServer {
    /** host:port, the `<engine-address>` a pack is started with. */
    readonly address: string;
    close(): Promise<void>;
}

export async function startEngineServer(onLog: (log: PackLog) => void): Promise<EngineServer> {
    let rootResourceUrn = "";
    const implementation: engineGrpc.IEngineServer = {
        log: (call, callback) => {
            const request = call.request;
            onLog({
                source: "engine",
                severity: SEVERITIES[request.getSeverity()] ?? "info",
                message: request.getMessage(),
                ...(request.getUrn() ? { urn: request.getUrn() } : {}),
            });
            callback(null, new Empty());
        },
        getRootResource: (_call, callback) => {
            callback(null, new enginePb.GetRootResourceResponse().setUrn(rootResourceUrn));
        },
        setRootResource: (call, callback) => {
            rootResourceUrn = call.request.getUrn();
            callback(null, new enginePb.SetRootResourceResponse());
        },
        startDebugging: (_call, callback) => {
            callback(null, new Empty());
        },
        requirePulumiVersion: (_call, callback) => {
            callback(null, new enginePb.RequirePulumiVersionResponse());
        },
    };

    const server = new grpc.Server();
    server.addService(engineGrpc.EngineService, implementation);
    const port = await new Promise<number>((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
    });
    return {
        address: `127.0.0.1:${port}`,
        close: () => closeGrpcServer(server),
    };
}
