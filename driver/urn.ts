/**
 * Pieces of a Pulumi URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`.
 * The name may itself contain "::", so it is everything after the third separator.
 */

const URN_PREFIX = "urn:pulumi:";
const SEPARATOR = "::";

export interface UrnParts {
    stack: string;
    project: string;
    /** The resource's own type, without its parents' types (`parent$child` -> `child`). */
    type: string;
    name: string;
}

export function parseUrn(urn: string): UrnParts | undefined {
    if (!urn.startsWith(URN_PREFIX)) {
        return undefined;
    }
    const parts = urn.slice(URN_PREFIX.length).split(SEPARATOR);
    if (parts.length < 4) {
        return undefined;
    }
    const [stack, project, qualifiedType, ...nameParts] = parts;
    const typeChain = qualifiedType.split("$");
    return { stack, project, type: typeChain[typeChain.length - 1], name: nameParts.join(SEPARATOR) };
}

export function urnName(urn: string): string {
    return parseUrn(urn)?.name ?? urn;
}

/** `aws:s3/bucketV2:BucketV2::logs` — short enough for a report line. */
export function shortUrn(urn: string): string {
    const parts = parseUrn(urn);
    return parts ? `${parts.type}${SEPARATOR}${parts.name}` : urn;
}
