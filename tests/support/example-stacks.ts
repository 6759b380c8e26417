/**
 * The recorded example stacks (examples/stacks) as the harness builds stacks: each resource as
 * AnalyzeStack receives it (its outputs, or its inputs while a preview has yet to create it),
 * through the driver's own reading of the stack files.
 */
import * as path from "path";
import { readStackFile, toAnalyzerStackResource, urnName } from "../../driver";
import { encodeProperties } from "../../driver/values";
import { deployedFileName, previewFileName } from "../../examples/generate";
import { ExampleProgram, STACKS_DIRECTORY } from "../../examples/example-programs";
import { ResourceSpec } from "./harness";

export function exampleStack(example: ExampleProgram, stage: "preview" | "deployed"): ResourceSpec[] {
    const stack = readStackFile(path.join(STACKS_DIRECTORY, stage === "preview" ? previewFileName(example) : deployedFileName(example)));
    const encode = (properties: Parameters<typeof encodeProperties>[0]) => encodeProperties(properties, { skipInternalKeys: true });
    return stack.resources.map((resource) => {
        const analyzed = toAnalyzerStackResource(resource, stack);
        const provider = analyzed.provider && {
            type: analyzed.provider.type,
            name: analyzed.provider.name,
            urn: analyzed.provider.urn,
            props: encode(analyzed.provider.properties),
            propertyDependencies: {},
            dependencies: [],
        };
        return {
            type: analyzed.type,
            name: analyzed.name ?? urnName(analyzed.urn),
            urn: analyzed.urn,
            props: encode(analyzed.properties),
            provider,
            parent: analyzed.parent,
            propertyDependencies: analyzed.propertyDependencies ?? {},
            dependencies: analyzed.dependencies ?? [],
        };
    });
}
