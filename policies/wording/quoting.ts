/**
 * What every message of the pack goes through before it is reported (support/define.ts): no
 * value the engine marked secret, nor any part of one, is quoted (it reads "(secret)";
 * model/secret-values.ts, in time linear in the message), and no identifier is quoted at
 * a length beyond reason — a 10 MB bucket name would make a 10 MB diagnostic in the engine's
 * output, CI logs and Pulumi Cloud.
 */
import { SecretValues } from "../model/secret-values";

/**
 * Longer runs of non-space characters are shortened: twice the longest identifier AWS accepts (an
 * ARN of 2,048 characters; an object key prefix is at most 1,024), so that an identifier, or a
 * statement to add that holds one or two, is quoted whole.
 */
export const MAX_QUOTED_LENGTH = 4096;
const KEPT_START = 160;
const KEPT_END = 48;

/** `text` as a message may quote it: past `MAX_QUOTED_LENGTH`, its start and end with its length. */
export function shortened(text: string): string {
    if (text.length <= MAX_QUOTED_LENGTH) {
        return text;
    }
    return `${text.slice(0, KEPT_START)}…${text.slice(-KEPT_END)} (${text.length} characters)`;
}

const OPENING = "`\"'([{";
const CLOSING = "`\"')]}.,;:";

function isSpace(code: number): boolean {
    return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Every run of non-space characters longer than `MAX_QUOTED_LENGTH` shortened; one pass, no regular expression (a 10 MB run overflows one). */
function shortenLongRuns(message: string): string {
    const pieces: string[] = [];
    let copied = 0;
    let runStart = 0;
    for (let i = 0; i <= message.length; i++) {
        if (i === message.length || isSpace(message.charCodeAt(i))) {
            if (i - runStart > MAX_QUOTED_LENGTH) {
                // The identifier without the quotes and punctuation around it.
                let start = runStart;
                let end = i;
                while (start < end && OPENING.includes(message[start])) {
                    start++;
                }
                while (end > start && CLOSING.includes(message[end - 1])) {
                    end--;
                }
                pieces.push(message.slice(copied, start), shortened(message.slice(start, end)));
                copied = end;
            }
            runStart = i + 1;
        }
    }
    pieces.push(message.slice(copied));
    return pieces.join("");
}

/** `message` with secrets replaced by "(secret)" and every over-long run of characters shortened. */
export function safeMessage(message: string, secrets: SecretValues): string {
    const redacted = secrets.redact(message);
    return redacted.length <= MAX_QUOTED_LENGTH ? redacted : shortenLongRuns(redacted);
}
