/**
 * What every message of the pack goes through before it is reported (support/define.ts): no
 * value the engine marked secret is quoted (it reads "(secret)"), and no identifier is quoted at
 * a length beyond reason — a 10 MB bucket name would make a 10 MB diagnostic in the engine's
 * output, CI logs and Pulumi Cloud.
 */
import { redactSecrets } from "./secret-values";

/** Longer runs of non-space characters are shortened: longer than any ARN or name AWS accepts but a prefix. */
export const MAX_QUOTED_LENGTH = 256;
const KEPT_START = 96;
const KEPT_END = 32;

/** `text` as a message may quote it: past `MAX_QUOTED_LENGTH`, its start and end with its length. */
export function shortened(text: string): string {
    if (text.length <= MAX_QUOTED_LENGTH) {
        return text;
    }
    return `${text.slice(0, KEPT_START)}…${text.slice(-KEPT_END)} (${text.length} characters)`;
}

const LONG_RUN = new RegExp(`\\S{${MAX_QUOTED_LENGTH + 1},}`, "g");

/** `message` with secrets replaced by "(secret)" and every over-long run of characters shortened. */
export function safeMessage(message: string): string {
    const redacted = redactSecrets(message);
    return redacted.length <= MAX_QUOTED_LENGTH ? redacted : redacted.replace(LONG_RUN, shortened);
}
