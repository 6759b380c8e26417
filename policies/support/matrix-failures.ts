/**
 * What stops KMS-encrypted objects, or every object, of a rule whatever the role may do, for the
 * verdict matrix (verdict-matrix.ts), from the same checks as the policies that report it, worded
 * as their findings:
 *
 * - the replica key: S3 cannot use it (replica-key-usable, replica-key-region), cannot find it
 *   (replica-key-format), or its key policy in another account does not let the role in, or may
 *   not (cross-account-key): kms:Encrypt on it fails, or is in doubt;
 * - the configuration: S3 rejects it (PutBucketReplication fails) when it breaks a constraint
 *   (rule-valid) or a bucket of it is not versioned (versioning): nothing replicates; a bucket
 *   whose versioning is unknown until deployment, or a destination account that does not own the
 *   destination bucket (cross-account-key; AWS does not document what S3 does then), leaves the
 *   rows that would replicate in doubt.
 */
import { ExternalFacts } from "../model/external-facts";
import { ReplicationConfiguration } from "../model/replication";
import { ReplicationInStack, StackIndex } from "../model/stack";
import { DecidedRequest, RuleFailure } from "../model/verdict-matrix";
import { Breach, constraintBreaches } from "../s3-constraints";
import { configurationLabel } from "../wording/labels";
import { crossAccountKeyProblem, destinationAccountProblem } from "./cross-account-checks";
import { RuleProblem } from "./each-rule";
import { findingText, MATRIX_POLICIES, problemText, Safe } from "./matrix-policies";
import { replicaKeyFormatMessage } from "./replica-key-format-checks";
import { replicaKeyRegionProblem, replicaKeyUsableProblem } from "./replica-key-checks";
import { unversionedBucketsOf, versioningInDoubtOf } from "./versioning-checks";

/** One cause, as the matrix links it: its verdict, what decides it, the finding's text, policy and resource. */
interface Cause {
    outcome: "denied" | "undecided";
    decidedBy: string;
    /** The finding behind the cause, if a policy reports one: its text, policy and resource, and whether it is advisory. */
    fix?: string;
    policy?: string;
    urn?: string;
    advisory?: boolean;
}

/** A rule problem as a cause: denied when mandatory, undecided (`undecidedBy`) when advisory. */
function problemCause(policy: string, problem: RuleProblem | undefined, safe: Safe, deniedBy: string, undecidedBy = deniedBy): Cause[] {
    if (!problem) {
        return [];
    }
    const advisory = Boolean(problem.advisoryOnly);
    return [
        {
            outcome: advisory ? "undecided" : "denied",
            decidedBy: advisory ? undecidedBy : deniedBy,
            fix: problemText(problem, safe),
            policy,
            urn: problem.urn,
            advisory,
        },
    ];
}

/** The first denied cause (else the first) decides; every other stands behind it too. */
function decided(causes: readonly Cause[]): DecidedRequest | undefined {
    const ordered = [...causes.filter((c) => c.outcome === "denied"), ...causes.filter((c) => c.outcome !== "denied")];
    if (ordered.length === 0) {
        return undefined;
    }
    const [{ outcome, decidedBy, fix, policy, urn, advisory }, ...others] = ordered;
    const more = others.flatMap((other) => (other.policy && other.urn ? [{ policy: other.policy, urn: other.urn }] : []));
    return {
        outcome,
        decidedBy,
        ...(fix !== undefined ? { fix } : {}),
        ...(policy && urn ? { policy, findingUrn: urn, advisory: Boolean(advisory) } : {}),
        ...(more.length > 0 ? { more } : {}),
    };
}

/**
 * Why kms:Encrypt on the rule's replica key fails (or is in doubt) whatever the role's own
 * policies say (`keyFacts`: the facts of replica-key-region, its destinationRegions aliases
 * included; `accountFacts`: those of cross-account-key, its bucketAccounts aliases included).
 */
export function replicaKeyFailure(
    index: StackIndex,
    replication: ReplicationInStack,
    facts: { keyFacts: ExternalFacts; accountFacts: ExternalFacts },
    safe: Safe,
): DecidedRequest | undefined {
    const format = replicaKeyFormatMessage(replication, index.secrets);
    return decided([
        ...problemCause(
            MATRIX_POLICIES.replicaKeyUsable,
            replicaKeyUsableProblem(replication, index),
            safe,
            "the replica key is not an enabled symmetric encryption key, so S3 cannot encrypt replicas with it",
        ),
        ...problemCause(
            MATRIX_POLICIES.replicaKeyRegion,
            replicaKeyRegionProblem(replication, index, facts.keyFacts),
            safe,
            "the replica key is not in the destination bucket's Region, so S3 cannot encrypt replicas with it",
        ),
        // A resource policy: its finding is reported on the resource that holds the configuration.
        ...(format === undefined
            ? []
            : [
                  {
                      outcome: "denied" as const,
                      decidedBy: "the rule names its replica key by neither a KMS key ARN nor an alias ARN S3 can use, so S3 cannot find the key",
                      fix: findingText(format, safe),
                      policy: MATRIX_POLICIES.replicaKeyFormat,
                      urn: replication.configurationResource.urn,
                      advisory: false,
                  },
              ]),
        ...problemCause(
            MATRIX_POLICIES.crossAccountKey,
            crossAccountKeyProblem(index, replication, facts.accountFacts),
            safe,
            "the replica key belongs to another account, and its key policy does not let the replication role or the source account use it",
            // Advisory: a key outside the stack, or (the rule not opting in yet) what the key policy will need once it does.
            replication.replicaKey.kind === "external"
                ? "the replica key belongs to another account and is outside this stack: only its key policy can tell whether the role may use it"
                : "the replica key belongs to another account, and its key policy will not let the replication role or the source account use it once the rule opts in",
        ),
    ]);
}

const REJECTED_BY = "the deployment (pulumi up)";

/** The broken constraints of a configuration, once each (a configuration holds up to 1,000 rules). */
const breachesOf = new WeakMap<ReplicationConfiguration, Breach[]>();

function mandatoryBreaches(configuration: ReplicationConfiguration): Breach[] {
    let found = breachesOf.get(configuration);
    if (!found) {
        // An advisory constraint (unique-priorities) says which rule wins, not whether objects replicate.
        found = constraintBreaches(configuration).filter((breach) => !breach.finding.advisoryOnly);
        breachesOf.set(configuration, found);
    }
    return found;
}

/**
 * Why every row of the rule fails, or is in doubt: S3 rejects the configuration that holds it for a
 * broken constraint (rule-valid, API reference of the constraint) or an unversioned bucket
 * (versioning, "Requirements and considerations for replication"), or its destination account does
 * not own the destination bucket (cross-account-key). `accountFacts`: the facts of cross-account-key.
 */
export function ruleFailure(index: StackIndex, replication: ReplicationInStack, accountFacts: ExternalFacts, safe: Safe): RuleFailure | undefined {
    const configuration = safe(configurationLabel(replication));
    const rejected: Cause[] = [
        ...mandatoryBreaches(replication.configuration).map((breach) => ({
            outcome: "denied" as const,
            decidedBy: `S3 rejects the configuration: it breaks the constraint \`${breach.constraint.name}\` (${breach.constraint.url})`,
            fix: findingText(breach.finding.message, safe),
            policy: MATRIX_POLICIES.ruleValid,
            urn: replication.configurationResource.urn,
            advisory: false,
        })),
        ...unversionedBucketsOf(index, replication).map((bucket) => ({
            outcome: "denied" as const,
            decidedBy:
                "S3 rejects the configuration: both source and destination buckets must have versioning enabled " +
                "(https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html)",
            fix: findingText(bucket.message, safe),
            policy: MATRIX_POLICIES.versioning,
            urn: bucket.urn,
            advisory: false,
        })),
    ];
    const account = problemCause(
        MATRIX_POLICIES.crossAccountKey,
        destinationAccountProblem(index, replication, accountFacts),
        safe,
        "the rule's destination account does not own the destination bucket; AWS does not document how S3 replicates then",
    ).map((cause) => ({ ...cause, outcome: "undecided" as const }));
    // s3-replication-versioning stays silent while a bucket's versioning is unknown: S3 may still reject the configuration.
    const versioningUnknown = versioningInDoubtOf(index, replication).map(({ bucket }) => ({
        outcome: "undecided" as const,
        decidedBy: `the versioning of ${safe(bucket)} is unknown until deployment, and S3 rejects the configuration unless it is Enabled`,
    }));
    const decision = decided([...rejected, ...account, ...versioningUnknown]);
    if (!decision || decision.outcome === "allowed") {
        return undefined;
    }
    const failing =
        decision.outcome === "denied" || decision.policy === undefined
            ? { action: "s3:PutBucketReplication", on: configuration, by: REJECTED_BY }
            : { action: "s3:ReplicateObject", on: "the destination bucket", by: "the replication role" };
    return { ...decision, outcome: decision.outcome, failing };
}
