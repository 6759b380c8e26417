import * as assert from "assert";
import { Secret } from "@pulumi/policy";
import { carriesReplication, replicatesKmsObjects, replicationConfigurations, ReplicationRule } from "../../policies/model/replication";
import { types } from "../../policies/model/resource-types";
import { Read, UNKNOWN } from "../../policies/model/value";
import { inEveryShape, inEveryShapeWith, RuleSpec, ruleInShape, ShapedResource } from "../support/shapes";
import { analyzed, remediated } from "../support/proxies";
import { NO_SECRETS } from "../../policies/model/secret-values";

const KEY = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROLE = "arn:aws:iam::111111111111:role/replication";

function rulesOf(shaped: ShapedResource): ReplicationRule[] {
    return replicationConfigurations(shaped.type, analyzed(shaped.props), NO_SECRETS).flatMap((c) => c.rules);
}

/** Every `Read` of a rule that means the same in every shape, by name. */
function comparable(rule: ReplicationRule): Record<string, unknown> {
    const d = rule.destination;
    return {
        label: rule.label,
        id: rule.id,
        status: rule.status,
        priority: rule.priority,
        prefix: rule.prefix,
        filterPresent: rule.filter.block.state,
        filterPrefix: rule.filter.prefix,
        tagCount: rule.filter.tagCount,
        elementCount: rule.filter.elementCount,
        deleteMarkerReplication: rule.deleteMarkerReplication.status,
        sseKmsEncryptedObjects: rule.sseKmsEncryptedObjects,
        bucket: d.bucket,
        account: d.account,
        replicaKmsKeyId: d.replicaKmsKeyId,
        accessControlOwner: d.accessControlOwner,
        metricsStatus: d.metrics.status,
        metricsMinutes: d.metrics.minutes,
        replicationTimeStatus: d.replicationTime.status,
        replicationTimeMinutes: d.replicationTime.minutes,
        malformed: rule.malformed,
    };
}

/** The reads of a rule that depend on the rule's content (not its index or path). */
function everyRead(rule: ReplicationRule): Array<[string, Read]> {
    const d = rule.destination;
    return Object.entries({
        id: rule.id,
        status: rule.status,
        priority: rule.priority,
        prefix: rule.prefix,
        filter: rule.filter.block,
        filterPrefix: rule.filter.prefix,
        ...Object.fromEntries(Object.entries(rule.filter.elements).map(([k, v]) => [`filter.${k}`, v])),
        deleteMarkerReplication: rule.deleteMarkerReplication.present,
        deleteMarkerReplicationStatus: rule.deleteMarkerReplication.status,
        sourceSelectionCriteria: rule.sourceSelectionCriteria,
        sseKmsEncryptedObjects: rule.sseKmsEncryptedObjects,
        bucket: d.bucket,
        account: d.account,
        storageClass: d.storageClass,
        accessControlTranslation: d.accessControlTranslation,
        accessControlOwner: d.accessControlOwner,
        encryptionConfiguration: d.encryptionConfiguration,
        replicaKmsKeyId: d.replicaKmsKeyId,
        metrics: d.metrics.present,
        metricsStatus: d.metrics.status,
        metricsMinutes: d.metrics.minutes,
        replicationTime: d.replicationTime.present,
        replicationTimeStatus: d.replicationTime.status,
        replicationTimeMinutes: d.replicationTime.minutes,
    });
}

function assertAll(rule: ReplicationRule, state: Read["state"], what: string, except: string[] = []): void {
    for (const [name, r] of everyRead(rule)) {
        if (!except.includes(name)) {
            assert.strictEqual(r.state, state, `${what}: ${name}`);
        }
    }
}

const FULL: RuleSpec = {
    id: "Rule-1",
    priority: 1,
    filterPrefix: "Tax",
    filterTag: { key: "k", value: "v" },
    deleteMarkerReplication: "Disabled",
    destinationBucket: "arn:aws:s3:::destination-bucket",
    account: "222222222222",
    ownerOverride: true,
    replicaKmsKeyId: KEY,
    sseKms: "Enabled",
    metrics: { status: "Enabled", minutes: 15 },
    replicationTime: { status: "Enabled", minutes: 15 },
};

describe("model/replication", () => {
    it("normalises the same rule written in all four shapes to the same model", () => {
        const [reference, ...others] = inEveryShape([FULL, { id: "Rule-2", status: "Disabled", sseKms: "Disabled" }]).map((shaped) => ({
            shape: shaped.shape,
            rules: rulesOf(shaped),
        }));
        assert.strictEqual(reference.rules.length, 2);
        for (const { shape, rules } of others) {
            assert.deepStrictEqual(rules.map(comparable), reference.rules.map(comparable), shape);
        }
        const rule = reference.rules[0];
        assert.strictEqual(rule.label, 'rule "Rule-1"');
        assert.deepStrictEqual(rule.sseKmsEncryptedObjects, { state: "known", value: "Enabled", secret: false });
        assert.deepStrictEqual(rule.destination.replicaKmsKeyId, { state: "known", value: KEY, secret: false });
        assert.deepStrictEqual(rule.filter.tagCount, 1);
        assert.deepStrictEqual(reference.rules[1].sseKmsEncryptedObjects.state === "known" && reference.rules[1].sseKmsEncryptedObjects.value, "Disabled");
    });

    it("reads each shape's configuration: role, source bucket, paths", () => {
        const expected = {
            BucketReplicationConfig: { path: [], dependencyProperty: "rules", rulePath: ["rules", 0] },
            Bucket: { path: ["replicationConfiguration"], dependencyProperty: "replicationConfiguration", rulePath: ["replicationConfiguration", "rules", 0] },
            BucketV2: {
                path: ["replicationConfigurations", 0],
                dependencyProperty: "replicationConfigurations",
                rulePath: ["replicationConfigurations", 0, "rules", 0],
            },
            "aws-native Bucket": {
                path: ["replicationConfiguration"],
                dependencyProperty: "replicationConfiguration",
                rulePath: ["replicationConfiguration", "rules", 0],
            },
        };
        for (const shaped of inEveryShape([FULL])) {
            const [configuration] = replicationConfigurations(shaped.type, analyzed(shaped.props), NO_SECRETS);
            assert.strictEqual(configuration.shape, shaped.shape);
            assert.deepStrictEqual(configuration.path, expected[shaped.shape].path);
            assert.strictEqual(configuration.dependencyProperty, expected[shaped.shape].dependencyProperty);
            assert.deepStrictEqual(configuration.rules[0].path, expected[shaped.shape].rulePath);
            assert.deepStrictEqual(configuration.role, { state: "known", value: ROLE, secret: false });
            assert.deepStrictEqual(configuration.sourceBucket, { state: "known", value: "source-bucket", secret: false });
            assert.strictEqual(configuration.rulesState, "known");
        }
    });

    it("reads the API shapes' filter elements, And tags and nested statuses", () => {
        const resources = inEveryShapeWith((shape) => [
            {
                ...ruleInShape(shape, { id: "r", replicaModifications: "Enabled", sseKms: "Enabled" }),
                filter:
                    shape === "aws-native Bucket"
                        ? {
                              and: {
                                  prefix: "p",
                                  tagFilters: [
                                      { key: "a", value: "1" },
                                      { key: "b", value: "2" },
                                  ],
                              },
                          }
                        : { and: { prefix: "p", tags: { a: "1", b: "2" } } },
                existingObjectReplication: { status: "Enabled" },
            },
        ]).filter((r) => r.shape === "BucketReplicationConfig" || r.shape === "aws-native Bucket");
        for (const shaped of resources) {
            const [rule] = rulesOf(shaped);
            assert.strictEqual(rule.filter.tagCount, 2, shaped.shape);
            assert.strictEqual(rule.filter.elementCount, 1, shaped.shape);
            assert.strictEqual(rule.filter.elements.and.state, "known", shaped.shape);
            assert.strictEqual(rule.replicaModifications.status.state === "known" && rule.replicaModifications.status.value, "Enabled");
            assert.strictEqual(rule.existingObjectReplication.status.state === "known" && rule.existingObjectReplication.status.value, "Enabled");
        }
    });

    it("carries an unknown rule list as unknown, with no rules", () => {
        for (const shaped of inEveryShapeWith(() => UNKNOWN)) {
            const [configuration] = replicationConfigurations(shaped.type, analyzed(shaped.props), NO_SECRETS);
            assert.strictEqual(configuration.rulesState, "unknown", shaped.shape);
            assert.deepStrictEqual(configuration.rules, [], shaped.shape);
        }
        for (const [type, props] of [
            [types.bucket, { replicationConfiguration: UNKNOWN }],
            [types.nativeBucket, { replicationConfiguration: UNKNOWN }],
            [types.bucketV2, { replicationConfigurations: UNKNOWN }],
            [types.bucketV2, { replicationConfigurations: [UNKNOWN] }],
        ] as const) {
            const [configuration] = replicationConfigurations(type, analyzed(props), NO_SECRETS);
            assert.strictEqual(configuration.rulesState, "unknown", type);
            assert.strictEqual(configuration.role.state, "unknown", type);
        }
    });

    it("reads everything below an unknown rule as unknown, never absent", () => {
        for (const shaped of inEveryShapeWith((shape) => [UNKNOWN, ruleInShape(shape, FULL)])) {
            const [unknownRule, knownRule] = rulesOf(shaped);
            assert.strictEqual(unknownRule.label, "rule #1");
            assert.strictEqual(unknownRule.malformed, false);
            assert.strictEqual(unknownRule.filter.tagCount, "unknown");
            assertAll(unknownRule, "unknown", shaped.shape);
            assert.strictEqual(knownRule.label, 'rule "Rule-1"');
        }
    });

    it("reads everything below an unknown block as unknown, never absent", () => {
        const blocks = {
            destination: [
                "bucket",
                "account",
                "storageClass",
                "accessControlTranslation",
                "accessControlOwner",
                "encryptionConfiguration",
                "replicaKmsKeyId",
                "metrics",
                "metricsStatus",
                "metricsMinutes",
                "replicationTime",
                "replicationTimeStatus",
                "replicationTimeMinutes",
            ],
            filter: ["filter", "filterPrefix", "filter.prefix", "filter.tag", "filter.tagFilter", "filter.and", "filter.tags"],
            sourceSelectionCriteria: ["sourceSelectionCriteria", "sseKmsEncryptedObjects"],
        };
        for (const [block, reads] of Object.entries(blocks)) {
            for (const shaped of inEveryShapeWith((shape) => [{ ...ruleInShape(shape, FULL), [shape === "BucketV2" ? `${block}s` : block]: UNKNOWN }])) {
                const [rule] = rulesOf(shaped);
                for (const [name, r] of everyRead(rule).filter(([name]) => reads.includes(name))) {
                    assert.strictEqual(r.state, "unknown", `${shaped.shape} ${block}: ${name}`);
                }
                if (block === "filter") {
                    assert.strictEqual(rule.filter.tagCount, "unknown", shaped.shape);
                }
                if (block === "sourceSelectionCriteria") {
                    const apiShaped = shaped.shape === "BucketReplicationConfig" || shaped.shape === "aws-native Bucket";
                    assert.strictEqual(rule.replicaModifications.present.state, apiShaped ? "unknown" : "absent", shaped.shape);
                }
            }
        }
    });

    it("marks malformed rules (numbers, strings, lists, nulls) and never throws on them", () => {
        for (const shaped of inEveryShapeWith((shape) => [5, "rule", ["a"], null, true, {}, ruleInShape(shape, FULL)])) {
            const rules = rulesOf(shaped);
            assert.deepStrictEqual(
                rules.map((r) => r.malformed),
                [true, true, true, true, true, false, false],
                shaped.shape,
            );
            assert.deepStrictEqual(
                rules.map((r) => r.label),
                ["rule #1", "rule #2", "rule #3", "rule #4", "rule #5", "rule #6", 'rule "Rule-1"'],
            );
            assertAll(rules[5], "absent", `${shaped.shape} empty rule`);
        }
    });

    it("never throws on malformed blocks at any level", () => {
        const oddValues: unknown[] = [5, "x", true, null, [], [null], [5], {}, { rules: 5 }, { rules: "x" }, { rules: [[]] }, { rules: { 0: {} } }];
        const rulesWithOddBlocks = oddValues.map((odd) => ({
            id: odd,
            status: odd,
            priority: odd,
            filter: odd,
            filters: odd,
            destination: odd,
            destinations: odd,
            sourceSelectionCriteria: odd,
            sourceSelectionCriterias: odd,
            deleteMarkerReplication: odd,
        }));
        const shapedWithOddRules = inEveryShapeWith(() => rulesWithOddBlocks);
        for (const odd of oddValues) {
            const resources: Array<[string, unknown]> = [
                [types.bucketReplicationConfig, odd],
                [types.bucketReplicationConfig, { rules: odd, role: odd, bucket: odd }],
                [types.bucket, { replicationConfiguration: odd }],
                [types.bucketV2, { replicationConfigurations: odd }],
                [types.nativeBucket, { replicationConfiguration: odd }],
                [types.kmsKey, { replicationConfiguration: odd }],
            ];
            for (const [type, props] of resources) {
                assert.doesNotThrow(() => replicationConfigurations(type, analyzed(props as object), NO_SECRETS), `${type} ${JSON.stringify(odd)}`);
                assert.doesNotThrow(() => replicationConfigurations(type, props, NO_SECRETS), `${type} ${JSON.stringify(odd)}`);
            }
        }
        for (const shaped of shapedWithOddRules) {
            const rules = rulesOf(shaped);
            assert.strictEqual(rules.length, oddValues.length, shaped.shape);
            rules.forEach((rule) =>
                assert.ok(
                    everyRead(rule).every(([, r]) => r.state !== "unknown"),
                    shaped.shape,
                ),
            );
        }
    });

    it("reads nothing from resources of other types or buckets without replication", () => {
        assert.deepStrictEqual(replicationConfigurations(types.kmsKey, { rules: [] }, NO_SECRETS), []);
        assert.deepStrictEqual(replicationConfigurations(types.bucket, { bucket: "b" }, NO_SECRETS), []);
        assert.deepStrictEqual(replicationConfigurations(types.nativeBucket, {}, NO_SECRETS), []);
        assert.deepStrictEqual(replicationConfigurations(types.bucketV2, { replicationConfigurations: [] }, NO_SECRETS), []);
        assert.deepStrictEqual(replicationConfigurations(types.bucketReplicationConfig, undefined, NO_SECRETS)[0].rulesState, "absent");
    });

    it("tells whether a rule replicates SSE-KMS objects, or will once it opts in as it must, in every shape", () => {
        const cases: Array<[Partial<RuleSpec>, ReturnType<typeof replicatesKmsObjects>]> = [
            [{ sseKms: "Enabled" }, "opted-in"],
            [{ sseKms: undefined }, "once-opted-in"],
            [{ sseKms: "Disabled" }, "once-opted-in"],
            [{ sseKms: UNKNOWN }, undefined],
            [{ sseKms: undefined, replicaKmsKeyId: undefined }, undefined],
            [{ sseKms: undefined, replicaKmsKeyId: UNKNOWN }, undefined],
        ];
        for (const [overrides, expected] of cases) {
            for (const shaped of inEveryShape([{ ...FULL, ...overrides }])) {
                const [rule] = rulesOf(shaped);
                assert.strictEqual(replicatesKmsObjects(rule), expected, `${shaped.shape} ${JSON.stringify(overrides)}`);
            }
        }
    });

    it("tells whether any resource carries a replication configuration, known or not", () => {
        assert.strictEqual(carriesReplication([]), false);
        assert.strictEqual(
            carriesReplication([
                { type: types.kmsKey, props: {} },
                { type: types.bucket, props: { bucket: "b" } },
            ]),
            false,
        );
        assert.strictEqual(carriesReplication([{ type: types.bucket, props: { bucket: "b", replicationConfiguration: UNKNOWN } }]), true);
        for (const shaped of inEveryShape([FULL])) {
            assert.strictEqual(
                carriesReplication([
                    { type: types.kmsKey, props: {} },
                    { type: shaped.type, props: analyzed(shaped.props) },
                ]),
                true,
                shaped.shape,
            );
        }
    });

    it("marks reads through secrets as secret and never quotes a secret id in a label", () => {
        const [shaped] = inEveryShapeWith((shape) => [
            {
                ...ruleInShape(shape, FULL),
                id: new Secret("secret-id"),
                destination: new Secret({ bucket: "arn:aws:s3:::d", encryptionConfiguration: { replicaKmsKeyId: KEY } }),
            },
        ]);
        const [configuration] = replicationConfigurations(shaped.type, remediated(shaped.props), NO_SECRETS);
        const [rule] = configuration.rules;
        assert.strictEqual(rule.label, "rule #1");
        assert.deepStrictEqual(rule.destination.bucket, { state: "known", value: "arn:aws:s3:::d", secret: true });
        assert.deepStrictEqual(rule.destination.replicaKmsKeyId, { state: "known", value: KEY, secret: true });
        assert.deepStrictEqual(rule.status, { state: "known", value: "Enabled", secret: false });

        const [secretList] = inEveryShapeWith((shape) => new Secret([ruleInShape(shape, FULL)]));
        const [fromSecretList] = replicationConfigurations(secretList.type, remediated(secretList.props), NO_SECRETS);
        assert.strictEqual(fromSecretList.rules[0].status.state === "known" && fromSecretList.rules[0].status.secret, true);
    });

    it("labels rules by id, falling back to the position for missing, empty, non-string or overlong ids", () => {
        const ids: unknown[] = ["Rule-1", undefined, "", 7, "x".repeat(256), "x".repeat(255)];
        const [shaped] = inEveryShapeWith((shape) => ids.map((id) => ruleInShape(shape, { id })));
        assert.deepStrictEqual(
            rulesOf(shaped).map((r) => r.label),
            ['rule "Rule-1"', "rule #2", "rule #3", "rule #4", "rule #5", `rule "${"x".repeat(255)}"`],
        );
    });
});
