/**
 * Every constraint S3 checks when a replication configuration is applied (`PutBucketReplication`),
 * one entry each (constraint.ts says what an entry holds), and how `s3-replication-rule-valid`
 * applies them: a configuration that breaks one fails `pulumi up` after the preview said nothing.
 */
import { Finding } from "../support/define";
import { fieldNames } from "../wording/field-names";
import { shapeRuleLabel } from "../wording/labels";
import { ReplicationConfiguration } from "../model/replication";
import { Plain } from "../model/remediation";
import { CONFIGURATION_CONSTRAINTS } from "./configuration";
import { RULE_CONSTRAINTS, ruleIsObject } from "./rule";
import { S3Constraint } from "./constraint";

export type { S3Constraint } from "./constraint";

/** The whole table, in the order findings list a configuration's problems. */
export const S3_CONSTRAINTS: readonly S3Constraint<never>[] = [...CONFIGURATION_CONSTRAINTS, ruleIsObject, ...RULE_CONSTRAINTS];

/** The finding's message, naming the constraint so that users can tell which one fired. */
function broken(name: string, message: string): string {
    return `${message} (S3 constraint \`${name}\`)`;
}

/** One broken constraint: the constraint (its name and AWS page) and the finding that reports it. */
export interface Breach {
    constraint: { name: string; url: string };
    finding: Finding;
}

function breaches<S>(constraint: S3Constraint<S>, subject: S, prefix: string): Breach[] {
    const breach = constraint.applies(subject);
    if (breach === undefined) {
        return [];
    }
    const messages = constraint.message(subject, breach);
    return (Array.isArray(messages) ? messages : [messages]).map((message) => ({
        constraint: { name: constraint.name, url: constraint.url },
        finding: {
            message: broken(constraint.name, `${prefix}${message}`),
            ...(constraint.advisoryOnly ? { advisoryOnly: true } : {}),
        },
    }));
}

/** The configuration's broken constraints, then each rule's, with their findings. */
export function constraintBreaches(configuration: ReplicationConfiguration): Breach[] {
    const names = fieldNames[configuration.shape];
    return [
        ...CONFIGURATION_CONSTRAINTS.flatMap((constraint) => breaches(constraint, configuration, "")),
        ...configuration.rules.flatMap((rule) => {
            const subject = { configuration, rule, names };
            const prefix = `${shapeRuleLabel(subject)} `;
            return (rule.malformed ? [ruleIsObject] : RULE_CONSTRAINTS).flatMap((constraint) => breaches(constraint, subject, prefix));
        }),
    ];
}

/** The configuration's problems, then each rule's: the findings of s3-replication-rule-valid. */
export function brokenConstraints(configuration: ReplicationConfiguration): Finding[] {
    return constraintBreaches(configuration).map((breach) => breach.finding);
}

/** `props` with every safe fix of the configuration's rules applied, in table order; undefined when there is none. */
export function fixConstraints(props: unknown, configuration: ReplicationConfiguration, fixed: Plain | undefined): Plain | undefined {
    const names = fieldNames[configuration.shape];
    for (const rule of configuration.rules.filter((r) => !r.malformed)) {
        for (const constraint of RULE_CONSTRAINTS) {
            fixed = constraint.remediate?.(fixed ?? props, { configuration, rule, names }) ?? fixed;
        }
    }
    return fixed;
}

/** The constraint list of docs/policies.md (tests/policies/s3-constraints.test.ts keeps the two equal). */
export function constraintsMarkdown(): string {
    return S3_CONSTRAINTS.map((c) => `- [\`${c.name}\`](${c.url})${c.advisoryOnly ? " (advisory)" : ""}: ${c.states}`).join("\n");
}
