/**
 * The smallest broken resource: a replication rule that names a replica KMS key without opting in to
 * SSE-KMS objects (s3-replication-sse-kms-opt-in, mandatory). Smoke tests and benchmarks send it to a
 * pack over the protocol.
 */
import { AnalyzerResource } from "../../driver";

export function ruleWithoutOptIn(stack: string, project: string): AnalyzerResource {
    return {
        urn: `urn:pulumi:${stack}::${project}::aws:s3/bucketReplicationConfig:BucketReplicationConfig::r`,
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        properties: {
            bucket: "source",
            role: "arn:aws:iam::111111111111:role/replication",
            rules: [
                {
                    id: "r1",
                    status: "Enabled",
                    destination: {
                        bucket: "arn:aws:s3:::dest",
                        encryptionConfiguration: { replicaKmsKeyId: "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
                    },
                },
            ],
        },
    };
}
