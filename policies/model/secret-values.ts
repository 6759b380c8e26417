/**
 * The values the engine marked secret in the requests this pack process received.
 *
 * `@pulumi/policy` unwraps secrets before policies see property values in Analyze and
 * AnalyzeStack, so a secret reaches the pack as a plain string. The raw request still carries the
 * engine's secret signature (`4dabf18193072939515e22adb298388d` = `1b47061264138c4ac30d75fd1eb44270`
 * around the value); `runtime/engine-observer.ts` notes every string (and number) found under
 * one here (in the `SecretSet` it keeps for the process), and the labels (`wording/labels.ts`, through
 * `isSecretRead` in value.ts), rule names (replication.ts) and the message guard (`wording/quoting.ts`)
 * treat those values as secret wherever they appear: a value marked secret anywhere is never quoted,
 * nor any part of it (secret-forms.ts).
 */
import { redact, SECRET_PLACEHOLDER, SecretMatcher } from "./redaction";
import { secretForms } from "./secret-forms";

/** The engine's mark of a special value, and the mark of a secret (sdk/go/common/resource/sig). */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * The values marked secret in one analysis, and every text derived from them that a message could
 * quote (`secretForms`). Redaction goes by the value, not by how a message spells it: a message
 * is redacted against every form, before it is abbreviated or escaped (`redact`). The engine
 * observer (runtime/engine-observer.ts) fills one with what the engine's requests marked secret,
 * and each policy call's `Analysis` (support/analysis.ts) carries it as `SecretValues`; the model
 * takes it as a parameter wherever it decides what a message may quote.
 */
const LEVEL_RATIO = 8;

export class SecretSet implements SecretValues {
    private readonly values = new Set<string>();
    private readonly forms = new Set<string>();
    /** Forms not yet in a matcher. */
    private pending: string[] = [];
    /**
     * Matchers over disjoint sets of forms, each under an eighth of the size of the one before:
     * secrets arrive request by request, and rebuilding one matcher over all of them each time would
     * cost the square of their length. Each form is rebuilt into a larger matcher at most log8 n
     * times, and a message is scanned by at most log8 n matchers.
     */
    private levels: Array<{ forms: string[]; matcher: SecretMatcher }> = [];

    get size(): number {
        return this.values.size;
    }

    add(text: string): void {
        if (text === "" || this.values.has(text)) {
            return;
        }
        this.values.add(text);
        for (const form of secretForms(text)) {
            if (!this.forms.has(form)) {
                this.forms.add(form);
                this.pending.push(form);
            }
        }
    }

    /** Whether `text` is a value marked secret (not merely a part of one). */
    has(text: string): boolean {
        return this.values.has(text);
    }

    /** Whether `value` (a string or number) is a value marked secret. */
    isSecret(value: unknown): boolean {
        return this.values.size > 0 && (typeof value === "string" || typeof value === "number") && this.values.has(String(value));
    }

    /** `message` with every secret value, and every part of one, replaced by "(secret)": linear in the message. */
    redact(message: string): string {
        if (this.forms.size === 0) {
            return message;
        }
        return redact(message, this.matchers());
    }

    private matchers(): SecretMatcher[] {
        if (this.pending.length > 0) {
            let forms = this.pending;
            this.pending = [];
            while (this.levels.length > 0 && this.levels[this.levels.length - 1].forms.length <= LEVEL_RATIO * forms.length) {
                forms = this.levels.pop()!.forms.concat(forms);
            }
            this.levels.push({ forms, matcher: new SecretMatcher(forms) });
        }
        return this.levels.map((level) => level.matcher);
    }

    clear(): void {
        this.values.clear();
        this.forms.clear();
        this.pending = [];
        this.levels = [];
    }
}

/** Notes every string and number below `value` (the value of one secret) as secret in `secrets`. */
export function noteSecret(secrets: SecretSet, value: unknown, depth = 0): void {
    if (typeof value === "string") {
        secrets.add(value);
    } else if (typeof value === "number" && Number.isFinite(value)) {
        secrets.add(String(value));
    } else if (typeof value === "object" && value !== null && depth < 64) {
        for (const child of Array.isArray(value) ? value : Object.values(value)) {
            noteSecret(secrets, child, depth + 1);
        }
    }
}

/**
 * Notes the secrets of a request's properties in their wire form (a secret is an object with
 * the signature key and the secret signature; its value is under `value`) in `secrets`.
 */
export function noteSecretsIn(secrets: SecretSet, wire: unknown, depth = 0): void {
    if (typeof wire !== "object" || wire === null || depth > 256) {
        return;
    }
    if (Array.isArray(wire)) {
        for (const element of wire) {
            noteSecretsIn(secrets, element, depth + 1);
        }
        return;
    }
    const record = wire as Record<string, unknown>;
    if (record[SIGNATURE_KEY] === SECRET_SIGNATURE) {
        noteSecret(secrets, record.value);
        return;
    }
    for (const key of Object.keys(record)) {
        noteSecretsIn(secrets, record[key], depth + 1);
    }
}

export { SECRET_PLACEHOLDER };

/** The secret values a message is checked against (support/analysis.ts carries them to each policy call). */
export interface SecretValues {
    isSecret(value: unknown): boolean;
    /**
     * `message` with every secret in it replaced by "(secret)": each secret value and each part of one
     * (`secretForms`), wherever it occurs; those shorter than four characters where they are not part
     * of a longer run of letters and digits. Linear in the message (redaction.ts).
     */
    redact(message: string): string;
}

/** No value is secret (a caller with no request behind it, e.g. whether a resource carries replication at all). */
export const NO_SECRETS: SecretValues = Object.freeze({
    isSecret: () => false,
    redact: (message: string) => message,
});
