/**
 * The per-rule checks of s3-replication-replica-key-region and s3-replication-replica-key-usable,
 * kept here so that the verdict matrix (verdict-matrix.ts) says that KMS-encrypted objects do not
 * replicate under a rule whose replica key S3 cannot use, in the words of the finding.
 */
import { parseBucketArn } from "../model/arn";
import { types } from "../model/resource-types";
import { bucketFact, ExternalFacts, keyFact } from "../model/external-facts";
import { KeyReference, KmsKey, ReplicationInStack, Resolution, StackIndex } from "../model/stack";
import { booleanOf, knownRead, Read, stringOf, UNKNOWN_READ } from "../model/value";
import { RuleProblem, ruleProblem } from "./each-rule";
import { bucketLabel, groupKey, keyLabel } from "../wording/labels";

function destinationRegion(index: StackIndex, destination: Resolution, facts: ExternalFacts): Read<string> {
    if (destination.kind === "in-stack") {
        return index.regionOf(destination.resource);
    }
    if (destination.kind === "external") {
        const configured = bucketFact(facts, parseBucketArn(destination.reference)?.bucket ?? destination.reference)?.region;
        return configured !== undefined ? knownRead(configured) : UNKNOWN_READ;
    }
    return UNKNOWN_READ;
}

/** The replica key's Region: the stack's or its ARN's, else the facts'. */
function keyRegionOf(index: StackIndex, replicaKey: KeyReference, facts: ExternalFacts): Read<string> {
    const region = index.keyRegion(replicaKey);
    const stated = replicaKey.kind === "external" ? keyFact(facts, replicaKey.reference)?.region : undefined;
    return region.state !== "known" && stated !== undefined ? knownRead(stated) : region;
}

/** s3-replication-replica-key-region: a replica key in another Region than the destination bucket. */
export function replicaKeyRegionProblem(replication: ReplicationInStack, index: StackIndex, facts: ExternalFacts): RuleProblem | undefined {
    const { destination, replicaKey } = replication;
    const keyRegion = keyRegionOf(index, replicaKey, facts);
    const bucketRegion = destinationRegion(index, destination, facts);
    if (keyRegion.state !== "known" || bucketRegion.state !== "known" || keyRegion.value === bucketRegion.value) {
        return undefined;
    }
    const key = keyLabel(index, replicaKey);
    const bucket = bucketLabel(index, destination);
    return ruleProblem(
        replication,
        groupKey(key, bucket),
        `encrypts replicas with ${key} in ${keyRegion.value}, but the destination ${bucket} is in ` +
            `${bucketRegion.value}. S3 accepts the configuration and replication then fails: use a symmetric KMS ` +
            `key created in ${bucketRegion.value}.`,
    );
}

const USABLE_KEY = "an enabled symmetric encryption key (keyUsage ENCRYPT_DECRYPT, spec SYMMETRIC_DEFAULT) in the destination bucket's Region";

/** What makes the key unusable for replicas, or undefined when nothing known does. */
function unusable(key: KmsKey): string | undefined {
    const usage = stringOf(key.keyUsage);
    const spec = stringOf(key.keySpec);
    if ((usage && usage !== "ENCRYPT_DECRYPT") || (spec && spec !== "SYMMETRIC_DEFAULT")) {
        return `is not a symmetric encryption key (keyUsage ${usage ?? "unknown"}, spec ${spec ?? "unknown"})`;
    }
    if (booleanOf(key.enabled) === false) {
        return `is disabled (${key.isReplica || key.resource.type === types.nativeKmsKey ? "enabled" : "isEnabled"}: false)`;
    }
    return undefined;
}

function problemOf(reference: KeyReference): string | undefined {
    if (reference.kind === "in-stack") {
        return unusable(reference.key);
    }
    return reference.kind === "other-type" ? "is not a KMS key" : undefined;
}

/** s3-replication-replica-key-usable: a replica key that is not an enabled symmetric encryption key. */
export function replicaKeyUsableProblem(replication: ReplicationInStack, index: StackIndex): RuleProblem | undefined {
    const { replicaKey } = replication;
    const problem = problemOf(replicaKey);
    if (!problem) {
        return undefined;
    }
    const key = keyLabel(index, replicaKey);
    return ruleProblem(
        replication,
        groupKey(key, problem),
        `encrypts replicas with ${key}, which ${problem}. S3 accepts the configuration with 200 OK and ` +
            `replication of KMS-encrypted objects then fails. Use ${USABLE_KEY}.`,
    );
}
