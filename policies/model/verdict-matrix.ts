/**
 * "What replicates": for one replication rule, whether each kind of object the source bucket can
 * hold reaches the destination (yes, no, undecided), and if not, which request fails.
 *
 * The kinds are the seed page's (AWS S3 user guide, "Replicating encrypted objects (SSE-S3,
 * SSE-KMS, DSSE-KMS, SSE-C)",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html):
 * unencrypted and SSE-S3 objects need the role's S3 requests only ("s3:GetObjectVersionForReplication
 * ... allows Amazon S3 to replicate both unencrypted objects and objects created with server-side
 * encryption by using SSE-S3 keys or SSE-KMS"); SSE-C objects too ("There aren't additional SSE-C
 * permissions beyond what are currently required for replication"); SSE-KMS and DSSE-KMS objects
 * replicate only when the rule opts in (SourceSelectionCriteria.SseKmsEncryptedObjects) and the
 * role may also decrypt with the key of the source object and encrypt with the replica key.
 *
 * How each request is decided is not this module's business: `verdictMatrix` takes a
 * `RequestDecider` (today the role policies' verdicts and findings, support/verdict-matrix.ts).
 */
import {
    ASSUME_ROLE,
    KMS_DECRYPT,
    KMS_ENCRYPT,
    Permission,
    PermissionTarget,
    PLAIN_VERSION_READ,
    REPLICATION_READ,
    ReplicationRequests,
} from "./role/replication-permissions";
import { DefaultEncryption, describeResource, ReplicationInStack, StackIndex } from "./stack";
import { kmsDefaultEncryption } from "./default-encryption";
import { booleanOf, isKnownValue } from "./value";

/** One request of replication, as the matrix names it: `<target> <action>`. */
export type RequestKey = string;
export type RequestTarget = PermissionTarget | "role";

export function requestKey(target: RequestTarget, action: string): RequestKey {
    return `${target} ${action}`;
}

/** One request replication makes under the rule: by S3 on the role (sts:AssumeRole), or by the role. */
export interface MatrixRequest {
    key: RequestKey;
    target: RequestTarget;
    action: string;
    /** What the request is on: a bucket or object ARN pattern, a key ARN, the role. */
    on: string;
    /** The role's permission behind it (undefined for sts:AssumeRole). */
    permission?: Permission;
}

export type RequestOutcome = "allowed" | "denied" | "undecided";

/** How a request is decided: the verdict, the statement or document that decides it, and the finding that says what to change. */
export interface DecidedRequest {
    outcome: RequestOutcome;
    /** The deciding statement or document, e.g. `statement 2 of inline policy "kms"`. */
    decidedBy?: string;
    /** The finding's text: what is wrong and the one change that fixes it. */
    fix?: string;
    /** The policy that reports that finding, and the resource it reports it on. */
    policy?: string;
    findingUrn?: string;
    /** Whether that finding is advisory (an undecided request) rather than mandatory. */
    advisory?: boolean;
    /** Other findings about the same request (a replica key S3 cannot use, and a role KMS denies too). */
    more?: readonly { policy: string; urn: string }[];
}

export type RequestDecider = (request: MatrixRequest) => DecidedRequest;

export type Encryption = "unencrypted" | "SSE-S3" | "SSE-C" | "SSE-KMS" | "DSSE-KMS";

export interface ObjectKind {
    encryption: Encryption;
    /** For SSE-KMS and DSSE-KMS: the key (its ARN, `alias/aws/s3`), or "any other key". */
    key?: string;
    /** For SSE-KMS: whether the objects use an S3 Bucket Key (the source bucket's setting). */
    bucketKey?: boolean;
}

export type Outcome = "yes" | "no" | "undecided";

export interface MatrixRow {
    objects: ObjectKind;
    outcome: Outcome;
    /** For "no" and "undecided": the request that fails or cannot be decided, by whom and on what. */
    failing?: { action: string; on: string; by: string };
    /** Why: the deciding statement or document, or the rule itself (it does not select these objects). */
    decidedBy?: string;
    fix?: string;
    policy?: string;
    /** The resource the policy's finding is reported on. */
    findingUrn?: string;
    /**
     * "request": a request fails; "rule": the rule does not select these objects; "configuration":
     * S3 rejects (or may reject) the configuration that holds the rule, or doubts the whole rule.
     */
    cause?: "request" | "rule" | "configuration";
    /** Every finding behind the row (a row may fail on several requests; `failing` is the first). */
    findings?: { policy: string; urn: string }[];
}

/** The decided requests of a rule and its rows. */
export interface RuleVerdicts {
    requests: { request: MatrixRequest; decided: DecidedRequest }[];
    rows: MatrixRow[];
}

/** Why KMS-encrypted objects are not selected by a rule, and which finding says so (from the policies of the opt-in). */
export interface NotSelected {
    decidedBy: string;
    fix?: string;
    policy?: string;
    findingUrn?: string;
}

/**
 * What stops every kind of object of a rule whatever its requests: S3 rejects the configuration
 * that holds it (`denied`: PutBucketReplication fails), or the stack cannot tell whether it does
 * (`undecided`). `failing` names the request that fails or is in doubt.
 */
export interface RuleFailure extends DecidedRequest {
    outcome: "denied" | "undecided";
    failing: { action: string; on: string; by: string };
}

export const ANY_OTHER_KEY = "any other key";

const REPLICA_ENCRYPT = requestKey("replica key", KMS_ENCRYPT);

function findingOf(decided: DecidedRequest): { policy: string; urn: string }[] {
    return decided.policy && decided.findingUrn ? [{ policy: decided.policy, urn: decided.findingUrn }] : [];
}

function distinct(findings: readonly { policy: string; urn: string }[]): { policy: string; urn: string }[] {
    return findings.filter((f, i) => findings.findIndex((g) => g.policy === f.policy && g.urn === f.urn) === i);
}

/**
 * A row under a rule failure: a configuration S3 rejects makes every row "no"; one in doubt makes
 * the rows that would replicate undecided, and leaves a row that is already "no" or undecided its
 * own first failing request. Either way the row keeps the findings it had, so that each finding
 * still has its row.
 */
function underFailure(row: MatrixRow, failure: RuleFailure | undefined): MatrixRow {
    if (!failure) {
        return row;
    }
    if (failure.outcome === "undecided" && row.outcome !== "yes") {
        const findings = distinct([...(row.findings ?? []), ...findingOf(failure), ...(failure.more ?? [])]);
        return findings.length > 0 ? { ...row, findings } : row;
    }
    const findings = distinct([...findingOf(failure), ...(failure.more ?? []), ...(row.findings ?? [])]);
    return {
        objects: row.objects,
        outcome: failure.outcome === "denied" ? "no" : "undecided",
        failing: failure.failing,
        cause: "configuration",
        ...(failure.decidedBy ? { decidedBy: failure.decidedBy } : {}),
        ...(failure.fix ? { fix: failure.fix } : {}),
        ...(failure.policy ? { policy: failure.policy } : {}),
        ...(failure.findingUrn ? { findingUrn: failure.findingUrn } : {}),
        ...(findings.length > 0 ? { findings } : {}),
    };
}

/**
 * kms:Encrypt on a replica key S3 cannot use (in another Region than the destination bucket, not
 * an enabled symmetric key) fails whatever the role may do: `keyFailure` says so, unless the role
 * is denied it anyway, in which case both findings stand behind the request.
 */
function settled(key: RequestKey, decided: DecidedRequest, keyFailure: DecidedRequest | undefined): DecidedRequest {
    if (key !== REPLICA_ENCRYPT || !keyFailure) {
        return decided;
    }
    if (decided.outcome === "denied") {
        return { ...decided, more: [...(decided.more ?? []), ...findingOf(keyFailure), ...(keyFailure.more ?? [])] };
    }
    return { ...keyFailure, more: [...(keyFailure.more ?? []), ...findingOf(decided)] };
}

/** The requests of the rule in the order replication makes them: S3 assumes the role, reads, decrypts, encrypts, writes. */
export function matrixRequests(requests: ReplicationRequests): MatrixRequest[] {
    const role: MatrixRequest = { key: requestKey("role", ASSUME_ROLE), target: "role", action: ASSUME_ROLE, on: requests.assumeRole.resource };
    const order: PermissionTarget[] = ["source bucket", "source objects", "source key", "replica key", "destination objects"];
    const permissions = order.flatMap((target) => requests.permissions.filter((p) => p.target === target));
    return [role, ...permissions.map((p) => ({ key: requestKey(p.target, p.action), target: p.target, action: p.action, on: p.resource, permission: p }))];
}

function byWhom(request: MatrixRequest): string {
    return request.target === "role" ? "Amazon S3 (s3.amazonaws.com)" : "the replication role";
}

/** The source's default key when its ARN is not known yet (during preview): its resource. */
function defaultKeyName(index: StackIndex, replication: ReplicationInStack, encryption: DefaultEncryption): string {
    if (replication.source.kind !== "in-stack") {
        return "the default key";
    }
    const key = index.bucketEncryptionKey(replication.source.resource, encryption);
    switch (key.kind) {
        case "in-stack":
            return describeResource(key.key.resource);
        case "absent":
            return "alias/aws/s3";
        case "external":
            return key.reference;
        default:
            return "the default key";
    }
}

/**
 * The kinds of objects a rule's source can hold: always unencrypted, SSE-S3 and SSE-C; SSE-KMS
 * under the key the source encrypts with by default (when it shows one) and under any other key;
 * DSSE-KMS likewise.
 */
function objectKinds(index: StackIndex, replication: ReplicationInStack, requests: ReplicationRequests | undefined): ObjectKind[] {
    const sourceKey = requests?.permissions.find((p) => p.target === "source key");
    const defaults = kmsDefaultEncryption(index, replication.source);
    const kinds: ObjectKind[] = [{ encryption: "unencrypted" }, { encryption: "SSE-S3" }, { encryption: "SSE-C" }];
    for (const [encryption, algorithm] of [
        ["SSE-KMS", "aws:kms"],
        ["DSSE-KMS", "aws:kms:dsse"],
    ] as const) {
        if (defaults?.algorithm === algorithm) {
            const key = sourceKey?.resource ?? defaultKeyName(index, replication, defaults.encryption);
            const bucketKey = sourceKey?.kms?.bucketKey ?? booleanOf(defaults.encryption.bucketKeyEnabled) ?? false;
            kinds.push({ encryption, key, ...(encryption === "SSE-KMS" ? { bucketKey } : {}) });
        }
        kinds.push({ encryption, key: ANY_OTHER_KEY });
    }
    return kinds;
}

interface Required {
    target: RequestTarget;
    action: string;
}

function keyOf({ target, action }: Required): RequestKey {
    return requestKey(target, action);
}

/** The requests objects of a kind need, whether or not the stack can work them out yet. */
function required(kind: ObjectKind, requests: readonly MatrixRequest[]): Required[] {
    const always: Required[] = [
        { target: "role", action: ASSUME_ROLE },
        { target: "source objects", action: REPLICATION_READ },
        { target: "destination objects", action: "s3:ReplicateObject" },
    ];
    const s3 = requests.filter((r) => r.target !== "source key" && r.target !== "replica key");
    const base = [...always, ...s3.filter((r) => !always.some((a) => keyOf(a) === r.key))];
    if (kind.encryption !== "SSE-KMS" && kind.encryption !== "DSSE-KMS") {
        return base;
    }
    const replica = requests.filter((r) => r.target === "replica key");
    const sourceKey: Required = kind.key === ANY_OTHER_KEY ? OTHER_KEY_DECRYPT : { target: "source key", action: KMS_DECRYPT };
    return [...base, sourceKey, ...(replica.length > 0 ? replica : [{ target: "replica key" as const, action: KMS_ENCRYPT }])];
}

/** kms:Decrypt on a key the stack does not show: undecided whatever the role's policies say of the keys it shows. */
const OTHER_KEY_DECRYPT: Required = { target: "source key", action: `${KMS_DECRYPT} (other key)` };

const NOT_WORKED_OUT: DecidedRequest = {
    outcome: "undecided",
    decidedBy: "the stack does not show this request yet: a name, ARN or Region it needs is unknown until deployment",
};

const OTHER_KEY: DecidedRequest = {
    outcome: "undecided",
    decidedBy:
        "the stack does not show which key these objects use: only that key's policy and the role's policies can tell whether the role may decrypt with it",
};

/**
 * The matrix of one replication rule: every object kind with its outcome, from the verdicts
 * `decide` gives on the rule's requests (`requests` undefined: the role is not in the stack, so
 * none can be decided). A "no" names the first denied request, an "undecided" the first
 * undecided one, in the order replication makes them. `keyFailure`: why S3 cannot use the rule's
 * replica key at all, if it cannot (see `settled`). `ruleFailure`: why S3 rejects (or may reject)
 * the configuration, which every row then follows (see `underFailure`).
 */
export function verdictMatrix(
    index: StackIndex,
    replication: ReplicationInStack,
    requests: ReplicationRequests | undefined,
    decide: RequestDecider,
    notSelected: (encryption: "SSE-KMS" | "DSSE-KMS") => NotSelected,
    keyFailure?: DecidedRequest,
    ruleFailure?: RuleFailure,
): RuleVerdicts {
    const asked = requests ? matrixRequests(requests) : [];
    const decided = new Map(asked.map((request) => [request.key, { request, decided: settled(request.key, decide(request), keyFailure) }]));
    const plainRead = plainReadOf(decided.get(READ_KEY), decide);
    const optIn = replication.rule.sseKmsEncryptedObjects;
    const rows = objectKinds(index, replication, requests).map((objects): MatrixRow => {
        if ((objects.encryption === "SSE-KMS" || objects.encryption === "DSSE-KMS") && optIn.state !== "unknown" && !isKnownValue(optIn, "Enabled")) {
            const reason = notSelected(objects.encryption);
            const findings = [
                ...(reason.policy && reason.findingUrn ? [{ policy: reason.policy, urn: reason.findingUrn }] : []),
                ...(keyFailure ? [...findingOf(keyFailure), ...(keyFailure.more ?? [])] : []),
            ];
            return { objects, outcome: "no", cause: "rule", ...reason, ...(findings.length > 0 ? { findings } : {}) };
        }
        const needed = required(objects, asked).map((need) => {
            const key = keyOf(need);
            const known = decided.get(key);
            if (known) {
                return known;
            }
            const otherKey = key === keyOf(OTHER_KEY_DECRYPT);
            const request: MatrixRequest = {
                key,
                ...need,
                on: otherKey ? ANY_OTHER_KEY : need.target === "role" ? "the replication role" : `the ${need.target}`,
            };
            const entry = { request, decided: settled(key, otherKey ? OTHER_KEY : requests ? NOT_WORKED_OUT : ROLE_OUTSIDE, keyFailure) };
            // A request the stack does not show yet is still one replication makes: it is listed, undecided.
            decided.set(key, entry);
            return entry;
        });
        const verdicts = withPlainRead(objects, needed, plainRead);
        const failing = verdicts.find((v) => v.decided.outcome === "denied") ?? verdicts.find((v) => v.decided.outcome === "undecided");
        if (!failing) {
            return { objects, outcome: "yes" };
        }
        const { request, decided: verdict } = failing;
        const findings = verdicts.filter((v) => v.decided.outcome !== "allowed").flatMap((v) => [...findingOf(v.decided), ...(v.decided.more ?? [])]);
        return {
            objects,
            outcome: verdict.outcome === "denied" ? "no" : "undecided",
            failing: { action: request.key === keyOf(OTHER_KEY_DECRYPT) ? KMS_DECRYPT : request.action, on: request.on, by: byWhom(request) },
            cause: "request",
            ...(verdict.decidedBy ? { decidedBy: verdict.decidedBy } : {}),
            ...(verdict.fix ? { fix: verdict.fix } : {}),
            ...(verdict.policy ? { policy: verdict.policy } : {}),
            ...(verdict.findingUrn ? { findingUrn: verdict.findingUrn } : {}),
            ...(findings.length > 0 ? { findings: distinct(findings) } : {}),
        };
    });
    return { requests: [...decided.values()], rows: rows.map((row) => underFailure(row, ruleFailure)) };
}

const READ_KEY = requestKey("source objects", REPLICATION_READ);

/**
 * Seed page, "Granting additional permissions for the IAM role": "the s3:GetObjectVersion action
 * allows replication of unencrypted and SSE-S3-encrypted objects, but not of objects created by
 * using SSE-KMS". Of SSE-C objects it says nothing.
 */
const PLAIN_READ_SERVES: ReadonlySet<Encryption> = new Set(["unencrypted", "SSE-S3"]);

const PLAIN_READ_SSE_C =
    "the role is allowed s3:GetObjectVersion instead, which AWS documents for unencrypted and SSE-S3 objects only; whether it serves SSE-C objects is not stated";

/**
 * The verdict on s3:GetObjectVersion where the rule needs s3:GetObjectVersionForReplication (it
 * opts in to SSE-KMS objects) and the role is not surely allowed that: the same request with the
 * other action, decided as `decide` decides an alternative (authorization/decide.ts).
 */
function plainReadOf(entry: { request: MatrixRequest; decided: DecidedRequest } | undefined, decide: RequestDecider): DecidedRequest | undefined {
    const permission = entry?.request.permission;
    if (!entry || !permission || entry.decided.outcome === "allowed" || permission.alternatives?.includes(PLAIN_VERSION_READ)) {
        return undefined;
    }
    return decide({
        ...entry.request,
        key: requestKey("source objects", PLAIN_VERSION_READ),
        action: PLAIN_VERSION_READ,
        permission: { ...permission, action: PLAIN_VERSION_READ, request: { ...permission.request, action: PLAIN_VERSION_READ } },
    });
}

/** The verdicts that decide objects of a kind, the source-object read as s3:GetObjectVersion leaves it for them. */
function withPlainRead<T extends { request: MatrixRequest; decided: DecidedRequest }>(
    kind: ObjectKind,
    verdicts: T[],
    plainRead: DecidedRequest | undefined,
): T[] {
    if (plainRead?.outcome !== "allowed") {
        return verdicts;
    }
    if (PLAIN_READ_SERVES.has(kind.encryption)) {
        return verdicts.filter((v) => v.request.key !== READ_KEY);
    }
    if (kind.encryption === "SSE-C") {
        return verdicts.map((v) =>
            v.request.key === READ_KEY && v.decided.outcome === "denied"
                ? { ...v, decided: { ...v.decided, outcome: "undecided", decidedBy: PLAIN_READ_SSE_C } }
                : v,
        );
    }
    return verdicts;
}

const ROLE_OUTSIDE: DecidedRequest = {
    outcome: "undecided",
    decidedBy: "the replication role is not in this stack, so none of its policies can be read",
};
