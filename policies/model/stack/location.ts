/** The Region and account a resource lives in, from the resource, its provider and its ARN. */
import { isAccountId, isRegionName, parseArn, parseRoleArn } from "../arn";
import { ABSENT, knownString, read, Read, stringOf } from "../value";
import { knownRead } from "../value";
import { PolicyResource, programRead } from "./resource";

function regionFrom(r: Read): Read<string> | undefined {
    if (r.state === "unknown") {
        return r;
    }
    const name = stringOf(r);
    return name !== undefined && isRegionName(name) ? knownRead(name) : undefined;
}

/**
 * What is worked out about one resource, by resource: the resolution of references and every
 * stack policy ask again and again for the same resources' Regions and accounts. Resources are
 * never changed once the framework hands them over.
 */
const regions = new WeakMap<PolicyResource, Read<string>>();
const ownAccounts = new WeakMap<PolicyResource, string | null>();

/**
 * The resource's own `region` (v7 resources) first, then its provider's `region`, then the
 * Region inside its known ARN. Absent for global resources (IAM, buckets' ARNs carry none).
 */
export function regionOf(resource: PolicyResource): Read<string> {
    let region = regions.get(resource);
    if (region === undefined) {
        region =
            regionFrom(programRead(resource, "region")) ??
            regionFrom(read(resource.provider?.props, "region")) ??
            regionFrom(read(parseArn(knownString(resource.props, "arn"))?.region)) ??
            ABSENT;
        regions.set(resource, region);
    }
    return region;
}

/** Provider configuration that is not a string arrives JSON-encoded (the SDK encodes it) or as is. */
function providerSetting(provider: PolicyResource["provider"], property: string): unknown {
    const value = read(provider?.props, property);
    if (value.state !== "known" || typeof value.value !== "string") {
        return value.state === "known" ? value.value : undefined;
    }
    try {
        return JSON.parse(value.value);
    } catch {
        return undefined;
    }
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function providerAccount(provider: PolicyResource["provider"]): string | undefined {
    const allowed = asList(providerSetting(provider, "allowedAccountIds"));
    if (allowed.length === 1 && typeof allowed[0] === "string" && isAccountId(allowed[0])) {
        return allowed[0];
    }
    // The provider acts in the account of the role it assumes (`assumeRoles` in v7, `assumeRole` in v6).
    const assumed = [...asList(providerSetting(provider, "assumeRoles")), ...asList(providerSetting(provider, "assumeRole"))].map(
        (entry) => parseRoleArn(knownString(entry, "roleArn"))?.account,
    );
    const accounts = new Set(assumed.filter((account): account is string => !!account && isAccountId(account)));
    return accounts.size === 1 ? [...accounts][0] : undefined;
}

/** The account of an ARN, when it names one. */
export function accountOfArn(value: unknown): string | undefined {
    const account = parseArn(value)?.account;
    return account && isAccountId(account) ? account : undefined;
}

/**
 * The account a resource lives in: from its own known ARN, its provider (a single
 * `allowedAccountIds` entry or the role it assumes), or `configured` (the pack's configuration).
 */
export function accountOf(resource: PolicyResource, configured?: string): Read<string> {
    const account = ownAccountOf(resource) ?? (configured && isAccountId(configured) ? configured : undefined);
    return account ? knownRead(account) : ABSENT;
}

/** The account from the resource's own known ARN or its provider, when either tells. */
function ownAccountOf(resource: PolicyResource): string | undefined {
    let account = ownAccounts.get(resource);
    if (account === undefined) {
        account = accountOfArn(knownString(resource.props, "arn")) ?? providerAccount(resource.provider) ?? null;
        ownAccounts.set(resource, account);
    }
    return account ?? undefined;
}
