/**
 * Issue 15.4: no message quotes a value the program marked secret. Every property of every
 * resource of every example stack is made secret, as the engine sends secrets (the driver encodes
 * them with the secret signature), and the pack runs over the analyzer protocol: its findings are
 * the same as without secrets, and none of them holds a secret value.
 */
import * as assert from "assert";
import { PropertyMap, PropertyValue, readStackFile, Secret, Stack, StackDiagnostic, UnknownValue } from "../../driver";
import { exampleFiles } from "./example-stacks";
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
});
