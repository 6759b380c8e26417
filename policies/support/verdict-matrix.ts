/**
 * The verdict matrix of every enabled replication rule of a stack, with the parties and requests
 * of each rule for the picture (cli/report/html/). It comes from the same verdicts and the same
 * problems as the findings: the requests are `replicationRequests` (shared with the role
 * policies), each is decided by the authorization module's `decide` (policies/model/authorization/),
 * as the role policies decide it, and the fix of a failing request is the text of the problem the
 * policy reports about it (role-checks.ts, opt-in-checks.ts).
 */
import { ExternalFacts, FactAliases, withAliases } from "../model/external-facts";
import { isSecretRead, Read, stringOf } from "../model/value";
import { SecretValues } from "../model/secret-values";
import { ASSUME_ROLE, decideByDocuments, KMS_DECRYPT, KMS_ENCRYPT, ReplicationRequests, replicationRequests, REPLICATION_READ } from "../model/role";
import { KeyReference, PolicyResource, ReplicationInStack, Resolution, StackIndex } from "../model/stack";
import { Verdict } from "../model/verdict";
import { DecidedRequest, MatrixRequest, MatrixRow, NotSelected, RequestDecider, RequestOutcome, verdictMatrix } from "../model/verdict-matrix";
import { parseBucketArn, parseKmsArn } from "../model/arn";
import { kmsDefaultEncryption } from "../model/default-encryption";
import { enabledReplications, RuleProblem } from "./each-rule";
import { fieldNames } from "../wording/field-names";
import { bucketLabel, configurationLabel, keyLabel, roleLabel, ruleLabel } from "../wording/labels";
import { describeLocation, describeUnreadable } from "../wording/messages";
import { encryptedSourceOptInProblem } from "./opt-in-checks";
import { safeMessage } from "../wording/quoting";
import { StackAnalysis } from "./analysis";
import { crossAccountProblems, kmsPermissionProblems, s3PermissionProblems, trustProblem } from "./role-checks";
import { decide } from "../model/authorization";
import { MATRIX_POLICIES, problemText, Safe } from "./matrix-policies";
import { replicaKeyFailure, ruleFailure } from "./matrix-failures";

export { MATRIX_POLICIES };

/** Said once per rule, as information (seed page, SSE-C section; "Replicating existing objects with S3 Batch Replication"). */
export const EXISTING_OBJECTS_NOTE =
    "Replication applies to objects uploaded after the rule is in place; it does not copy existing objects. S3 Batch Replication copies existing ones.";

/** A bucket, KMS key or role of the picture, with where it lives. */
export interface Party {
    id: string;
    kind: "bucket" | "key" | "role";
    role: "source bucket" | "destination bucket" | "source key" | "replica key" | "replication role";
    label: string;
    account: string;
    region: string;
}

/** One request replication makes, between two parties, with its verdict. */
export interface RequestEdge {
    from: string;
    to: string;
    action: string;
    on: string;
    outcome: RequestOutcome;
    decidedBy?: string;
    fix?: string;
    policy?: string;
}

export interface RuleMatrix {
    /** `BucketReplicationConfig "replication" rule "Rule-1"`. */
    rule: string;
    configuration: string;
    urn: string;
    rows: MatrixRow[];
    parties: Party[];
    edges: RequestEdge[];
    note: string;
}

interface PolicyProblem {
    policy: string;
    problem: RuleProblem;
}

function tagged(policy: string, problems: readonly (RuleProblem | undefined)[]): PolicyProblem[] {
    return problems.filter((problem): problem is RuleProblem => problem !== undefined).map((problem) => ({ policy, problem }));
}

function problemsOf(index: StackIndex, requests: ReplicationRequests, facts: ExternalFacts): PolicyProblem[] {
    return [
        ...tagged(MATRIX_POLICIES.trust, [trustProblem(requests, index)]),
        ...tagged(MATRIX_POLICIES.s3, [...s3PermissionProblems(index, requests, facts), ...crossAccountProblems(requests, index)]),
        ...tagged(MATRIX_POLICIES.kms, kmsPermissionProblems(index, requests, facts)),
    ];
}

/** The statement or document that decides a verdict, in the words of the findings. */
function decidingStatement(verdict: Verdict, blockedBy?: string): string | undefined {
    switch (verdict.kind) {
        case "allowed":
            return verdict.allowing?.[0] ? `${describeLocation(verdict.allowing[0])} allows it` : undefined;
        case "denied":
            if (verdict.denying[0]) {
                return `${describeLocation(verdict.denying[0])} denies it`;
            }
            if (blockedBy) {
                return `${blockedBy} lets in neither the role nor its account`;
            }
            if (verdict.unmet[0]) {
                return `${describeLocation(verdict.unmet[0].at)} would allow it, but its conditions do not hold`;
            }
            return verdict.boundary ? `the permissions boundary ${verdict.boundary.origin} does not allow it` : "no statement of the role's policies allows it";
        case "unverifiable":
            return verdict.unreadable[0] ? `only ${describeUnreadable(verdict.unreadable[0])} might allow it` : undefined;
        case "undecidable":
            if (verdict.confirm?.[0]) {
                return `${describeLocation(verdict.confirm[0].at)} depends on ${verdict.confirm[0].what}, which the stack cannot tell`;
            }
            return verdict.undecided?.[0]
                ? `${describeLocation(verdict.undecided[0])} cannot be decided until deployment`
                : "a value it depends on is unknown until deployment";
    }
}

const WORST: Record<RequestOutcome, number> = { allowed: 0, undecided: 1, denied: 2 };

/** The role policies' verdict on one request, worded by the problem the policy reports about it. */
function decider(index: StackIndex, requests: ReplicationRequests, facts: ExternalFacts, problems: readonly PolicyProblem[], safe: Safe): RequestDecider {
    return (request: MatrixRequest): DecidedRequest => {
        const decided = verdictOf(index, requests, facts, request, safe);
        const about = problems.filter(({ problem }) => problem.about?.includes(request.key));
        const wanted = about.find(({ problem }) => Boolean(problem.advisoryOnly) === (decided.outcome === "undecided")) ?? about[0];
        if (decided.outcome === "allowed" || !wanted) {
            return decided;
        }
        const { policy, problem } = wanted;
        return { ...decided, fix: problemText(problem, safe), policy, findingUrn: problem.urn, advisory: Boolean(problem.advisoryOnly) };
    };
}

function outcomeOf(verdict: Verdict, unseen: boolean): RequestOutcome {
    return verdict.kind === "allowed" ? "allowed" : verdict.kind === "denied" && !unseen ? "denied" : "undecided";
}

function verdictOf(index: StackIndex, requests: ReplicationRequests, facts: ExternalFacts, request: MatrixRequest, safe: Safe): DecidedRequest {
    const withStatement = statementWith(safe);
    const { permission } = request;
    if (!permission) {
        const { trust } = requests.role;
        if (trust.kind !== "policy") {
            return { outcome: "undecided", decidedBy: "the role's trust policy is unknown until deployment" };
        }
        const verdict = decideByDocuments(requests.assumeRole, [{ origin: "the role's trust policy (assumeRolePolicy)", document: trust }]);
        return withStatement(outcomeOf(verdict, false), decidingStatement(verdict));
    }
    const judged = decide(permission, { index, requests, facts });
    let outcome = outcomeOf(judged.verdict, judged.unseen !== undefined);
    let decidedBy = judged.unseen
        ? `the ${judged.unseen} is outside this stack: its policy cannot be checked, and ${decidingStatement(judged.verdict) ?? "the role's policies do not allow it"}`
        : decidingStatement(judged.verdict, judged.blocked?.origin);
    const crossAccount = requests.crossAccount?.permissions.find((p) => p.action === permission.action && permission.target === "destination objects");
    if (crossAccount && requests.crossAccount) {
        const { bucketPolicy } = requests.crossAccount;
        const other: DecidedRequest =
            bucketPolicy.kind === "in-stack"
                ? withStatement(outcomeOf(decideByDocuments(crossAccount.request, [bucketPolicy.document]), false), `the destination bucket's policy`)
                : { outcome: "undecided", decidedBy: "the destination bucket is in another account, and its bucket policy is not in this stack" };
        if (WORST[other.outcome] > WORST[outcome]) {
            outcome = other.outcome;
            decidedBy = other.decidedBy;
        }
    }
    return withStatement(outcome, decidedBy);
}

function statementWith(safe: Safe): (outcome: RequestOutcome, decidedBy: string | undefined) => DecidedRequest {
    return (outcome, decidedBy) => ({ outcome, ...(decidedBy ? { decidedBy: safe(decidedBy) } : {}) });
}

/** Why a rule that does not opt in skips KMS-encrypted objects, worded as the finding that reports it, if one does. */
function notSelected(index: StackIndex, replication: ReplicationInStack, safe: Safe): () => NotSelected {
    const names = fieldNames[replication.configuration.shape];
    const decidedBy = `the rule does not opt in to replicating KMS-encrypted objects (${names.optIn}), so S3 skips them`;
    return () => {
        const problem = encryptedSourceOptInProblem(replication, index);
        if (problem) {
            return { decidedBy, fix: problemText(problem, safe), policy: MATRIX_POLICIES.encryptedSourceOptIn, findingUrn: problem.urn };
        }
        if (replication.rule.destination.replicaKmsKeyId.state === "known") {
            return {
                decidedBy,
                fix: `Add ${names.optIn} to the rule.`,
                policy: MATRIX_POLICIES.sseKmsOptIn,
                findingUrn: replication.configurationResource.urn,
            };
        }
        return {
            decidedBy,
            fix: `To replicate them, add ${names.optIn} to the rule, with ${names.replicaKey} set to a symmetric KMS key in the destination bucket's Region.`,
        };
    };
}

// ---- Parties: where each bucket, key and role lives --------------------------------------------

function whereabouts(read: Read, secrets: SecretValues): string {
    if (read.state === "known") {
        return isSecretRead(read, secrets) ? "(secret)" : (stringOf(read) ?? "unknown");
    }
    return read.state === "unknown" && read.secret ? "(secret)" : "unknown";
}

function located(index: StackIndex, resource: PolicyResource | undefined, arn?: string): { account: string; region: string } {
    const parsed = arn ? (parseKmsArn(arn) ?? undefined) : undefined;
    if (resource) {
        return { account: whereabouts(index.accountOf(resource), index.secrets), region: whereabouts(index.regionOf(resource), index.secrets) };
    }
    return { account: parsed?.account ?? "unknown", region: parsed?.region ?? "unknown" };
}

function bucketParty(index: StackIndex, bucket: Resolution, role: "source bucket" | "destination bucket", safe: Safe, requests?: ReplicationRequests): Party {
    const resource = bucket.kind === "in-stack" ? bucket.resource : undefined;
    const where = located(index, resource);
    const region =
        where.region === "unknown"
            ? (requests?.permissions.find((p) => p.kms?.side === (role === "source bucket" ? "source" : "destination"))?.kms?.region ?? "unknown")
            : where.region;
    const external = bucket.kind === "external" ? parseBucketArn(bucket.reference)?.bucket : undefined;
    return { id: role, kind: "bucket", role, label: safe(external ? `bucket "${external}"` : bucketLabel(index, bucket)), ...where, region };
}

function keyParty(index: StackIndex, key: KeyReference, role: "source key" | "replica key", safe: Safe): Party {
    const resource = key.kind === "in-stack" ? key.key.resource : undefined;
    const arn = key.kind === "external" ? key.reference : undefined;
    return { id: role, kind: "key", role, label: safe(keyLabel(index, key)), ...located(index, resource, arn) };
}

function awsManagedKeyParty(source: Party): Party {
    return { id: "source key", kind: "key", role: "source key", label: "AWS managed key aws/s3", account: source.account, region: source.region };
}

function partiesOf(index: StackIndex, replication: ReplicationInStack, requests: ReplicationRequests | undefined, safe: Safe): Party[] {
    const source = bucketParty(index, replication.source, "source bucket", safe, requests);
    const destination = bucketParty(index, replication.destination, "destination bucket", safe, requests);
    const roleResource = replication.role.kind === "in-stack" ? replication.role.resource : undefined;
    const role: Party = {
        id: "replication role",
        kind: "role",
        role: "replication role",
        label: safe(roleLabel(index, replication)),
        ...located(index, roleResource),
    };
    // IAM is global: a role has an account, no Region.
    role.region = "global";
    const parties = [source, destination, role];
    const sourceKey = requests?.permissions.find((p) => p.target === "source key");
    const defaults = kmsDefaultEncryption(index, replication.source);
    if (sourceKey?.resourceWithPolicy.kind === "key") {
        parties.push(keyParty(index, sourceKey.resourceWithPolicy.key, "source key", safe));
    } else if (sourceKey?.resourceWithPolicy.kind === "aws-managed-key") {
        parties.push(awsManagedKeyParty(source));
    } else if (defaults && replication.source.kind === "in-stack") {
        // The key the source encrypts with by default, whose ARN the stack does not show yet.
        const key = index.bucketEncryptionKey(replication.source.resource, defaults.encryption);
        parties.push(key.kind === "absent" ? awsManagedKeyParty(source) : keyParty(index, key, "source key", safe));
    }
    if (replication.rule.destination.replicaKmsKeyId.state !== "absent") {
        parties.push(keyParty(index, replication.replicaKey, "replica key", safe));
    }
    return parties;
}

/** The five requests the picture draws, from whom to whom. */
const DRAWN: Record<string, { from: string; to: string } | undefined> = {
    [`role ${ASSUME_ROLE}`]: { from: "source bucket", to: "replication role" },
    [`source objects ${REPLICATION_READ}`]: { from: "replication role", to: "source bucket" },
    [`source key ${KMS_DECRYPT}`]: { from: "replication role", to: "source key" },
    [`replica key ${KMS_ENCRYPT}`]: { from: "replication role", to: "replica key" },
    [`replica key ${KMS_DECRYPT}`]: { from: "replication role", to: "replica key" },
    [`destination objects s3:ReplicateObject`]: { from: "replication role", to: "destination bucket" },
};

function edgesOf(verdicts: ReturnType<typeof verdictMatrix>, parties: readonly Party[], safe: Safe): RequestEdge[] {
    const ids = new Set(parties.map((p) => p.id));
    return verdicts.requests.flatMap(({ request, decided }) => {
        const drawn = DRAWN[request.key];
        if (!drawn || !ids.has(drawn.from) || !ids.has(drawn.to)) {
            return [];
        }
        return [{ ...drawn, action: request.action, on: safe(request.on), ...decided }];
    });
}

/** The configs of the policies whose facts the matrix uses, as those policies are given them (their aliases of `externalResources`). */
export interface MatrixAliases {
    replicaKeyRegion?: FactAliases;
    crossAccountKey?: FactAliases;
}

/** The matrix of every enabled replication rule of the stack, in stack order, from the analysis the policies are given. */
export function stackVerdictMatrix(analysis: StackAnalysis, aliases: MatrixAliases = {}): RuleMatrix[] {
    const { index, facts } = analysis;
    const keyFacts = withAliases(facts, aliases.replicaKeyRegion);
    const accountFacts = withAliases(facts, aliases.crossAccountKey);
    const safe: Safe = (text) => safeMessage(text, analysis.secrets);
    return enabledReplications(index).map((replication) => {
        const requests = replicationRequests(index, replication, facts);
        const decide = requests ? decider(index, requests, facts, problemsOf(index, requests, facts), safe) : () => ({ outcome: "undecided" as const });
        const verdicts = verdictMatrix(
            index,
            replication,
            requests,
            decide,
            notSelected(index, replication, safe),
            replicaKeyFailure(index, replication, { keyFacts, accountFacts }, safe),
            ruleFailure(index, replication, accountFacts, safe),
        );
        const parties = partiesOf(index, replication, requests, safe);
        return {
            rule: safe(ruleLabel(replication)),
            configuration: safe(configurationLabel(replication)),
            urn: replication.configurationResource.urn,
            rows: verdicts.rows.map((row) => ({ ...row, failing: row.failing && { ...row.failing, on: safe(row.failing.on) } })),
            parties,
            edges: edgesOf(verdicts, parties, safe),
            note: EXISTING_OBJECTS_NOTE,
        };
    });
}
