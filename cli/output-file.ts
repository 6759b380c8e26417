/**
 * Where `--output` writes the report: only a regular file (new or existing) that is not one of
 * the inputs. A FIFO nobody reads would block a synchronous write, and with it the event loop
 * and the signal handlers, forever; a device is no report; an input would be overwritten.
 */
import * as fs from "fs";

import { fileKind } from "../driver/input-file";

/** Why the report cannot go to `file`, as the end of a one-line message; undefined when it can. */
export function outputProblem(file: string, inputs: readonly string[]): string | undefined {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(file);
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "ENOENT" ? undefined : `the report cannot be written (${(error as NodeJS.ErrnoException).code})`;
    }
    return problemWith(stat, inputs);
}

function problemWith(stat: fs.Stats, inputs: readonly string[]): string | undefined {
    if (!stat.isFile()) {
        return `not a regular file (${fileKind(stat)}); give a file to write the report to`;
    }
    const input = inputs.find((candidate) => {
        try {
            const other = fs.statSync(candidate);
            return other.dev === stat.dev && other.ino === stat.ino;
        } catch {
            return false;
        }
    });
    return input === undefined ? undefined : `is an input of this check (${input}); give another file to write the report to`;
}

/**
 * Writes `text` to `file`, refusing what `outputProblem` refuses as found when opened: the file is
 * opened without blocking (a FIFO without a reader fails at once) and truncated only once it is
 * known to be a regular file other than the inputs. Throws an Error whose message is the problem.
 */
export function writeOutputFile(file: string, text: string, inputs: readonly string[]): void {
    let fd: number;
    try {
        fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_NONBLOCK, 0o666);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(code === "ENXIO" ? "not a regular file (a FIFO); give a file to write the report to" : `the report cannot be written (${code})`);
    }
    try {
        const problem = problemWith(fs.fstatSync(fd), inputs);
        if (problem) {
            throw new Error(problem);
        }
        fs.ftruncateSync(fd, 0);
        const bytes = Buffer.from(text, "utf8");
        for (let written = 0; written < bytes.length;) {
            written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
        }
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw code === undefined ? error : new Error(`the report cannot be written (${code})`);
    } finally {
        fs.closeSync(fd);
    }
}
