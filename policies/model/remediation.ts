/**
 * Safe fixes to replication rules, written back in each resource's own shape.
 *
 * Remediation receives properties with secrets still wrapped. Fixes copy only the objects on
 * the path to the rule they change and keep everything else, secret wrappers included, by
 * reference, so that no secret is ever returned unwrapped. A rule behind a secret or an
 * unknown value is left alone.
 */
import { PathSegment, isUnknownValue, unproxy } from "./value";
import { ReplicationConfiguration, ReplicationRule, ReplicationShape } from "./replication";

export type Plain = Record<string, unknown>;

function isPlainContainer(value: unknown): value is Plain | unknown[] {
    if (Array.isArray(value)) {
        return true;
    }
    return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function shallowCopy(value: Plain | unknown[]): Plain | unknown[] {
    return Array.isArray(value) ? [...value] : { ...value };
}

/**
 * Returns a copy of `root` in which the object at `path` is replaced by `update(object)`, or
 * undefined when the path crosses anything but plain objects and arrays (a secret, an unknown).
 */
export function updateAt(root: unknown, path: PathSegment[], update: (target: Plain) => Plain): Plain | undefined {
    const top = unproxy(root);
    if (!isPlainContainer(top) || Array.isArray(top)) {
        return undefined;
    }
    const copy = shallowCopy(top) as Plain;
    let parent: Plain | unknown[] = copy;
    for (let i = 0; i < path.length; i++) {
        const segment = path[i];
        const child = unproxy((parent as Record<PathSegment, unknown>)[segment]);
        if (!isPlainContainer(child) || isUnknownValue(child)) {
            return undefined;
        }
        const childCopy = shallowCopy(child);
        if (i === path.length - 1) {
            if (Array.isArray(childCopy)) {
                return undefined;
            }
            (parent as Record<PathSegment, unknown>)[segment] = update(childCopy);
            return copy;
        }
        (parent as Record<PathSegment, unknown>)[segment] = childCopy;
        parent = childCopy;
    }
    return update(copy);
}

type RuleFix = (rule: Plain) => Plain;

const optInByShape: Record<ReplicationShape, RuleFix> = {
    BucketReplicationConfig: (rule) => ({
        ...rule,
        sourceSelectionCriteria: { ...asPlain(rule.sourceSelectionCriteria), sseKmsEncryptedObjects: { status: "Enabled" } },
    }),
    "aws-native Bucket": (rule) => ({
        ...rule,
        sourceSelectionCriteria: { ...asPlain(rule.sourceSelectionCriteria), sseKmsEncryptedObjects: { status: "Enabled" } },
    }),
    Bucket: (rule) => ({ ...rule, sourceSelectionCriteria: { sseKmsEncryptedObjects: { enabled: true } } }),
    BucketV2: (rule) => ({ ...rule, sourceSelectionCriterias: [{ sseKmsEncryptedObjects: [{ enabled: true }] }] }),
};

function asPlain(value: unknown): Plain {
    const v = unproxy(value);
    return isPlainContainer(v) && !Array.isArray(v) ? v : {};
}

/** Adds `SseKmsEncryptedObjects: Enabled` to a rule. */
export function addSseKmsOptIn(props: unknown, configuration: ReplicationConfiguration, rule: ReplicationRule): Plain | undefined {
    return updateAt(props, rule.path, optInByShape[configuration.shape]);
}
