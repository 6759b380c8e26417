/** Shared views of resolved replication rules for the stack policies: which rules count, and how messages name things. */
import { parseBucketArn } from "../model/arn";
import { ReplicationRule } from "../model/replication";
import { DefaultEncryption, describeResource, KeyReference, KMS_ALGORITHMS, Resolution, StackIndex } from "../model/stack";
import { Read, stringOf } from "../model/value";
import { Finding } from "./define";
import { groupKey } from "./labels";
import { isKnownValue } from "./rules";

/** A rule S3 applies: status known to be `Enabled` (an unknown status may turn out `Disabled`). */
export function isEnabledRule(rule: ReplicationRule): boolean {
    return isKnownValue(rule.status, "Enabled");
}

/** The default encryption of an in-stack source bucket when it is known to be SSE-KMS or DSSE-KMS. */
export function kmsDefaultEncryption(index: StackIndex, source: Resolution): { encryption: DefaultEncryption; algorithm: string } | undefined {
    if (source.kind !== "in-stack") {
        return undefined;
    }
    const encryption = index.bucketEncryption(source.resource);
    const algorithm = encryption.state === "known" ? stringOf(encryption.value.algorithm) : undefined;
    return encryption.state === "known" && algorithm && KMS_ALGORITHMS.has(algorithm) ? { encryption: encryption.value, algorithm } : undefined;
}

/** A known identifier that may be quoted in a message: not marked secret. */
export function quotable(r: Read): string | undefined {
    return r.state === "known" && !r.secret ? stringOf(r) : undefined;
}

/** `bucket "name"`, by its known name, else by its resource name. */
export function bucketLabel(index: StackIndex, bucket: Resolution): string {
    switch (bucket.kind) {
        case "in-stack": {
            const name = quotable(index.bucketName(bucket.resource));
            return name ? `bucket "${name}"` : `bucket resource "${bucket.resource.name}"`;
        }
        case "external":
            return `bucket "${parseBucketArn(bucket.reference)?.bucket ?? bucket.reference}"`;
        default:
            return "bucket";
    }
}

/** `KMS key arn:...`, by its known ARN, else by its resource name; aliases named too. */
export function keyLabel(key: KeyReference): string {
    const alias = "alias" in key && key.alias ? ` (through alias resource "${key.alias.name}")` : "";
    switch (key.kind) {
        case "in-stack": {
            const arn = quotable(key.key.arn);
            return (arn ? `KMS key ${arn}` : `KMS key resource "${key.key.resource.name}"`) + alias;
        }
        case "external":
            return `KMS key ${key.reference}${alias}`;
        case "other-type":
            return `a value from ${key.resources.map(describeResource).join(" or ")}`;
        default:
            return `KMS key${alias}`;
    }
}

/** A problem of one rule; rules of one resource with the same problem are reported together. */
export interface RuleProblem {
    urn: string;
    /** Identifies the problem within the resource (e.g. the KMS key and what is wrong with it); see `groupKey`. */
    problemId: string;
    ruleLabel: string;
    message(rules: string): string;
    advisoryOnly?: boolean;
}

export function groupedFindings(problems: RuleProblem[]): Finding[] {
    const groups = new Map<string, { problem: RuleProblem; labels: string[] }>();
    for (const problem of problems) {
        const id = groupKey(problem.urn, problem.problemId);
        const group = groups.get(id);
        if (group) {
            if (!group.labels.includes(problem.ruleLabel)) {
                group.labels.push(problem.ruleLabel);
            }
        } else {
            groups.set(id, { problem, labels: [problem.ruleLabel] });
        }
    }
    return [...groups.values()].map(({ problem, labels }) => ({
        message: problem.message(labels.join(", ")),
        urn: problem.urn,
        ...(problem.advisoryOnly ? { advisoryOnly: true } : {}),
    }));
}

/** A configuration property mapping bucket names (of buckets outside the stack) to a value of `pattern`. */
export function bucketNameMapSchema(
    description: string,
    pattern: string,
): { type: "object"; description: string; additionalProperties: { type: "string"; pattern: string } } {
    return { type: "object", description, additionalProperties: { type: "string", pattern } };
}
