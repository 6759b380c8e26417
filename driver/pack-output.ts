/**
 * Everything a pack said: its Engine.Log calls and the lines it wrote to stdout/stderr.
 * A pack that fails reports why through either channel (run-policy-pack logs uncaught errors to the
 * engine and exits with code 32), so failure messages quote both.
 */
import { PackLog } from "./types";

const FAILURE_TAIL_CHARS = 4000;
// Node colours the stack traces a pack prints; the driver's messages are plain text.
const ANSI_ESCAPES = /\u001b\[[0-9;]*m/g;

export class PackOutput {
    private readonly entries: PackLog[] = [];

    readonly add = (log: PackLog): void => {
        this.entries.push({ ...log, message: log.message.replace(ANSI_ESCAPES, "") });
    };

    all(): readonly PackLog[] {
        return this.entries;
    }

    /** The last few thousand characters of what may explain a failure (no debug or info logs). */
    failureTail(): string {
        const lines = this.entries
            .filter((log) => log.source !== "engine" || log.severity === "warning" || log.severity === "error")
            .map((log) => (log.source === "engine" ? `${log.severity}: ${log.message}` : log.message));
        return lines.join("\n").trim().slice(-FAILURE_TAIL_CHARS);
    }
}

/** "<what happened>" followed by the pack's last words, if it had any. */
export function withFailureTail(message: string, output: PackOutput): string {
    const tail = output.failureTail();
    return tail ? `${message}\n${tail}` : message;
}
