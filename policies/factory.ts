/**
 * The catalogue as a library: an organisation adds these policies to its own `PolicyPack`
 * (the way AWSGuard is used), with its own enforcement levels and default configuration.
 * The standalone pack (index.ts) is one call of it.
 */
import { EnforcementLevel, Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { catalogue } from "./catalogue";
import { environments } from "./environments";

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

export interface S3EncryptedReplicationOptions {
    /** Enforcement level per policy name; `all` sets every policy's default first. */
    enforcementLevels?: { all?: EnforcementLevel } & Record<string, EnforcementLevel | undefined>;
    /**
     * Default configuration per policy name (e.g. `destinationRegions` for
     * `s3-replication-replica-key-region`); what `--policy-pack-config` sets for a key wins.
     */
    config?: Record<string, Record<string, unknown> | undefined>;
}

export const policyNames: readonly string[] = [environments, ...catalogue].map((p) => p.name);

type ArgsWithConfig = { getConfig<T extends object>(): T };

/** A copy of `policy` whose validations and remediation see `transform(args)` instead of `args`. */
export function withArgs<P extends AnyPolicy>(policy: P, transform: <A extends ArgsWithConfig>(args: A) => A): P {
    const copy = { ...policy } as AnyPolicy;
    if ("validateStack" in policy && typeof policy.validateStack === "function") {
        const validateStack = policy.validateStack;
        (copy as StackValidationPolicy).validateStack = (args, report) => validateStack(transform(args), report);
    }
    if ("validateResource" in policy && policy.validateResource) {
        const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
        (copy as ResourceValidationPolicy).validateResource = validations.map((v) => (args, report) => v(transform(args), report));
    }
    if ("remediateResource" in policy && policy.remediateResource) {
        const remediate = policy.remediateResource;
        (copy as ResourceValidationPolicy).remediateResource = (args) => remediate(transform(args));
    }
    return copy as P;
}

function withDefaultConfig<P extends AnyPolicy>(policy: P, defaults: Record<string, unknown> | undefined): P {
    if (!defaults) {
        return policy;
    }
    return withArgs(policy, (args) => ({
        ...args,
        getConfig: <T extends object>() => ({ ...defaults, ...args.getConfig<object>() }) as T,
    }));
}

/** The pack's policies, the pack-wide environment setting first. Unknown names in the options are an error. */
export function s3EncryptedReplicationPolicies(options: S3EncryptedReplicationOptions = {}): Policies {
    const known = new Set(policyNames);
    const named = [...Object.keys(options.enforcementLevels ?? {}).filter((k) => k !== "all"), ...Object.keys(options.config ?? {})];
    const unknownNames = named.filter((name) => !known.has(name));
    if (unknownNames.length > 0) {
        throw new Error(`s3-encrypted-replication: no policy named ${unknownNames.join(", ")}; known policies: ${policyNames.join(", ")}`);
    }
    const levels = options.enforcementLevels ?? {};
    return [environments, ...catalogue].map((policy) => {
        const enforcementLevel = levels[policy.name] ?? (policy === environments ? undefined : levels.all) ?? policy.enforcementLevel;
        return withDefaultConfig({ ...policy, enforcementLevel }, options.config?.[policy.name]);
    });
}
