/**
 * Every resource policy of the catalogue, on arbitrary properties of the four replication
 * configuration resources: plausible rules in which any position may instead hold arbitrary JSON, an unknown
 * sentinel or a secret, run through the framework's own request handler.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { anywhere as anywhereIn } from "../support/arbitraries";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { catalogue } from "../../policies/pack/catalogue";
import { apiRule, inlineRule, RuleVocabulary } from "../support/rule-arbitraries";
import { types } from "../../policies/model/resource-types";
import { analyzeResource, byPolicy, Diagnostic, previewNoise, secret, StackBuilder, UNKNOWN } from "../support/harness";

const RUNS_PER_POLICY = 1000;
const SEED = 20240607;
const SECRET_SIGNATURE_KEY = Object.keys(secret(null) as object)[0];
const INTERNAL_ERROR = "could not finish checking";

type Props = Record<string, unknown>;

/** A position that usually holds what the schema says, and sometimes anything at all. */
function anywhere(structured: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    return anywhereIn(structured, 12);
}

/** An object whose fields are each optional and each `anywhere`. */
function block(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
    const model = Object.fromEntries(Object.entries(fields).map(([name, arbitrary]) => [name, anywhere(arbitrary)]));
    return anywhere(fc.record(model, { requiredKeys: [] }));
}

function list(element: fc.Arbitrary<unknown>, maxLength = 3): fc.Arbitrary<unknown> {
    return anywhere(fc.array(element, { maxLength }));
}

const status = fc.constantFrom("Enabled", "Disabled", "enabled", "");
const text = fc.oneof(fc.constantFrom("", "Tax", "x".repeat(256), "p".repeat(1025)), fc.string({ maxLength: 8 }));
const minutes = fc.constantFrom(15, 10, 0, "15");
const account = fc.constantFrom("111111111111", "222222222222", "12");
const bucketArn = fc.constantFrom(
    "arn:aws:s3:::destination",
    "arn:aws-cn:s3:::destination",
    "destination",
    "arn:aws:s3:::d--usw2-az1--x-s3",
    "arn:aws:s3express:us-west-2:111111111111:bucket/d--usw2-az1--x-s3",
    "arn:aws-mars:s3:::d",
    "arn:aws:s3:::d/key",
);
const roleArn = fc.constantFrom(
    "arn:aws:iam::111111111111:role/replication",
    "replication",
    "arn:aws:iam::111111111111:user/u",
    "arn:aws-cn:iam::111111111111:role/r",
);
const keyId = fc.constantFrom(
    "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "arn:aws:kms:us-west-2:111111111111:alias/replica",
    "arn:aws-cn:kms:cn-north-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "1234abcd-12ab-34cd-56ef-1234567890ab",
    "alias/replica",
    "arn:aws:kms::111111111111:key/k",
    "arn:aws:s3:::b",
    "",
);
const sourceBucket = fc.constantFrom("source", "s--usw2-az1--x-s3");
const vocabulary: RuleVocabulary = {
    block,
    list,
    status,
    text,
    tagKey: fc.string({ maxLength: 4 }),
    tagValue: fc.string({ maxLength: 4 }),
    tags: anywhere(fc.dictionary(fc.string({ maxLength: 4 }), anywhere(fc.string({ maxLength: 4 })), { maxKeys: 2 })),
    bucket: bucketArn,
    account,
    replicaKey: keyId,
    enabled: fc.constantFrom(true, false, "true"),
    owner: fc.constantFrom("Destination", "Source"),
    metricsMinutes: minutes,
    replicationTimeMinutes: minutes,
};

function configurationBlock(rule: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    return block({ role: roleArn, rules: list(rule) });
}

interface ConfigurationResource {
    type: string;
    props: fc.Arbitrary<Props>;
}

const configurationResources: ConfigurationResource[] = [
    {
        type: types.bucketReplicationConfig,
        props: fc.record({ bucket: anywhere(sourceBucket), role: anywhere(roleArn), rules: list(apiRule(vocabulary, false)) }, { requiredKeys: [] }),
    },
    {
        type: types.bucket,
        props: fc.record({ bucket: anywhere(sourceBucket), replicationConfiguration: configurationBlock(inlineRule(vocabulary, false)) }, { requiredKeys: [] }),
    },
    {
        type: types.bucketV2,
        props: fc.record(
            { bucket: anywhere(sourceBucket), replicationConfigurations: list(configurationBlock(inlineRule(vocabulary, true)), 2) },
            { requiredKeys: [] },
        ),
    },
    {
        type: types.nativeBucket,
        props: fc.record({ bucketName: anywhere(sourceBucket), replicationConfiguration: configurationBlock(apiRule(vocabulary, true)) }, { requiredKeys: [] }),
    },
];

const resource = fc.oneof(...configurationResources.map(({ type, props }) => props.map((p) => ({ type, props: p }))));

type Path = Array<string | number>;

/** Every position in the properties, except the secret signature itself (the engine's, not a value). */
function positions(value: unknown, path: Path = []): Path[] {
    if (typeof value !== "object" || value === null) {
        return [];
    }
    const children: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    return children.filter(([key]) => key !== SECRET_SIGNATURE_KEY).flatMap(([key, child]) => [[...path, key], ...positions(child, [...path, key])]);
}

/** A copy of `props` with the value at `path` unknown. */
function withUnknownAt(props: Props, path: Path): Props {
    const copy = JSON.parse(JSON.stringify(props)) as Props;
    let parent: Record<string | number, unknown> = copy;
    path.slice(0, -1).forEach((segment) => {
        parent = parent[segment] as Record<string | number, unknown>;
    });
    parent[path[path.length - 1]] = UNKNOWN;
    return copy;
}

async function analyze(policy: ResourceValidationPolicy, type: string, props: Props): Promise<Diagnostic[]> {
    const stack = new StackBuilder();
    return byPolicy(await analyzeResource([policy], stack.add(type, "fuzzed", props)), policy.name);
}

function mandatory(diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => d.enforcementLevel === "mandatory");
}

const resourcePolicies = catalogue.filter((p): p is ResourceValidationPolicy => "validateResource" in p && p.validateResource !== undefined);

describe("resource policies on arbitrary properties", function () {
    this.timeout(60000);

    it("covers every resource policy of the catalogue", () => {
        assert.ok(resourcePolicies.length >= 3, resourcePolicies.map((p) => p.name).join(", "));
    });

    for (const policy of resourcePolicies) {
        it(`${policy.name}: never fails, never reports framework noise, and never reports more when a value is unknown`, async () => {
            await fc.assert(
                fc.asyncProperty(resource, fc.nat(), async ({ type, props }, pick) => {
                    const diagnostics = await analyze(policy, type, props);
                    assert.deepStrictEqual(
                        diagnostics.filter((d) => d.message.includes(INTERNAL_ERROR)),
                        [],
                    );
                    assert.deepStrictEqual(previewNoise(diagnostics), []);

                    const all = positions(props);
                    if (all.length === 0) {
                        return;
                    }
                    const path = all[pick % all.length];
                    const withUnknown = await analyze(policy, type, withUnknownAt(props, path));
                    assert.deepStrictEqual(previewNoise(withUnknown), []);
                    const before = mandatory(diagnostics).map((d) => d.message);
                    const after = mandatory(withUnknown).map((d) => d.message);
                    assert.ok(
                        after.length <= before.length,
                        `unknown at ${JSON.stringify(path)} added a mandatory finding:\n${after.join("\n")}\nwas:\n${before.join("\n")}`,
                    );
                }),
                { numRuns: RUNS_PER_POLICY, seed: SEED, endOnFailure: true },
            );
        });
    }
});
