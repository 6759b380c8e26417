/**
 * Every text a message could hold that comes from a secret value. Policies take values apart and
 * build new text from the parts: the account id of a role ARN (quoted alone, or in a generated Sid
 * such as `AllowS3ReplicationFrom<account>`), the bucket name of a destination ARN, a key id, a
 * Sid or ARN inside a policy document, and any of them JSON-escaped inside a statement to add.
 * All of these are as secret as the value.
 *
 * Left out are the parts that identify nothing and that every message uses: an ARN's partition,
 * service and Region, and the fixed vocabulary of policy documents (`Allow`, `Deny`, a `Version`
 * date, action names such as `kms:Encrypt`, service principals, `*`, `true`/`false`). Marking those
 * secret would blank out every message of a stack and hide nothing.
 */
import { parseArn } from "./arn";

/** Vocabulary of AWS policy documents: no identifier, and the same in every account. */
const VOCABULARY = /^(?:Allow|Deny|true|false|\d{4}-\d{2}-\d{2}|\*|[a-z0-9-]+:[A-Za-z0-9*?]+|[a-z0-9.-]+\.amazonaws\.com(?:\.cn)?)$/;

/** ARNs inside a longer text (a policy document, a list), up to the characters that end one in JSON or prose. */
const EMBEDDED_ARN = /arn:[^\s"',\]}]+/g;

/** How deep secret JSON documents are taken apart (a policy document's strings sit at depth 4 or 5). */
const MAX_DOCUMENT_DEPTH = 16;

/** The identifying parts of an ARN: its account, its resource, and the names within the resource. */
function arnParts(text: string): string[] {
    const arn = parseArn(text);
    if (!arn) {
        return [];
    }
    const parts = [arn.account];
    const resource = arn.resource;
    if (resource !== "root" && resource !== "*") {
        parts.push(resource);
        const slash = resource.indexOf("/");
        if (arn.service === "s3" && !resource.startsWith("accesspoint/")) {
            // `bucket` or `bucket/key`: the bucket name, and the object key or prefix.
            parts.push(slash < 0 ? resource : resource.slice(0, slash), slash < 0 ? "" : resource.slice(slash + 1));
        } else {
            // `type/name`, `type/path/name` or `type:name`: the name, with and without its path.
            const typeEnd = resource.search(/[/:]/);
            if (typeEnd >= 0) {
                const name = resource.slice(typeEnd + 1);
                parts.push(name, name.slice(name.lastIndexOf("/") + 1));
            }
        }
    }
    return parts.filter((part) => part !== "" && part !== "*");
}

/** The strings and numbers of a JSON document held as a secret text (a policy document). */
function documentLeaves(text: string): string[] {
    const first = text.trimStart()[0];
    if (first !== "{" && first !== "[") {
        return [];
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch {
        return [];
    }
    const leaves: string[] = [];
    const collect = (value: unknown, depth: number): void => {
        if (typeof value === "string") {
            leaves.push(value);
        } else if (typeof value === "number" && Number.isFinite(value)) {
            leaves.push(String(value));
        } else if (typeof value === "object" && value !== null && depth < MAX_DOCUMENT_DEPTH) {
            for (const child of Array.isArray(value) ? value : Object.values(value)) {
                collect(child, depth + 1);
            }
        }
    };
    collect(document, 0);
    return leaves;
}

/** How `text` reads inside a JSON string: `"` and `\` escaped, control characters too. */
function jsonEscaped(text: string): string {
    return JSON.stringify(text).slice(1, -1);
}

/**
 * `text` (a secret value) and every part derived from it that a message could quote: the parts of
 * each ARN in it, the strings of a JSON document it holds, and each of those JSON-escaped.
 */
export function secretForms(text: string): string[] {
    const forms = new Set<string>([text]);
    const addPart = (part: string) => {
        if (part !== "" && !VOCABULARY.test(part)) {
            forms.add(part);
        }
    };
    const addPartsOf = (value: string) => {
        addPart(value);
        for (const arn of value.startsWith("arn:") ? [value] : (value.match(EMBEDDED_ARN) ?? [])) {
            addPart(arn);
            arnParts(arn).forEach(addPart);
        }
    };
    addPartsOf(text);
    documentLeaves(text).forEach(addPartsOf);
    for (const form of [...forms]) {
        forms.add(jsonEscaped(form));
    }
    return [...forms];
}
