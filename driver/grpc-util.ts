import * as grpc from "@grpc/grpc-js";

/** The engine's gRPC message limit (rpcutil.GrpcChannelOptions): large stacks exceed the 4 MB default. */
export const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

const SHUTDOWN_GRACE_MS = 1000;

/** Waits briefly for in-flight calls, then forces the server down. */
export function closeGrpcServer(server: grpc.Server): Promise<void> {
    return new Promise((resolve) => {
        const timer = setTimeout(() => {
            server.forceShutdown();
            resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
        });
    });
}

/** The text a pack put in a failed call, without gRPC's "2 UNKNOWN:" prefix. */
export function grpcErrorDetails(error: grpc.ServiceError): string {
    return error.details || error.message;
}
