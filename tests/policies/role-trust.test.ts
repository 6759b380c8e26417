import * as assert from "assert";
import { roleTrust } from "../../policies/role-trust";
import { UNKNOWN } from "../support/harness";
import { setTrustPolicy } from "../support/guide-role";
import { GUIDE_CASES, guideStack } from "../support/guide-stack";
import { findingsOf } from "../support/stack-policies";

const POLICY = "s3-replication-role-trust";
const TRUST_STATEMENT = '{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sts:AssumeRole"}';

function trustedBy(statements: object[], preview = false) {
    const guide = guideStack({ shape: "v7", preview });
    setTrustPolicy(guide, { Version: "2012-10-17", Statement: statements });
    return guide;
}

describe(POLICY, () => {
    it("passes the guide example's role, which S3 may assume, in every shape", async () => {
        for (const { shape, preview } of GUIDE_CASES) {
            assert.deepStrictEqual(await findingsOf(roleTrust, guideStack({ shape, preview }).stack), [], `${shape} ${preview}`);
        }
    });

    it("flags a role that EC2 may assume instead of S3, before and after deployment", async () => {
        for (const preview of [true, false]) {
            const guide = trustedBy([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }], preview);
            const findings = await findingsOf(roleTrust, guide.stack);
            assert.deepStrictEqual(
                findings.map((f) => [f.enforcementLevel, f.urn]),
                [["mandatory", guide.role.urn]],
            );
            assert.ok(
                findings[0].message.endsWith(
                    `aws.iam.Role "replication-role", the replication role of BucketReplicationConfig "replication" rule "Rule-1", cannot be assumed by Amazon S3 (s3.amazonaws.com): no statement of its trust policy (assumeRolePolicy) allows sts:AssumeRole. Add to its trust policy: ${TRUST_STATEMENT}`,
                ),
                findings[0].message,
            );
        }
    });

    it("names a condition S3's request does not meet", async () => {
        const guide = trustedBy([
            {
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "999999999999" } },
            },
        ]);
        const [finding] = await findingsOf(roleTrust, guide.stack);
        assert.match(
            finding.message,
            /statement 1 of its trust policy would allow sts:AssumeRole, but its condition StringEquals aws:SourceAccount does not match 111111111111\./,
        );
    });

    it("passes conditions on the source bucket and its account that S3's request meets", async () => {
        const guide = trustedBy([
            {
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111111111111" }, ArnLike: { "aws:SourceArn": "arn:aws:s3:::source-bucket" } },
            },
        ]);
        assert.deepStrictEqual(await findingsOf(roleTrust, guide.stack), []);
    });

    it("names an explicit Deny", async () => {
        const guide = trustedBy([
            { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" },
            { Effect: "Deny", Principal: "*", Action: "sts:*" },
        ]);
        const [finding] = await findingsOf(roleTrust, guide.stack);
        assert.match(
            finding.message,
            /statement 2 of its trust policy denies sts:AssumeRole\. An explicit Deny overrides any Allow: narrow or remove statement 2 of its trust policy\.$/,
        );
    });

    it("stays silent about a trust policy that is unknown, that AWS would reject, or whose condition tests what it cannot know", async () => {
        const unknown = guideStack({ shape: "v7", preview: true });
        unknown.role.props.assumeRolePolicy = UNKNOWN;
        assert.deepStrictEqual(await findingsOf(roleTrust, unknown.stack), []);
        const invalid = guideStack({ shape: "v7", preview: false });
        setTrustPolicy(invalid, "{ not json");
        assert.deepStrictEqual(await findingsOf(roleTrust, invalid.stack), []);
        const vpc = trustedBy([
            {
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceVpc": "vpc-1" } },
            },
        ]);
        assert.deepStrictEqual(await findingsOf(roleTrust, vpc.stack), []);
    });
});
