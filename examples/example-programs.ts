/**
 * The example programs under `examples/programs/` and what the policy pack should say about each.
 * `examples/generate.ts` turns every entry into stack files; `examples/stacks/index.json` is this
 * list in machine-readable form.
 */
import * as path from "path";

export type ExpectedPolicy = "s3-replication-sse-kms-opt-in" | "s3-replication-replica-key-region" | "s3-replication-role-kms-permissions";

export interface ExampleProgram {
    /** Directory under `examples/programs/`, also the Pulumi project name. */
    name: string;
    description: string;
    /** Policies the example must trigger; empty for a compliant example. */
    expectedViolations: readonly ExpectedPolicy[];
}

export const EXAMPLE_PROGRAMS: readonly ExampleProgram[] = [
    {
        name: "compliant-cross-region",
        description: "The AWS user guide's setup: SSE-KMS objects under Tax replicated from us-east-1 to us-west-2 in one account.",
        expectedViolations: [],
    },
    {
        name: "compliant-cross-account",
        description:
            "The AWS user guide's setup with the destination bucket and replica key in account 222222222222; key policy and bucket policy admit the source account's role.",
        expectedViolations: [],
    },
    {
        name: "broken-missing-opt-in",
        description: "Replica key set, but no sourceSelectionCriteria.sseKmsEncryptedObjects: SSE-KMS objects are silently not replicated.",
        expectedViolations: ["s3-replication-sse-kms-opt-in"],
    },
    {
        name: "broken-replica-key-wrong-region",
        description: "Replica key created by the us-east-1 provider while the destination bucket is in us-west-2.",
        expectedViolations: ["s3-replication-replica-key-region"],
    },
    {
        name: "broken-role-without-kms-encrypt",
        description: "The replication role's policy lacks the kms:Encrypt statement for the replica key.",
        expectedViolations: ["s3-replication-role-kms-permissions"],
    },
    {
        name: "broken-bucket-key-object-arn-condition",
        description:
            "Source bucket encryption uses an S3 Bucket Key (context = bucket ARN) while the role's KMS conditions match object ARNs (<bucket arn>/Tax*).",
        expectedViolations: ["s3-replication-role-kms-permissions"],
    },
];

/** The stack name every example is recorded under (URNs read `urn:pulumi:dev::<example>::...`). */
export const EXAMPLE_STACK = "dev";

export const REPOSITORY_ROOT = path.resolve(__dirname, "..");
export const STACKS_DIRECTORY = path.join(__dirname, "stacks");

export function programEntry(example: ExampleProgram): string {
    return path.join(__dirname, "programs", example.name, "index.ts");
}

export function isCompliant(example: ExampleProgram): boolean {
    return example.expectedViolations.length === 0;
}
