/**
 * What the stack cannot show about resources outside it, as the user states it once for the whole
 * pack: the account and Region of a bucket (by name), of a KMS key (by key or alias ARN), whether
 * a key is AWS managed, and the account of a role (by ARN). Read by every policy that needs an
 * owner or a Region; the per-policy settings of earlier versions (`bucketAccounts`,
 * `destinationRegions`) are merged in as aliases. Reading never throws: a malformed entry is no fact.
 */
import { isAccountId, isRegionName, parseRoleArn } from "./arn";
import { isJsonObject, JsonObject } from "./json";

export interface ResourceFact {
    readonly account?: string;
    readonly region?: string;
}

export interface KeyFact extends ResourceFact {
    /** The key is AWS managed (its key policy cannot be changed). */
    readonly awsManaged?: boolean;
}

export interface ExternalFacts {
    readonly buckets: ReadonlyMap<string, ResourceFact>;
    readonly keys: ReadonlyMap<string, KeyFact>;
    readonly roles: ReadonlyMap<string, ResourceFact>;
}

/** The `externalResources` setting as a library caller writes it (EXTERNAL_RESOURCES_SCHEMA is its JSON schema). */
export interface ExternalResourcesConfig {
    /** By bucket name. */
    buckets?: Record<string, { account?: string; region?: string }>;
    /** By key or alias ARN. */
    keys?: Record<string, { account?: string; region?: string; awsManaged?: boolean }>;
    /** By role ARN. */
    roles?: Record<string, { account?: string }>;
}

export const NO_FACTS: ExternalFacts = Object.freeze({ buckets: new Map(), keys: new Map(), roles: new Map() });

/** The JSON schema of the `externalResources` setting, for `pulumi policy validate-config`. */
export const EXTERNAL_RESOURCES_SCHEMA = {
    type: "object",
    description:
        'Facts about resources outside the stack, read by every policy: {"buckets": {"<bucket name>": {"account": "222222222222", "region": "us-west-2"}}, "keys": {"<key or alias ARN>": {"account": "...", "region": "...", "awsManaged": true}}, "roles": {"<role ARN>": {"account": "..."}}}.',
    properties: {
        buckets: {
            type: "object",
            additionalProperties: { type: "object", properties: { account: { type: "string", pattern: "^\\d{12}$" }, region: { type: "string" } } },
        },
        keys: {
            type: "object",
            additionalProperties: {
                type: "object",
                properties: { account: { type: "string", pattern: "^\\d{12}$" }, region: { type: "string" }, awsManaged: { type: "boolean" } },
            },
        },
        roles: { type: "object", additionalProperties: { type: "object", properties: { account: { type: "string", pattern: "^\\d{12}$" } } } },
    },
} as const;

function entries(value: unknown): [string, JsonObject][] {
    if (!isJsonObject(value)) {
        return [];
    }
    return Object.keys(value).flatMap((name) => {
        const entry = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
        return isJsonObject(entry) ? [[name, entry] as [string, JsonObject]] : [];
    });
}

function resourceFact(entry: JsonObject): ResourceFact {
    const { account, region } = entry;
    return {
        ...(typeof account === "string" && isAccountId(account) ? { account } : {}),
        ...(typeof region === "string" && isRegionName(region) ? { region } : {}),
    };
}

/** The `externalResources` setting as given (anything at all), read as facts. */
export function parseExternalFacts(raw: unknown): ExternalFacts {
    try {
        const source = isJsonObject(raw) ? raw : {};
        return {
            buckets: new Map(entries(source.buckets).map(([name, entry]) => [name, resourceFact(entry)])),
            keys: new Map(
                entries(source.keys).map(([arn, entry]) => [arn, { ...resourceFact(entry), ...(entry.awsManaged === true ? { awsManaged: true } : {}) }]),
            ),
            roles: new Map(entries(source.roles).map(([arn, entry]) => [arn, resourceFact(entry)])),
        };
    } catch {
        return NO_FACTS;
    }
}

/** The per-policy settings kept as aliases: bucket owners and destination Regions, by bucket name. */
export interface FactAliases {
    bucketAccounts?: unknown;
    destinationRegions?: unknown;
}

function stringMap(value: unknown, accept: (text: string) => boolean): [string, string][] {
    if (!isJsonObject(value)) {
        return [];
    }
    return Object.keys(value).flatMap((name) => {
        const entry = value[name];
        return typeof entry === "string" && accept(entry) ? [[name, entry] as [string, string]] : [];
    });
}

/** `facts` with the aliases of one policy's settings added; the pack-wide facts win where both say something. */
export function withAliases(facts: ExternalFacts, aliases: FactAliases | undefined): ExternalFacts {
    const accounts = stringMap(aliases?.bucketAccounts, isAccountId);
    const regions = stringMap(aliases?.destinationRegions, isRegionName);
    if (accounts.length === 0 && regions.length === 0) {
        return facts;
    }
    const buckets = new Map<string, ResourceFact>();
    for (const [name, account] of accounts) {
        buckets.set(name, { ...buckets.get(name), account });
    }
    for (const [name, region] of regions) {
        buckets.set(name, { ...buckets.get(name), region });
    }
    for (const [name, fact] of facts.buckets) {
        buckets.set(name, { ...buckets.get(name), ...fact });
    }
    return { ...facts, buckets };
}

export function bucketFact(facts: ExternalFacts, name: string | undefined): ResourceFact | undefined {
    return name === undefined ? undefined : facts.buckets.get(name);
}

export function keyFact(facts: ExternalFacts, reference: string | undefined): KeyFact | undefined {
    return reference === undefined ? undefined : facts.keys.get(reference);
}

/** A role's account: from its ARN, else as stated. */
export function roleAccountOf(facts: ExternalFacts, arn: string | undefined): string | undefined {
    return parseRoleArn(arn)?.account ?? (arn === undefined ? undefined : facts.roles.get(arn)?.account);
}
