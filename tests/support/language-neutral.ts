/** What findings and the policy reference must not contain outside a labelled per-language example (issue 21, section 5). */

/**
 * Code of one language: an object or list literal (`name: {`, `[{`, `name: true`), or "in Pulumi pass x.arn". A JSON
 * policy document or statement (`{"Effect":...}`) is IAM's own language, the same for every program: allowed.
 */
export const LANGUAGE_SPECIFIC = /\w: \{(?!")|\[\{(?!")|\w: (true|false)\b|\bin Pulumi\b|`\w+\.(arn|id|keyId|name)`/;
