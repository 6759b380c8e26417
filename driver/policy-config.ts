/**
 * Policy pack configuration in the format of `pulumi preview --policy-pack-config <file>`:
 *
 *     {"all": "advisory", "<policy>": "mandatory", "<policy>": {"enforcementLevel": "disabled", "<param>": ...}}
 *
 * parsed and reconciled with the pack's policies the way the engine does it
 * (pkg/resource/analyzer/config.go): schema defaults, then the pack's own initial config, then the
 * given config, with "all" setting every policy's level before per-policy entries apply.
 */
import { AnalyzerInfo, ENFORCEMENT_LEVELS, EnforcementLevel, PolicyConfig } from "./types";
import { isPlainObject } from "./values";

export type GivenPolicyConfig = Record<string, Partial<PolicyConfig>>;

const ALL_POLICIES = "all";

/** Parses the JSON text of a policy config file; throws an Error with a one-line explanation. */
export function parsePolicyConfig(text: string): GivenPolicyConfig {
    if (text.trim() === "") {
        return {};
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
