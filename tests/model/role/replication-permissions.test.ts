import * as assert from "assert";
import { ReplicationRequests, replicationRequests, rulePrefix } from "../../../policies/model/role";
import { replicationConfigurations } from "../../../policies/model/replication";
import { NO_FACTS } from "../../../policies/model/external-facts";
import { types } from "../../../policies/model/resource-types";
import { stackIndex } from "../../../policies/model/stack";
import { StackBuilder, UNKNOWN } from "../../support/harness";
import { policyResources } from "../../support/policy-resources";
import { REPLICA_KEY_ARN, SOURCE_KEY_ARN } from "../../support/guide-role";
import { ruleInShape, RuleSpec, SHAPES } from "../../support/shapes";
import { keyArn, REPLICA_KEY_ID, GuideOverrides, guideStack, GuideShape } from "../../support/guide-stack";
import { NO_SECRETS } from "../../../policies/model/secret-values";

async function requestsOf(options: {
    shape?: GuideShape;
    preview?: boolean;
    overrides?: GuideOverrides;
    extend?: (guide: ReturnType<typeof guideStack>) => void;
}): Promise<ReplicationRequests> {
    const guide = guideStack({ shape: options.shape ?? "v7", preview: options.preview ?? false, overrides: options.overrides });
    options.extend?.(guide);
    const index = stackIndex(await policyResources(guide.stack), NO_SECRETS);
    const [replication] = index.replications();
    const requests = replicationRequests(index, replication, NO_FACTS);
    assert.ok(requests, "no requests: the role is not in the stack");
    return requests;
}

/** `target action resource [ViaService context]` per permission. */
function asked(requests: ReplicationRequests): string[] {
    return requests.permissions.map((p) => {
        const context = p.request.context ?? {};
        const kms = p.kms ? ` [${context["kms:ViaService"]} ${context["kms:EncryptionContext:aws:s3:arn"]}]` : "";
        return `${p.target}: ${p.action} ${p.request.resource}${kms}`;
    });
}

const S3_REQUESTS = [
    "source bucket: s3:GetReplicationConfiguration arn:aws:s3:::source-bucket",
    "source bucket: s3:ListBucket arn:aws:s3:::source-bucket",
    "source objects: s3:GetObjectVersionForReplication arn:aws:s3:::source-bucket/Taxreplicated-object",
    "source objects: s3:GetObjectVersionAcl arn:aws:s3:::source-bucket/Taxreplicated-object",
    "destination objects: s3:ReplicateObject arn:aws:s3:::destination-bucket/Taxreplicated-object",
];

describe("role model: the requests of a replication rule", () => {
    it("asks what S3 asks for the guide example's rule, with object ARNs in the KMS context", async () => {
        for (const shape of ["v7", "v6", "v6-inline", "bucketv2-inline", "aws-native"] as const) {
            const requests = await requestsOf({ shape, overrides: { sourceBucketKey: false } });
            assert.deepStrictEqual(
                asked(requests),
                [
                    ...S3_REQUESTS,
                    `source key: kms:Decrypt ${SOURCE_KEY_ARN} [s3.us-east-1.amazonaws.com arn:aws:s3:::source-bucket/Taxreplicated-object]`,
                    `replica key: kms:Encrypt ${REPLICA_KEY_ARN} [s3.us-west-2.amazonaws.com arn:aws:s3:::destination-bucket/Taxreplicated-object]`,
                ],
                shape,
            );
            assert.deepStrictEqual(requests.permissions.map((p) => p.resource).slice(2, 5), [
                "arn:aws:s3:::source-bucket/Tax*",
                "arn:aws:s3:::source-bucket/Tax*",
                "arn:aws:s3:::destination-bucket/Tax*",
            ]);
            assert.strictEqual(requests.crossAccount, undefined);
        }
    });

    it("asks with bucket ARNs under an S3 Bucket Key, and for kms:Decrypt on the replica key too", async () => {
        const requests = await requestsOf({ overrides: { sourceBucketKey: true } });
        assert.deepStrictEqual(asked(requests).slice(5), [
            `source key: kms:Decrypt ${SOURCE_KEY_ARN} [s3.us-east-1.amazonaws.com arn:aws:s3:::source-bucket]`,
            `replica key: kms:Encrypt ${REPLICA_KEY_ARN} [s3.us-west-2.amazonaws.com arn:aws:s3:::destination-bucket]`,
            `replica key: kms:Decrypt ${REPLICA_KEY_ARN} [s3.us-west-2.amazonaws.com arn:aws:s3:::destination-bucket]`,
        ]);
        const [decrypt] = requests.permissions.filter((p) => p.kms);
        assert.deepStrictEqual(decrypt.kms, {
            side: "source",
            bucket: { name: "source-bucket", partition: "aws", arn: "arn:aws:s3:::source-bucket", region: "us-east-1" },
            region: "us-east-1",
            viaService: "s3.us-east-1.amazonaws.com",
            bucketKey: true,
            objects: "arn:aws:s3:::source-bucket/Tax*",
            encryptionContext: "arn:aws:s3:::source-bucket",
        });
        assert.strictEqual(decrypt.withoutBucketKey?.context?.["kms:EncryptionContext:aws:s3:arn"], "arn:aws:s3:::source-bucket/Taxreplicated-object");
    });

    it("asks the S3 requests during a preview by the buckets' names, and the KMS requests on in-stack keys whose ARNs are not known yet (their key policies decide them)", async () => {
        for (const shape of ["v7", "v6-inline", "aws-native"] as const) {
            const requests = await requestsOf({ shape, preview: true });
            assert.deepStrictEqual(asked(requests).slice(0, S3_REQUESTS.length), S3_REQUESTS, shape);
            const kms = requests.permissions.filter((p) => p.kms);
            assert.deepStrictEqual(
                kms.map((p) => [p.target, p.action, p.resource, p.keyArnUnknown]),
                [
                    ["source key", "kms:Decrypt", 'aws.kms.Key "source-key"', true],
                    ["replica key", "kms:Encrypt", 'aws.kms.Key "replica-key"', true],
                    ["replica key", "kms:Decrypt", 'aws.kms.Key "replica-key"', true],
                ],
                shape,
            );
            assert.ok(kms.every((p) => p.request.resource === UNKNOWN));
        }
    });

    it("asks for kms:Encrypt on the replica key of a rule that opts in even when the source is not KMS-encrypted, and for no KMS request without the opt-in or a replica key", async () => {
        const aes = await requestsOf({ overrides: { sourceAlgorithm: "AES256" } });
        assert.deepStrictEqual(asked(aes).slice(5), [
            `replica key: kms:Encrypt ${REPLICA_KEY_ARN} [s3.us-west-2.amazonaws.com arn:aws:s3:::destination-bucket/Taxreplicated-object]`,
        ]);
        assert.ok(aes.permissions.every((p) => !p.onceOptedIn));
        const neither = await requestsOf({ overrides: { rule: { sseKms: undefined, replicaKmsKeyId: undefined } } });
        assert.deepStrictEqual(asked(neither), S3_REQUESTS);
        const unknownOptIn = await requestsOf({ overrides: { rule: { sseKms: UNKNOWN } } });
        assert.deepStrictEqual(asked(unknownOptIn), S3_REQUESTS);
    });

    it("asks the KMS requests of a rule that names a replica key without opting in as ones S3 makes only once it opts in", async () => {
        const optedIn = await requestsOf({ overrides: { sourceBucketKey: false } });
        for (const sseKms of [undefined, "Disabled"]) {
            const noOptIn = await requestsOf({ overrides: { sourceBucketKey: false, rule: { sseKms } } });
            const kms = noOptIn.permissions.filter((p) => p.kms);
            assert.deepStrictEqual(asked({ ...noOptIn, permissions: kms }), asked({ ...optedIn, permissions: optedIn.permissions.filter((p) => p.kms) }));
            assert.ok(kms.length > 0 && kms.every((p) => p.onceOptedIn === true));
            assert.ok(noOptIn.permissions.filter((p) => !p.kms).every((p) => !p.onceOptedIn));
        }
    });

    it("asks for s3:ReplicateDelete when delete markers replicate and for s3:ObjectOwnerOverrideToBucketOwner with an owner override", async () => {
        const requests = await requestsOf({ overrides: { rule: { deleteMarkerReplication: "Enabled", ownerOverride: true, account: "111111111111" } } });
        assert.deepStrictEqual(
            requests.permissions.filter((p) => p.target === "destination objects").map((p) => p.action),
            ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ObjectOwnerOverrideToBucketOwner"],
        );
    });

    it("uses the key's ARN for a replica key named through an alias", async () => {
        const requests = await requestsOf({ overrides: { replicaKeyKind: "alias", sourceBucketKey: false } });
        assert.deepStrictEqual(
            requests.permissions.filter((p) => p.target === "replica key").map((p) => p.resource),
            [keyArn("us-west-2", REPLICA_KEY_ID)],
        );
    });

    it("says what a destination bucket in another account must allow the role, and whether its policy is in the stack", async () => {
        const none = await requestsOf({ overrides: { destinationAccount: "222222222222" } });
        assert.deepStrictEqual(
            none.crossAccount && {
                account: none.crossAccount.account,
                roleArn: none.crossAccount.roleArn,
                policy: none.crossAccount.bucketPolicy.kind,
                principals: none.crossAccount.permissions.map((p) => [p.action, p.request.principal?.id]),
            },
            {
                account: "222222222222",
                roleArn: "arn:aws:iam::111111111111:role/replication-role",
                policy: "none",
                principals: [["s3:ReplicateObject", "arn:aws:iam::111111111111:role/replication-role"]],
            },
        );

        const withPolicy = await requestsOf({
            overrides: { destinationAccount: "222222222222" },
            extend: (guide) =>
                guide.stack.add(types.bucketPolicy, "destination-policy", { bucket: "destination-bucket", policy: JSON.stringify({ Statement: [] }) }),
        });
        assert.strictEqual(withPolicy.crossAccount?.bucketPolicy.kind, "in-stack");

        assert.strictEqual(
            (await requestsOf({ preview: true, overrides: { destinationAccount: "222222222222" } })).crossAccount,
            undefined,
            "role ARN unknown",
        );
    });

    it("says which bucket or key each request is on, whose it is, and what bucket policy the stack gives it", async () => {
        const resourcesWithPolicies = (requests: ReplicationRequests) =>
            requests.permissions.map((p) =>
                p.resourceWithPolicy.kind === "bucket"
                    ? `${p.target}: ${p.resourceWithPolicy.side} ${p.resourceWithPolicy.bucket.kind} ${p.resourceWithPolicy.account ?? "?"} ${p.resourceWithPolicy.policy.kind}${p.resourceWithPolicy.policy.kind === "in-stack" ? ` ${p.resourceWithPolicy.policy.origin}` : ""}`
                    : `${p.target}: key ${p.resourceWithPolicy.kind === "key" ? p.resourceWithPolicy.key.kind : p.resourceWithPolicy.kind}`,
            );
        const plain = await requestsOf({ overrides: { sourceBucketKey: false } });
        assert.deepStrictEqual(plain.caller, { arn: "arn:aws:iam::111111111111:role/replication-role", account: "111111111111" });
        assert.deepStrictEqual(
            [...new Set(resourcesWithPolicies(plain))],
            [
                "source bucket: source in-stack 111111111111 none",
                "source objects: source in-stack 111111111111 none",
                "destination objects: destination in-stack 111111111111 none",
                "source key: key in-stack",
                "replica key: key in-stack",
            ],
        );

        const withPolicies = await requestsOf({
            shape: "aws-native",
            overrides: {
                sourceBucketKey: false,
                rule: { destinationBucket: "arn:aws:s3:::elsewhere-bucket", replicaKmsKeyId: keyArn("us-west-2", "5555aaaa-55aa-55aa-55aa-5555aaaa5555") },
            },
            extend: (guide) => guide.stack.add(types.nativeBucketPolicy, "source-policy", { bucket: "source-bucket", policyDocument: { Statement: [] } }),
        });
        assert.deepStrictEqual(
            [...new Set(resourcesWithPolicies(withPolicies))],
            [
                'source bucket: source in-stack ? in-stack aws-native.s3.BucketPolicy "source-policy"',
                'source objects: source in-stack ? in-stack aws-native.s3.BucketPolicy "source-policy"',
                "destination objects: destination external ? outside-stack",
                "source key: key in-stack",
            ],
            "an external destination has no known Region: no replica key request",
        );

        const unknown = await requestsOf({
            preview: true,
            extend: (guide) =>
                guide.stack.add(
                    types.bucketPolicy,
                    "source-policy",
                    { bucket: UNKNOWN, policy: UNKNOWN },
                    { deps: { bucket: guide.source, policy: guide.role } },
                ),
        });
        assert.deepStrictEqual(
            unknown.permissions
                .filter((p) => p.target === "source bucket")
                .map((p) => p.resourceWithPolicy.kind === "bucket" && p.resourceWithPolicy.policy.kind),
            ["unknown", "unknown"],
        );
    });

    it("reads a bucket policy resource without a document as unknown, and a bucket without a policy of its own as having none", async () => {
        const sourcePolicy = async (extend: (guide: ReturnType<typeof guideStack>) => void, shape: GuideShape = "v7") => {
            const requests = await requestsOf({ shape, overrides: { sourceBucketKey: false }, extend });
            return [
                ...new Set(
                    requests.permissions
                        .filter((p) => p.target === "source bucket")
                        .map((p) => p.resourceWithPolicy.kind === "bucket" && p.resourceWithPolicy.policy.kind),
                ),
            ];
        };
        const valid = JSON.stringify({ Version: "2012-10-17", Statement: [] });
        assert.deepStrictEqual(
            await sourcePolicy((guide) => guide.stack.add(types.bucketPolicy, "source-policy", { bucket: "source-bucket", policy: valid })),
            ["in-stack"],
        );
        assert.deepStrictEqual(
            await sourcePolicy(
                (guide) => guide.stack.add(types.nativeBucketPolicy, "source-policy", { bucket: "source-bucket", policyDocument: valid }),
                "aws-native",
            ),
            ["in-stack"],
        );
        for (const document of [null, ""]) {
            assert.deepStrictEqual(
                await sourcePolicy((guide) => guide.stack.add(types.bucketPolicy, "source-policy", { bucket: "source-bucket", policy: document })),
                ["unknown"],
                `aws.s3.BucketPolicy with policy ${JSON.stringify(document)}`,
            );
            assert.deepStrictEqual(
                await sourcePolicy(
                    (guide) => guide.stack.add(types.nativeBucketPolicy, "source-policy", { bucket: "source-bucket", policyDocument: document }),
                    "aws-native",
                ),
                ["unknown"],
                `aws-native BucketPolicy with policyDocument ${JSON.stringify(document)}`,
            );
        }
        assert.deepStrictEqual(
            await sourcePolicy((guide) => {
                guide.source.props.policy = null;
            }, "v6-inline"),
            ["none"],
            "a legacy bucket's own policy is optional",
        );
    });

    it("asks S3 to assume the role for the source bucket and its account", async () => {
        const requests = await requestsOf({});
        assert.deepStrictEqual(requests.assumeRole, {
            action: "sts:AssumeRole",
            resource: "arn:aws:iam::111111111111:role/replication-role",
            principal: { type: "Service", id: "s3.amazonaws.com" },
            context: { "aws:SourceAccount": "111111111111", "aws:SourceArn": "arn:aws:s3:::source-bucket" },
        });
    });

    it("asks nothing of a role outside the stack", async () => {
        const stack = new StackBuilder();
        const [rule] = SHAPES.map((shape) => ruleInShape(shape, { id: "r" }));
        stack.add(types.bucketReplicationConfig, "replication", { bucket: "source-bucket", role: "arn:aws:iam::111111111111:role/elsewhere", rules: [rule] });
        const index = stackIndex(await policyResources(stack), NO_SECRETS);
        assert.strictEqual(replicationRequests(index, index.replications()[0], NO_FACTS), undefined);
    });
});

describe("role model: the prefix a rule replicates", () => {
    const prefixOf = (rule: RuleSpec, shape = SHAPES[0]) => {
        const [configuration] = replicationConfigurations(
            shape === "BucketReplicationConfig" ? types.bucketReplicationConfig : types.bucket,
            shape === "BucketReplicationConfig" ? { rules: [ruleInShape(shape, rule)] } : { replicationConfiguration: { rules: [ruleInShape(shape, rule)] } },
            NO_SECRETS,
        );
        return rulePrefix(configuration.rules[0]);
    };

    it("reads the filter's prefix, the V1 rule prefix, or every key", () => {
        assert.strictEqual(prefixOf({ filterPrefix: "Tax" }), "Tax");
        assert.strictEqual(prefixOf({ filterPrefix: "Tax" }, "Bucket"), "Tax");
        assert.strictEqual(prefixOf({ prefix: "logs/" }), "logs/");
        assert.strictEqual(prefixOf({ filterTag: { key: "k", value: "v" } }), "");
        assert.strictEqual(prefixOf({}), "");
        assert.strictEqual(prefixOf({ filter: true }), "");
    });

    it("reads the prefix of an And filter", () => {
        const [configuration] = replicationConfigurations(
            types.bucketReplicationConfig,
            {
                rules: [{ status: "Enabled", filter: { and: { prefix: "docs/", tags: { k: "v" } } }, destination: { bucket: "arn:aws:s3:::d" } }],
            },
            NO_SECRETS,
        );
        assert.strictEqual(rulePrefix(configuration.rules[0]), "docs/");
    });

    it("is unknown while the filter or its prefix is", () => {
        assert.strictEqual(prefixOf({ filterPrefix: UNKNOWN }), undefined);
        const [configuration] = replicationConfigurations(types.bucketReplicationConfig, { rules: [{ status: "Enabled", filter: UNKNOWN }] }, NO_SECRETS);
        assert.strictEqual(rulePrefix(configuration.rules[0]), undefined);
    });
});
