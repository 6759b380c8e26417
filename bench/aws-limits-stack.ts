/**
 * The "AWS limits" stack: the base stack's compliant set-up (examples/stacks/compliant-cross-region)
 * grown to what AWS accepts at most, with documents written to make wildcard matching work hard:
 *
 * - 1,000 replication rules, the most a configuration holds, each with a 1,024-character prefix,
 *   the longest key prefix (S3 User Guide, "Replication configuration file elements": "Up to 1,000
 *   rules"; object keys, and so prefixes, are at most 1,024 bytes: "Naming Amazon S3 objects").
 * - The role's inline policy at IAM's 10,240-character aggregate for a role's inline policies, and
 *   ten managed policies of 6,144 characters, the managed policy size, attached to the role
 *   (IAM User Guide, "IAM and AWS STS quotas"; whitespace is not counted).
 * - Bucket policies of 20 KB on both buckets ("Bucket policies are limited to 20 KB in size",
 *   S3 User Guide, "Bucket policy examples" / "Using bucket policies").
 * - Key policies of 32 KB on both keys ("The maximum length of a key policy document is 32 KB
 *   (32,768 bytes)", AWS KMS Developer Guide, "Key policies" and "Quotas").
 *
 * The extra statements allow nothing the replication asks for: the base stack's findings stay as they
 * are. Their patterns are `*`-laden and `?`-laden, against prefixes of the same letter, so that a
 * backtracking matcher costs pattern × text on every one.
 */
import { Stack, StackResource } from "../driver";

export const AWS_LIMITS = {
    rules: 1000,
    prefixLength: 1024,
    inlineRolePolicyCharacters: 10240,
    managedPolicyCharacters: 6144,
    managedPoliciesPerRole: 10,
    bucketPolicyBytes: 20 * 1024,
    keyPolicyBytes: 32 * 1024,
} as const;

const ACCOUNT = "111111111111";

/** The base stack's names, found by type and logical name. */
export function byName(stack: Stack, name: string): StackResource {
    const found = stack.resources.find((r) => r.urn.endsWith(`::${name}`));
    if (!found) {
        throw new Error(`the base stack has no resource named ${name}`);
    }
    return found;
}

export function text(value: unknown): string {
    return typeof value === "string" ? value : "";
}

/** A prefix of `length` characters, distinct per rule: the same letter throughout but for the rule's number at the end. */
export function prefixOf(rule: number, length: number): string {
    const suffix = `-${rule}`;
    return "a".repeat(length - suffix.length) + suffix;
}

/**
 * `<start>*aaa…a<tag>b*` (or with every other `a` a `?`): a run of the prefixes' letter that is
 * never followed by a `b`, so that a backtracking matcher tries the run at every position of the
 * text. `tag` (the statement's Sid) makes every pattern of the stack distinct, so that no memo of
 * results by pattern and text spares the matcher any work (issue 22.3).
 */
function hardPattern(start: string, wildcard: "*" | "?", units: number, tag: string): string {
    const run = wildcard === "*" ? "a".repeat(units) : "a?".repeat(Math.ceil(units / 2)).slice(0, units);
    return `${start}*${run}${tag}b*`;
}

/** Statements of Allow that match none of the replication's requests, filling `size` characters of JSON. */
function fillerStatements(size: number, resources: readonly string[], sid: string): object[] {
    const statements: object[] = [];
    let used = 0;
    for (let i = 0; used < size; i++) {
        const resource = resources[i % resources.length];
        const wildcard = i % 2 === 0 ? "*" : "?";
        const remaining = size - used;
        const units = Math.max(1, Math.min(1000, Math.floor((remaining - 260) / 2)));
        const statement = {
            Sid: `${sid}${i}`,
            Effect: "Allow",
            Action: i % 3 === 0 ? ["s3:Replicate*", "kms:Encrypt", "kms:Decrypt"] : ["s3:GetObjectVersion*", "kms:*"],
            Resource: hardPattern(resource, wildcard, units, `${sid}${i}`),
            Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": hardPattern(resource, wildcard === "*" ? "?" : "*", units, `${sid}${i}c`) } },
        };
        const length = JSON.stringify(statement).length + 1;
        if (used + length > size) {
            break;
        }
        statements.push(statement);
        used += length;
    }
    return statements;
}

/** `document` with filler statements appended until its JSON is just within `size` characters. */
function grow(document: string, size: number, resources: readonly string[], sid: string): string {
    const parsed = JSON.parse(document) as { Statement: object[] };
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    const room = size - JSON.stringify(parsed).length - 2;
    return JSON.stringify({ ...parsed, Statement: [...statements, ...fillerStatements(room, resources, sid)] });
}

function keyPolicy(keyArn: string, roleArn: string, resources: readonly string[], size: number): string {
    const base = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
            { Sid: "Replication", Effect: "Allow", Principal: { AWS: roleArn }, Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: "*" },
        ],
    });
    return grow(base, size, [keyArn, ...resources], "K");
}

/** Sets a property in the inputs and, when the resource has them, the outputs. */
export function setProperty(resource: StackResource, name: string, value: unknown): void {
    (resource.inputs as Record<string, unknown>)[name] = value;
    if (resource.outputs && Object.keys(resource.outputs).length > 0) {
        (resource.outputs as Record<string, unknown>)[name] = value;
    }
}

/**
 * Replaces the configuration's rules by `count` copies of its first rule, numbered from 1 (ID
 * `Rule-N`, priority N), each with the filter prefix `prefixFor(N)`.
 */
export function setNumberedRules(replication: StackResource, count: number, prefixFor: (rule: number) => string): void {
    const [template] = replication.inputs.rules as Record<string, unknown>[];
    setProperty(
        replication,
        "rules",
        Array.from({ length: count }, (_, i) => ({ ...template, id: `Rule-${i + 1}`, priority: i + 1, filter: { prefix: prefixFor(i + 1) } })),
    );
}

/** The base stack (deployed or preview) at AWS's limits: `rules` replication rules (at most 1,000). */
export function awsLimitsStack(base: Stack, rules: number = AWS_LIMITS.rules): Stack {
    const stack: Stack = { ...base, resources: base.resources.map(copyResource) };
    const source = text(byName(stack, "source-bucket").inputs.bucket) || "source-bucket-4456a51";
    const destination = text(byName(stack, "destination-bucket").inputs.bucket) || "destination-bucket-aa3ad14";
    const objectPatterns = [`arn:aws:s3:::${source}/`, `arn:aws:s3:::${destination}/`];
    const roleName = text(byName(stack, "replication-role").inputs.name) || "replication-role-78aa0e2";
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;

    setNumberedRules(byName(stack, "replication-config"), rules, (rule) => prefixOf(rule, AWS_LIMITS.prefixLength));

    const rolePolicy = byName(stack, "replication-role-policy");
    const inline = text(rolePolicy.inputs.policy);
    setProperty(rolePolicy, "policy", grow(inline, AWS_LIMITS.inlineRolePolicyCharacters, objectPatterns, "I"));

    for (const [name, keyArn] of [
        ["replica-key", text(byName(stack, "replica-key").outputs?.arn)],
        ["source-key", text(byName(stack, "source-key").outputs?.arn)],
    ]) {
        setProperty(byName(stack, name), "policy", keyPolicy(keyArn || "*", roleArn, objectPatterns, AWS_LIMITS.keyPolicyBytes));
    }

    const role = byName(stack, "replication-role");
    const add = (type: string, name: string, inputs: Record<string, unknown>, dependencies: string[]): string =>
        addResource(stack, type, name, inputs, dependencies);
    for (let i = 0; i < AWS_LIMITS.managedPoliciesPerRole; i++) {
        const base = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Nothing", Effect: "Allow", Action: "s3:GetBucketTagging", Resource: `arn:aws:s3:::${source}` }],
        });
        const arn = `arn:aws:iam::${ACCOUNT}:policy/managed-${i}`;
        const policyUrn = add(
            "aws:iam/policy:Policy",
            `managed-${i}`,
            { name: `managed-${i}`, arn, policy: grow(base, AWS_LIMITS.managedPolicyCharacters, objectPatterns, `M${i}x`) },
            [],
        );
        add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `attachment-${i}`, { role: roleName, policyArn: arn }, [role.urn, policyUrn]);
    }
    for (const [name, bucket] of [
        ["source-bucket", source],
        ["destination-bucket", destination],
    ]) {
        const base = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Role", Effect: "Allow", Principal: { AWS: roleArn }, Action: "s3:*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
            ],
        });
        add("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, { bucket, policy: grow(base, AWS_LIMITS.bucketPolicyBytes, objectPatterns, "B") }, [
            byName(stack, name).urn,
        ]);
    }
    return stack;
}

/**
 * Adds a custom resource of `type` to the stack, with the source bucket's provider, deployed (its
 * outputs its inputs) when the base stack's role is; `dependencies` are URNs, recorded for every input.
 */
export function addResource(stack: Stack, type: string, name: string, inputs: Record<string, unknown>, dependencies: string[]): string {
    const stackUrn = stack.resources[0].urn;
    const prefix = stackUrn.slice(0, stackUrn.indexOf("::pulumi:pulumi:Stack::"));
    const role = byName(stack, "replication-role");
    const deployed = role.outputs !== undefined && Object.keys(role.outputs).length > 0;
    const urn = `${prefix}::${type}::${name}`;
    stack.resources.push({
        urn,
        type,
        custom: true,
        id: deployed ? name : undefined,
        inputs: inputs as StackResource["inputs"],
        outputs: deployed ? ({ ...inputs } as StackResource["outputs"]) : undefined,
        parent: stackUrn,
        dependencies,
        propertyDependencies: Object.fromEntries(Object.keys(inputs).map((key) => [key, dependencies])),
        provider: byName(stack, "source-bucket").provider,
    });
    return urn;
}

/** A copy whose property maps can be changed without changing the base stack's. */
export function copyResource(resource: StackResource): StackResource {
    return {
        ...resource,
        inputs: { ...resource.inputs },
        outputs: resource.outputs ? { ...resource.outputs } : undefined,
        dependencies: resource.dependencies ? [...resource.dependencies] : undefined,
        propertyDependencies: resource.propertyDependencies ? { ...resource.propertyDependencies } : undefined,
    };
}
