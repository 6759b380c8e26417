/**
 * What the replication-role policies share: the loop over each enabled rule's requests
 * (`eachRuleRequests`), and how the verdicts of the authorization module
 * (`policies/model/authorization/`) on the role's requests are turned into problems; the wording
 * is in wording/messages.ts and wording/labels.ts.
 */
import { ExternalFacts } from "../model/external-facts";
import { SecretValues } from "../model/secret-values";
import { StackAnalysis } from "./analysis";
import { describeConditionOutcome } from "../model/iam";
import { isDeployed, Permission, ReplicationRequests, replicationRequests } from "../model/role";
import { ONCE_OPTED_IN } from "../model/replication";
import { describeResource, StackIndex } from "../model/stack";
import { KMS_S3_ARN_CONTEXT, KMS_VIA_SERVICE, SAMPLE_OBJECT_KEY } from "../model/s3-request-context";
import { decide, KeyPolicyBlock, keyPolicyGrant, RequestVerdict } from "../model/authorization";
import { Denial } from "../model/verdict";
import {
    DeniedAction,
    denialFix,
    denialReasons,
    describeLocation,
    describeTarget,
    describeUnreadable,
    grantsLackingNote,
    identityStatement,
    listText,
    unique,
} from "../wording/messages";
import { Finding } from "./define";
import { eachEnabledRule, RuleProblem, RuleProblems } from "./each-rule";
import { groupKey, ruleLabel } from "../wording/labels";
import { RequestKey, requestKey } from "../model/verdict-matrix";

/**
 * `check` over the requests of every enabled rule whose role is in the stack (each rule's
 * requests are worked out once per stack index and facts, shared by the role policies), its
 * problems grouped per resource into findings.
 */
export function eachRuleRequests(analysis: StackAnalysis, check: (requests: ReplicationRequests, index: StackIndex) => RuleProblems): Finding[] {
    return eachEnabledRule(
        analysis,
        (replication, index) => {
            const requests = replicationRequests(index, replication, analysis.facts);
            return requests ? check(requests, index) : undefined;
        },
        { matchesPolicies: true },
    );
}

type RoleProblemOptions = { urn?: string; advisoryOnly?: boolean; about?: readonly RequestKey[] };

/** A problem of the role; the same one for several of its rules is reported once, naming them all. */
export function roleProblem(requests: ReplicationRequests, text: string, options: RoleProblemOptions = {}): RuleProblem {
    const role = describeResource(requests.role.role);
    const body = withObjectPatterns(text);
    return {
        urn: options.urn ?? requests.role.role.urn,
        problemId: body,
        ruleLabel: ruleLabel(requests.replication),
        message: (rules) => `${role}, the replication role of ${rules}, ${body}`,
        ...(options.advisoryOnly ? { advisoryOnly: true } : {}),
        ...(options.about ? { about: options.about } : {}),
    };
}

/** The requests a problem is about, for the verdict matrix (model/verdict-matrix.ts). */
export function aboutPermissions(decided: readonly { permission: Permission }[]): RequestKey[] {
    return unique(decided.map(({ permission }) => requestKey(permission.target, permission.action)));
}

const ONCE_OPTED_IN_OF_RULE = ONCE_OPTED_IN.replace("once it opts", "once the rule opts");

/** A problem the role will have once its rule opts in to SSE-KMS objects: said now, with that fix, as advisory (`replicatesKmsObjects`). */
function onceOptedInProblem(requests: ReplicationRequests, text: string, options: RoleProblemOptions = {}): RuleProblem {
    return roleProblem(requests, `${ONCE_OPTED_IN_OF_RULE}, ${text}`, { ...options, advisoryOnly: true });
}

/**
 * Requests on objects are decided for a sample object under the rule's prefix; messages name the
 * pattern the rule covers instead (`arn:aws:s3:::tax-dst/Tax*`), never the sample.
 */
export function withObjectPatterns(text: string): string {
    return text.replace(SAMPLE_OBJECT_ARN, "$1*");
}

const SAMPLE_OBJECT_ARN = new RegExp(`(arn:[^\\s"]*/[^\\s"]*?)${SAMPLE_OBJECT_KEY}`, "g");

export interface DeniedPermission {
    permission: Permission;
    verdict: Denial;
}

/** Permissions the role lacks, by what they are on: one finding per statement to add. */
export interface PermissionCheck {
    /** Which of the rule's permissions the policy judges. */
    covers(permission: Permission): boolean;
    /** More on why a group of permissions on one resource is denied (e.g. the Bucket Key pitfall). */
    notes?(denied: readonly DeniedPermission[], requests: ReplicationRequests): string[];
}

/** Permissions one statement can grant: the same resource, in the same context. */
export function permissionGroupKey(permission: Permission): string {
    return groupKey(permission.target, permission.resource, permission.kms?.viaService, permission.kms?.encryptionContext);
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const id = key(item);
        const group = groups.get(id);
        if (group) {
            group.push(item);
        } else {
            groups.set(id, [item]);
        }
    }
    return [...groups.values()];
}

/** Denials by a key policy that lets in neither the role nor its account: the key policy must change. */
function keyPolicyProblem(
    requests: ReplicationRequests,
    first: Permission,
    blocked: readonly (RequestVerdict & { blocked: KeyPolicyBlock })[],
    problem: typeof roleProblem,
    secrets: SecretValues,
): RuleProblem {
    const block = blocked[0].blocked;
    const actions = unique(blocked.map((b) => b.permission.action));
    const unmet = blocked.flatMap((b) => (b.verdict.kind === "denied" ? b.verdict.unmet : []));
    if (unmet.length > 0) {
        // A statement nearly lets the role in: correct its condition rather than add a broader statement.
        const [{ at, conditions }] = unmet;
        const sent = conditions.map((c) => `${c.key} ${sentValue(c.key, first, requests)}`);
        return problem(
            requests,
            `is not allowed ${listText(actions)} on ${describeTarget(first)}: ${describeLocation(at)} would let it in, but its ${listText(conditions.map((condition) => describeConditionOutcome(condition, secrets)))}.${grantsText(blocked)} Correct that condition in ${describeLocation(at)} so that it admits what S3 sends (${listText(sent)}); no new statement is needed.`,
            { urn: block.declaredBy.urn, about: aboutPermissions(blocked) },
        );
    }
    const statement = keyPolicyGrant("AllowS3ReplicationRole", requests.caller, block.partition, actions);
    const fix = statement ? `Add to ${block.origin}: ${statement}` : `Add to ${block.origin} a statement allowing the role's ARN ${listText(actions)}`;
    return problem(
        requests,
        `is not allowed ${listText(actions)} on ${describeTarget(first)}: ${block.origin} lets in neither the role nor its account (no statement of it allows the role or its account), and KMS honours identity policies only for a key whose key policy allows the account.${grantsText(blocked)} ${fix}.`,
        { urn: block.declaredBy.urn, about: aboutPermissions(blocked) },
    );
}

/** The grants that lack the operations, as sentences after a space; empty when there is none. */
function grantsText(denied: readonly RequestVerdict[]): string {
    return grantsLackingNote(denied)
        .map((sentence) => ` ${sentence}`)
        .join("");
}

/** The value S3's request carries for a condition key, as messages name it (the pattern of objects, never a sample). */
function sentValue(key: string, permission: Permission, requests: ReplicationRequests): string {
    const lower = key.toLowerCase();
    const use = permission.kms;
    if (use && lower === KMS_VIA_SERVICE.toLowerCase()) {
        return use.viaService;
    }
    if (use && lower === KMS_S3_ARN_CONTEXT.toLowerCase()) {
        return use.encryptionContext;
    }
    if ((lower === "kms:calleraccount" || lower === "aws:principalaccount") && requests.caller.account) {
        return requests.caller.account;
    }
    if (lower === "aws:principalarn" && requests.caller.arn) {
        return requests.caller.arn;
    }
    const value = Object.entries(permission.request.context ?? {}).find(([name]) => name.toLowerCase() === lower)?.[1];
    return typeof value === "string" ? value : "(a value the stack does not show)";
}

/** IAM user guide, "Permissions boundaries for IAM entities". */
const NOT_PRINCIPAL_NOTE =
    "The role has a permissions boundary, and a Deny with NotPrincipal denies every principal with a permissions boundary, whatever NotPrincipal lists: write that Deny with a Condition ArnNotEquals on aws:PrincipalArn instead.";

/** `is not allowed <actions> on <target>: <reasons>.` */
function denialOf(first: Permission, actions: readonly DeniedAction[], secrets: SecretValues): string {
    return `is not allowed ${listText(unique(actions.map((a) => a.action)))} on ${describeTarget(first)}: ${denialReasons(actions, secrets).join("; ")}.`;
}

/** Why a denial on a bucket or key outside the stack is only advisory. */
function unseenNote(first: Permission, unseen: "bucket" | "key", actions: string): string {
    if (unseen === "bucket") {
        const bucket = first.resourceWithPolicy.kind === "bucket" ? `${first.resourceWithPolicy.side} bucket` : "bucket";
        return `The ${bucket} is outside this stack, so its bucket policy cannot be checked: a bucket policy outside the stack may grant the role ${actions}.`;
    }
    return `The key is outside this stack, so its key policy cannot be checked: a key policy naming the role may grant it ${actions} directly, with no identity policy needed.`;
}

/**
 * The role's permissions that `check` judges, decided by its identity policies and by the policy
 * of the bucket or key each is on: a mandatory problem for what is denied; an advisory one for
 * what only a policy the pack cannot see might allow (the policy of a bucket or key outside the
 * stack, or, once the role is deployed, an identity policy it cannot read).
 */
export function identityPermissionProblems(index: StackIndex, requests: ReplicationRequests, check: PermissionCheck, facts: ExternalFacts): RuleProblem[] {
    const problems: RuleProblem[] = [];
    const unreadBoundary: { what: string; statement: string; about: RequestKey[] }[] = [];
    const undecided: { cause: string; what: string; about: RequestKey[]; problem: typeof roleProblem }[] = [];
    const { unreadable } = requests.role;
    for (const group of groupBy(
        requests.permissions.filter((p) => check.covers(p)),
        permissionGroupKey,
    )) {
        const decided = group.map((permission) => decide(permission, { index, requests, facts }));
        const [{ permission: first }] = decided;
        const problem = first.onceOptedIn ? onceOptedInProblem : roleProblem;
        const statement = (actions: string[]) => identityStatement(first, actions);
        const denied = decided.filter((d): d is DeniedPermission & RequestVerdict => d.verdict.kind === "denied" && d.blocked === undefined);
        const blocked = decided.filter((d): d is RequestVerdict & { blocked: KeyPolicyBlock } => d.blocked !== undefined);
        if (blocked.length > 0) {
            problems.push(keyPolicyProblem(requests, first, blocked, problem, index.secrets));
        }
        const certain = denied.filter((d) => d.unseen === undefined);
        if (certain.length > 0) {
            const actions = certain.map((d) => ({ action: d.permission.action, verdict: d.verdict }));
            const deniedBy = certain.find((d) => d.decidedBy !== undefined)?.decidedBy;
            problems.push(
                problem(
                    requests,
                    [
                        denialOf(first, actions, index.secrets),
                        ...(check.notes?.(certain, requests) ?? []),
                        ...(certain.some((d) => d.notPrincipal) ? [NOT_PRINCIPAL_NOTE] : []),
                        ...grantsLackingNote(certain),
                        denialFix(actions, statement, "one of its policies"),
                    ].join(" "),
                    { ...(deniedBy ? { urn: deniedBy.urn } : {}), about: aboutPermissions(certain) },
                ),
            );
        }
        const outOfSight = denied.filter((d) => d.unseen !== undefined);
        if (outOfSight.length > 0) {
            const actions = outOfSight.map((d) => ({ action: d.permission.action, verdict: d.verdict }));
            const names = unique(actions.map((a) => a.action));
            problems.push(
                problem(
                    requests,
                    [
                        denialOf(first, actions, index.secrets),
                        ...(check.notes?.(outOfSight, requests) ?? []),
                        unseenNote(first, outOfSight[0].unseen ?? "bucket", listText(names)),
                        `Unless it does, add to one of the role's policies: ${statement(names)}`,
                    ].join(" "),
                    { advisoryOnly: true, about: aboutPermissions(outOfSight) },
                ),
            );
        }
        for (const sameCause of groupBy(
            decided.filter((d) => d.fix?.kind === "confirm"),
            (d) => (d.fix?.kind === "confirm" ? d.fix.what : ""),
        )) {
            const actions = unique(sameCause.map((d) => d.permission.action));
            undecided.push({
                cause: sameCause[0].fix?.kind === "confirm" ? sameCause[0].fix.what : "",
                what: `${listText(actions)} on ${describeTarget(first)}`,
                about: aboutPermissions(sameCause),
                problem,
            });
        }
        const unverifiable = decided.filter((d) => d.verdict.kind === "unverifiable");
        const { boundary } = requests.role;
        const boundaryUnread = boundary.kind === "unreadable" ? boundary.policy : undefined;
        const limitedBy = unverifiable.filter(
            (d) => d.verdict.kind === "unverifiable" && boundaryUnread !== undefined && d.verdict.unreadable.includes(boundaryUnread),
        );
        const unverifiedIdentity = unverifiable.filter((d) => !limitedBy.includes(d));
        if (unverifiedIdentity.length > 0 && isDeployed(requests.role)) {
            const actions = unique(unverifiedIdentity.map((d) => d.permission.action));
            const unread = listText(unreadable.map(describeUnreadable));
            problems.push(
                problem(
                    requests,
                    `is allowed ${listText(actions)} on ${describeTarget(first)} by none of the policies the pack can read; ${unread} cannot be checked and may allow it. Make sure the role has: ${statement(actions)}`,
                    { advisoryOnly: true, about: aboutPermissions(unverifiedIdentity) },
                ),
            );
        }
        if (limitedBy.length > 0 && boundaryUnread && isDeployed(requests.role)) {
            const actions = unique(limitedBy.map((d) => d.permission.action));
            unreadBoundary.push({
                what: `${listText(actions)} on ${describeTarget(first)}`,
                statement: statement(actions),
                about: aboutPermissions(limitedBy),
            });
        }
    }
    // Undecided only for what the stack never shows: one advisory per cause (a statement or grant and what to confirm
    // about it), whatever bucket, objects or key it bears on.
    for (const sameCause of groupBy(undecided, (u) => `${u.problem === roleProblem ? "" : "once opted in "}${u.cause}`)) {
        problems.push(
            sameCause[0].problem(
                requests,
                `may not be allowed ${listText(sameCause.map((u) => u.what))}: it is allowed only depending on ${sameCause[0].cause}, which the stack cannot tell. Confirm it, or replication of these objects fails.`,
                { advisoryOnly: true, about: sameCause.flatMap((u) => u.about) },
            ),
        );
    }
    // One cause, one finding: a boundary the pack cannot read limits every request it may not allow.
    if (unreadBoundary.length > 0 && requests.role.boundary.kind === "unreadable") {
        problems.push(
            roleProblem(
                requests,
                `is allowed ${listText(unreadBoundary.map((u) => u.what))} by its policies, but ${describeUnreadable(requests.role.boundary.policy)} cannot be checked, and the role may do only what its permissions boundary allows too. Make sure the boundary allows: ${unreadBoundary.map((u) => u.statement).join(" ")}`,
                { advisoryOnly: true, about: unreadBoundary.flatMap((u) => u.about) },
            ),
        );
    }
    return problems;
}
