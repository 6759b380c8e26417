/**
 * Bounds on what one policy, and one AnalyzeStack response, reports (issue 22.8): a stack within
 * AWS's limits (1,000 rules, each with its own findings) could make a preview of tens of
 * megabytes, which no one reads and which engines, CI logs and Pulumi Cloud handle badly. Past
 * the bounds, the remaining findings of a policy are counted in one finding that says so; it is
 * reported at the policy's enforcement level whenever one it stands for would have been, so that
 * bounding never lets a deployment through.
 */
import type { Finding } from "./define";

/** Findings one stack policy reports in full per response; the rest are counted. */
export const MAX_FINDINGS_PER_POLICY = 50;
/** Characters of findings all stack policies of one AnalyzeStack response report in full. */
export const MAX_RESPONSE_CHARACTERS = 512 * 1024;
/** One message's length; a longer one is cut (after redaction, which has already happened). */
export const MAX_MESSAGE_CHARACTERS = 16 * 1024;

/** By AnalyzeStack request: the characters of findings reported so far. */
const usedByResponse = new WeakMap<object, { characters: number }>();

const HIDDEN_COUNT = / more findings of this policy on \d+ resources? are not shown: /;

/** Whether a finding's message is the one that counts the findings the bounds leave out. */
export function countsHiddenFindings(message: string): boolean {
    return HIDDEN_COUNT.test(message);
}

/** `message` as a finding reports it: at most `MAX_MESSAGE_CHARACTERS`, then cut, saying so. */
export function cut(message: string): string {
    return message.length <= MAX_MESSAGE_CHARACTERS
        ? message
        : `${message.slice(0, MAX_MESSAGE_CHARACTERS)}… (message shortened from ${message.length} characters)`;
}

/**
 * `findings` (already safe to quote) as reported: each message at most `MAX_MESSAGE_CHARACTERS`,
 * at most `MAX_FINDINGS_PER_POLICY` of them, and no more once the response (`scope`, the
 * AnalyzeStack request; none for a single policy call) has `MAX_RESPONSE_CHARACTERS`; then one
 * more finding counting the rest. `atPolicyLevel` tells which findings are reported at the
 * policy's enforcement level (not lowered to advisory).
 */
export function boundedFindings(findings: readonly Finding[], scope: object | undefined, atPolicyLevel: (finding: Finding) => boolean): Finding[] {
    let used = scope ? usedByResponse.get(scope) : undefined;
    if (scope && used === undefined) {
        used = { characters: 0 };
        usedByResponse.set(scope, used);
    }
    const shown: Finding[] = [];
    const hidden: Finding[] = [];
    let characters = used?.characters ?? 0;
    for (const finding of findings) {
        const message = cut(finding.message);
        if (hidden.length === 0 && shown.length < MAX_FINDINGS_PER_POLICY && characters + message.length <= MAX_RESPONSE_CHARACTERS) {
            shown.push(message === finding.message ? finding : { ...finding, message });
            characters += message.length;
        } else {
            hidden.push(finding);
        }
    }
    if (used) {
        used.characters = characters;
    }
    if (hidden.length === 0) {
        return shown;
    }
    const resources = new Set(hidden.map((finding) => finding.urn ?? "")).size;
    const blocking = hidden.some(atPolicyLevel);
    const why =
        characters + MAX_MESSAGE_CHARACTERS > MAX_RESPONSE_CHARACTERS
            ? "the preview's output is bounded"
            : `at most ${MAX_FINDINGS_PER_POLICY} findings of a policy are shown`;
    const summary: Finding = {
        message:
            `${hidden.length} more findings of this policy on ${resources} resource${resources === 1 ? "" : "s"} are not shown: ${why}. ` +
            "Fix the findings above and preview again to see the rest.",
        ...(blocking ? {} : { advisoryOnly: true }),
    };
    return [...shown, summary];
}
