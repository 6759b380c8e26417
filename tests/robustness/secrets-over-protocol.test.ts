/**
 * Issue 15.4: no message quotes a value the program marked secret. Every property of every
 * resource of every example stack is made secret, as the engine sends secrets (the driver encodes
 * them with the secret signature), and the pack runs over the analyzer protocol: its findings are
 * the same as without secrets, and none of them holds a secret value.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { PropertyMap, PropertyValue, readStackFile, Secret, Stack, StackDiagnostic, UnknownValue } from "../../driver";
import { exampleFiles, positions, replaceAt, Segment } from "./example-stacks";
import { sourcePackForSuite } from "./source-pack";

/** Every top-level property made secret; the secret texts (strings and numbers) collected. */
function allSecret(stack: Stack): { stack: Stack; secrets: Set<string> } {
    const secrets = new Set<string>();
    const collect = (value: unknown): void => {
        if (typeof value === "string" || typeof value === "number") {
            secrets.add(String(value));
        } else if (value instanceof Secret) {
            collect(value.value);
        } else if (Array.isArray(value)) {
            value.forEach(collect);
        } else if (typeof value === "object" && value !== null && !(value instanceof UnknownValue)) {
            Object.values(value).forEach(collect);
        }
    };
    const secretMap = (properties: PropertyMap | undefined): PropertyMap | undefined =>
        properties &&
        Object.fromEntries(
            Object.entries(properties).map(([key, value]) => {
                collect(value);
                return [key, value instanceof Secret ? value : new Secret(value as PropertyValue)];
            }),
        );
    return {
        stack: { ...stack, resources: stack.resources.map((r) => ({ ...r, inputs: secretMap(r.inputs) ?? {}, outputs: secretMap(r.outputs) })) },
        secrets,
    };
}

/** The secrets a message holds: any of four characters or more, shorter ones as a whole word. */
function quotedSecrets(message: string, secrets: Set<string>): string[] {
    const words = new Set(message.match(/[A-Za-z0-9_.-]+/g) ?? []);
    return [...secrets].filter((secret) => (secret.length >= 4 ? message.includes(secret) : words.has(secret)));
}

/** Every string and number below `value`, as text. */
function textsBelow(value: unknown, into: Set<string> = new Set()): Set<string> {
    if (typeof value === "string" || typeof value === "number") {
        into.add(String(value));
    } else if (value instanceof Secret) {
        textsBelow(value.value, into);
    } else if (Array.isArray(value)) {
        value.forEach((v) => textsBelow(v, into));
    } else if (typeof value === "object" && value !== null && !(value instanceof UnknownValue)) {
        Object.values(value).forEach((v) => textsBelow(v, into));
    }
    return into;
}

const POLICY_VOCABULARY = /^(?:Allow|Deny|true|false|\d{4}-\d{2}-\d{2}|\*|[a-z0-9-]+:[A-Za-z0-9*?]+|[a-z0-9.-]+\.amazonaws\.com(?:\.cn)?)$/;

/**
 * What a message must not hold of one secret text: the text; its JSON-escaped form; the account
 * and the resource names of an ARN (the bucket of an S3 ARN, the last name of any other); and the
 * same of each identifier inside a JSON document it holds (not the documents' fixed vocabulary).
 */
function derivedParts(secret: string): Set<string> {
    const parts = new Set<string>();
    const add = (text: string) => {
        parts.add(text);
        parts.add(JSON.stringify(text).slice(1, -1));
        const arn = /^arn:[^:]*:([^:]*):[^:]*:([^:]*):(.+)$/.exec(text);
        if (arn) {
            const [, service, account, resource] = arn;
            if (/^\d{12}$/.test(account)) {
                parts.add(account);
            }
            const name = service === "s3" ? resource.split("/")[0] : resource.slice(resource.lastIndexOf("/") + 1);
            if (name !== "root" && name !== "*" && name !== "") {
                parts.add(name);
            }
        }
    };
    add(secret);
    if (/^\s*[[{]/.test(secret)) {
        try {
            for (const leaf of textsBelow(JSON.parse(secret))) {
                if (!POLICY_VOCABULARY.test(leaf)) {
                    add(leaf);
                }
            }
        } catch {
            // Not a document.
        }
    }
    return parts;
}

/**
 * Where `message` quotes a secret, a part derived from one, or the start of a long one (24
 * characters that the stack's public values do not hold: a secret cut short).
 */
function leaks(message: string, secrets: Set<string>, publicText: string): string[] {
    const words = new Set(message.match(/[A-Za-z0-9_.-]+/g) ?? []);
    const found: string[] = [];
    for (const secret of secrets) {
        for (const part of derivedParts(secret)) {
            if (part.length >= 4 ? message.includes(part) : words.has(part)) {
                found.push(part === secret ? secret : `${part} (from ${secret.slice(0, 80)})`);
            }
        }
        const start = secret.slice(0, 24);
        if (secret.length >= 40 && message.includes(start) && !publicText.includes(start)) {
            found.push(`the start of ${secret.slice(0, 80)}`);
        }
    }
    return found;
}

/** A prefix as a program may write one: quotes, backslashes, slashes, over 120 characters or not. */
const awkwardPrefix = fc
    .array(fc.constantFrom("a", "b", "z", "0", "-", "/", '"', "\\", "é", " "), { minLength: 1, maxLength: 200 })
    .map((chars) => `P${chars.join("")}`);

function tally(diagnostics: StackDiagnostic[]): string[] {
    return diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel} ${d.urn ?? ""}`).sort();
}

describe("secrets over the analyzer protocol (issue 15.4)", function () {
    this.timeout(120_000);
    const pack = sourcePackForSuite();

    for (const example of exampleFiles()) {
        it(`${example.label}: the same findings with every property secret, none quoting a secret`, async () => {
            const plain = readStackFile(example.file);
            const { stack, secrets } = allSecret(plain);
            const without = (await pack().session.analyzeAll(plain)).diagnostics;
            const withSecrets = (await pack().session.analyzeAll(stack)).diagnostics;
            assert.deepStrictEqual(tally(withSecrets), tally(without));
            for (const diagnostic of withSecrets) {
                assert.deepStrictEqual(quotedSecrets(diagnostic.message, secrets), [], `${diagnostic.policyName}: ${diagnostic.message}`);
            }
        });
    }

    it("a canary bucket name, rule id and prefix marked secret are never quoted, though they are elsewhere", async () => {
        const file = exampleFiles().find((e) => e.label === "broken-missing-opt-in.deployed")!.file;
        const text = JSON.stringify(readStackFile(file));
        assert.ok(text.includes("Rule-1"));
        const canary = "CANARY-7f3a";
        const guide = readStackFile(file);
        const replication = guide.resources.find((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")!;
        const rules = (replication.inputs.rules as Array<Record<string, PropertyValue>>).map((rule) => ({ ...rule, id: `${canary}-id` }));
        const plainStack: Stack = {
            ...guide,
            resources: guide.resources.map((r) =>
                r === replication ? { ...r, inputs: { ...r.inputs, rules }, outputs: r.outputs && { ...r.outputs, rules } } : r,
            ),
        };
        const secretStack: Stack = {
            ...guide,
            resources: guide.resources.map((r) =>
                r === replication
                    ? { ...r, inputs: { ...r.inputs, rules: new Secret(rules) }, outputs: r.outputs && { ...r.outputs, rules: new Secret(rules) } }
                    : r,
            ),
        };
        const quoted = (await pack().session.analyzeAll(plainStack)).diagnostics.filter((d) => d.message.includes(canary));
        assert.ok(quoted.length > 0, "the canary is quoted when it is not secret: the test would not see a leak");
        const diagnostics = (await pack().session.analyzeAll(secretStack)).diagnostics;
        assert.deepStrictEqual(
            diagnostics.filter((d) => d.message.includes(canary)).map((d) => d.message),
            [],
        );
        assert.ok(diagnostics.some((d) => d.message.includes("(secret)")));
    });

    it("marks random properties secret: no message holds a secret, a part derived from one or its start (issue 22.6, 40 runs)", async () => {
        const examples = exampleFiles();
        await fc.assert(
            fc.asyncProperty(
                fc.nat(examples.length - 1),
                fc.option(awkwardPrefix, { nil: undefined }),
                fc.array(fc.record({ resource: fc.nat(), position: fc.nat(), outputsToo: fc.boolean() }), { minLength: 1, maxLength: 6 }),
                async (e, prefix, marks) => {
                    const stack = readStackFile(examples[e].file);
                    if (prefix !== undefined) {
                        for (const resource of stack.resources.filter((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
                            for (const properties of [resource.inputs, resource.outputs ?? {}]) {
                                for (const path of positions(properties).filter((p) => p[p.length - 1] === "prefix")) {
                                    replaceAt(properties, path, () => prefix);
                                }
                            }
                        }
                    }
                    const secrets = new Set<string>();
                    const applied: string[] = [];
                    for (const mark of marks) {
                        const resource = stack.resources[mark.resource % stack.resources.length];
                        const paths = positions(resource.inputs).filter((p) => !p.includes("value"));
                        if (paths.length === 0) {
                            continue;
                        }
                        const path: Segment[] = paths[mark.position % paths.length];
                        for (const properties of mark.outputsToo && resource.outputs ? [resource.inputs, resource.outputs] : [resource.inputs]) {
                            if (positions(properties).some((p) => p.length === path.length && p.every((s, i) => s === path[i]))) {
                                replaceAt(properties, path, (old) => {
                                    textsBelow(old, secrets);
                                    return old instanceof Secret ? old : new Secret(old);
                                });
                            }
                        }
                        applied.push(`${resource.urn.slice(resource.urn.lastIndexOf("::") + 2)}.${path.join(".")}`);
                    }
                    secrets.delete("");
                    // The values nobody marked secret (secret ones left out), for telling a cut secret from a public text.
                    const publicText = JSON.stringify(stack, (_, value) => (value instanceof Secret ? null : value));
                    const diagnostics = (await pack().session.analyzeAll(stack)).diagnostics;
                    for (const diagnostic of diagnostics) {
                        assert.deepStrictEqual(leaks(diagnostic.message, secrets, publicText), [], `${applied.join(", ")}: ${diagnostic.message}`);
                    }
                },
            ),
            { numRuns: 40, seed: 20_261_206 },
        );
    });
});
