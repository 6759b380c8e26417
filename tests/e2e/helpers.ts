/**
 * Shared by the end-to-end suite: the two packs under test (this repository as a standalone pack,
 * and an organisation's pack composing the library), the example stacks and copies of them with
 * one thing changed, and what a stack analysis found, in comparable form.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

import {
    AnalyzerInfo,
    GivenPolicyConfig,
    PackSession,
    parsePolicyConfig,
    PropertyMap,
    PropertyValue,
    readStackFile,
    reconcilePolicyConfig,
    shortUrn,
    Stack,
    StackAnalysis,
    stackConfiguration,
    StackConfiguration,
    StackDiagnostic,
    StackResource,
    startPack,
    urnName,
} from "../../driver";
import { REPOSITORY_ROOT } from "../../examples/example-programs";

// ---- The packs under test -------------------------------------------------------------------

export interface PackUnderTest {
    title: string;
    dir: string;
    /** Policies the pack adds to the library's. */
    ownPolicies: readonly string[];
}

/**
 * The SDK matrix (scripts/sdk-matrix.js) points these at a packed tarball installed with given
 * @pulumi/policy and @pulumi/pulumi versions, so that the same suite runs against each.
 */
export const INSTALLED_PACKS = {
    standalone: process.env.S3_REPLICATION_E2E_STANDALONE_PACK,
    composed: process.env.S3_REPLICATION_E2E_COMPOSED_PACK,
};

export const STANDALONE_PACK: PackUnderTest = {
    title: "the standalone pack",
    dir: INSTALLED_PACKS.standalone ?? REPOSITORY_ROOT,
    ownPolicies: [],
};

export const COMPOSED_PACK: PackUnderTest = {
    title: "an organisation's pack composing the library",
    dir: INSTALLED_PACKS.composed ?? path.join(REPOSITORY_ROOT, "tests", "fixtures", "packs", "composed"),
    ownPolicies: ["acme-bucket-cost-center"],
};

export const PACKS_UNDER_TEST: readonly PackUnderTest[] = [STANDALONE_PACK, COMPOSED_PACK];

let build: Promise<void> | undefined;

/** Both packs run the compiled JavaScript in bin/; compile it once per test run, unless it is up to date. */
export function buildPackOnce(): Promise<void> {
    build ??= promisify(execFile)(process.execPath, [path.join(REPOSITORY_ROOT, "scripts", "build.js"), "--if-stale"], { cwd: REPOSITORY_ROOT }).then(
        () => undefined,
        (error: Error & { stdout?: string; stderr?: string }) => {
            throw new Error(`the build failed: ${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
        },
    );
    return build;
}

export interface CheckOptions {
    /** A `--policy-pack-config` file's contents; reconciled with the pack's policies as the engine does. */
    config?: GivenPolicyConfig;
    /** Replaces parts of what ConfigureStack says about the stack (its name, its tags). */
    stack?: Partial<StackConfiguration>;
}

/** One started pack, driven as the engine drives it for each operation. */
export class RunningPack {
    private constructor(
        readonly packUnderTest: PackUnderTest,
        readonly session: PackSession,
        readonly info: AnalyzerInfo,
    ) {}

    static async start(packUnderTest: PackUnderTest): Promise<RunningPack> {
        const session = await startPack(packUnderTest.dir, { stack: { stack: "dev", project: "e2e", dryRun: false } });
        try {
            return new RunningPack(packUnderTest, session, await session.getAnalyzerInfo());
        } catch (error) {
            await session.close();
            throw error;
        }
    }

    hasPolicy(name: string): boolean {
        return this.info.policies.some((policy) => policy.name === name);
    }

    defaultLevelOf(name: string): string | undefined {
        return this.info.policies.find((policy) => policy.name === name)?.enforcementLevel;
    }

    /**
     * ConfigureStack and Configure, as at the start of an engine operation, so that nothing one
     * test configured carries over into the next.
     */
    async configureFor(stack: Stack, options: CheckOptions = {}): Promise<void> {
        await this.session.configureStack({ ...stackConfiguration(stack), ...options.stack });
        await this.session.configure(reconcilePolicyConfig(this.info, options.config ?? {}));
    }

    /** Remediate and Analyze every resource, then AnalyzeStack, as `pulumi preview` does. */
    async check(stack: Stack, options: CheckOptions = {}): Promise<StackAnalysis> {
        await this.configureFor(stack, options);
        return this.session.analyzeAll(stack);
    }
}

/** Starts every pack at once (one per core); stops the ones that started when another fails. */
export async function startPacks(packs: readonly PackUnderTest[]): Promise<RunningPack[]> {
    const outcomes = await Promise.allSettled(packs.map((pack) => RunningPack.start(pack)));
    const started = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failure) {
        await stopPacks(started);
        throw failure.reason;
    }
    return started;
}

export async function stopPacks(packs: readonly RunningPack[]): Promise<void> {
    await Promise.all(packs.map((pack) => pack.session.close()));
}

// ---- Policy config files --------------------------------------------------------------------

export function readPolicyConfigFile(relativePath: string): GivenPolicyConfig {
    return parsePolicyConfig(fs.readFileSync(path.join(REPOSITORY_ROOT, relativePath), "utf8"));
}

/** A config written as it would be in a `--policy-pack-config` file, read the same way. */
export function policyConfig(contents: object): GivenPolicyConfig {
    return parsePolicyConfig(JSON.stringify(contents));
}

// ---- Example stacks -------------------------------------------------------------------------

export type Phase = "preview" | "deployed";
export const PHASES: readonly Phase[] = ["preview", "deployed"];

/** One entry of examples/stacks/index.json. */
export interface Example {
    name: string;
    description: string;
    compliant: boolean;
    expectedViolations: string[];
    preview: string;
    deployed: string;
}

export const EXAMPLES: readonly Example[] = (
    JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "examples", "stacks", "index.json"), "utf8")) as {
        examples: Example[];
    }
).examples;

export function exampleNamed(name: string): Example {
    const example = EXAMPLES.find((candidate) => candidate.name === name);
    assert.ok(example, `examples/stacks/index.json lists no example ${name}`);
    return example;
}

/** A fresh read of an example's stack file, so that changing it changes no other test's copy. */
export function exampleStack(name: string, phase: Phase): Stack {
    return readStackFile(path.join(REPOSITORY_ROOT, exampleNamed(name)[phase]));
}

export function resourceNamed(stack: Stack, name: string): StackResource {
    const resource = stack.resources.find((candidate) => urnName(candidate.urn) === name);
    assert.ok(resource, `${stack.file ?? "the stack"} has no resource named ${name}`);
    return resource;
}

/** Changes a resource's inputs, and its deployed outputs alike (Analyze reads one, AnalyzeStack the other). */
export function changeResource(stack: Stack, name: string, change: (properties: PropertyMap) => void): Stack {
    const resource = resourceNamed(stack, name);
    change(resource.inputs);
    if (resource.outputs && Object.keys(resource.outputs).length > 0) {
        change(resource.outputs);
    }
    return stack;
}

/** An example's stack with one resource changed. */
export function changedExample(name: string, phase: Phase, resourceName: string, change: (properties: PropertyMap) => void): Stack {
    return changeResource(exampleStack(name, phase), resourceName, change);
}

function isPropertyMap(value: PropertyValue | undefined): value is PropertyMap {
    return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The object at `path` below `properties` (list indexes as numbers), which must be a plain object. */
export function objectAt(properties: PropertyMap, ...path: (string | number)[]): PropertyMap {
    let value: PropertyValue | undefined = properties;
    for (const segment of path) {
        value = Array.isArray(value) ? value[segment as number] : isPropertyMap(value) ? value[segment] : undefined;
    }
    assert.ok(isPropertyMap(value), `no object at ${path.join(".")}`);
    return value;
}

/** The first replication rule of a BucketReplicationConfig's properties. */
export function firstRule(properties: PropertyMap): PropertyMap {
    return objectAt(properties, "rules", 0);
}

// ---- What an analysis found -----------------------------------------------------------------

/** The framework's message when a policy touched a value that is unknown during preview. */
export const PREVIEW_NOISE = /can't be known during preview|can't run (policy|remediation)/;
/** The pack's message when a policy threw, caught by its definition layer. */
export const INTERNAL_ERROR = /could not finish checking/;

/** "<policy> <level> <type::name>", the identity of a finding across packs and configurations. */
export function findingKey(diagnostic: StackDiagnostic): string {
    return `${diagnostic.policyName} ${diagnostic.enforcementLevel} ${diagnostic.urn ? shortUrn(diagnostic.urn) : "(stack)"}`;
}

export function findingKeys(analysis: StackAnalysis, exceptPolicies: readonly string[] = []): string[] {
    const keys = analysis.diagnostics.filter((d) => !exceptPolicies.includes(d.policyName)).map(findingKey);
    return [...new Set(keys)].sort();
}

/** The same findings with every level replaced by `level`. */
export function atLevel(keys: readonly string[], level: string): string[] {
    return [...new Set(keys.map((key) => key.replace(/^(\S+) \S+ /, `$1 ${level} `)))].sort();
}

export function mandatoryPolicies(analysis: StackAnalysis): string[] {
    const names = analysis.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName);
    return [...new Set(names)].sort();
}

export function findingsOf(analysis: StackAnalysis, policyName: string): StackDiagnostic[] {
    return analysis.diagnostics.filter((diagnostic) => diagnostic.policyName === policyName);
}

/** For assertion messages: one line per finding. */
export function describeFindings(analysis: StackAnalysis): string {
    if (analysis.diagnostics.length === 0) {
        return "(no findings)";
    }
    return analysis.diagnostics.map((d) => `${findingKey(d)}: ${d.message.split("\n").pop()}`).join("\n");
}
