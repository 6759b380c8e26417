/**
 * The one place policies read facts about resources outside the stack: the `externalResources`
 * part of the pack-wide `s3-replication-environments` setting, compiled with the rest of that
 * setting once per Configure (support/framework-requests.ts), with a policy's own older settings
 * (`bucketAccounts`, `destinationRegions`) merged in as aliases.
 */
import { ExternalFacts, FactAliases, withAliases } from "../model/external-facts";
import { currentEnvironment } from "./framework-requests";

/** The facts a policy reads: the pack-wide ones, and its own alias settings. */
export function externalFactsFor(aliases?: FactAliases): ExternalFacts {
    return withAliases(currentEnvironment().facts, aliases);
}

/** The schema of a policy's own alias setting: bucket names (of buckets outside the stack) mapped to a value of `pattern`. */
export function bucketNameMapSchema(
    description: string,
    pattern: string,
): { type: "object"; description: string; additionalProperties: { type: "string"; pattern: string } } {
    return { type: "object", description, additionalProperties: { type: "string", pattern } };
}
