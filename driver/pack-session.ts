/**
 * A running policy pack, driven as the engine drives it:
 *
 *     const pack = await startPack(packDir, { stack: { stack: "dev", project: "app", dryRun: true } });
 *     try {
 *         await pack.configure(reconcilePolicyConfig(await pack.getAnalyzerInfo(), given));
 *         const analysis = await pack.analyzeAll(readStackFile("preview.json"));
 *     } finally {
 *         await pack.close();
 *     }
 */
import * as grpc from "@grpc/grpc-js";
import * as path from "path";

import { AnalyzerCallError, AnalyzerClient } from "./analyzer-client";
import { EngineServer, startEngineServer } from "./engine-server";
import { ownNodeModules } from "./locations";
import { PackOutput, withFailureTail } from "./pack-output";
import { describeExit, launchPack, PackProcess } from "./pack-process";
import { Stack } from "./stack";
import { analyzeStackFully, StackAnalysis, StackAnalysisOptions } from "./stack-analysis";
import {
    AnalyzeResult,
    AnalyzerInfo,
    AnalyzerResource,
    AnalyzerStackResource,
    PackLog,
    PluginInfo,
    PolicyConfig,
    RemediateResult,
    StackConfiguration,
} from "./types";

export interface StartPackOptions {
    /** How long the pack may take to print its port. Default 30 s. */
    startTimeoutMs?: number;
    /** Deadline of each call to the pack. Default 60 s. */
    callTimeoutMs?: number;
    /**
     * The stack being checked. Like the engine, the driver then starts the pack with the PULUMI_*
     * stack variables set and sends ConfigureStack before anything else.
     */
    stack?: StackConfiguration;
    /** Extra environment variables for the pack. */
    env?: Record<string, string>;
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** How long to wait, after a call found the pack unreachable, for its exit to be noticed. */
const EXIT_NOTICE_MS = 500;

export async function startPack(packDir: string, options: StartPackOptions = {}): Promise<PackSession> {
    const output = new PackOutput();
    const engine = await startEngineServer(output.add);
    let packProcess: PackProcess;
    try {
        packProcess = await launchPack(packDir, {
            engineAddress: engine.address,
            env: packEnvironment(engine.address, options),
            startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
            output,
        });
    } catch (error) {
        await engine.close();
        throw error;
    }
    const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const session = new PackSession(path.resolve(packDir), engine, packProcess, output, callTimeoutMs);
    if (options.stack) {
        try {
            await session.configureStack(options.stack);
        } catch (error) {
            await session.close();
            throw error;
        }
    }
    return session;
}

/**
 * The environment the engine gives a pack (plugin.constructEnv), plus two things it needs here:
 * PULUMI_NODEJS_ENGINE, so the pack's `pulumi.log` calls reach the Engine service (run-policy-pack
 * drops its engine-address argument), and this package's node_modules on NODE_PATH, so packs
 * without their own node_modules (test fixtures) can load @pulumi/policy.
 */
function packEnvironment(engineAddress: string, options: StartPackOptions): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    env.NODE_PATH = [env.NODE_PATH, ownNodeModules()].filter(Boolean).join(path.delimiter);
    env.PULUMI_NODEJS_ENGINE = engineAddress;
    const stack = options.stack;
    if (stack) {
        const setIfPresent = (name: string, value: string | undefined) => {
            if (value) {
                env[name] = value;
            }
        };
        if (stack.config && Object.keys(stack.config).length > 0) {
            env.PULUMI_CONFIG = JSON.stringify(stack.config);
        }
        for (const prefix of ["PULUMI_NODEJS_", "PULUMI_"]) {
            setIfPresent(`${prefix}ORGANIZATION`, stack.organization);
            setIfPresent(`${prefix}PROJECT`, stack.project);
            setIfPresent(`${prefix}STACK`, stack.stack);
            setIfPresent(`${prefix}DRY_RUN`, String(stack.dryRun));
        }
    }
    return env;
}

export class PackSession {
    private readonly client: AnalyzerClient;
    private closing?: Promise<void>;

    /** Made by `startPack`. */
    constructor(
        readonly packDir: string,
        private readonly engine: EngineServer,
        private readonly packProcess: PackProcess,
        private readonly output: PackOutput,
        callTimeoutMs: number,
    ) {
        this.client = new AnalyzerClient(`127.0.0.1:${packProcess.port}`, callTimeoutMs);
    }

    /** The address of the Engine service the pack was started with. */
    get engineAddress(): string {
        return this.engine.address;
    }

    get pid(): number {
        return this.packProcess.pid;
    }

    /** Everything the pack logged so far: Engine.Log calls and its stdout/stderr lines. */
    logs(): readonly PackLog[] {
        return this.output.all();
    }

    getAnalyzerInfo(): Promise<AnalyzerInfo> {
        return this.guard(this.client.getAnalyzerInfo());
    }

    getPluginInfo(): Promise<PluginInfo> {
        return this.guard(this.client.getPluginInfo());
    }

    configureStack(stack: StackConfiguration): Promise<void> {
        return this.guard(this.client.configureStack(stack));
    }

    /**
     * Sends per-policy enforcement levels and properties. The pack replaces its whole config with
     * each call; like the engine, an empty config is not sent at all.
     */
    async configure(config: Record<string, PolicyConfig>): Promise<void> {
        if (Object.keys(config).length > 0) {
            await this.guard(this.client.configure(config));
        }
    }

    analyze(resource: AnalyzerResource): Promise<AnalyzeResult> {
        return this.guard(this.client.analyze(resource));
    }

    analyzeStack(resources: AnalyzerStackResource[]): Promise<AnalyzeResult> {
        return this.guard(this.client.analyzeStack(resources));
    }

    remediate(resource: AnalyzerResource): Promise<RemediateResult> {
        return this.guard(this.client.remediate(resource));
    }

    /** Remediate (reported, not applied) and Analyze for every resource, then AnalyzeStack once. */
    analyzeAll(stack: Stack, options?: StackAnalysisOptions): Promise<StackAnalysis> {
        return analyzeStackFully(this, stack, options);
    }

    /** Stops the pack and the Engine service. Safe to call more than once. */
    close(): Promise<void> {
        this.closing ??= (async () => {
            this.client.close();
            await this.packProcess.stop();
            await this.engine.close();
        })();
        return this.closing;
    }

    /** Explains a failed call by the pack's exit, when that is why it failed. */
    private async guard<T>(call: Promise<T>): Promise<T> {
        try {
            return await call;
        } catch (error) {
            if (error instanceof AnalyzerCallError && error.code === grpc.status.UNAVAILABLE && !this.closing) {
                const exit = await Promise.race([this.packProcess.whenExited(), new Promise<undefined>((resolve) => setTimeout(resolve, EXIT_NOTICE_MS))]);
                if (exit) {
                    const reason = `${error.method} failed: the policy pack exited (${describeExit(exit)})`;
                    throw new Error(withFailureTail(reason, this.output));
                }
            }
            throw error;
        }
    }
}
