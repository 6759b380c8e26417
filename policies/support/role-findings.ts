/**
 * What the replication-role policies share: the loop over each enabled rule's requests
 * (`eachRuleRequests`), and how the role's requests are decided (`judge`) and turned into
 * problems; the wording is in wording/messages.ts and wording/labels.ts.
 */
import { accountRootArn } from "../model/arn";
import { ExternalFacts } from "../model/external-facts";
import { StackAnalysis } from "./analysis";
import { describeConditionOutcome } from "../model/iam";
import { keyPolicyStatement } from "../model/key-policy";
import { decideBoundary, decideForRole, isDeployed, Permission, ReplicationRequests, replicationRequests } from "../model/role";
import { describeResource, PolicyResource, StackIndex } from "../model/stack";
import { KeyPolicyBlock, resourceSide } from "../model/role/resource-side";
import { ALLOWED, Denial, UNDECIDABLE, Verdict } from "../model/verdict";
import {
    allowStatement,
    DeniedAction,
    denialFix,
    denialReasons,
    describeLocation,
    describeTarget,
    describeUnreadable,
    listText,
    unique,
} from "../wording/messages";
import { Finding } from "./define";
import { eachEnabledRule, RuleProblem, RuleProblems } from "./each-rule";
import { groupKey, ruleLabel } from "../wording/labels";

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

/** A problem of the role; the same one for several of its rules is reported once, naming them all. */
export function roleProblem(requests: ReplicationRequests, body: string, options: { urn?: string; advisoryOnly?: boolean } = {}): RuleProblem {
    const role = describeResource(requests.role.role);
    return {
        urn: options.urn ?? requests.role.role.urn,
        problemId: body,
        ruleLabel: ruleLabel(requests.replication),
        message: (rules) => `${role}, the replication role of ${rules}, ${body}`,
        ...(options.advisoryOnly ? { advisoryOnly: true } : {}),
    };
}

export interface DeniedPermission {
    permission: Permission;
    verdict: Denial;
}

/** Permissions the role lacks, by what they are on: one finding per statement to add. */
export interface PermissionCheck {
    /** Which of the rule's permissions the policy judges. */
    judges(permission: Permission): boolean;
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

interface Judged {
    permission: Permission;
    verdict: Verdict;
    /** The bucket or key the denial is on is outside the stack: a policy of it the pack cannot see may allow the role. */
    unseen?: "bucket" | "key";
    /** The key policy lets in neither the role nor its account: it is what must change. */
    blocked?: KeyPolicyBlock;
    /** The resource whose policy denies explicitly, when that is a key policy: the finding is reported on it. */
    deniedBy?: PolicyResource;
}

/**
 * A request as AWS decides it (IAM user guide, "Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an
 * explicit Deny in the identity policies, the permissions boundary or the policy of the bucket or
 * key denies; a key policy that lets in neither the role nor its account denies; otherwise a
 * resource policy allowing the role itself is enough (within the boundary), else the identity
 * policies and the boundary must both allow. What cannot be told is undecidable.
 */
function judge(index: StackIndex, requests: ReplicationRequests, permission: Permission, facts: ExternalFacts): Judged {
    const verdict = decideForRole(permission.request, requests.role);
    const side = resourceSide(index, requests, permission, facts);
    if (side.kind === "denies") {
        const own = verdict.kind === "denied" && verdict.explicit ? verdict.denying : [];
        return { permission, verdict: { kind: "denied", explicit: true, denying: [...own, ...side.denying], unmet: [] }, deniedBy: side.declaredBy };
    }
    if (side.kind === "blocks") {
        if (verdict.kind === "denied" && verdict.explicit) {
            return { permission, verdict };
        }
        return { permission, verdict: { kind: "denied", explicit: false, denying: [], unmet: side.block.unmet }, blocked: side.block };
    }
    if (!(verdict.kind === "unverifiable" || (verdict.kind === "denied" && !verdict.explicit))) {
        return { permission, verdict };
    }
    switch (side.kind) {
        case "grants":
            // A grant to the role's ARN is limited by the role's permissions boundary ("Permissions boundaries for IAM entities").
            return { permission, verdict: decideBoundary(permission.request, requests.role.boundary).kind === "allowed" ? ALLOWED : UNDECIDABLE };
        case "unknown":
            return { permission, verdict: UNDECIDABLE };
        case "unseen":
            return { permission, verdict, unseen: side.resource };
        case "defers":
            return { permission, verdict };
    }
}

/** Denials by a key policy that lets in neither the role nor its account: the key policy must change. */
function keyPolicyProblem(requests: ReplicationRequests, first: Permission, blocked: readonly (Judged & { blocked: KeyPolicyBlock })[]): RuleProblem {
    const block = blocked[0].blocked;
    const actions = unique(blocked.map((b) => b.permission.action));
    const unmet = blocked.flatMap((b) => (b.verdict.kind === "denied" ? b.verdict.unmet : []));
    const why =
        unmet.length > 0
            ? `${describeLocation(unmet[0].at)} would allow it, but its ${listText(unmet[0].conditions.map(describeConditionOutcome))}`
            : "no statement of it allows the role or its account";
    const { arn, account } = requests.caller;
    const principal = arn ?? (account ? accountRootArn(block.partition, account) : undefined);
    const fix = principal
        ? `Add to ${block.origin}: ${keyPolicyStatement("AllowS3ReplicationRole", principal, actions)}`
        : `Add to ${block.origin} a statement allowing the role's ARN ${listText(actions)}`;
    return roleProblem(
        requests,
        `is not allowed ${listText(actions)} on ${describeTarget(first)}: ${block.origin} lets in neither the role nor its account (${why}), and KMS honours identity policies only for a key whose key policy allows the account. ${fix}.`,
        { urn: block.declaredBy.urn },
    );
}

/** `is not allowed <actions> on <target>: <reasons>.` */
function denialOf(first: Permission, actions: readonly DeniedAction[]): string {
    return `is not allowed ${listText(unique(actions.map((a) => a.action)))} on ${describeTarget(first)}: ${denialReasons(actions).join("; ")}.`;
}

/** Why a denial on a bucket or key outside the stack is only advisory. */
function unseenNote(first: Permission, unseen: "bucket" | "key", actions: string): string {
    if (unseen === "bucket") {
        const bucket = first.holder.kind === "bucket" ? `${first.holder.side} bucket` : "bucket";
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
    const { unreadable } = requests.role;
    for (const group of groupBy(
        requests.permissions.filter((p) => check.judges(p)),
        permissionGroupKey,
    )) {
        const decided = group.map((permission) => judge(index, requests, permission, facts));
        const [{ permission: first }] = decided;
        const statement = (actions: string[]) => allowStatement(actions, first.resource, { kms: first.kms });
        const denied = decided.filter((d): d is DeniedPermission & Judged => d.verdict.kind === "denied" && d.blocked === undefined);
        const blocked = decided.filter((d): d is Judged & { blocked: KeyPolicyBlock } => d.blocked !== undefined);
        if (blocked.length > 0) {
            problems.push(keyPolicyProblem(requests, first, blocked));
        }
        const certain = denied.filter((d) => d.unseen === undefined);
        if (certain.length > 0) {
            const actions = certain.map((d) => ({ action: d.permission.action, verdict: d.verdict }));
            const deniedBy = certain.find((d) => d.deniedBy !== undefined)?.deniedBy;
            problems.push(
                roleProblem(
                    requests,
                    [denialOf(first, actions), ...(check.notes?.(certain, requests) ?? []), denialFix(actions, statement, "one of its policies")].join(" "),
                    deniedBy ? { urn: deniedBy.urn } : {},
                ),
            );
        }
        const outOfSight = denied.filter((d) => d.unseen !== undefined);
        if (outOfSight.length > 0) {
            const actions = outOfSight.map((d) => ({ action: d.permission.action, verdict: d.verdict }));
            const names = unique(actions.map((a) => a.action));
            problems.push(
                roleProblem(
                    requests,
                    [
                        denialOf(first, actions),
                        ...(check.notes?.(outOfSight, requests) ?? []),
                        unseenNote(first, outOfSight[0].unseen ?? "bucket", listText(names)),
                        `Unless it does, add to one of the role's policies: ${statement(names)}`,
                    ].join(" "),
                    { advisoryOnly: true },
                ),
            );
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
                roleProblem(
                    requests,
                    `is allowed ${listText(actions)} on ${describeTarget(first)} by none of the policies the pack can read; ${unread} cannot be checked and may allow it. Make sure the role has: ${statement(actions)}`,
                    { advisoryOnly: true },
                ),
            );
        }
        if (limitedBy.length > 0 && boundaryUnread && isDeployed(requests.role)) {
            const actions = unique(limitedBy.map((d) => d.permission.action));
            problems.push(
                roleProblem(
                    requests,
                    `is allowed ${listText(actions)} on ${describeTarget(first)} by its policies, but ${describeUnreadable(boundaryUnread)} cannot be checked, and the role may do only what its permissions boundary allows too. Make sure the boundary allows: ${statement(actions)}`,
                    { advisoryOnly: true },
                ),
            );
        }
    }
    return problems;
}
