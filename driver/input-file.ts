/**
 * Reads a file the checker was given (a stack file or a policy config) defensively: only a regular
 * file, only up to a stated size. A FIFO would block forever and /dev/zero would grow without end;
 * a file past the limit would cost more memory than the checker should take.
 */
import * as fs from "fs";

/**
 * The default limit: what the checker and its pack can analyse on a 2-core machine with 24 GiB
 * (bench/checker-memory-results.md): an export of 20,000 resources (33 MiB of compact JSON) takes
 * about 1.1 GiB and under a minute of CPU; one of 60,000 (99 MiB) takes 2.9 GiB and the pack does
 * not answer AnalyzeStack within the engine's deadline. The number of JSON values a file may hold
 * is bounded with it (json-shape.ts).
 */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

export class InputFileError extends Error {
    constructor(
        readonly file: string,
        readonly problem: string,
    ) {
        super(`${file}: ${problem}`);
        this.name = "InputFileError";
    }
}

/** The file's text; throws an InputFileError whose message is one line naming the file. */
export function readInputFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): string {
    let fd: number;
    try {
        // Non-blocking, so that opening a FIFO with no writer returns at once instead of waiting.
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (error) {
        throw new InputFileError(file, describeOpenError(error as NodeJS.ErrnoException));
    }
    try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) {
            throw new InputFileError(file, `not a regular file (${fileKind(stat)}); give a file`);
        }
        if (stat.size > maxBytes) {
            throw new InputFileError(file, `${mebibytes(stat.size)} MiB, over the limit of ${mebibytes(maxBytes)} MiB (--max-file-size)`);
        }
        // Read at most one byte past the limit: a file that grows while being read is still bounded.
        const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
        let length = 0;
        for (;;) {
            const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
            if (read === 0) {
                break;
            }
            length += read;
            if (length === buffer.length) {
                throw new InputFileError(file, "changed size while being read");
            }
        }
        return buffer.toString("utf8", 0, length);
    } catch (error) {
        if (error instanceof InputFileError) {
            throw error;
        }
        throw new InputFileError(file, describeOpenError(error as NodeJS.ErrnoException));
    } finally {
        fs.closeSync(fd);
    }
}

function describeOpenError(error: NodeJS.ErrnoException): string {
    switch (error.code) {
        case "ENOENT":
            return "no such file";
        case "EISDIR":
            return "not a regular file (a directory); give a file";
        case "EACCES":
        case "EPERM":
            return "permission denied";
        default:
            return `cannot be read (${error.code ?? error.message})`;
    }
}

export function fileKind(stat: fs.Stats): string {
    if (stat.isDirectory()) {
        return "a directory";
    }
    if (stat.isFIFO()) {
        return "a FIFO";
    }
    if (stat.isCharacterDevice() || stat.isBlockDevice()) {
        return "a device";
    }
    if (stat.isSocket()) {
        return "a socket";
    }
    return "not a file";
}

/** `12.5`: a size in MiB to one decimal. */
export function mebibytes(bytes: number): string {
    return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}
