/**
 * What the engine's requests say that the framework (@pulumi/policy) does not hand to policies.
 * One policy-pack process serves one stack's preview or update, and the engine calls it in a fixed
 * order; this module observes those calls on the protobuf classes of the SDK copy that actually
 * runs the pack, by wrapping the accessors the framework's handlers call. The observers only feed
 * this state; define.ts reads it once per policy call into the call's `Analysis`
 * (support/analysis.ts), which the policy receives. CONTRIBUTING.md ("Process-wide state") lists the
 * pack's other process-wide state.
 *
 * | set by (engine requests in the order sent)    | state                         | read by                                  |
 * | --------------------------------------------- | ----------------------------- | ---------------------------------------- |
 * | `attachToFramework()`, building any policy    | `hooked`                      | environments.ts (says so once)           |
 * | ConfigureStack (1st, when the pack is loaded) | `stackIdentity`               | define.ts: `Analysis.stack`, `.lowered`  |
 * | Configure (2nd, before any Analyze)           | `environment` (compiled once) | define.ts: `Analysis.facts`, `.lowered`  |
 * | (derived) the first finding of a stack        | `lastReason` (a memo)         | define.ts: `Analysis.lowered`            |
 * | AnalyzeStack (each)                           | `analyzeStackRequest`         | define.ts: `StackAnalysis.index` sharing |
 * | a failed observation (any)                    | `observationFailure`          | environments.ts (says so once)           |
 * | each resource's properties, deserialised      | `secrets` (a `SecretSet`)     | define.ts: `Analysis.secrets`            |
 *
 * Because the environments setting is read from the Configure request itself, it is in force
 * before any policy runs, whatever order the policies are listed in. Only where no Configure was
 * observed (policies called in-process, or a pack whose SDK copy could not be wrapped) does the
 * `s3-replication-environments` policy supply it from its own configuration when it runs
 * (`environmentFromPolicy`), and then it must run first: the factory lists it first.
 */
import * as path from "path";
import { noteSecretsIn, SecretSet, SecretValues } from "../model/secret-values";
import { engineStackIdentity } from "./engine-stack";
import { advisoryReason, CompiledEnvironment, compileEnvironment, EnvironmentConfig, NO_ENVIRONMENT, StackIdentity } from "./environment-setting";

export const ENVIRONMENTS_POLICY = "s3-replication-environments";

/** Whether the requests of the SDK copy running the pack can be observed, and if not why. */
export type Attachment = { attached: true } | { attached: false; reason: string };

interface PackState {
    /** What `attachToFramework()` wrapped: the protocol module, or why it could not. */
    hooked: { protocolModule: string } | { reason: string } | undefined;
    /** Defaults for the environments setting given to the library factory; the request's values win. */
    environmentDefaults: EnvironmentConfig;
    /** Set when a Configure request was observed: the setting then comes from there only. */
    environment: CompiledEnvironment | undefined;
    /** The environments policy's own configuration, compiled once per distinct value (no Configure observed). */
    policyEnvironment: { key: string; compiled: CompiledEnvironment } | undefined;
    stackIdentity: StackIdentity | undefined;
    analyzeStackRequest: object | undefined;
    /** The first failure to read an observed request, if any. */
    observationFailure: string | undefined;
    /** The last answer of `advisoryReasonFor`, for the setting, stack and tags it was worked out for. */
    lastReason:
        | { environment: CompiledEnvironment; identity: StackIdentity | undefined; stackTags: ReadonlyMap<string, string>; reason: string | undefined }
        | undefined;
}

/** What the requests this process received said: a later request of a kind replaces an earlier one's; nothing resets it. */
const state: PackState = {
    hooked: undefined,
    environmentDefaults: {},
    environment: undefined,
    policyEnvironment: undefined,
    stackIdentity: undefined,
    analyzeStackRequest: undefined,
    lastReason: undefined,
    observationFailure: undefined,
};

/**
 * The values the engine marked secret in the requests this process received, all of them: a value
 * secret in one resource's properties is never quoted in a message about another. Tests, which run
 * many previews in one process, forget them before every test (tests/support/mocha-hooks.ts).
 */
const secrets = new SecretSet();

// ---- readers -------------------------------------------------------------------------------

/** The secret values noted so far (`observeSecrets`): each policy call's `Analysis.secrets`. */
export function observedSecrets(): SecretValues {
    return secrets;
}

/** Forgets the secret values noted so far, as a new pack process would (tests run many previews in one process). */
export function forgetObservedSecrets(): void {
    secrets.clear();
}

/** The environments setting in force, compiled. */
export function currentEnvironment(): CompiledEnvironment {
    return state.environment ?? state.policyEnvironment?.compiled ?? NO_ENVIRONMENT;
}

/**
 * Why findings in this stack are advisory under the setting (`advisoryReason`), worked out once per
 * setting, stack and tags: the framework hands every call of a request the same tags.
 */
export function advisoryReasonFor(stackTags: ReadonlyMap<string, string>): string | undefined {
    const environment = currentEnvironment();
    const identity = currentStackIdentity();
    const last = state.lastReason;
    if (last && last.environment === environment && last.identity === identity && last.stackTags === stackTags) {
        return last.reason;
    }
    const reason = advisoryReason(environment, identity, stackTags);
    state.lastReason = { environment, identity, stackTags, reason };
    return reason;
}

/** From the ConfigureStack request observed last; else from the public API, where the engine's environment gives it. */
export function currentStackIdentity(): StackIdentity | undefined {
    return state.stackIdentity ?? engineStackIdentity();
}

/** The AnalyzeStack request the framework is answering, once it has read its resources. */
export function currentAnalyzeStackRequest(): object | undefined {
    return state.analyzeStackRequest;
}

/** Whether the setting came from the engine's Configure request (rather than from a policy call). */
export function configureObserved(): boolean {
    return state.environment !== undefined;
}

// ---- writers -------------------------------------------------------------------------------

/** Configure: the request's `s3-replication-environments` entry over the library's defaults. */
function configure(environmentConfig: unknown): void {
    const given = typeof environmentConfig === "object" && environmentConfig !== null ? environmentConfig : {};
    const { enforcementLevel: _level, ...settings } = given as Record<string, unknown>;
    state.environment = compileEnvironment({ ...state.environmentDefaults, ...settings });
}

function configureStack(identity: StackIdentity): void {
    state.stackIdentity = identity;
}

export function setEnvironmentDefaults(defaults: EnvironmentConfig | undefined): void {
    state.environmentDefaults = defaults ?? {};
}

/** The environments policy's own configuration, when no Configure request was observed. */
export function environmentFromPolicy(config: unknown): void {
    if (state.environment !== undefined) {
        return;
    }
    let key: string;
    try {
        key = JSON.stringify(config) ?? "";
    } catch {
        key = "";
    }
    if (state.policyEnvironment?.key !== key) {
        state.policyEnvironment = { key, compiled: compileEnvironment(config) };
    }
}

// ---- observing the running framework -------------------------------------------------------

const WRAPPED = Symbol.for("s3-encrypted-replication.wrapped");

type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: true };

/**
 * Wraps `prototype[method]` to call `observe` with the request and the accessor's result (with
 * `receivedOnly`, only for requests received over the wire); false when the accessor is not there.
 */
function wrap(prototype: Record<string, unknown> | undefined, method: string, receivedOnly: boolean, observe: (self: never, result: unknown) => void): boolean {
    const original = prototype?.[method] as Method | undefined;
    if (!prototype || typeof original !== "function") {
        return false;
    }
    if (original[WRAPPED]) {
        return true;
    }
    const wrapped: Method = function (this: never, ...rest: unknown[]) {
        const result = original.apply(this, rest);
        if (receivedOnly && !received.has(this)) {
            return result;
        }
        try {
            observe(this, result);
        } catch (error) {
            // The framework's request handling goes on regardless; the failure is said once (environments.ts).
            state.observationFailure ??= `reading ${method} failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
        }
        return result;
    };
    wrapped[WRAPPED] = true;
    prototype[method] = wrapped;
    return true;
}

interface PolicyConfigMessage {
    getProperties(): { toJavaScript(): unknown } | undefined;
}

interface StackConfigureRequest {
    getStack(): string;
    getProject(): string;
    getOrganization(): string;
}

/** The hooks, by protobuf class and accessor: the accessors @pulumi/policy's handlers call first. */
export const FRAMEWORK_HOOKS = Object.freeze([
    { message: "ConfigureAnalyzerRequest", accessor: "getPolicyconfigMap", receivedOnly: true },
    { message: "AnalyzerStackConfigureRequest", accessor: "getTagsMap", receivedOnly: true },
    // Only scopes index sharing to the call being answered: any request the framework answers will do.
    { message: "AnalyzeStackRequest", accessor: "getResourcesList", receivedOnly: false },
] as const);

type Observer = (self: never, result: unknown) => void;

/**
 * Requests that arrived over the wire (made by the class's `deserializeBinary`, as grpc-js does for
 * each call). Only these are observed: a request this process builds itself (a test's driver
 * calling the same accessors to fill one in) says nothing about the pack's stack.
 */
const received = new WeakSet<object>();

function markReceived(messageClass: { deserializeBinary?: unknown }): boolean {
    const original = messageClass.deserializeBinary as Method | undefined;
    if (typeof original !== "function") {
        return false;
    }
    if (!original[WRAPPED]) {
        const wrapped: Method = function (this: unknown, ...rest: unknown[]) {
            const message = original.apply(this, rest);
            if (typeof message === "object" && message !== null) {
                received.add(message);
            }
            return message;
        };
        wrapped[WRAPPED] = true;
        messageClass.deserializeBinary = wrapped;
    }
    return true;
}

const OBSERVERS: Record<(typeof FRAMEWORK_HOOKS)[number]["message"], Observer> = {
    ConfigureAnalyzerRequest: (_request, map) => {
        configure((map as Map<string, PolicyConfigMessage>).get(ENVIRONMENTS_POLICY)?.getProperties()?.toJavaScript());
    },
    AnalyzerStackConfigureRequest: (request: StackConfigureRequest) => {
        configureStack({ organization: request.getOrganization(), project: request.getProject(), stack: request.getStack() });
    },
    AnalyzeStackRequest: (request: object) => {
        state.analyzeStackRequest = request;
    },
};

const ANALYZER_PROTO = "@pulumi/pulumi/proto/analyzer_pb";

/** Folders of the `@pulumi/policy` copies this process has loaded. */
function loadedPolicySdks(): string[] {
    const suffix = `${path.sep}@pulumi${path.sep}policy${path.sep}server.js`;
    return Object.keys(require.cache)
        .filter((file) => file.endsWith(suffix))
        .map((file) => path.dirname(file));
}

function protocolModuleOf(policyDir: string): string | undefined {
    try {
        return require.resolve(ANALYZER_PROTO, { paths: [policyDir] });
    } catch {
        return undefined;
    }
}

/**
 * Wraps the request accessors of the SDK copy that `@pulumi/policy` resolves to from here, once
 * per process: building any policy (define.ts) and the factory call it.
 */
export function attachToFramework(): Attachment {
    if (state.hooked === undefined) {
        state.hooked = hook();
    }
    return attachment();
}

/**
 * Whether the pack can rely on its observations: every hook in place, on the protocol module that
 * every loaded @pulumi/policy uses (an organisation's pack with a nested copy of the SDKs runs
 * requests through the other copy, which this package's hooks never see).
 */
export function attachment(): Attachment {
    const hooked = state.hooked;
    if (hooked === undefined) {
        return { attached: false, reason: "no policy of this pack has been built in this process" };
    }
    if ("reason" in hooked) {
        return { attached: false, reason: hooked.reason };
    }
    if (state.observationFailure !== undefined) {
        return { attached: false, reason: state.observationFailure };
    }
    const other = loadedPolicySdks().find((dir) => protocolModuleOf(dir) !== hooked.protocolModule);
    if (other !== undefined) {
        return {
            attached: false,
            reason: `the @pulumi/policy running the pack (${other}) uses another copy of @pulumi/pulumi than this package (${hooked.protocolModule}); install s3-encrypted-replication so that it shares your pack's @pulumi/policy and @pulumi/pulumi (they are peer dependencies)`,
        };
    }
    return { attached: true };
}

/**
 * Which property values are secret (model/secret-values.ts): `@pulumi/policy` deserialises each
 * resource's properties with `Struct.toJavaScript()` and then unwraps secrets for Analyze and
 * AnalyzeStack; the wire form `toJavaScript` returns still holds the secret signatures. Observed
 * once per outermost `Struct`, on the google-protobuf instance the protocol module is made of.
 * Without it, secrets the framework unwrapped are not known as such (Remediate's still are).
 */
function observeSecrets(protocolModule: string): void {
    let structs: { Struct?: { prototype?: Record<string, unknown> } };
    try {
        structs = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(protocolModule)] }));
    } catch {
        return;
    }
    const prototype = structs.Struct?.prototype;
    const original = prototype?.toJavaScript as Method | undefined;
    if (!prototype || typeof original !== "function" || original[WRAPPED]) {
        return;
    }
    const observed = new WeakSet<object>();
    let depth = 0;
    const wrapped: Method = function (this: object, ...rest: unknown[]) {
        depth++;
        let result: unknown;
        try {
            result = original.apply(this, rest);
        } finally {
            depth--;
        }
        if (depth === 0 && !observed.has(this)) {
            observed.add(this);
            try {
                noteSecretsIn(secrets, result);
            } catch {
                // Observation only: the framework's request handling goes on regardless.
            }
        }
        return result;
    };
    wrapped[WRAPPED] = true;
    prototype.toJavaScript = wrapped;
}

function hook(): { protocolModule: string } | { reason: string } {
    let protocolModule: string;
    let analyzerProto: Record<string, { prototype?: Record<string, unknown>; deserializeBinary?: unknown } | undefined>;
    try {
        protocolModule = require.resolve(ANALYZER_PROTO, { paths: [path.dirname(require.resolve("@pulumi/policy"))] });
        analyzerProto = require(protocolModule);
    } catch (error) {
        return {
            reason: `@pulumi/pulumi's analyzer protocol module could not be loaded (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
        };
    }
    const missing = FRAMEWORK_HOOKS.filter(({ message, accessor, receivedOnly }) => {
        const messageClass = analyzerProto[message];
        return !messageClass || !markReceived(messageClass) || !wrap(messageClass.prototype, accessor, receivedOnly, OBSERVERS[message]);
    });
    if (missing.length > 0) {
        return { reason: `the installed @pulumi/pulumi has no ${missing.map(({ message, accessor }) => `${message}.${accessor}`).join(", ")}` };
    }
    observeSecrets(protocolModule);
    return { protocolModule };
}
