/**
 * A pack-wide setting carried as a policy, because policy packs are configured per policy. The
 * setting itself is read from the engine's Configure request (runtime/engine-observer.ts), so
 * it holds whatever the policy's own enforcement level (`"all": "disabled"` included) and
 * wherever it is listed. The policy reports, once per preview and as advisory, what of the
 * setting the pack cannot use; nothing else.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { EXTERNAL_RESOURCES_SCHEMA } from "./model/external-facts";
import { configOf, Named, reportAdvisory } from "./support/define";
import { ENVIRONMENT_LIMITS, needsStackName } from "./runtime/environment-setting";
import { attachment, configureObserved, currentEnvironment, currentStackIdentity, ENVIRONMENTS_POLICY, environmentFromPolicy } from "./runtime/engine-observer";

const DESCRIPTION =
    "Pack-wide setting: stack names and stack tags under which this pack's mandatory findings are " +
    "reported as advisory, and facts about resources outside the stack (externalResources) that every " +
    "policy reads. Reports only what of the setting cannot be used.";

/** What of the setting is not in force, in one message; undefined when all of it is. */
function unusable(): string | undefined {
    const environment = currentEnvironment();
    const problems = [...environment.problems];
    // Only asked when the stack's name is missing: attachment() looks through every loaded module.
    const attached = needsStackName(environment) && currentStackIdentity() === undefined ? attachment() : undefined;
    if (attached?.attached === false) {
        problems.push(`advisoryStacks cannot be applied because this pack cannot read the stack's name: ${attached.reason} (advisoryStackTags still apply)`);
    }
    return problems.length === 0
        ? undefined
        : `Part of the ${ENVIRONMENTS_POLICY} setting is ignored: ${problems.join("; ")}. Correct the policy pack configuration.`;
}

export const environments: Named<ResourceValidationPolicy & StackValidationPolicy, typeof ENVIRONMENTS_POLICY> = {
    name: ENVIRONMENTS_POLICY,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    url: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/",
    severity: "low",
    remediationSteps:
        "Correct the s3-replication-environments entry of the policy pack configuration: advisoryStacks is a " +
        "list of stack names or globs, advisoryStackTags an object of tag names and values or globs, each at " +
        "most 256 characters.",
    configSchema: {
        properties: {
            advisoryStacks: {
                type: "array",
                items: { type: "string", maxLength: ENVIRONMENT_LIMITS.patternLength },
                maxItems: ENVIRONMENT_LIMITS.patterns,
                description: "Stack names (`dev`, `project/dev`, `org/project/dev`; `*` and `?` globs) whose mandatory findings are reported as advisory.",
            },
            advisoryStackTags: {
                type: "object",
                additionalProperties: { type: "string", maxLength: ENVIRONMENT_LIMITS.patternLength },
                maxProperties: ENVIRONMENT_LIMITS.patterns,
                description: 'Stack tags (`{"environment": "dev"}`; values may be globs) under which mandatory findings are reported as advisory.',
            },
            externalResources: EXTERNAL_RESOURCES_SCHEMA,
        },
    },
    validateResource: (args) => {
        environmentFromPolicy(configOf(args));
    },
    validateStack: (args, reportViolation) => {
        if (!configureObserved()) {
            environmentFromPolicy(configOf(args));
        }
        const message = unusable();
        if (message !== undefined) {
            reportAdvisory(DESCRIPTION, message, reportViolation);
        }
    },
};
