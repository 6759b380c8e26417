/**
 * What the pack needs that @pulumi/policy's public API does not give, checked on the copy the pack
 * under test runs with (this repository's, or in the SDK matrix, scripts/sdk-matrix.js, each
 * installed version). Each test names the missing piece and fails once an SDK version provides it:
 * then use the public API instead of the workaround named here.
 *
 * - A per-violation enforcement level: `ReportViolation` is public only as `(message, urn?)`; the
 *   object form with `enforcementLevel` is `@internal` (`ReportViolationArgs`, pulumi/pulumi-policy
 *   `sdk/nodejs/policy/policy.ts`). policies/support/define.ts uses it to report advisory findings
 *   under a mandatory policy; the end-to-end suite checks that it still lowers the level.
 * - The stack's name, project and organisation in the policy arguments: policies get `stackTags`
 *   only; the framework reads nothing else from ConfigureStack (its `server.ts`). policies/runtime/
 *   engine-observer.ts observes ConfigureStack to read them, and otherwise engine-stack.ts asks @pulumi/pulumi's public
 *   `pulumi.getStack()` (the engine's environment for the pack answers it); where neither works, the
 *   environments setting's stack names do not apply and the pack says so (README, "One policy group
 *   for every environment"; tests/package/composition.test.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { STANDALONE_PACK } from "../e2e/helpers";

const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [STANDALONE_PACK.dir] }));
const version = (JSON.parse(fs.readFileSync(path.join(policyDir, "package.json"), "utf8")).version as string).replace(/^v/, "");
const declarations = fs.readFileSync(path.join(policyDir, "policy.d.ts"), "utf8");

/** The body of `export declare type NAME = {...}` or `export interface NAME {...}` in policy.d.ts, comments removed. */
function declaredBody(name: string): string {
    const start = declarations.search(new RegExp(`export (declare type ${name} =|interface ${name}\\b)`));
    assert.ok(start >= 0, `@pulumi/policy ${version} no longer declares ${name}`);
    const open = declarations.indexOf("{", start);
    let depth = 0;
    for (let i = open; i < declarations.length; i++) {
        depth += declarations[i] === "{" ? 1 : declarations[i] === "}" ? -1 : 0;
        if (depth === 0) {
            return declarations
                .slice(open + 1, i)
                .replace(/\/\*[\s\S]*?\*\//g, "")
                .replace(/\/\/.*$/gm, "");
        }
    }
    throw new Error(`unbalanced declaration of ${name}`);
}

/** Top-level member names of a declaration body. */
function memberNames(body: string): string[] {
    return [...body.matchAll(/^ {4}(\w+)\??[:(<]/gm)].map((match) => match[1]);
}

const STACK_IDENTITY = /^(stack|stackName|project|projectName|organization|organizationName|org)$/i;

describe(`@pulumi/policy ${version}: public API the pack would use if it existed`, () => {
    it("MISSING: a per-violation enforcement level (ReportViolation is public only as (message, urn?); define.ts passes the @internal object form)", () => {
        const signatures = declaredBody("ReportViolation")
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean);
        assert.deepStrictEqual(
            signatures,
            ["(message: string, urn?: string): void;"],
            "ReportViolation changed: if it takes an object with enforcementLevel now, use it in define.ts",
        );
        assert.ok(!/export (interface|declare type) ReportViolationArgs\b/.test(declarations), "ReportViolationArgs is public now: use it in define.ts");
    });

    for (const args of ["ResourceValidationArgs", "StackValidationArgs"]) {
        it(`MISSING: the stack's name, project and organisation in ${args} (it has stackTags only; engine-observer.ts reads ConfigureStack)`, () => {
            const members = memberNames(declaredBody(args));
            assert.ok(members.includes("stackTags"), `${args} has no stackTags: ${members.join(", ")}`);
            assert.deepStrictEqual(
                members.filter((name) => STACK_IDENTITY.test(name)),
                [],
                `${args} carries the stack's identity now: read it there instead of in engine-observer.ts`,
            );
        });
    }

    it("MISSING: a function of @pulumi/policy that returns the stack's name, project or organisation", () => {
        const exported = Object.keys(require(policyDir) as object);
        assert.ok(exported.includes("PolicyPack"), `not @pulumi/policy's entry point: ${exported.join(", ")}`);
        assert.deepStrictEqual(
            exported.filter((name) => /stack|project|organi[sz]ation/i.test(name) && !/^validateStack/.test(name) && name !== "isStackPolicy"),
            [],
        );
    });
});
