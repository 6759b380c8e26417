/**
 * Runs policies through @pulumi/policy's own request handlers, in process: properties are
 * encoded into protobuf Structs exactly as the engine sends them (unknown sentinels, secret
 * signatures), so policies see the framework's proxies, unwrapped secrets, real
 * `propertyDependencies` and providers — without starting a pack.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Policies, PolicyPackConfig, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UNKNOWN } from "../../policies/model/value";
import { withArgs } from "../../policies/pack/factory";

const server = require("@pulumi/policy/server");

// Secrets noted by one test are forgotten before the next by tests/support/mocha-hooks.ts.

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export { UNKNOWN };

/** A value the engine would send as a secret. */
export function secret(value: unknown): unknown {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

export interface ResourceSpec {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    provider?: ResourceSpec;
    parent?: string;
    propertyDependencies: Record<string, string[]>;
    dependencies: string[];
}

export interface Diagnostic {
    policyName: string;
    enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    message: string;
    urn: string;
}

const PROJECT = "proj";
const STACK = "dev";

function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

type Ref = ResourceSpec | ResourceSpec[];

/** Builds a stack the way a Pulumi program declares it: providers, resources, dependencies. */
export class StackBuilder {
    readonly resources: ResourceSpec[] = [];

    provider(name: string, props: Record<string, unknown>, pkg = "aws"): ResourceSpec {
        return this.add(`pulumi:providers:${pkg}`, name, props);
    }

    /**
     * `deps` maps a top-level property to the resources it was computed from, as
     * `propertyDependencies`; every one of them is also a dependency.
     */
    add(
        type: string,
        name: string,
        props: Record<string, unknown>,
        opts: { provider?: ResourceSpec; deps?: Record<string, Ref>; parent?: ResourceSpec } = {},
    ): ResourceSpec {
        const propertyDependencies: Record<string, string[]> = {};
        const dependencies = new Set<string>();
        for (const [property, ref] of Object.entries(opts.deps ?? {})) {
            const urns = (Array.isArray(ref) ? ref : [ref]).map((r) => r.urn);
            propertyDependencies[property] = urns;
            urns.forEach((u) => dependencies.add(u));
        }
        const spec: ResourceSpec = {
            type,
            name,
            urn: urnOf(type, name),
            props,
            provider: opts.provider,
            parent: opts.parent?.urn,
            propertyDependencies,
            dependencies: [...dependencies],
        };
        this.resources.push(spec);
        return spec;
    }
}

function struct(props: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

function options(): analyzerproto.AnalyzerResourceOptions {
    const opts = new analyzerproto.AnalyzerResourceOptions();
    opts.setProtect(false);
    opts.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    return opts;
}

function providerOf(spec: ResourceSpec): analyzerproto.AnalyzerProviderResource | undefined {
    if (!spec.provider) {
        return undefined;
    }
    const provider = new analyzerproto.AnalyzerProviderResource();
    provider.setType(spec.provider.type);
    provider.setName(spec.provider.name);
    provider.setUrn(spec.provider.urn);
    provider.setProperties(struct(spec.provider.props));
    return provider;
}

function decode(response: analyzerproto.AnalyzeResponse): Diagnostic[] {
    const levels: Record<number, Diagnostic["enforcementLevel"]> = {
        [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
        [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
        [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
        [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    };
    return response.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        enforcementLevel: levels[d.getEnforcementlevel()],
        message: d.getMessage(),
        urn: d.getUrn(),
    }));
}

function call<T>(handler: (call: unknown, callback: (err: unknown, res: T) => void) => unknown, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        handler({ request }, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

/** Gives each policy the configuration `getConfig` returns and its enforcement level from `config`. */
function configured<P extends ResourceValidationPolicy | StackValidationPolicy>(policy: P, config: PolicyPackConfig): P {
    const entry = config[policy.name] ?? config["all"];
    if (entry === undefined) {
        return policy;
    }
    const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
    const withLevel: P = { ...policy, enforcementLevel: enforcementLevel ?? policy.enforcementLevel };
    return withArgs(withLevel, (args) => ({ ...args, getConfig: <T extends object>() => properties as T }));
}

const PACK = "s3-encrypted-replication";
const VERSION = "0.0.0-test";

/** `Analyze` of one resource, as the engine sends its inputs. */
function analyzeRequest(spec: ResourceSpec): analyzerproto.AnalyzeRequest {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(spec.type);
    request.setUrn(spec.urn);
    request.setName(spec.name);
    request.setProperties(struct(spec.props));
    request.setOptions(options());
    const provider = providerOf(spec);
    if (provider) {
        request.setProvider(provider);
    }
    return request;
}

export async function analyzeResource(policies: Policies, spec: ResourceSpec, config: PolicyPackConfig = {}): Promise<Diagnostic[]> {
    const request = analyzeRequest(spec);
    const handler = server.makeAnalyzeRpcFun(
        PACK,
        VERSION,
        "advisory",
        policies.map((p) => configured(p, config)),
    );
    return decode(await call(handler, request));
}

/** `AnalyzeStack` over every resource of the stack. */
export async function analyzeStack(policies: Policies, stack: StackBuilder | ResourceSpec[], config: PolicyPackConfig = {}): Promise<Diagnostic[]> {
    const specs = Array.isArray(stack) ? stack : stack.resources;
    const request = new analyzerproto.AnalyzeStackRequest();
    request.setResourcesList(
        specs.map((spec) => {
            const resource = new analyzerproto.AnalyzerResource();
            resource.setType(spec.type);
            resource.setUrn(spec.urn);
            resource.setName(spec.name);
            resource.setProperties(struct(spec.props));
            resource.setOptions(options());
            resource.setDependenciesList(spec.dependencies);
            if (spec.parent) {
                resource.setParent(spec.parent);
            }
            const provider = providerOf(spec);
            if (provider) {
                resource.setProvider(provider);
            }
            const deps = resource.getPropertydependenciesMap();
            for (const [property, urns] of Object.entries(spec.propertyDependencies)) {
                const list = new analyzerproto.AnalyzerPropertyDependencies();
                list.setUrnsList(urns);
                deps.set(property, list);
            }
            return resource;
        }),
    );
    const handler = server.makeAnalyzeStackRpcFun(
        PACK,
        VERSION,
        "advisory",
        policies.map((p) => configured(p, config)),
    );
    return decode(await call(handler, request));
}

/** `Analyze` on every resource plus `AnalyzeStack`: what a preview reports. */
export async function analyzeAll(policies: Policies, stack: StackBuilder, config: PolicyPackConfig = {}): Promise<Diagnostic[]> {
    const perResource = await Promise.all(stack.resources.map((r) => analyzeResource(policies, r, config)));
    return [...perResource.flat(), ...(await analyzeStack(policies, stack, config))];
}

/** `Remediate` of one resource: the properties every remediating policy returned, in order. */
export async function remediateResource(policies: Policies, spec: ResourceSpec, config: PolicyPackConfig = {}): Promise<Record<string, unknown> | undefined> {
    const request = analyzeRequest(spec);
    const handler = server.makeRemediateRpcFun(
        PACK,
        VERSION,
        "advisory",
        policies.map((p) => configured(p, config)),
    );
    const response = await call<analyzerproto.RemediateResponse>(handler, request);
    const last = response
        .getRemediationsList()
        .filter((r) => r.getProperties())
        .pop();
    return last?.getProperties()?.toJavaScript() as Record<string, unknown> | undefined;
}

/** Diagnostics the framework raised because a policy touched an unknown value. */
export function previewNoise(diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => d.message.includes("can't be known during preview"));
}

export function byPolicy(diagnostics: Diagnostic[], policyName: string): Diagnostic[] {
    return diagnostics.filter((d) => d.policyName === policyName);
}
