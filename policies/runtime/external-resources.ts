/**
 * The schema of a policy's own older settings for facts about resources outside the stack
 * (`bucketAccounts`, `destinationRegions`): the policies that take them merge them into the
 * pack-wide facts of their `Analysis` (`withAliases(analysis.facts, config)`).
 */

/** The schema of a policy's own alias setting: bucket names (of buckets outside the stack) mapped to a value of `pattern`. */
export function bucketNameMapSchema(
    description: string,
    pattern: string,
): { type: "object"; description: string; additionalProperties: { type: "string"; pattern: string } } {
    return { type: "object", description, additionalProperties: { type: "string", pattern } };
}
