import * as assert from "assert";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { environments } from "../../policies/environments";
import { sseKmsOptIn } from "../../policies/sse-kms-opt-in";
import { advisoryReason, compileEnvironment, ENVIRONMENT_LIMITS, NO_ENVIRONMENT } from "../../policies/runtime/environment-setting";
import { attachToFramework, Attachment, FRAMEWORK_HOOKS } from "../../policies/runtime/engine-observer";
import type { Diagnostic } from "../support/harness";
import { inOwnProcess } from "../support/own-process";

const NO_TAGS: ReadonlyMap<string, string> = new Map();
const ACME_SHOP_DEV = { organization: "acme", project: "shop", stack: "feature-dev" };

function reason(config: object, identity = ACME_SHOP_DEV, tags: ReadonlyMap<string, string> = NO_TAGS): string | undefined {
    return advisoryReason(compileEnvironment(config), identity, tags);
}

const SCENARIOS = "tests/policies/environments.scenarios.ts";

describe("s3-replication-environments", () => {
    describe("matching (runtime/environment-setting.ts)", () => {
        it("matches stack names as name, project/name and org/project/name, with globs, and says which", () => {
            for (const pattern of ["feature-dev", "*-dev", "shop/*", "acme/shop/feature-?ev"]) {
                assert.ok(reason({ advisoryStacks: [pattern] })?.startsWith("advisory on stack "), pattern);
            }
            for (const pattern of ["prod", "*-prod", "other/*", "feature"]) {
                assert.strictEqual(reason({ advisoryStacks: [pattern] }), undefined, pattern);
            }
            assert.strictEqual(reason({ advisoryStacks: ["*-dev"] }), "advisory on stack feature-dev");
        });

        it("matches stack tags by exact value or glob, and never without configuration", () => {
            const config = { advisoryStackTags: { environment: "dev*" } };
            assert.strictEqual(reason(config, ACME_SHOP_DEV, new Map([["environment", "development"]])), "advisory under stack tag environment=development");
            assert.strictEqual(reason(config, ACME_SHOP_DEV, new Map([["environment", "prod"]])), undefined);
            assert.strictEqual(reason(config, ACME_SHOP_DEV, new Map([["team", "dev"]])), undefined);
            assert.strictEqual(reason({}, ACME_SHOP_DEV, new Map([["environment", "dev"]])), undefined);
        });

        it("ignores malformed configuration, and names what it ignores", () => {
            for (const config of [
                { advisoryStacks: "dev" },
                { advisoryStacks: [1, null] },
                { advisoryStackTags: ["dev"] },
                { advisoryStackTags: { environment: 3 } },
                "dev",
                [1],
            ]) {
                const compiled = compileEnvironment(config);
                assert.ok(compiled.problems.length > 0, JSON.stringify(config));
                assert.strictEqual(
                    advisoryReason(compiled, { ...ACME_SHOP_DEV, stack: "dev" }, new Map([["environment", "dev"]])),
                    undefined,
                    JSON.stringify(config),
                );
            }
            assert.deepStrictEqual(compileEnvironment(undefined), NO_ENVIRONMENT);
        });

        // Issue "Hostile and extreme input", case 1: these did not finish (or took 18–27 s) as regular expressions.
        it("matches pathological globs without backtracking blow-up", () => {
            const aaa = { ...ACME_SHOP_DEV, stack: "a".repeat(35) };
            assert.strictEqual(reason({ advisoryStacks: ["*a".repeat(14) + "*b"] }, aaa), undefined);
            assert.strictEqual(reason({ advisoryStacks: ["*".repeat(20) + "x"] }, aaa), undefined);
            assert.strictEqual(reason({ advisoryStacks: ["*".repeat(ENVIRONMENT_LIMITS.patternLength)] }, aaa), `advisory on stack ${"a".repeat(35)}`);
        });

        // Issue "Hostile and extreme input", case 2: a ~50,000-character pattern made RegExp construction throw.
        it("never throws on oversized settings: too long patterns and too many entries are problems, the rest applies", () => {
            const huge = compileEnvironment({ advisoryStacks: ["x".repeat(50_000), "feature-*"], advisoryStackTags: { ["k".repeat(300)]: "v" } });
            assert.strictEqual(huge.stacks.length, 1);
            assert.strictEqual(huge.problems.length, 2, huge.problems.join("; "));
            assert.ok(advisoryReason(huge, ACME_SHOP_DEV, NO_TAGS));
            const many = compileEnvironment({ advisoryStacks: Array.from({ length: 1_000 }, (_, i) => `s${i}`) });
            assert.strictEqual(many.stacks.length, ENVIRONMENT_LIMITS.patterns);
            assert.match(many.problems.join(), /only the first 100/);
        });

        it("bounds pattern length and count in the config schema, so the CLI rejects absurd settings", () => {
            const properties = environments.configSchema?.properties as Record<string, Record<string, unknown>>;
            assert.strictEqual(properties.advisoryStacks.maxItems, ENVIRONMENT_LIMITS.patterns);
            assert.deepStrictEqual(properties.advisoryStacks.items, { type: "string", maxLength: ENVIRONMENT_LIMITS.patternLength });
            assert.strictEqual(properties.advisoryStackTags.maxProperties, ENVIRONMENT_LIMITS.patterns);
            assert.deepStrictEqual(properties.advisoryStackTags.additionalProperties, { type: "string", maxLength: ENVIRONMENT_LIMITS.patternLength });
        });
    });

    describe("the process-wide state (runtime/engine-observer.ts)", () => {
        // Fails when @pulumi/policy or @pulumi/pulumi change underneath the hook: a class or accessor renamed, or
        // the framework no longer reading the request through them.
        it("attaches to the installed SDK: every hooked class and accessor exists", () => {
            for (const { message, accessor } of FRAMEWORK_HOOKS) {
                const prototype = (analyzerproto as unknown as Record<string, { prototype: Record<string, unknown> }>)[message]?.prototype;
                assert.strictEqual(typeof prototype?.[accessor], "function", `${message}.${accessor} is gone from @pulumi/pulumi/proto/analyzer_pb`);
            }
            assert.deepStrictEqual(attachToFramework(), { attached: true });
        });

        it("says which accessor is missing when an SDK lacks one, instead of silently doing nothing", async () => {
            assert.deepStrictEqual(await inOwnProcess<Attachment>(SCENARIOS, "missingAccessor"), {
                attached: false,
                reason: "the installed @pulumi/pulumi has no AnalyzeStackRequest.getResourcesList",
            });
        });

        it("the installed @pulumi/policy reads each hooked request through the hooked accessor", () => {
            const server = require("fs").readFileSync(require.resolve("@pulumi/policy/server.js"), "utf8") as string;
            for (const { accessor } of FRAMEWORK_HOOKS) {
                assert.ok(server.includes(`.${accessor}()`), `@pulumi/policy's server no longer calls ${accessor}()`);
            }
        });

        it("ignores requests this process builds itself (a driver filling one in); takes the stack name from the ConfigureStack request, and the setting from the Configure request, as received", async () => {
            const { built, received } = await inOwnProcess<{
                built: { identity: unknown; noEnvironment: boolean };
                received: { identity: unknown; reason: unknown };
            }>(SCENARIOS, "requestsBuiltThenReceived");
            assert.deepStrictEqual(built, { identity: null, noEnvironment: true });
            assert.deepStrictEqual(received, { identity: { organization: "acme", project: "shop", stack: "dev" }, reason: "advisory on stack acme/shop/dev" });
        });
    });

    describe("on the pack's findings", () => {
        it("lowers mandatory findings in a listed stack only, saying why on the last line, after the description line", async () => {
            const { inDev, inProd } = await inOwnProcess<{ inDev: Diagnostic[]; inProd: Diagnostic[] }>(SCENARIOS, "findingsInDevThenProd");
            assert.deepStrictEqual(
                inDev.map((d) => d.enforcementLevel),
                ["advisory"],
            );
            const lines = inDev[0].message.split("\n");
            assert.strictEqual(lines[0], sseKmsOptIn.description);
            assert.strictEqual(lines[lines.length - 1], "advisory on stack dev (s3-replication-environments)");
            assert.deepStrictEqual(
                inProd.map((d) => d.enforcementLevel),
                ["mandatory"],
            );
            assert.strictEqual(inProd[0].message.split("\n")[0], sseKmsOptIn.description);
            assert.deepStrictEqual(inDev[0].message.split("\n").slice(0, -1), inProd[0].message.split("\n"));
        });

        it("reports an unusable setting once, as advisory, from AnalyzeStack only", async () => {
            const { onResource, onStack } = await inOwnProcess<{ onResource: Diagnostic[]; onStack: Diagnostic[] }>(SCENARIOS, "unusableSetting");
            assert.deepStrictEqual(onResource, []);
            assert.deepStrictEqual(
                onStack.map((d) => d.enforcementLevel),
                ["advisory"],
            );
            assert.match(onStack[0].message, /advisoryStacks entry 1 is 1000 characters long/);
        });
    });
});
