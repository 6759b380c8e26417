/**
 * What one S3 constraint on a replication configuration is, in one place: its name (which every
 * finding ends with), the AWS page that states it and what that page says, when it is broken, what
 * the message says, and, for a few, the safe fix. `s3-replication-rule-valid` loops over the table
 * (index.ts); docs/policies.md lists it (checked by tests/policies/s3-constraints.test.ts).
 */
import { ReplicationConfiguration, ReplicationRule } from "../model/replication";
import { Plain } from "../model/remediation";
import { ShapeFieldNames } from "../wording/field-names";
import { listText } from "../wording/messages";

export const API = "https://docs.aws.amazon.com/AmazonS3/latest/API";

/** One rule of a configuration, with the field names of the configuration's shape. */
export interface RuleSubject {
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
    names: ShapeFieldNames;
}

/**
 * A constraint on `S` (a configuration, or one of its rules). `applies` returns what breaks it,
 * or undefined when nothing known does (anything unknown during preview keeps it silent);
 * `message` words that breach: what is wrong and what to write instead.
 */
export interface S3Constraint<S, B = unknown> {
    readonly name: string;
    /** The AWS page that states the constraint. */
    readonly url: string;
    /** What that page says, as docs/policies.md quotes it. */
    readonly states: string;
    applies(subject: S): B | undefined;
    /** One finding per message. */
    message(subject: S, breach: B): string | string[];
    /** Reported as advisory: AWS's text does not settle it. */
    readonly advisoryOnly?: true;
    /** `props` with the breach fixed, only where the fix adds what S3 requires and changes nothing replication already does. */
    remediate?(props: unknown, subject: S): Plain | undefined;
}

/** Keeps the breach's type inside one entry of a table of constraints of any breach. */
export function constraint<S, B>(entry: S3Constraint<S, B>): S3Constraint<S> {
    return entry as S3Constraint<S>;
}

export function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `` `a`, `b` and `c` ``. */
export function listFields(fields: string[]): string {
    return listText(fields.map((f) => `\`${f}\``));
}

export type ConfigurationConstraint = S3Constraint<ReplicationConfiguration>;
export type RuleConstraint = S3Constraint<RuleSubject>;
