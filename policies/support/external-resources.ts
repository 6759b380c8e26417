/**
 * The one place for facts about resources outside the stack: the `externalResources` setting of
 * the pack-wide `s3-replication-environments` entry, which that setting policy hands over on each
 * request before the other policies run. Every policy that needs an owner or a Region reads
 * `externalFactsFor(config)`: the pack-wide facts, with the policy's own older settings
 * (`bucketAccounts`, `destinationRegions`) merged in as aliases.
 */
import { ExternalFacts, FactAliases, NO_FACTS, parseExternalFacts, withAliases } from "../model/external-facts";

let packFacts: ExternalFacts = NO_FACTS;
let lastRaw: unknown;

/** Set by the pack-wide setting policy on each request; parsed again only when the setting changed. */
export function setExternalResources(raw: unknown): void {
    if (raw !== lastRaw) {
        lastRaw = raw;
        packFacts = raw === undefined ? NO_FACTS : parseExternalFacts(raw);
    }
}

/** The facts a policy reads: the pack-wide ones, and its own alias settings. */
export function externalFactsFor(aliases?: FactAliases): ExternalFacts {
    return withAliases(packFacts, aliases);
}
