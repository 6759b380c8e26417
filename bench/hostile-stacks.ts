/**
 * Stacks for issue 22's classes of work that grew with the product of two inputs, and of output
 * without bound; one generator per class, each within AWS's limits, each built on the base stack's
 * deployed compliant set-up (examples/stacks/compliant-cross-region) as bench/aws-limits-stack.ts is.
 * `npm run bench:hostile-input` (bench/hostile-input.ts) runs them over the analyzer protocol.
 */
import { Stack, StackResource } from "../driver";
import { addResource, AWS_LIMITS, awsLimitsStack, byName, copyResource, prefixOf, setProperty, text } from "./aws-limits-stack";

const ACCOUNT = "111111111111";

function copyOf(base: Stack): Stack {
    return { ...base, resources: base.resources.map(copyResource) };
}

function names(stack: Stack) {
    const source = text(byName(stack, "source-bucket").inputs.bucket);
    const roleName = text(byName(stack, "replication-role").inputs.name);
    return { source, roleName, roleArn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, role: byName(stack, "replication-role") };
}

/** The replication configuration with `rules` copies of its rule, the i-th filtered by `prefix(i)`. */
function setRules(stack: Stack, rules: number, prefix: (rule: number) => string, configuration: StackResource = byName(stack, "replication-config")): void {
    const [template] = configuration.inputs.rules as Record<string, unknown>[];
    setProperty(
        configuration,
        "rules",
        Array.from({ length: rules }, (_, i) => ({ ...template, id: `Rule-${i + 1}`, priority: i + 1, filter: { prefix: prefix(i + 1) } })),
    );
}

/** JSON statements from `make(i)` until the document would pass `size` characters. */
function documentOf(size: number, make: (i: number) => object): string {
    const statements: object[] = [];
    let used = JSON.stringify({ Version: "2012-10-17", Statement: [] }).length;
    for (let i = 0; ; i++) {
        const statement = make(i);
        const length = JSON.stringify(statement).length + 1;
        if (used + length > size) {
            break;
        }
        statements.push(statement);
        used += length;
    }
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Managed policies attached to the replication role, with the documents given. */
function attachManaged(stack: Stack, documents: readonly string[]): void {
    const { roleName, role } = names(stack);
    documents.forEach((policy, i) => {
        const arn = `arn:aws:iam::${ACCOUNT}:policy/hostile-${i}`;
        const policyUrn = addResource(stack, "aws:iam/policy:Policy", `hostile-${i}`, { name: `hostile-${i}`, arn, policy }, []);
        addResource(stack, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `hostile-attachment-${i}`, { role: roleName, policyArn: arn }, [
            role.urn,
            policyUrn,
        ]);
    });
}

/**
 * 22.1, condition keys: the inline policy at 10,240 characters and ten managed policies of 6,144,
 * their statements conditioned on distinct `aws:PrincipalTag/…` keys (about 2,300 in all), every
 * one an unmodelled key, so every request's open-world context holds them all.
 */
export function conditionKeysStack(base: Stack, rules = 10): Stack {
    const stack = copyOf(base);
    setRules(stack, rules, (i) => prefixOf(i, 64));
    let key = 0;
    const conditioned = (size: number) =>
        documentOf(size, () => ({
            Effect: "Allow",
            Action: ["s3:Replicate*", "kms:Encrypt", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: Object.fromEntries(Array.from({ length: 20 }, () => [`aws:PrincipalTag/k${key++}`, "v"])) },
        }));
    const rolePolicy = byName(stack, "replication-role-policy");
    const inline = JSON.parse(text(rolePolicy.inputs.policy)) as { Statement: object[] };
    const room = AWS_LIMITS.inlineRolePolicyCharacters - JSON.stringify(inline).length;
    const extra = JSON.parse(conditioned(room)) as { Statement: object[] };
    setProperty(rolePolicy, "policy", JSON.stringify({ ...inline, Statement: [...inline.Statement, ...extra.Statement] }));
    attachManaged(
        stack,
        Array.from({ length: AWS_LIMITS.managedPoliciesPerRole }, () => conditioned(AWS_LIMITS.managedPolicyCharacters)),
    );
    return stack;
}

/**
 * 22.2, astral characters: rule prefixes that start with an emoji (a surrogate pair) followed by
 * a run of `a`, and twenty managed policies (IAM's most per role, on request) of distinct
 * `?`-laden patterns that follow the run with a `b` it never has.
 */
export function astralWildcardsStack(base: Stack, rules = 10, astral = true): Stack {
    const stack = copyOf(base);
    const { source } = names(stack);
    setRules(stack, rules, (i) => `${astral ? "😀" : "x"}${prefixOf(i, 1000)}`);
    attachManaged(
        stack,
        Array.from({ length: 20 }, (_, p) =>
            documentOf(AWS_LIMITS.managedPolicyCharacters, (i) => ({
                Effect: "Allow",
                Action: ["s3:Replicate*", "s3:GetObjectVersion*"],
                Resource: `arn:aws:s3:::${source}/*${"a?".repeat(200 + ((p * 7 + i) % 50))}P${p}S${i}b*`,
            })),
        ),
    );
    return stack;
}

/**
 * 22.3, document evaluation per rule: the AWS-limits stack (1,000 rules of 1,024-character
 * prefixes, its own patterns all distinct) with ten more managed policies packed with short,
 * distinct `?`-laden patterns (a hundred a policy), every one of which matches each rule's requests'
 * fresh text anew.
 */
export function distinctPatternsStack(base: Stack, rules: number = AWS_LIMITS.rules): Stack {
    const stack = awsLimitsStack(base, rules);
    const { source } = names(stack);
    const destination = text(byName(stack, "destination-bucket").inputs.bucket);
    attachManaged(
        stack,
        Array.from({ length: AWS_LIMITS.managedPoliciesPerRole }, (_, p) =>
            documentOf(AWS_LIMITS.managedPolicyCharacters, (i) => ({
                Effect: "Allow",
                Action: ["s3:Replicate*", "s3:GetObjectVersion*", "kms:*"],
                Resource: [`arn:aws:s3:::${i % 2 === 0 ? source : destination}/*${"a?".repeat(8)}${p}x${i}b*`, `*:${p}y${i}`],
            })),
        ),
    );
    return stack;
}

/**
 * 22.4, grants: 1,000 rules and 1,000 `aws.kms.Grant`s on the replica key that give the role only
 * kms:Decrypt, with a replica key policy that does not let the role encrypt: every rule's denial
 * asks whether some grant lifts it.
 */
export function grantsStack(base: Stack, rules = 1000, grants = 1000): Stack {
    const stack = copyOf(base);
    const { roleArn, role } = names(stack);
    setRules(stack, rules, (i) => prefixOf(i, 64));
    const replicaKey = byName(stack, "replica-key");
    const keyArn = text(replicaKey.outputs?.arn);
    setProperty(
        replicaKey,
        "policy",
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:Describe*", Resource: "*" }],
        }),
    );
    for (let g = 0; g < grants; g++) {
        addResource(stack, "aws:kms/grant:Grant", `grant-${g}`, { keyId: keyArn, granteePrincipal: roleArn, operations: ["Decrypt"], name: `grant-${g}` }, [
            replicaKey.urn,
            role.urn,
        ]);
    }
    return stack;
}

/**
 * 22.4, attachments: 800 replication roles, each the role of its own replication configuration,
 * and 1,000 `aws.iam.PolicyAttachment`s of policies outside the stack, each naming 20 of the roles.
 */
export function attachmentsStack(base: Stack, roles = 800, attachments = 1000, namesPerAttachment = 20): Stack {
    const stack = copyOf(base);
    const { role } = names(stack);
    const configuration = byName(stack, "replication-config");
    setRules(stack, 1, (i) => prefixOf(i, 16));
    const roleNames: string[] = [];
    for (let r = 0; r < roles; r++) {
        const name = `hostile-role-${r}`;
        roleNames.push(name);
        const roleUrn = addResource(stack, "aws:iam/role:Role", name, { ...role.inputs, name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}` }, []);
        addResource(
            stack,
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            `hostile-replication-${r}`,
            { ...configuration.inputs, role: `arn:aws:iam::${ACCOUNT}:role/${name}` },
            [...(configuration.dependencies ?? []), roleUrn],
        );
    }
    for (let a = 0; a < attachments; a++) {
        const listed = Array.from({ length: namesPerAttachment }, (_, n) => roleNames[(a * 37 + n * 41) % roles]);
        addResource(
            stack,
            "aws:iam/policyAttachment:PolicyAttachment",
            `hostile-policy-attachment-${a}`,
            { name: `hostile-policy-attachment-${a}`, roles: listed, policyArn: `arn:aws:iam::${ACCOUNT}:policy/outside-${a}` },
            [],
        );
    }
    return stack;
}

/**
 * 22.8, output size: 1,000 rules whose role has 20 managed policies outside the stack, named by
 * ARNs of the longest length IAM accepts (2,048 characters), so that every rule's requests are
 * "allowed by none of the policies the pack can read" and each finding names all twenty.
 */
export function outputSizeStack(base: Stack, rules = 1000): Stack {
    const stack = copyOf(base);
    const { role } = names(stack);
    setRules(stack, rules, (i) => prefixOf(i, 64));
    const rolePolicy = byName(stack, "replication-role-policy");
    setProperty(rolePolicy, "policy", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] }));
    const arns = Array.from({ length: 20 }, (_, i) => {
        const start = `arn:aws:iam::${ACCOUNT}:policy/outside-${i}-`;
        return start + "p".repeat(2048 - start.length);
    });
    setProperty(role, "managedPolicyArns", arns);
    return stack;
}
