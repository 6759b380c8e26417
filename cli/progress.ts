/**
 * A progress line on stderr for runs that take a while: shown only on a terminal, only once a
 * run has taken more than `delayMs`, rewritten in place, and cleared before the report.
 */
export interface ProgressSink {
    /** Whether stderr is a terminal. */
    isTTY: boolean;
    /** Terminal columns, when known. */
    columns?: number;
    write(text: string): void;
    /** How long a run goes before the line shows; default 1.5 s. */
    delayMs?: number;
}

export class Progress {
    private shown = false;
    private lastLength = 0;
    private status?: string;
    private readonly timer?: NodeJS.Timeout;

    constructor(
        private readonly sink: ProgressSink | undefined,
        delayMs = 1500,
    ) {
        if (sink?.isTTY) {
            this.timer = setTimeout(() => this.render(true), sink.delayMs ?? delayMs);
            this.timer.unref();
        }
    }

    /** `check: 3/12 <what>`: shown at once if the line is up, else when the delay has passed. */
    update(done: number, total: number, what: string): void {
        this.status = `check: ${done}/${total} ${what}`;
        this.render(this.shown);
    }

    /** Removes the line, if one was shown, and stops. */
    clear(): void {
        clearTimeout(this.timer);
        this.status = undefined;
        if (this.shown && this.sink) {
            this.sink.write(`\r${" ".repeat(this.lastLength)}\r`);
        }
        this.shown = false;
    }

    private render(show: boolean): void {
        if (!show || !this.sink || this.status === undefined) {
            return;
        }
        const width = Math.max(20, (this.sink.columns ?? 80) - 1);
        const text = this.status.length > width ? `${this.status.slice(0, width - 1)}…` : this.status;
        this.sink.write(`\r${text}${" ".repeat(Math.max(0, this.lastLength - text.length))}`);
        this.lastLength = text.length;
        this.shown = true;
    }
}
