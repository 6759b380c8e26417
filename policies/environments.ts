/**
 * A pack-wide setting carried as a policy, because policy packs are configured per policy: it
 * reports nothing, and must come first in the catalogue so that its configuration is in force
 * before the other policies run on each request.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { EnvironmentConfig, setEnvironmentConfig } from "./support/environment";
import { setExternalResources } from "./support/external-resources";
import { EXTERNAL_RESOURCES_SCHEMA } from "./model/external-facts";

function apply(args: { getConfig<T extends object>(): T }): void {
    try {
        const config = args.getConfig<EnvironmentConfig & { externalResources?: unknown }>();
        setEnvironmentConfig(config);
        setExternalResources(config?.externalResources);
    } catch {
        setEnvironmentConfig({});
        setExternalResources(undefined);
    }
}

export const environments: ResourceValidationPolicy & StackValidationPolicy = {
    name: "s3-replication-environments",
    description: "Pack-wide setting, reports nothing: stack names and stack tags under which this pack's mandatory findings are reported as advisory, and facts about resources outside the stack (externalResources) that every policy reads.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            advisoryStacks: {
                type: "array",
                items: { type: "string" },
                description: "Stack names (`dev`, `project/dev`, `org/project/dev`; `*` and `?` globs) whose mandatory findings are reported as advisory.",
            },
            advisoryStackTags: {
                type: "object",
                additionalProperties: { type: "string" },
                description: "Stack tags (`{\"environment\": \"dev\"}`; values may be globs) under which mandatory findings are reported as advisory.",
            },
            externalResources: EXTERNAL_RESOURCES_SCHEMA,
        },
    },
    validateResource: (args) => apply(args),
    validateStack: (args) => apply(args),
};
