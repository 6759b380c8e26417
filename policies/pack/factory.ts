/**
 * The catalogue as a library: an organisation adds these policies to its own `PolicyPack`
 * (the way AWSGuard is used), with its own enforcement levels and default configuration.
 * The standalone pack (index.ts) is one call of it.
 */
import { EnforcementLevel, Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { catalogue, CataloguePolicyName } from "./catalogue";
import { environments } from "../environments";
import { EnvironmentConfig } from "../runtime/environment-setting";
import { attachToFramework, ENVIRONMENTS_POLICY, setEnvironmentDefaults } from "../runtime/engine-observer";

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The name of a policy of this pack: a misspelt name in the options fails to compile. */
export type PolicyName = typeof ENVIRONMENTS_POLICY | CataloguePolicyName;

export interface S3EncryptedReplicationOptions {
    /**
     * Enforcement level per policy name; `all` sets every policy's default first. The pack-wide
     * `s3-replication-environments` setting has no level to set: it is in force whenever configured.
     */
    enforcementLevels?: { all?: EnforcementLevel } & { [name in CataloguePolicyName]?: EnforcementLevel };
    /**
     * Default configuration per policy name (e.g. `destinationRegions` for
     * `s3-replication-replica-key-region`); what `--policy-pack-config` sets for a key wins.
     */
    config?: { [name in CataloguePolicyName]?: Record<string, unknown> } & { [ENVIRONMENTS_POLICY]?: EnvironmentConfig };
}

const allPolicies = [environments, ...catalogue];

export const policyNames = allPolicies.map((p) => p.name) as readonly PolicyName[];

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

function withDefaultConfig<P extends AnyPolicy>(policy: P, defaults: object | undefined): P {
    if (!defaults) {
        return policy;
    }
    return withArgs(policy, (args) => ({
        ...args,
        getConfig: <T extends object>() => ({ ...defaults, ...args.getConfig<object>() }) as T,
    }));
}

/**
 * The pack's policies, the pack-wide environment setting first. Unknown names in the options are
 * an error (for JavaScript callers; TypeScript rejects them at compile time).
 */
export function s3EncryptedReplicationPolicies(options: S3EncryptedReplicationOptions = {}): Policies {
    const known = new Set<string>(policyNames);
    const levelNames = Object.keys(options.enforcementLevels ?? {}).filter((k) => k !== "all");
    const named = [...levelNames, ...Object.keys(options.config ?? {})];
    const unknownNames = named.filter((name) => !known.has(name) || (name === ENVIRONMENTS_POLICY && levelNames.includes(name)));
    if (unknownNames.length > 0) {
        throw new Error(
            `s3-encrypted-replication: no policy named ${unknownNames.join(", ")} to configure so; known policies: ${policyNames.join(", ")} (${ENVIRONMENTS_POLICY} takes configuration, not a level)`,
        );
    }
    attachToFramework();
    setEnvironmentDefaults(options.config?.[ENVIRONMENTS_POLICY]);
    const levels: Partial<Record<string, EnforcementLevel>> = options.enforcementLevels ?? {};
    const config: Partial<Record<string, object>> = options.config ?? {};
    return allPolicies.map((policy): AnyPolicy => {
        const enforcementLevel = policy === environments ? policy.enforcementLevel : (levels[policy.name] ?? levels.all ?? policy.enforcementLevel);
        return withDefaultConfig({ ...policy, enforcementLevel }, config[policy.name]);
    });
}
