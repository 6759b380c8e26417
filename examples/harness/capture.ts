/**
 * Runs a Pulumi program under the SDK's mock runtime and records every resource as the engine
 * would hold it: inputs, outputs, parent, provider reference, dependencies and property
 * dependencies.
 *
 * The mocks' `newResource` callback never sees dependencies, so the recorder wraps the
 * MockMonitor's `registerResource` and reads them off the RegisterResourceRequest itself.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceOutputsRequest, RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { AwsMocks, MockRun } from "./aws-mocks";

/**
 * A fresh runtime store (settings, monitor, root stack, caches) for the duration of `callback`:
 * what the Automation API's inline-program server uses to run many programs in one process.
 * Internal to the SDK, hence the typed require.
 */
const { withLocalStorage } = require("@pulumi/pulumi/runtime/state") as {
    withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
};

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

export interface RegisteredResource {
    urn: string;
    type: string;
    custom: boolean;
    /** The provider-assigned id; absent for components and for resources created during preview. */
    id?: string;
    parent?: string;
    /** `<provider urn>::<provider id>`. */
    provider?: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    dependencies: string[];
    /** Input property -> URNs of the resources its value was computed from. */
    propertyDependencies: Record<string, string[]>;
    additionalSecretOutputs: string[];
}

type Callback<T> = (error: unknown, response?: T) => void;

/** The MockMonitor members the recorder replaces; `newUrn` is private in the SDK's typings. */
interface PatchableMonitor {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(request: RegisterResourceRequest, callback: Callback<RegisterResourceResponse>): Promise<void>;
    registerResourceOutputs(request: RegisterResourceOutputsRequest, callback: Callback<unknown>): void;
}

/**
 * The engine's URN: a child's type is qualified by its parent's, except under the root stack.
 * (MockMonitor qualifies children of the stack with `pulumi:pulumi:Stack$`, which the engine does not.)
 */
function engineUrn(run: MockRun, parentUrn: string, type: string, name: string): string {
    const parentType = parentUrn ? parentUrn.split("::")[2] : ROOT_STACK_TYPE;
    const qualifiedType = parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
    return `urn:pulumi:${run.stack}::${run.project}::${qualifiedType}::${name}`;
}

function sortedUnique(urns: Iterable<string>): string[] {
    return Array.from(new Set(urns)).sort();
}

class RegistrationRecorder {
    readonly failures: unknown[] = [];
    private readonly registered: RegisteredResource[] = [];

    constructor(
        run: MockRun,
        private readonly mocks: AwsMocks,
        monitor: PatchableMonitor,
    ) {
        const registerResource = monitor.registerResource.bind(monitor);
        const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
        monitor.newUrn = (parent, type, name) => engineUrn(run, parent, type, name);
        monitor.registerResource = (request, callback) =>
            registerResource(request, (error, response) => {
                if (error || !response) {
                    this.failures.push(error);
                } else {
                    this.registered.push(this.record(request, response));
                }
                callback(error, response);
            });
        monitor.registerResourceOutputs = (request, callback) => {
            const resource = this.registered.find((candidate) => candidate.urn === request.getUrn());
            if (resource) {
                resource.outputs = request.getOutputs()?.toJavaScript() ?? {};
            }
            registerResourceOutputs(request, callback);
        };
    }

    /** The registered resources, each after its parent, provider and dependencies. */
    resources(): RegisteredResource[] {
        return inDependencyOrder(this.registered);
    }

    private record(request: RegisterResourceRequest, response: RegisterResourceResponse): RegisteredResource {
        const type = request.getType();
        const inputs = this.mocks.checkInputs(type, request.getName(), request.getObject()?.toJavaScript() ?? {});
        const outputs = response.getObject()?.toJavaScript() ?? {};
        // The engine adds the plugin version to a provider's configuration.
        if (type.startsWith(PROVIDER_TYPE_PREFIX) && request.getVersion()) {
            inputs.version = outputs.version = request.getVersion();
        }
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((dependencies, property) => {
            propertyDependencies[property] = sortedUnique(dependencies.getUrnsList());
        });
        return {
            urn: response.getUrn(),
            type,
            custom: request.getCustom(),
            id: response.getId() || undefined,
            parent: request.getParent() || undefined,
            provider: request.getProvider() || undefined,
            inputs,
            outputs,
            dependencies: sortedUnique(request.getDependenciesList()),
            propertyDependencies,
            additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
        };
    }
}

function providerUrnOf(reference: string): string {
    return reference.slice(0, reference.lastIndexOf("::"));
}

/**
 * Registration order depends on when inputs resolve; this order depends only on the graph: a
 * resource comes after its parent, provider and dependencies, ties broken by URN.
 */
function inDependencyOrder(resources: RegisteredResource[]): RegisteredResource[] {
    const prerequisites = new Map(
        resources.map((resource) => {
            const before = [...resource.dependencies];
            if (resource.parent) before.push(resource.parent);
            if (resource.provider) before.push(providerUrnOf(resource.provider));
            return [resource.urn, new Set(before)] as const;
        }),
    );
    const ordered: RegisteredResource[] = [];
    const placed = new Set<string>();
    const pending = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    while (pending.length > 0) {
        const next = pending.findIndex((resource) => Array.from(prerequisites.get(resource.urn) ?? []).every((urn) => placed.has(urn)));
        if (next < 0) {
            throw new Error(`unresolvable dependencies among ${pending.map((resource) => resource.urn).join(", ")}`);
        }
        const [resource] = pending.splice(next, 1);
        ordered.push(resource);
        placed.add(resource.urn);
    }
    return ordered;
}

function describe(error: unknown): string {
    return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Runs the program at `entry` (a module that declares resources when loaded) inside a root stack,
 * as `pulumi preview` (`run.preview`) or `pulumi up` would, against the AWS mocks.
 */
export function captureProgram(entry: string, run: MockRun): Promise<RegisteredResource[]> {
    return withLocalStorage(async () => {
        const mocks = new AwsMocks(run);
        await pulumi.runtime.setMocks(mocks, run.project, run.stack, run.preview);
        const recorder = new RegistrationRecorder(run, mocks, pulumi.runtime.getMonitor() as unknown as PatchableMonitor);
        const programErrors: unknown[] = [];
        const collect = (error: unknown) => programErrors.push(error);
        process.on("unhandledRejection", collect);
        try {
            await pulumi.runtime.runInPulumiStack(async () => {
                const modulePath = require.resolve(entry);
                delete require.cache[modulePath];
                require(modulePath);
            });
            await pulumi.runtime.disconnect();
        } finally {
            process.off("unhandledRejection", collect);
        }
        const errors = [...programErrors, ...recorder.failures];
        if (errors.length > 0) {
            throw new Error(`${entry} failed under mocks (preview: ${run.preview}):\n${errors.map(describe).join("\n")}`);
        }
        return recorder.resources();
    });
}
