import * as assert from "assert";
import { ruleValid } from "../../policies/rule-valid";
import { catalogue } from "../../policies/pack/catalogue";
import { byPolicy, previewNoise, secret, UNKNOWN } from "../support/harness";
import { inEveryShape, inEveryShapeWith, RuleSpec, ruleInShape, ShapedResource, ShapeName, SHAPES } from "../support/shapes";
import { analyzeShaped, ShapedDiagnostics } from "../support/shaped-analysis";

const POLICY = "s3-replication-rule-valid";
const KEY = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const API_SHAPES: ShapeName[] = ["BucketReplicationConfig", "aws-native Bucket"];

/** A valid V2 rule; each test changes one thing. */
const BASE: RuleSpec = { id: "Rule-1", priority: 1, filterPrefix: "Tax", deleteMarkerReplication: "Disabled" };

async function analyze(resources: ShapedResource[]): Promise<ShapedDiagnostics[]> {
    return analyzeShaped([ruleValid], resources);
}

/**
 * Exactly one mandatory finding matching `pattern` (a regex, or one per shape) on each shape in
 * `flagged`, and nothing on the others.
 */
function assertFlagged(results: ShapedDiagnostics[], flagged: readonly ShapeName[], pattern: RegExp | Partial<Record<ShapeName, RegExp>>): void {
    for (const { shape, diagnostics } of results) {
        const found = byPolicy(diagnostics, POLICY);
        if (!flagged.includes(shape)) {
            assert.deepStrictEqual(found, [], shape);
            continue;
        }
        assert.strictEqual(found.length, 1, `${shape}: ${found.map((d) => d.message).join("\n")}`);
        assert.strictEqual(found[0].enforcementLevel, "mandatory", shape);
        const expected = pattern instanceof RegExp ? pattern : pattern[shape];
        assert.ok(expected, `no pattern for ${shape}`);
        assert.match(found[0].message, expected, shape);
    }
}

function assertSilent(results: ShapedDiagnostics[], what: string): void {
    for (const { shape, diagnostics } of results) {
        assert.deepStrictEqual(diagnostics, [], `${shape} ${what}`);
        assert.deepStrictEqual(previewNoise(diagnostics), [], `${shape} ${what}`);
    }
}

/** One rule in every shape with a field of the shape's own rule object replaced. */
function withRuleField(rule: RuleSpec, fieldFor: (shape: ShapeName) => [string, unknown] | undefined): ShapedResource[] {
    return inEveryShapeWith((shape) => {
        const written = ruleInShape(shape, rule);
        const field = fieldFor(shape);
        return [field ? { ...written, [field[0]]: field[1] } : written];
    });
}

describe("s3-replication-rule-valid", () => {
    it("passes the guide example's example rule in every shape, with every policy of the catalogue", async () => {
        const guide: RuleSpec = { ...BASE, replicaKmsKeyId: KEY, sseKms: "Enabled" };
        for (const { shape, diagnostics } of await analyzeShaped(catalogue, inEveryShape([guide]))) {
            assert.deepStrictEqual(diagnostics, [], shape);
        }
    });

    describe("rule count", () => {
        it("flags a configuration without rules", async () => {
            assertFlagged(await analyze(inEveryShape([])), SHAPES, /has no replication rules .*S3 accepts 1 to 1,000 rules/);
            const [withoutRules] = inEveryShape([]);
            delete withoutRules.props.rules;
            assertFlagged(await analyze([withoutRules]), ["BucketReplicationConfig"], /BucketReplicationConfig has no replication rules \(`rules`\)/);
        });

        it("flags more than 1,000 rules", async () => {
            const rules = Array.from({ length: 1001 }, (_, i): RuleSpec => ({ ...BASE, id: `r${i}`, priority: i }));
            assertFlagged(await analyze(inEveryShape(rules)), SHAPES, /has 1001 replication rules/);
        });

        it("passes 1,000 rules", async () => {
            const rules = Array.from({ length: 1000 }, (_, i): RuleSpec => ({ ...BASE, id: `r${i}`, priority: i }));
            assertFlagged(await analyze(inEveryShape(rules)), [], /./);
        });
    });

    it("flags a filtered rule without delete marker replication on the API shapes only", async () => {
        assertFlagged(
            await analyze(inEveryShape([{ ...BASE, deleteMarkerReplication: undefined }])),
            API_SHAPES,
            /rule "Rule-1" has `filter` but no `deleteMarkerReplication`.*Set `deleteMarkerReplication.status` to "Disabled" \(or "Enabled" to replicate delete markers; S3 API: DeleteMarkerReplication\/Status\)/,
        );
    });

    it("flags a filtered rule without priority on aws-native only (BucketReplicationConfig defaults it to 0)", async () => {
        assertFlagged(
            await analyze(inEveryShape([{ ...BASE, priority: undefined }])),
            ["aws-native Bucket"],
            /aws-native Bucket rule "Rule-1" has `filter` but no `priority`.*Add a priority/,
        );
    });

    describe("filter elements", () => {
        it("flags a filter holding a prefix and a tag on the API shapes; the inline shapes combine them", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, filterTag: { key: "k", value: "v" } }])), API_SHAPES, {
                BucketReplicationConfig:
                    /holding both `prefix` and `tag`.*write both inside `filter.and` \(`filter.and.prefix` and `filter.and.tags`; S3 API: Filter\/And\)/,
                "aws-native Bucket":
                    /holding both `prefix` and `tagFilter`.*write both inside `filter.and` \(`filter.and.prefix` and `filter.and.tagFilters`; S3 API: Filter\/And\)/,
            });
        });

        it("passes an empty filter and an empty prefix next to a tag", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, filterPrefix: undefined, filter: true }])), [], /./);
            assertFlagged(await analyze(inEveryShape([{ ...BASE, filterPrefix: "", filterTag: { key: "k", value: "v" } }])), [], /./);
        });
    });

    describe("tag filters and delete markers", () => {
        const tagged: RuleSpec = { ...BASE, filterPrefix: undefined, filterTag: { key: "k", value: "v" }, deleteMarkerReplication: "Enabled" };

        it("flags delete marker replication on a tag-filtered rule in every shape", async () => {
            assertFlagged(await analyze(inEveryShape([tagged])), SHAPES, {
                BucketReplicationConfig:
                    /filters on tags \(`filter.tag or filter.and.tags`\) and replicates delete markers.*Set `deleteMarkerReplication.status` to "Disabled" \(S3 API: DeleteMarkerReplication\/Status\)/,
                Bucket: /filters on tags \(`filter.tags`\).*Remove deleteMarkerReplicationStatus/,
                BucketV2: /filters on tags \(`filters\[0\].tags`\).*Remove deleteMarkerReplicationStatus/,
                "aws-native Bucket": /filters on tags \(`filter.tagFilter or filter.and.tagFilters`\).*Set `deleteMarkerReplication.status` to "Disabled"/,
            });
        });

        it("flags tags inside an And filter", async () => {
            const resources = withRuleField(tagged, (shape) =>
                shape === "BucketReplicationConfig"
                    ? ["filter", { and: { prefix: "Tax", tags: { k: "v" } } }]
                    : shape === "aws-native Bucket"
                      ? ["filter", { and: { prefix: "Tax", tagFilters: [{ key: "k", value: "v" }] } }]
                      : undefined,
            );
            assertFlagged(
                (await analyze(resources)).filter((r) => API_SHAPES.includes(r.shape)),
                API_SHAPES,
                /filters on tags/,
            );
        });

        it("passes disabled delete markers on a tag-filtered rule", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...tagged, deleteMarkerReplication: "Disabled" }])), [], /./);
        });
    });

    describe("statuses", () => {
        it("flags a status that is not Enabled or Disabled in every shape", async () => {
            assertFlagged(
                await analyze(inEveryShape([{ ...BASE, status: "enabled" }])),
                SHAPES,
                /rule "Rule-1" has a status S3 does not accept in `status`.*Write "Enabled" or "Disabled"/,
            );
        });

        it("flags a rule without status", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, status: null }])), SHAPES, /rule "Rule-1" has no `status`/);
        });

        it("names every bad status of a rule in one finding, in the shape's own field names", async () => {
            const rule: RuleSpec = { ...BASE, status: "On", metrics: { status: "yes", minutes: 15 } };
            assertFlagged(await analyze(inEveryShape([rule])), SHAPES, {
                BucketReplicationConfig: /in `status` and `destination.metrics.status`/,
                Bucket: /in `status` and `destination.metrics.status`/,
                BucketV2: /in `status` and `destinations\[0\].metrics\[0\].status`/,
                "aws-native Bucket": /in `status` and `destination.metrics.status`/,
            });
        });

        it("checks the API shapes' nested statuses", async () => {
            const rule: RuleSpec = { ...BASE, deleteMarkerReplication: "Off", sseKms: "Yes", replicaKmsKeyId: KEY, replicaModifications: "enabled" };
            assertFlagged(await analyze(inEveryShape([rule])), SHAPES, {
                BucketReplicationConfig:
                    /`deleteMarkerReplication.status`, `sourceSelectionCriteria.replicaModifications.status` and `sourceSelectionCriteria.sseKmsEncryptedObjects.status`/,
                "aws-native Bucket":
                    /`deleteMarkerReplication.status`, `sourceSelectionCriteria.replicaModifications.status` and `sourceSelectionCriteria.sseKmsEncryptedObjects.status`/,
                Bucket: /in `deleteMarkerReplicationStatus`/,
                BucketV2: /in `deleteMarkerReplicationStatus`/,
            });
        });
    });

    describe("lengths", () => {
        it("flags a rule id over 255 characters without quoting it", async () => {
            const id = "x".repeat(256);
            const results = await analyze(inEveryShape([{ ...BASE, id }]));
            assertFlagged(results, SHAPES, /rule #1 has an `id` of 256 characters; S3 accepts at most 255/);
            results.forEach(({ diagnostics }) => assert.ok(!diagnostics[0].message.includes(id)));
        });

        it("passes a 255-character id", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, id: "x".repeat(255) }])), [], /./);
        });

        it("flags a prefix over 1,024 characters, filtered or V1", async () => {
            const long = "p".repeat(1025);
            assertFlagged(await analyze(inEveryShape([{ ...BASE, filterPrefix: long }])), SHAPES, {
                BucketReplicationConfig: /longer than 1024 characters in `filter.prefix`/,
                Bucket: /in `filter.prefix`/,
                BucketV2: /in `filters\[0\].prefix`/,
                "aws-native Bucket": /in `filter.prefix`/,
            });
            assertFlagged(
                await analyze(inEveryShape([{ id: "v1", prefix: long }])),
                SHAPES,
                /rule "v1" has a key prefix longer than 1024 characters in `prefix`/,
            );
        });

        it("flags a long prefix inside an And filter", async () => {
            const and = { and: { prefix: "p".repeat(1025), tags: { k: "v" } } };
            const results = await analyze(withRuleField(BASE, (shape) => (shape === "BucketReplicationConfig" ? ["filter", and] : undefined)));
            assertFlagged(results, ["BucketReplicationConfig"], /in `filter.and.prefix`/);
        });
    });

    describe("replica modifications", () => {
        it("flags replica modifications without a filter (V1 schema) on the API shapes", async () => {
            const rule: RuleSpec = { id: "v1", priority: 1, replicaModifications: "Enabled", sseKms: "Enabled", replicaKmsKeyId: KEY };
            assertFlagged(
                await analyze(inEveryShape([rule])),
                API_SHAPES,
                /rule "v1" has `sourceSelectionCriteria.replicaModifications` but no `filter`.*Add filter: \{\}/,
            );
        });

        it("passes replica modifications with a filter", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, replicaModifications: "Enabled" }])), [], /./);
        });
    });

    describe("source selection criteria", () => {
        it("flags criteria without a replica key on the API shapes (KMS opt-in disabled)", async () => {
            assertFlagged(
                await analyze(inEveryShape([{ ...BASE, sseKms: "Disabled" }])),
                API_SHAPES,
                /has `sourceSelectionCriteria` without `destination.encryptionConfiguration`/,
            );
        });

        it("flags empty criteria on the API shapes", async () => {
            const results = await analyze(withRuleField(BASE, (shape) => (API_SHAPES.includes(shape) ? ["sourceSelectionCriteria", {}] : undefined)));
            assertFlagged(results, API_SHAPES, /without `sourceSelectionCriteria.sseKmsEncryptedObjects` and `destination.encryptionConfiguration`/);
        });

        it("leaves an opted-in rule without a key to s3-replication-sse-kms-opt-in", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, sseKms: "Enabled" }])), [], /./);
        });

        it("passes criteria holding only replica modifications (replica modification sync)", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, replicaModifications: "Enabled" }])), [], /./);
        });
    });

    describe("replication time", () => {
        it("flags replication time without metrics in every shape", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, replicationTime: { status: "Enabled", minutes: 15 } }])), SHAPES, {
                BucketReplicationConfig: /has `destination.replicationTime` without `destination.metrics`/,
                Bucket: /has `destination.replicationTime` without `destination.metrics`/,
                BucketV2: /has `destinations\[0\].replicationTimes\[0\]` without `destinations\[0\].metrics\[0\]`/,
                "aws-native Bucket": /has `destination.replicationTime` without `destination.metrics`/,
            });
        });

        it("flags enabled replication time with disabled metrics", async () => {
            const rule: RuleSpec = { ...BASE, replicationTime: { status: "Enabled", minutes: 15 }, metrics: { status: "Disabled", minutes: 15 } };
            assertFlagged(await analyze(inEveryShape([rule])), SHAPES, /enabled with disabled `destination(s\[0\])?\.metrics(\[0\])?`/);
        });

        it("flags minutes other than 15 in one finding", async () => {
            const rule: RuleSpec = { ...BASE, replicationTime: { status: "Enabled", minutes: 10 }, metrics: { status: "Enabled", minutes: 20 } };
            assertFlagged(await analyze(inEveryShape([rule])), SHAPES, {
                BucketReplicationConfig:
                    /sets `destination.replicationTime.time.minutes` and `destination.metrics.eventThreshold.minutes` to something other than 15/,
                Bucket: /sets `destination.replicationTime.minutes` and `destination.metrics.minutes`/,
                BucketV2: /sets `destinations\[0\].replicationTimes\[0\].minutes` and `destinations\[0\].metrics\[0\].minutes`/,
                "aws-native Bucket": /sets `destination.replicationTime.time.minutes` and `destination.metrics.eventThreshold.minutes`/,
            });
        });

        it("passes replication time with enabled 15-minute metrics", async () => {
            const rule: RuleSpec = { ...BASE, replicationTime: { status: "Enabled", minutes: 15 }, metrics: { status: "Enabled", minutes: 15 } };
            assertFlagged(await analyze(inEveryShape([rule])), [], /./);
        });
    });

    describe("owner override", () => {
        it("flags an owner override without the destination account", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, ownerOverride: true }])), SHAPES, {
                BucketReplicationConfig: /needs `destination.account`/,
                Bucket: /needs `destination.accountId`/,
                BucketV2: /needs `destinations\[0\].accountId`/,
                "aws-native Bucket": /needs `destination.account`/,
            });
        });

        it("flags an owner other than Destination", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, owner: "Source", account: "222222222222" }])), SHAPES, /its owner must be "Destination"/);
        });

        it("passes a complete owner override", async () => {
            assertFlagged(await analyze(inEveryShape([{ ...BASE, ownerOverride: true, account: "222222222222" }])), [], /./);
        });
    });

    describe("role and destination ARNs", () => {
        it("flags a role that is not an IAM role ARN, naming the shape's field", async () => {
            for (const role of [
                "replication",
                "arn:aws:iam::111111111111:user/replication",
                "arn:aws:iam:us-east-1:111111111111:role/r",
                "arn:aws:iam::1111:role/r",
            ]) {
                assertFlagged(await analyze(inEveryShape([BASE], role)), SHAPES, {
                    BucketReplicationConfig:
                        /BucketReplicationConfig: `role` is not an IAM role ARN.*`arn:<partition>:iam::<account>:role\/<name>` \(the role resource's `arn` output, not its `name` or `id`\)/,
                    Bucket: /Bucket: `replicationConfiguration.role` is not an IAM role ARN/,
                    BucketV2: /BucketV2: `replicationConfigurations\[0\].role` is not an IAM role ARN/,
                    "aws-native Bucket": /aws-native Bucket: `replicationConfiguration.role` is not an IAM role ARN/,
                });
            }
        });

        it("flags a configuration without a role", async () => {
            assertFlagged(await analyze(inEveryShape([BASE], null)), SHAPES, /names no replication role/);
        });

        it("passes role ARNs with paths and in other partitions", async () => {
            for (const role of [
                "arn:aws:iam::111111111111:role/service-role/replication",
                "arn:aws-cn:iam::111111111111:role/r",
                "arn:aws-us-gov:iam::111111111111:role/r",
            ]) {
                assertFlagged(await analyze(inEveryShape([BASE], role)), [], /./);
            }
        });

        it("flags a destination bucket that is not an S3 bucket ARN", async () => {
            for (const destinationBucket of ["destination-bucket", "arn:aws:s3:::destination-bucket/key", "arn:aws:iam::111111111111:role/r", 42]) {
                assertFlagged(await analyze(inEveryShape([{ ...BASE, destinationBucket }])), SHAPES, {
                    BucketReplicationConfig:
                        /rule "Rule-1" has a `destination.bucket` that is not an S3 bucket ARN.*`arn:<partition>:s3:::<name>` \(the bucket resource's `arn` output, not its `id` or `bucket`\)/,
                    Bucket: /`destination.bucket` that is not an S3 bucket ARN/,
                    BucketV2: /`destinations\[0\].bucket` that is not an S3 bucket ARN/,
                    "aws-native Bucket": /`destination.bucket` that is not an S3 bucket ARN/,
                });
            }
        });

        it("flags a bucket ARN in a partition that does not exist", async () => {
            assertFlagged(
                await analyze(inEveryShape([{ ...BASE, destinationBucket: "arn:aws-mars:s3:::b" }])),
                SHAPES,
                /partition `aws-mars`, which is not an AWS partition/,
            );
        });

        it("passes bucket ARNs of every partition", async () => {
            for (const partition of ["aws", "aws-cn", "aws-us-gov"]) {
                assertFlagged(
                    await analyze(inEveryShape([{ ...BASE, destinationBucket: `arn:${partition}:s3:::b` }], `arn:${partition}:iam::111111111111:role/r`)),
                    [],
                    /./,
                );
            }
        });
    });

    describe("directory buckets", () => {
        it("flags a directory bucket as destination, once", async () => {
            for (const destinationBucket of ["arn:aws:s3express:us-west-2:111111111111:bucket/d--usw2-az1--x-s3", "arn:aws:s3:::d--usw2-az1--x-s3"]) {
                assertFlagged(
                    await analyze(inEveryShape([{ ...BASE, destinationBucket }])),
                    SHAPES,
                    /replicates to a directory bucket.*do not support replication/,
                );
            }
        });

        it("flags a directory bucket as source", async () => {
            assertFlagged(await analyze(inEveryShape([BASE], undefined, "s--usw2-az1--x-s3")), SHAPES, /replicates from a directory bucket/);
        });
    });

    describe("priorities", () => {
        it("reports enabled rules sharing a priority as advisory", async () => {
            const rules: RuleSpec[] = [
                { ...BASE, id: "a" },
                { ...BASE, id: "b" },
            ];
            for (const { shape, diagnostics } of await analyze(inEveryShape(rules))) {
                assert.strictEqual(diagnostics.length, 1, shape);
                assert.strictEqual(diagnostics[0].enforcementLevel, "advisory", shape);
                assert.match(diagnostics[0].message, /rule "a" and rule "b" are enabled and share priority 1.*ambiguous/, shape);
            }
        });

        it("ignores disabled rules and unknown priorities", async () => {
            assertFlagged(
                await analyze(
                    inEveryShape([
                        { ...BASE, id: "a" },
                        { ...BASE, id: "b", status: "Disabled" },
                    ]),
                ),
                [],
                /./,
            );
            assertFlagged(
                await analyze(
                    inEveryShape([
                        { ...BASE, id: "a" },
                        { ...BASE, id: "b", priority: UNKNOWN },
                    ]),
                ),
                [],
                /./,
            );
        });
    });

    it("ends each finding with the name of the S3 constraint it breaks", async () => {
        const cases: Array<[string, ShapedResource[], readonly ShapeName[]]> = [
            ["rule-count", inEveryShape([]), SHAPES],
            ["filter-requires-delete-marker-replication", inEveryShape([{ ...BASE, deleteMarkerReplication: undefined }]), API_SHAPES],
            ["rule-id-length", inEveryShape([{ ...BASE, id: "x".repeat(256) }]), SHAPES],
            ["rule-is-object", inEveryShapeWith(() => [1]), SHAPES],
        ];
        for (const [constraint, resources, flagged] of cases) {
            assertFlagged(await analyze(resources), flagged, new RegExp(`\\(S3 constraint \`${constraint}\`\\)$`));
        }
    });

    it("reports each malformed rule once and checks the others", async () => {
        const results = await analyze(inEveryShapeWith((shape) => [1, "rule", [], null, ruleInShape(shape, BASE)]));
        for (const { shape, diagnostics } of results) {
            assert.deepStrictEqual(
                diagnostics.map((d) => d.message.replace(/^.*\n/, "").replace(/ is not.*/, "")),
                [1, 2, 3, 4].map((n) => `${shape} rule #${n}`),
                shape,
            );
        }
    });

    it("stays silent, with no framework noise, on whatever is unknown during preview", async () => {
        const tagged: RuleSpec = { ...BASE, filterPrefix: undefined, filterTag: { key: "k", value: "v" } };
        const cases: Array<[string, ShapedResource[]]> = [
            ["rule list", inEveryShapeWith(() => UNKNOWN)],
            ["single rule", inEveryShapeWith(() => [UNKNOWN])],
            ["status", inEveryShape([{ ...BASE, status: UNKNOWN }])],
            ["id", inEveryShape([{ ...BASE, id: UNKNOWN }])],
            ["prefix next to a tag", inEveryShape([{ ...tagged, filterPrefix: UNKNOWN }])],
            ["delete markers on a tag filter", inEveryShape([{ ...tagged, deleteMarkerReplication: UNKNOWN }])],
            [
                "metrics status and minutes",
                inEveryShape([{ ...BASE, replicationTime: { status: "Enabled", minutes: UNKNOWN }, metrics: { status: UNKNOWN, minutes: UNKNOWN } }]),
            ],
            ["account", inEveryShape([{ ...BASE, ownerOverride: true, account: UNKNOWN }])],
            ["owner", inEveryShape([{ ...BASE, owner: UNKNOWN, account: "222222222222" }])],
            ["destination bucket", inEveryShape([{ ...BASE, destinationBucket: UNKNOWN }])],
            ["role", inEveryShape([BASE], UNKNOWN)],
            ["source bucket", inEveryShape([BASE], undefined, UNKNOWN)],
            [
                "filter",
                withRuleField({ ...BASE, priority: undefined, deleteMarkerReplication: undefined }, (shape) => [
                    shape === "BucketV2" ? "filters" : "filter",
                    UNKNOWN,
                ]),
            ],
            ["destination", withRuleField({ ...BASE, sseKms: "Disabled" }, (shape) => [shape === "BucketV2" ? "destinations" : "destination", UNKNOWN])],
            [
                "source selection criteria",
                withRuleField({ ...BASE, replicaModifications: "Enabled" }, (shape) => [
                    shape === "BucketV2" ? "sourceSelectionCriterias" : "sourceSelectionCriteria",
                    UNKNOWN,
                ]),
            ],
            [
                "delete marker replication",
                withRuleField({ ...BASE, deleteMarkerReplication: undefined }, (shape) =>
                    API_SHAPES.includes(shape) ? ["deleteMarkerReplication", UNKNOWN] : undefined,
                ),
            ],
            ["priority", inEveryShape([{ ...BASE, priority: UNKNOWN }])],
            [
                "everything",
                inEveryShape(
                    [
                        {
                            id: UNKNOWN,
                            priority: UNKNOWN,
                            status: UNKNOWN,
                            filterPrefix: UNKNOWN,
                            deleteMarkerReplication: UNKNOWN,
                            destinationBucket: UNKNOWN,
                            account: UNKNOWN,
                            replicaKmsKeyId: UNKNOWN,
                            sseKms: UNKNOWN,
                        },
                    ],
                    UNKNOWN,
                    UNKNOWN,
                ),
            ],
        ];
        for (const [what, resources] of cases) {
            assertSilent(await analyze(resources), what);
        }
    });

    it("reads secret values and never quotes them", async () => {
        const hidden = "S3CR3T-VALUE";
        const flagged: Array<[string, ShapedResource[], RegExp]> = [
            ["status", inEveryShape([{ ...BASE, status: secret(hidden) }]), /has a status S3 does not accept/],
            ["role", inEveryShape([BASE], secret(hidden)), /is not an IAM role ARN/],
            ["destination bucket", inEveryShape([{ ...BASE, destinationBucket: secret(hidden) }]), /is not an S3 bucket ARN/],
            ["whole rule", inEveryShapeWith((shape) => [secret(ruleInShape(shape, { ...BASE, status: hidden }))]), /has a status S3 does not accept/],
        ];
        for (const [what, resources, pattern] of flagged) {
            const results = await analyze(resources);
            assertFlagged(results, SHAPES, pattern);
            results.forEach(({ shape, diagnostics }) => assert.ok(!diagnostics[0].message.includes(hidden), `${shape} ${what}`));
        }
        assertFlagged(await analyze(inEveryShape([{ ...BASE, status: secret("Enabled") }], secret("arn:aws:iam::111111111111:role/r"))), [], /./);
    });
});
