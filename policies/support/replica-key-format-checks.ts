/**
 * The check of s3-replication-replica-key-format, kept here so that the verdict matrix
 * (verdict-matrix.ts) says that KMS-encrypted objects do not replicate under a rule whose replica
 * key S3 cannot find, in the words of the finding. AWS S3 API reference, EncryptionConfiguration
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_EncryptionConfiguration.html):
 * ReplicaKmsKeyID takes a key ARN or alias ARN; S3 stores any other string unchecked and
 * replication of SSE-KMS objects then fails.
 */
import { RuleInContext } from "./rules";
import { fieldNames } from "../wording/field-names";
import { shapeRuleLabel } from "../wording/labels";
import { isAccountId, KmsArn, parseArn, parseBucketArn, parseKmsArn } from "../model/arn";
import { isSecretRead, stringOf } from "../model/value";
import { SecretValues } from "../model/secret-values";

const BARE_KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;
const PULUMI_KEY_HINT = "the key resource's `arn` output, not its `keyId` or `id`";

function keyArnTemplate(partition: string | undefined, id = "<id>"): string {
    return `\`arn:${partition ?? "<partition>"}:kms:<region>:<account>:key/${id}\``;
}

function describeType(value: unknown): string {
    return Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** What is wrong with the written key and what to write instead; undefined for a well-formed KMS ARN. */
function formatProblem(value: unknown, quotable: boolean, partition: string | undefined): string | undefined {
    const useKeyArn = `use the key's ARN, ${keyArnTemplate(partition)}; ${PULUMI_KEY_HINT}`;
    if (typeof value !== "string") {
        return `is ${describeType(value)}, not a KMS key ARN; ${useKeyArn}`;
    }
    if (BARE_KEY_ID.test(value)) {
        const id = quotable ? value : "<id>";
        return (
            `is a bare key id${quotable ? ` (\`${value}\`)` : ""}: S3 accepts it unchecked and replication of ` +
            `SSE-KMS objects then fails; use the key's ARN, ${keyArnTemplate(partition, id)}; ${PULUMI_KEY_HINT}`
        );
    }
    if (ALIAS_NAME.test(value)) {
        const alias = quotable ? value : "alias/<name>";
        return (
            `is an alias name${quotable ? ` (\`${value}\`)` : ""}, not an alias ARN: S3 accepts it unchecked and ` +
            `replication of SSE-KMS objects then fails; use the key's ARN, ${keyArnTemplate(partition)} (the key ` +
            `resource's \`arn\` output), or the alias ARN \`arn:${partition ?? "<partition>"}:kms:<region>:<account>:${alias}\` (the alias resource's \`arn\` output, not its \`name\`)`
        );
    }
    const kms = parseKmsArn(value);
    if (kms) {
        return kmsArnProblem(kms, useKeyArn);
    }
    const arn = parseArn(value);
    if (arn && arn.service !== "kms") {
        return `is an ARN of another service (\`${arn.service}\`), not a KMS key; ${useKeyArn}`;
    }
    if (arn) {
        return `is a KMS ARN that names neither \`key/<id>\` nor \`alias/<name>\`; ${useKeyArn}`;
    }
    return `is not a KMS key ARN; ${useKeyArn}`;
}

function kmsArnProblem(kms: KmsArn, useKeyArn: string): string | undefined {
    if (kms.region === "") {
        return `is a KMS ARN without a Region, so S3 cannot find the key; ${useKeyArn}, with the destination bucket's Region`;
    }
    if (!isAccountId(kms.account)) {
        return `is a KMS ARN without a 12-digit account id, so S3 cannot find the key; ${useKeyArn}`;
    }
    return undefined;
}

function partitionProblem(kms: KmsArn, destinationPartition: string): string | undefined {
    if (kms.partition === destinationPartition) {
        return undefined;
    }
    return (
        `names a key in partition \`${kms.partition}\` but the destination bucket is in partition \`${destinationPartition}\`; ` +
        `a replica key must be in the destination's partition: use ${keyArnTemplate(destinationPartition)}`
    );
}

/** s3-replication-replica-key-format: what is wrong with how the rule names its replica key, as the finding says it; undefined when nothing is. */
export function replicaKeyFormatMessage({ configuration, rule }: RuleInContext, secrets: SecretValues): string | undefined {
    const key = rule.destination.replicaKmsKeyId;
    if (key.state !== "known") {
        return undefined;
    }
    const destinationPartition = parseBucketArn(stringOf(rule.destination.bucket))?.partition;
    const kms = parseKmsArn(key.value);
    const problem =
        formatProblem(key.value, !isSecretRead(key, secrets), destinationPartition) ??
        (kms && destinationPartition !== undefined ? partitionProblem(kms, destinationPartition) : undefined);
    return problem === undefined ? undefined : `${shapeRuleLabel({ configuration, rule })}: ${fieldNames[configuration.shape].replicaKey} ${problem}.`;
}
