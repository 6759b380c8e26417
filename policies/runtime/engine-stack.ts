/**
 * The stack's organisation, project and name through @pulumi/pulumi's public API
 * (`pulumi.getOrganization()`, `getProject()`, `getStack()`). The engine puts them in the
 * environment of the pack process it starts (PULUMI_NODEJS_ORGANIZATION, _PROJECT, _STACK;
 * pulumi/pulumi `pkg/resource/plugin/analyzer_plugin.go`, `constructEnv`), so every copy of the SDK
 * answers them, including one other than the copy serving the pack. One process serves one stack
 * there; a process started without them (the offline checker's, which serves several stacks and
 * says each in ConfigureStack) gets undefined, never the SDK's placeholder names.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackIdentity } from "./environment-setting";

let cached: { identity: StackIdentity | undefined } | undefined;

export function engineStackIdentity(): StackIdentity | undefined {
    cached ??= { identity: read() };
    return cached.identity;
}

function read(): StackIdentity | undefined {
    if (!process.env.PULUMI_NODEJS_STACK) {
        return undefined;
    }
    try {
        let organization = "";
        try {
            // Older CLIs do not pass the organisation: the SDK then throws.
            organization = process.env.PULUMI_NODEJS_ORGANIZATION ? pulumi.getOrganization() : "";
        } catch {
            organization = "";
        }
        return { organization, project: pulumi.getProject(), stack: pulumi.getStack() };
    } catch {
        return undefined;
    }
}
