/**
 * The constraints S3 enforces when a replication configuration is applied (named and cited in
 * model/replication-constraints.ts, worded in support/rule-constraints.ts): a configuration that
 * breaks one fails `pulumi up` after the preview said nothing. Each finding ends with the name of
 * the constraint it breaks.
 */
import { resourcePolicy, Finding } from "./support/define";
import { fieldNames } from "./support/field-names";
import { shapeRuleLabel } from "./support/labels";
import { configurationConstraints, NOT_A_RULE, ruleConstraints } from "./support/rule-constraints";
import { replicationCarrierTypes } from "./model/resource-types";
import { ReplicationConfiguration, replicationConfigurations, ReplicationRule } from "./model/replication";
import { ConstraintName, lacksDeleteMarkerReplication, needsMetricsForReplicationTime } from "./model/replication-constraints";
import { addDeleteMarkerReplicationDisabled, addReplicationMetrics } from "./model/remediation";

/** The finding's message, naming the constraint so that users can tell which one fired. */
function broken(name: ConstraintName, message: string): string {
    return `${message} (S3 constraint \`${name}\`)`;
}

function checkConfiguration(configuration: ReplicationConfiguration): Finding[] {
    return configurationConstraints.flatMap(({ name, check }) =>
        check(configuration).map((finding) => ({ ...finding, message: broken(name, finding.message) })),
    );
}

function checkRule(configuration: ReplicationConfiguration, rule: ReplicationRule): Finding[] {
    const subject = shapeRuleLabel({ configuration, rule });
    if (rule.malformed) {
        return [{ message: broken("rule-is-object", `${subject} ${NOT_A_RULE}`) }];
    }
    const context = { configuration, rule, names: fieldNames[configuration.shape] };
    return ruleConstraints.flatMap(({ name, check }) => {
        const problem = check(context);
        return problem === undefined ? [] : [{ message: broken(name, `${subject} ${problem}`) }];
    });
}

export const ruleValid = resourcePolicy({
    name: "s3-replication-rule-valid",
    description:
        "Replication configurations meet the constraints S3 checks when they are applied: rule count, filters, statuses, lengths, source selection criteria, replication time, owner override, role and destination ARNs, no directory buckets.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html",
    severity: "high",
    remediationSteps:
        "Change the replication configuration so that S3 accepts it, as each finding says: rule count and IDs, filters, priorities, statuses, replication time and metrics, role and destination ARNs.",
    resourceTypes: [...replicationCarrierTypes],
    check(args) {
        return replicationConfigurations(args.type, args.props).flatMap((configuration) => [
            ...checkConfiguration(configuration),
            ...configuration.rules.flatMap((rule) => checkRule(configuration, rule)),
        ]);
    },
    /** Only fixes that add what S3 requires and change nothing replication already does. */
    remediate(args) {
        let props: Record<string, unknown> | undefined;
        for (const configuration of replicationConfigurations(args.type, args.props)) {
            for (const rule of configuration.rules.filter((r) => !r.malformed)) {
                if (lacksDeleteMarkerReplication(configuration, rule)) {
                    props = addDeleteMarkerReplicationDisabled(props ?? args.props, configuration, rule) ?? props;
                }
                if (needsMetricsForReplicationTime(rule)) {
                    props = addReplicationMetrics(props ?? args.props, configuration, rule) ?? props;
                }
            }
        }
        return props;
    },
});
