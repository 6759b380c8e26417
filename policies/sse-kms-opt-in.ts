import { resourcePolicy, Finding } from "./support/define";
import { rulesOf } from "./support/rules";
import { isKnownValue } from "./model/value";
import { fieldNames } from "./wording/field-names";
import { shapeRuleLabel } from "./wording/labels";
import { replicationResourceTypes } from "./model/resource-types";
import { addSseKmsOptIn } from "./model/remediation";
import { ReplicationRule } from "./model/replication";
import { NO_SECRETS } from "./model/secret-values";

/** Safe to add: the rule names a key and says nothing about SSE-KMS objects (not an explicit `Disabled`). */
function lacksOptIn(rule: ReplicationRule): boolean {
    return (
        rule.destination.replicaKmsKeyId.state === "known" && rule.sseKmsEncryptedObjects.state === "absent" && rule.sourceSelectionCriteria.state !== "unknown"
    );
}

export const sseKmsOptIn = resourcePolicy({
    name: "s3-replication-sse-kms-opt-in",
    description: "Replication rules that name a replica KMS key must opt in to replicating SSE-KMS objects, and rules that opt in must name the replica key.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
    severity: "high",
    remediationSteps:
        "Add SourceSelectionCriteria.SseKmsEncryptedObjects with status Enabled to every replication rule " +
        "that names a replica KMS key, and name a replica key (ReplicaKmsKeyID) in every rule that opts in.",
    resourceTypes: [...replicationResourceTypes],
    check(args, _config, { secrets }) {
        const findings: Finding[] = [];
        for (const { configuration, rule } of rulesOf(args, secrets)) {
            const names = fieldNames[configuration.shape];
            const namesKey = rule.destination.replicaKmsKeyId.state === "known";
            const optedIn = isKnownValue(rule.sseKmsEncryptedObjects, "Enabled");
            const optInDecided = rule.sseKmsEncryptedObjects.state !== "unknown";
            if (namesKey && optInDecided && !optedIn) {
                findings.push({
                    message:
                        `${shapeRuleLabel({ configuration, rule })} names a replica KMS key but does not opt in to ` +
                        `replicating SSE-KMS encrypted objects, so S3 silently skips them. Add ${names.optIn} to the rule.`,
                });
            }
            if (optedIn && rule.destination.replicaKmsKeyId.state === "absent") {
                findings.push({
                    message:
                        `${shapeRuleLabel({ configuration, rule })} opts in to replicating SSE-KMS encrypted objects but ` +
                        `names no replica KMS key; S3 rejects the configuration. Set ${names.replicaKey} to the ARN of a ` +
                        `symmetric KMS key in the destination bucket's Region.`,
                });
            }
        }
        return findings;
    },
    remediate(args) {
        let props: Record<string, unknown> | undefined;
        // A fix quotes nothing: no label needs the call's secrets.
        for (const { configuration, rule } of rulesOf(args, NO_SECRETS)) {
            if (lacksOptIn(rule)) {
                props = addSseKmsOptIn(props ?? args.props, configuration, rule) ?? props;
            }
        }
        return props;
    },
});
