/**
 * How findings say what to change, in one place: where a setting goes, the statements to add,
 * why a request is denied (how they name things: labels.ts and field-names.ts). Messages quote
 * only identifiers (ARNs, names, actions, condition keys), never a whole value or document.
 */
import { isKmsAliasReference } from "../model/arn";
import { describeConditionOutcome } from "../model/iam";
import { SecretValues } from "../model/secret-values";
import { types } from "../model/resource-types";
import { Permission, PermissionTarget } from "../model/role";
import { KMS_S3_ARN_CONTEXT, KMS_VIA_SERVICE } from "../model/s3-request-context";
import { describeResource, PolicyResource } from "../model/stack";
import { Denial, locationText, UnreadablePolicy } from "../model/verdict";
import { allowStatement, kmsCondition } from "../model/authorization/statements";
import type { GrantLacking } from "../model/authorization";

export { allowStatement, kmsCondition };

/**
 * Where a default-encryption resource (or a bucket's inline block) turns the S3 Bucket Key on: its
 * Pulumi schema path and the S3 API element, in no language's syntax (issue 21.5).
 */
export function bucketKeySetting(declaredBy: PolicyResource): string {
    return `\`${bucketKeyPath(declaredBy)}\` set to true (S3 API: ServerSideEncryptionRule/BucketKeyEnabled)`;
}

function bucketKeyPath(declaredBy: PolicyResource): string {
    switch (declaredBy.type) {
        case types.bucket:
            return "serverSideEncryptionConfiguration.rule.bucketKeyEnabled";
        case types.bucketV2:
            return "serverSideEncryptionConfigurations[0].rules[0].bucketKeyEnabled";
        case types.nativeBucket:
            return "bucketEncryption.serverSideEncryptionConfiguration[0].bucketKeyEnabled";
        default:
            return "rules[0].bucketKeyEnabled";
    }
}

/**
 * How many items a list in a message names; past it, the rest are counted ("and 18 more"). A
 * role with twenty managed policies of 2,048-character ARNs, named in a finding for each of a
 * thousand rules, made a preview of tens of megabytes (issue 22.8).
 */
export const MAX_LISTED_ITEMS = 8;

/** `a, b and c`; past `MAX_LISTED_ITEMS` items, the first ones and `and N more` (`noun`, when given, after the count). */
export function listText(items: readonly string[], noun?: string): string {
    if (items.length > MAX_LISTED_ITEMS) {
        const rest = items.length - MAX_LISTED_ITEMS;
        return `${items.slice(0, MAX_LISTED_ITEMS).join(", ")} and ${rest} more${noun ? ` ${noun}` : ""}`;
    }
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function unique<T>(items: readonly T[]): T[] {
    return [...new Set(items)];
}

/** How messages name a statement (or a whole resource, such as an `aws.kms.Grant`). */
export const describeLocation = locationText;

const TARGETS: Record<PermissionTarget, string> = {
    "source bucket": "the source bucket",
    "source objects": "the source objects",
    "destination objects": "the destination objects",
    "source key": "the source objects' KMS key",
    "replica key": "the replica KMS key",
};

/** A key named by an alias is called the key behind the alias (`the source objects' key behind the alias alias/aws/s3`), never a KMS key. */
const KEY_TARGETS: Partial<Record<PermissionTarget, string>> = {
    "source key": "the source objects' key",
    "replica key": "the replica key",
};

/** `the source objects arn:aws:s3:::source/Tax*`; a key named by an alias is called the key behind the alias. */
export function describeResourceOf(permission: Permission): string {
    if (permission.alias) {
        return `the replica key behind the alias ${permission.resource} (a key of account ${permission.alias.account})`;
    }
    const keyTarget = KEY_TARGETS[permission.target];
    if (keyTarget && isKmsAliasReference(permission.resource)) {
        return `${keyTarget} behind the alias ${permission.resource}`;
    }
    return `${TARGETS[permission.target]} ${permission.resource}`;
}

/**
 * The statement granting `actions` on the permission's resource, for a role's policy: JSON to
 * paste, or, for a key named by an alias of another account, what the statement must name (an IAM
 * statement names a key by its key ARN only, never by an alias).
 */
export function identityStatement(permission: Permission, actions: readonly string[]): string {
    const alias = permission.alias;
    const conditions = JSON.stringify(permission.kms ? kmsCondition(permission.kms) : {});
    if (alias) {
        return `a statement allowing ${listText(actions)} on the key ARN that ${permission.resource} points to (arn:${alias.partition}:kms:${alias.region}:${alias.account}:key/<key id>), with the conditions ${conditions}`;
    }
    if (permission.keyArnUnknown) {
        // A first preview: `resource` names the key resource, whose ARN is not known yet.
        return `a statement allowing ${listText(actions)} on the key ARN of ${permission.resource} (known once it is created), with the conditions ${conditions}`;
    }
    return allowStatement(actions, permission.resource, { kms: permission.kms });
}

/** The resource, and for KMS the context S3 sends. */
export function describeTarget(permission: Permission): string {
    const target = describeResourceOf(permission);
    const use = permission.kms;
    if (!use) {
        return target;
    }
    const context = use.bucketKey ? `${use.bucket.arn} (the bucket's ARN, under an S3 Bucket Key)` : `an object's ARN (${use.objects})`;
    return `${target} when S3 calls KMS with ${KMS_VIA_SERVICE} ${use.viaService} and ${KMS_S3_ARN_CONTEXT} ${context}`;
}

export interface DeniedAction {
    action: string;
    verdict: Denial;
}

/** Why the actions are denied, one phrase per statement involved (or one saying none allows them). */
export function denialReasons(denials: readonly DeniedAction[], secrets: SecretValues, policies = "its policies"): string[] {
    const reasons = new Map<string, { phrase: (actions: string) => string; actions: string[] }>();
    const add = (id: string, phrase: (actions: string) => string, action: string) => {
        const reason = reasons.get(id) ?? { phrase, actions: [] };
        reasons.set(id, reason);
        reason.actions = unique([...reason.actions, action]);
    };
    for (const { action, verdict } of denials) {
        if (!verdict.explicit && verdict.boundary) {
            const { origin, identityToo } = verdict.boundary;
            if (identityToo) {
                add("none", (actions) => `no statement of ${policies} allows ${actions}`, action);
            }
            add(
                `boundary ${origin}`,
                (actions) => `${origin} does not allow ${actions} (the role may do only what both its policies and its permissions boundary allow)`,
                action,
            );
            continue;
        }
        if (verdict.explicit) {
            verdict.denying.forEach((at) => add(`deny ${describeLocation(at)}`, (actions) => `${describeLocation(at)} denies ${actions}`, action));
        } else if (verdict.unmet.length > 0) {
            for (const { at, conditions } of verdict.unmet) {
                const failed = listText(conditions.map((condition) => describeConditionOutcome(condition, secrets)));
                add(`unmet ${describeLocation(at)} ${failed}`, (actions) => `${describeLocation(at)} would allow ${actions}, but its ${failed}`, action);
            }
        } else {
            add("none", (actions) => `no statement of ${policies} allows ${actions}`, action);
        }
    }
    return [...reasons.values()].map(({ phrase, actions }) => phrase(listText(actions)));
}

/** The fix for denied actions: the statement to add, and the Deny statements to narrow. */
export function denialFix(denials: readonly DeniedAction[], statement: (actions: string[]) => string, addTo: string): string {
    const lacking = denials.filter((d) => !d.verdict.explicit);
    const missing = unique(lacking.filter((d) => !d.verdict.boundary || d.verdict.boundary.identityToo).map((d) => d.action));
    const boundaries = new Map<string, string[]>();
    for (const { action, verdict } of lacking) {
        if (verdict.boundary) {
            boundaries.set(verdict.boundary.origin, unique([...(boundaries.get(verdict.boundary.origin) ?? []), action]));
        }
    }
    const denying = unique(denials.flatMap((d) => d.verdict.denying.map(describeLocation)));
    return [
        ...(missing.length > 0 ? [`Add to ${addTo}: ${statement(missing)}`] : []),
        ...[...boundaries].map(([origin, actions]) => `Add to ${origin}: ${statement(actions)}`),
        ...(denying.length > 0 ? [`An explicit Deny overrides any Allow: narrow or remove ${listText(denying)}.`] : []),
    ].join(" ");
}

export function describeUnreadable({ origin, reason }: UnreadablePolicy): string {
    const note = (text: string) => (origin.endsWith(")") ? `${origin.slice(0, -1)}, ${text})` : `${origin} (${text})`);
    switch (reason) {
        case "outside-stack":
            return note("outside this stack");
        case "unknown":
            return note("unknown until deployment");
        case "attachment-unknown":
            return note("which may or may not attach to this role");
        case "invalid":
            return note("which AWS would reject");
    }
}

/**
 * Names the stack's grants that may give the role the key's use but lack the operations asked
 * (a grant allows only the operations it lists): `aws.kms.Grant "g" may give the role this key's
 * use, but its operations (Encrypt) do not include Decrypt: add Decrypt to them, or change the
 * policies as follows.`
 */
export function grantsLackingNote(denied: readonly { permission: Pick<Permission, "action">; grantsLacking?: readonly GrantLacking[] }[]): string[] {
    const byGrant = new Map<string, { lacking: GrantLacking; missing: string[] }>();
    for (const { permission, grantsLacking = [] } of denied) {
        for (const lacking of grantsLacking) {
            const entry = byGrant.get(lacking.grant.urn) ?? { lacking, missing: [] };
            byGrant.set(lacking.grant.urn, entry);
            entry.missing = unique([...entry.missing, permission.action.replace(/^kms:/, "")]);
        }
    }
    const grants = [...byGrant.values()];
    return grants.map(
        ({ lacking, missing }, i) =>
            `${describeResource(lacking.grant)} may give the role this key's use, but its operations (${listText(lacking.operations)}) do not include ${listText(missing)}: add ${listText(missing)} to them${i === grants.length - 1 ? ", or change the policies as follows" : ""}.`,
    );
}
