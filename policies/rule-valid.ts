/**
 * The constraints S3 enforces when a replication configuration is applied, one entry each in
 * s3-constraints/ (name, AWS page, when broken, message, fix): a configuration that breaks one
 * fails `pulumi up` after the preview said nothing. Each finding ends with the name of the
 * constraint it breaks.
 */
import { resourcePolicy } from "./support/define";
import { brokenConstraints, fixConstraints } from "./s3-constraints";
import { replicationResourceTypes } from "./model/resource-types";
import { replicationConfigurations } from "./model/replication";
import { Plain } from "./model/remediation";
import { NO_SECRETS } from "./model/secret-values";

export const ruleValid = resourcePolicy({
    name: "s3-replication-rule-valid",
    description:
        "Replication configurations meet the constraints S3 checks when they are applied: rule count, " +
        "filters, statuses, lengths, source selection criteria, replication time, owner override, role and " +
        "destination ARNs, no directory buckets.",
    enforcementLevel: "mandatory",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html",
    severity: "high",
    remediationSteps:
        "Change the replication configuration so that S3 accepts it, as each finding says: rule count and " +
        "IDs, filters, priorities, statuses, replication time and metrics, role and destination ARNs.",
    resourceTypes: [...replicationResourceTypes],
    check(args, _config, { secrets }) {
        return replicationConfigurations(args.type, args.props, secrets).flatMap(brokenConstraints);
    },
    /** Only fixes that add what S3 requires and change nothing replication already does. */
    remediate(args) {
        let props: Plain | undefined;
        // A fix quotes nothing: no label needs the call's secrets.
        for (const configuration of replicationConfigurations(args.type, args.props, NO_SECRETS)) {
            props = fixConstraints(args.props, configuration, props);
        }
        return props;
    },
});
