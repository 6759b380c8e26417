/**
 * Policy pack configuration in the format of `pulumi preview --policy-pack-config <file>`:
 *
 *     {"all": "advisory", "<policy>": "mandatory", "<policy>": {"enforcementLevel": "disabled", "<param>": ...}}
 *
 * parsed and reconciled with the pack's policies the way the engine does it
 * (pkg/resource/analyzer/config.go): schema defaults, then the pack's own initial config, then the
 * given config, with "all" setting every policy's level before per-policy entries apply.
 */
import { cliPolicySchema, unsupportedKeywords, validateAgainstSchema } from "./config-schema";
import { AnalyzerInfo, ENFORCEMENT_LEVELS, EnforcementLevel, PolicyConfig } from "./types";
import { isPlainObject } from "./values";
import { describeJsonShapeProblem, jsonShapeProblem } from "./json-shape";

export type GivenPolicyConfig = Record<string, Partial<PolicyConfig>>;

const ALL_POLICIES = "all";
/** Pulumi ESC environments to open for the policy config; the CLI takes them out before parsing policies. */
const ENVIRONMENTS_KEY = "environments";

/** Parses the JSON text of a policy config file; throws an Error with a one-line explanation. */
export function parsePolicyConfig(text: string): GivenPolicyConfig {
    if (text.trim() === "") {
        return {};
    }
    const shape = jsonShapeProblem(text);
    if (shape) {
        throw new Error(describeJsonShapeProblem(shape));
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new Error(`not valid JSON (${(error as Error).message})`);
    }
    if (!isPlainObject(parsed)) {
        throw new Error("must be a JSON object mapping policy names to a level or an object");
    }
    const config: GivenPolicyConfig = {};
    for (const [policyName, entry] of Object.entries(parsed)) {
        if (policyName === ENVIRONMENTS_KEY) {
            if (!Array.isArray(entry) || !entry.every((name) => typeof name === "string")) {
                throw new Error(`"${ENVIRONMENTS_KEY}" must be an array of strings`);
            }
            continue;
        }
        if (typeof entry === "string") {
            config[policyName] = { enforcementLevel: checkLevel(policyName, entry) };
        } else if (isPlainObject(entry)) {
            const { enforcementLevel: level, ...properties } = entry;
            config[policyName] = {
                ...(level !== undefined ? { enforcementLevel: checkLevel(policyName, level) } : {}),
                ...(Object.keys(properties).length > 0 ? { properties } : {}),
            };
        } else {
            throw new Error(`"${policyName}" must be an enforcement level or an object, not ${JSON.stringify(entry)}`);
        }
    }
    return config;
}

function checkLevel(policyName: string, level: unknown): EnforcementLevel {
    if (typeof level !== "string" || !ENFORCEMENT_LEVELS.includes(level as EnforcementLevel)) {
        const choices = ENFORCEMENT_LEVELS.join(", ");
        throw new Error(`"${policyName}": ${JSON.stringify(level)} is not an enforcement level (use ${choices})`);
    }
    return level as EnforcementLevel;
}

/** The config to send with Configure: one entry per policy of the pack, plus any extra names given. */
export function reconcilePolicyConfig(info: AnalyzerInfo, given: GivenPolicyConfig = {}): Record<string, PolicyConfig> {
    let result: Record<string, PolicyConfig> = {};
    for (const policy of info.policies) {
        const defaults = schemaDefaults(policy.configSchema?.properties ?? {});
        result[policy.name] = {
            enforcementLevel: policy.enforcementLevel,
            ...(Object.keys(defaults).length > 0 ? { properties: defaults } : {}),
        };
    }
    result = applyConfig(result, info.initialConfig);
    return applyConfig(result, given);
}

function schemaDefaults(schemaProperties: Record<string, unknown>): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(schemaProperties)) {
        if (isPlainObject(schema) && "default" in schema) {
            defaults[name] = schema.default;
        }
    }
    return defaults;
}

function applyConfig(current: Record<string, PolicyConfig>, toApply: GivenPolicyConfig): Record<string, PolicyConfig> {
    const result = { ...current };
    const allLevel = toApply[ALL_POLICIES]?.enforcementLevel;
    if (allLevel) {
        for (const name of Object.keys(result)) {
            result[name] = { ...result[name], enforcementLevel: allLevel };
        }
    }
    for (const [name, given] of Object.entries(toApply)) {
        if (name === ALL_POLICIES) {
            continue;
        }
        const existing = result[name];
        const properties = { ...existing?.properties, ...given.properties };
        result[name] = {
            enforcementLevel: given.enforcementLevel ?? existing?.enforcementLevel ?? allLevel ?? "advisory",
            ...(Object.keys(properties).length > 0 ? { properties } : {}),
        };
    }
    return result;
}

/** The ESC environments a policy config names (which the checker cannot open offline). */
export function policyConfigEnvironments(text: string): string[] {
    try {
        const parsed = JSON.parse(text);
        return isPlainObject(parsed) && Array.isArray(parsed[ENVIRONMENTS_KEY]) ? parsed[ENVIRONMENTS_KEY] : [];
    } catch {
        return [];
    }
}

export interface PolicyConfigCheck {
    /** What the CLI rejects (`<policy>: <field>: <reason>`), sorted as the CLI sorts them. */
    errors: string[];
    /** What the CLI accepts silently but is most likely a mistake: unknown policies and properties. */
    warnings: string[];
}

/**
 * Checks the reconciled config the way `pulumi preview --policy-pack-config` does before running
 * anything (ReconcilePolicyPackConfig): every policy with a config schema is validated, named in
 * the config or not (so required properties and schema defaults count), on its properties alone:
 * `enforcementLevel` is taken out first, and "all" only sets levels. A top-level
 * `additionalProperties` in a schema does not reach the CLI's validator, so a property the
 * policy does not have is a warning here, as is a policy the pack does not have.
 */
export function checkPolicyConfig(info: AnalyzerInfo, reconciled: Record<string, PolicyConfig>, given: GivenPolicyConfig): PolicyConfigCheck {
    const errors: string[] = [];
    const warnings: string[] = [];
    const policies = new Map(info.policies.map((policy) => [policy.name, policy]));
    for (const policy of info.policies) {
        if (!policy.configSchema) {
            continue;
        }
        const schema = cliPolicySchema(policy.configSchema);
        const unsupported = unsupportedKeywords(schema);
        if (unsupported.length > 0) {
            warnings.push(`${policy.name}: config not validated: its schema uses ${unsupported.join(", ")}, which the checker does not implement`);
            continue;
        }
        const properties = reconciled[policy.name]?.properties ?? {};
        errors.push(...validateAgainstSchema(schema, properties).map((error) => `${policy.name}: ${error}`));
    }
    for (const [name, entry] of Object.entries(given)) {
        if (name === ALL_POLICIES) {
            if (entry.properties) {
                warnings.push(`"all" sets only the enforcement level; its properties ${Object.keys(entry.properties).join(", ")} are ignored`);
            }
            continue;
        }
        const policy = policies.get(name);
        if (!policy) {
            warnings.push(`the policy config names "${name}", which pack ${info.name} does not have`);
            continue;
        }
        const known = Object.keys(policy.configSchema?.properties ?? {});
        for (const property of Object.keys(entry.properties ?? {})) {
            if (!known.includes(property)) {
                const has = known.length > 0 ? `its properties are ${known.join(", ")}` : "it takes no properties";
                warnings.push(`"${name}" has no property "${property}" (${has}); it is ignored`);
            }
        }
    }
    return { errors: errors.sort(), warnings };
}
