/**
 * What holds for every stack policy of the pack (the catalogue's, so that policies added later are
 * covered): the compliant set-up of the AWS user guide is clean, and no input makes a policy fail.
 * Arbitrary stacks come from the generator the robustness suite uses (tests/robustness/arbitrary-stacks.ts),
 * which runs every policy, resource policies included, over many more of them.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { StackValidationPolicy } from "@pulumi/policy";
import { catalogue } from "../../policies/pack/catalogue";
import { analyzeStack, previewNoise, ResourceSpec } from "../support/harness";
import { isInternalError } from "../support/stack-policies";
import { GUIDE_CASES } from "../support/guide-stack";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { buildStack, stackDrafts } from "../robustness/arbitrary-stacks";

const STACK_POLICIES = catalogue.filter((policy): policy is StackValidationPolicy => "validateStack" in policy);

async function assertNoFailure(specs: ResourceSpec[]): Promise<void> {
    const diagnostics = await analyzeStack(STACK_POLICIES, specs);
    assert.deepStrictEqual(diagnostics.filter(isInternalError), []);
    assert.deepStrictEqual(previewNoise(diagnostics), []);
}

describe("stack policies", () => {
    it("are every stack policy of the catalogue", () => {
        assert.ok(STACK_POLICIES.length >= 9, STACK_POLICIES.map((p) => p.name).join(", "));
        assert.ok(STACK_POLICIES.every((policy) => typeof policy.validateStack === "function"));
    });

    it("find nothing wrong with the compliant example and its role's policy, in every shape, before and after deployment", async () => {
        for (const { shape, preview } of GUIDE_CASES) {
            for (const replicaKeyKind of ["key", "alias"] as const) {
                const guide = guideWithRolePolicies([guideRolePolicy({ forBucketKey: true })], { shape, preview, overrides: { replicaKeyKind } });
                const diagnostics = await analyzeStack(STACK_POLICIES, guide.stack);
                assert.deepStrictEqual(diagnostics, [], `${shape} ${preview ? "preview" : "deployed"} ${replicaKeyKind}`);
            }
        }
    });

    it("survive arbitrary stacks: malformed values, secrets, missing providers, cycles in dependencies, the example with anything changed", async () => {
        await fc.assert(
            fc.asyncProperty(stackDrafts, (draft) => assertNoFailure(buildStack(draft))),
            { numRuns: 300 },
        );
    });
});
