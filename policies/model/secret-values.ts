/**
 * The values the engine marked secret in the requests this pack process received.
 *
 * `@pulumi/policy` unwraps secrets before policies see property values in Analyze and
 * AnalyzeStack, so a secret reaches the pack as a plain string. The raw request still carries the
 * engine's secret signature (`4dabf18193072939515e22adb298388d` = `1b47061264138c4ac30d75fd1eb44270`
 * around the value); `runtime/engine-observer.ts` notes every string (and number) found under
 * one here, and the accessor (`value.ts`) and the message guard (`wording/quoting.ts`) treat those values
 * as secret wherever they appear: a value marked secret anywhere is never quoted.
 */

/** The engine's mark of a special value, and the mark of a secret (sdk/go/common/resource/sig). */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

const secretTexts = new Set<string>();
/** Secrets of at least `PROBE` characters by their first `PROBE` characters, for finding them inside messages. */
const PROBE = 4;
const byProbe = new Map<string, string[]>();

function noteText(text: string): void {
    if (text === "" || secretTexts.has(text)) {
        return;
    }
    secretTexts.add(text);
    if (text.length >= PROBE) {
        const probe = text.slice(0, PROBE);
        const list = byProbe.get(probe);
        if (list) {
            list.push(text);
        } else {
            byProbe.set(probe, [text]);
        }
    }
}

/** Notes every string and number below `value` (the value of one secret) as secret. */
export function noteSecret(value: unknown, depth = 0): void {
    if (typeof value === "string") {
        noteText(value);
    } else if (typeof value === "number" && Number.isFinite(value)) {
        noteText(String(value));
    } else if (typeof value === "object" && value !== null && depth < 64) {
        for (const child of Array.isArray(value) ? value : Object.values(value)) {
            noteSecret(child, depth + 1);
        }
    }
}

/**
 * Notes the secrets of a request's properties in their wire form (a secret is an object with
 * the signature key and the secret signature; its value is under `value`).
 */
export function noteSecretsIn(wire: unknown, depth = 0): void {
    if (typeof wire !== "object" || wire === null || depth > 256) {
        return;
    }
    if (Array.isArray(wire)) {
        for (const element of wire) {
            noteSecretsIn(element, depth + 1);
        }
        return;
    }
    const record = wire as Record<string, unknown>;
    if (record[SIGNATURE_KEY] === SECRET_SIGNATURE) {
        noteSecret(record.value);
        return;
    }
    for (const key of Object.keys(record)) {
        noteSecretsIn(record[key], depth + 1);
    }
}

/** Whether `value` (a string or number) was marked secret in a request. */
export function isSecretValue(value: unknown): boolean {
    if (secretTexts.size === 0) {
        return false;
    }
    return (typeof value === "string" && secretTexts.has(value)) || (typeof value === "number" && secretTexts.has(String(value)));
}

export const SECRET_PLACEHOLDER = "(secret)";

const WORD = /[A-Za-z0-9_.-]+/g;

/**
 * `message` with every secret in it replaced by "(secret)": secrets of four characters or more
 * wherever they occur, shorter ones where they stand as a whole word. Linear in the message.
 */
export function redactSecrets(message: string): string {
    if (secretTexts.size === 0) {
        return message;
    }
    let result = "";
    let copied = 0;
    for (let i = 0; i + PROBE <= message.length; i++) {
        const candidates = byProbe.get(message.slice(i, i + PROBE));
        if (!candidates) {
            continue;
        }
        let longest = "";
        for (const candidate of candidates) {
            if (candidate.length > longest.length && message.startsWith(candidate, i)) {
                longest = candidate;
            }
        }
        if (longest !== "") {
            result += message.slice(copied, i) + SECRET_PLACEHOLDER;
            i += longest.length - 1;
            copied = i + 1;
        }
    }
    result += message.slice(copied);
    return result.replace(WORD, (word) => (word.length < PROBE && secretTexts.has(word) ? SECRET_PLACEHOLDER : word));
}

/** Forgets every noted secret (tests). */
export function forgetSecrets(): void {
    secretTexts.clear();
    byProbe.clear();
}

/** The secret values a message is checked against (support/analysis.ts carries them to each policy call). */
export interface SecretValues {
    isSecret(value: unknown): boolean;
    /** `message` with every secret in it replaced by "(secret)" (see `redactSecrets`). */
    redact(message: string): string;
}

/** The secrets noted in the requests this process received. */
export const observedSecrets: SecretValues = Object.freeze({ isSecret: isSecretValue, redact: redactSecrets });
