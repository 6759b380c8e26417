import * as assert from "assert";
import {
    accountRootArn,
    bucketArn,
    isAccountId,
    isKnownPartition,
    isMultiRegionKeyId,
    isRegionName,
    parseArn,
    parseBucketArn,
    parseKmsArn,
    parseRoleArn,
    partitionOfRegion,
    PARTITIONS,
    s3ServiceEndpoint,
} from "../../policies/model/arn";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const ODD_VALUES: unknown[] = [
    undefined,
    null,
    42,
    true,
    {},
    [],
    ["arn:aws:s3:::b"],
    { arn: "arn:aws:s3:::b" },
    "",
    "arn",
    "arn:",
    "arn:aws",
    "arn:aws:s3",
    "arn:::::",
    Symbol("arn"),
];

describe("model/arn", () => {
    describe("parseArn", () => {
        it("splits an ARN into its fields, keeping colons in the resource", () => {
            assert.deepStrictEqual(parseArn(`arn:aws:kms:us-west-2:111111111111:key/${KEY_ID}`), {
                partition: "aws",
                service: "kms",
                region: "us-west-2",
                account: "111111111111",
                resource: `key/${KEY_ID}`,
            });
            assert.deepStrictEqual(parseArn("arn:aws:logs:us-east-1:111111111111:log-group:name:*")?.resource, "log-group:name:*");
            assert.deepStrictEqual(parseArn("arn:aws-cn:s3:::bucket"), { partition: "aws-cn", service: "s3", region: "", account: "", resource: "bucket" });
        });

        it("returns undefined for anything that is not an ARN, never throwing", () => {
            for (const value of ODD_VALUES) {
                assert.strictEqual(parseArn(value), undefined, String(value));
            }
            assert.strictEqual(parseArn("arn:aws:s3:::"), undefined, "no resource");
            assert.strictEqual(parseArn("ARN:aws:s3:::b"), undefined);
        });
    });

    describe("parseBucketArn", () => {
        it("accepts `arn:<partition>:s3:::<name>` only", () => {
            assert.deepStrictEqual(parseBucketArn("arn:aws:s3:::destination-bucket")?.bucket, "destination-bucket");
            assert.deepStrictEqual(parseBucketArn("arn:aws-us-gov:s3:::b")?.partition, "aws-us-gov");
            for (const value of [
                "destination-bucket",
                "arn:aws:s3:::b/key",
                "arn:aws:s3:us-east-1::b",
                "arn:aws:s3::111111111111:b",
                "arn:aws:s3express:us-west-2:111111111111:bucket/b--usw2-az1--x-s3",
                "arn:aws:iam::111111111111:role/r",
                ...ODD_VALUES,
            ]) {
                assert.strictEqual(parseBucketArn(value), undefined, String(value));
            }
        });
    });

    describe("parseKmsArn", () => {
        it("tells key ARNs from alias ARNs", () => {
            const key = parseKmsArn(`arn:aws:kms:us-west-2:111111111111:key/${KEY_ID}`);
            assert.strictEqual(key?.kind, "key");
            assert.strictEqual(key?.name, KEY_ID);
            assert.strictEqual(key?.region, "us-west-2");
            assert.strictEqual(key?.account, "111111111111");
            const alias = parseKmsArn("arn:aws-cn:kms:cn-north-1:111111111111:alias/replica/keys");
            assert.strictEqual(alias?.kind, "alias");
            assert.strictEqual(alias?.name, "alias/replica/keys");
            assert.strictEqual(alias?.partition, "aws-cn");
        });

        it("rejects bare ids, alias names, other resources and other services", () => {
            for (const value of [
                KEY_ID,
                "alias/replica",
                "arn:aws:kms:us-west-2:111111111111:key/",
                "arn:aws:kms:us-west-2:111111111111:alias/",
                "arn:aws:kms:us-west-2:111111111111:grant/g",
                "arn:aws:s3:::b",
                "arn:aws:iam::111111111111:key/x",
                ...ODD_VALUES,
            ]) {
                assert.strictEqual(parseKmsArn(value), undefined, String(value));
            }
        });
    });

    describe("parseRoleArn", () => {
        it("reads the role name without its path", () => {
            assert.strictEqual(parseRoleArn("arn:aws:iam::111111111111:role/replication")?.roleName, "replication");
            assert.strictEqual(parseRoleArn("arn:aws:iam::111111111111:role/service-role/s3/replication")?.roleName, "replication");
        });

        it("rejects users, regional ARNs, empty names and other services", () => {
            for (const value of [
                "arn:aws:iam::111111111111:user/u",
                "arn:aws:iam:us-east-1:111111111111:role/r",
                "arn:aws:iam::111111111111:role/",
                "arn:aws:sts::111111111111:assumed-role/r/s",
                "replication",
                ...ODD_VALUES,
            ]) {
                assert.strictEqual(parseRoleArn(value), undefined, String(value));
            }
        });
    });

    describe("names", () => {
        it("knows the AWS partitions", () => {
            for (const partition of ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-eusc"]) {
                assert.ok(isKnownPartition(partition), partition);
                assert.ok(PARTITIONS.includes(partition));
            }
            for (const partition of ["", "AWS", "aws-mars", "azure"]) {
                assert.ok(!isKnownPartition(partition), partition);
            }
        });

        it("recognises Region names of every partition", () => {
            for (const region of [
                "us-east-1",
                "eu-central-2",
                "ap-southeast-7",
                "cn-north-1",
                "us-gov-west-1",
                "us-iso-east-1",
                "us-isob-east-1",
                "eusc-de-east-1",
                "mx-central-1",
            ]) {
                assert.ok(isRegionName(region), region);
            }
            for (const region of ["", "us-east", "useast1", "US-EAST-1", "us-east-1a", "global", "a-b-1", "abcde-east-1"]) {
                assert.ok(!isRegionName(region), region);
            }
        });

        it("recognises 12-digit account ids only", () => {
            assert.ok(isAccountId("111111111111"));
            for (const account of ["", "1111", "11111111111a", "1111111111111", " 111111111111"]) {
                assert.ok(!isAccountId(account), account);
            }
        });

        it("builds S3 endpoints and bucket ARNs, and spots multi-Region keys", () => {
            assert.strictEqual(s3ServiceEndpoint("cn-north-1"), "s3.cn-north-1.amazonaws.com");
            assert.strictEqual(bucketArn("aws-cn", "b"), "arn:aws-cn:s3:::b");
            assert.ok(isMultiRegionKeyId(`mrk-${"0".repeat(32)}`));
            assert.ok(isMultiRegionKeyId(`arn:aws:kms:us-west-2:111111111111:key/mrk-${"0".repeat(32)}`));
            assert.ok(!isMultiRegionKeyId(KEY_ID));
            assert.ok(!isMultiRegionKeyId(`arn:aws:kms:us-west-2:111111111111:key/${KEY_ID}`));
        });
    });

    describe("accounts and partitions", () => {
        it("names an account as a whole by its root ARN", () => {
            assert.strictEqual(accountRootArn("aws-cn", "111111111111"), "arn:aws-cn:iam::111111111111:root");
        });

        it("tells a Region's partition by its prefix", () => {
            const cases: [string, string | undefined][] = [
                ["us-east-1", "aws"],
                ["eu-central-2", "aws"],
                ["cn-north-1", "aws-cn"],
                ["us-gov-west-1", "aws-us-gov"],
                ["us-iso-east-1", "aws-iso"],
                ["us-isob-east-1", "aws-iso-b"],
                ["eusc-de-east-1", "aws-eusc"],
                ["not a region", undefined],
                ["", undefined],
            ];
            for (const [region, partition] of cases) {
                assert.strictEqual(partitionOfRegion(region), partition, region);
                assert.ok(partition === undefined || PARTITIONS.includes(partition));
            }
        });
    });
});
