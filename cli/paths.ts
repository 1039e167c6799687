/**
 * Checks of the files and folders a CLI reads or writes, made before it touches them: each problem is
 * one line naming the flag, the path and what is expected. Paths on the kernel's pseudo file systems
 * (/proc, /sys, /dev) and anything but regular files and folders (FIFOs, sockets, devices) are
 * refused up front: reading or writing them can block forever, and node's recursive `mkdir` loops
 * without end under /proc.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./args";

/** Folders whose entries are the kernel's, not files a CLI should read or write. */
const PSEUDO_FILE_SYSTEMS = ["/proc", "/sys", "/dev"];

/** The longest input file a CLI reads (config files are a few KB; a larger one is a wrong path). */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

function statOf(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") return undefined;
        throw error;
    }
}

function pseudo(absolute: string): string | undefined {
    let real = absolute;
    // The nearest existing ancestor, resolved through links: where the path really lands.
    for (let dir = absolute; ; dir = path.dirname(dir)) {
        if (statOf(dir)) {
            try {
                real = path.join(fs.realpathSync(dir), path.relative(dir, absolute));
            } catch {
                real = absolute;
            }
            break;
        }
        if (path.dirname(dir) === dir) break;
    }
    return PSEUDO_FILE_SYSTEMS.find((p) => real === p || real.startsWith(`${p}/`));
}

function refuse(flag: string, given: string, message: string): never {
    throw new UsageError(`${flag} '${given}' ${message}`);
}

function kindOf(stats: fs.Stats): string {
    if (stats.isDirectory()) return "a folder";
    if (stats.isFIFO()) return "a pipe";
    if (stats.isSocket()) return "a socket";
    if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
    return "not a regular file";
}

function accessible(file: string, mode: number): boolean {
    try {
        fs.accessSync(file, mode);
        return true;
    } catch {
        return false;
    }
}

/** An input file: present, a regular file, readable, of a sane size. */
export function checkInputFile(flag: string, given: string, what: string): string {
    const absolute = path.resolve(given);
    const special = pseudo(absolute);
    if (special) refuse(flag, given, `is under ${special}, the kernel's files; expected ${what}`);
    const stats = statOf(absolute);
    if (!stats) refuse(flag, given, `does not exist; expected ${what}`);
    if (!stats.isFile()) refuse(flag, given, `is ${kindOf(stats)}; expected ${what}`);
    if (!accessible(absolute, fs.constants.R_OK))
        refuse(flag, given, `cannot be read (permissions); expected ${what}`);
    if (stats.size > MAX_INPUT_BYTES) {
        refuse(flag, given, `is ${stats.size} bytes; expected ${what} of at most ${MAX_INPUT_BYTES} bytes`);
    }
    return absolute;
}

/** An input folder: present, a folder, readable. */
export function checkInputFolder(flag: string, given: string, what: string): string {
    const absolute = path.resolve(given);
    const special = pseudo(absolute);
    if (special) refuse(flag, given, `is under ${special}, the kernel's files; expected ${what}`);
    const stats = statOf(absolute);
    if (!stats) refuse(flag, given, `does not exist; expected ${what}`);
    if (!stats.isDirectory())
        refuse(flag, given, `is ${stats.isFile() ? "a file" : kindOf(stats)}; expected ${what}`);
    if (!accessible(absolute, fs.constants.R_OK | fs.constants.X_OK)) {
        refuse(flag, given, `cannot be read (permissions); expected ${what}`);
    }
    return absolute;
}

/**
 * Where a new folder can be made: every existing part of the path is a folder, and the deepest one
 * is writable. Returns the nearest existing ancestor.
 */
function creatable(flag: string, given: string, absolute: string, what: string): void {
    let dir = path.dirname(absolute);
    while (!statOf(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const stats = statOf(dir);
    if (!stats || !stats.isDirectory()) {
        refuse(
            flag,
            given,
            `cannot be made: ${dir} is ${stats ? (stats.isFile() ? "a file" : kindOf(stats)) : "missing"}; expected ${what}`,
        );
    }
    if (!accessible(dir, fs.constants.W_OK | fs.constants.X_OK)) {
        refuse(flag, given, `cannot be made: ${dir} is not writable; expected ${what}`);
    }
}

/** An output file: a regular file that can be overwritten, or a new file in a place that can hold it. */
export function checkOutputFile(flag: string, given: string, what: string): string {
    const absolute = path.resolve(given);
    const special = pseudo(absolute);
    if (special) refuse(flag, given, `is under ${special}, the kernel's files; expected ${what}`);
    if (given.endsWith("/") || given.endsWith(path.sep))
        refuse(flag, given, `names a folder; expected ${what}`);
    const stats = statOf(absolute);
    if (stats) {
        if (!stats.isFile()) refuse(flag, given, `is ${kindOf(stats)}; expected ${what}`);
        if (!accessible(absolute, fs.constants.W_OK))
            refuse(flag, given, `is not writable; expected ${what}`);
        return absolute;
    }
    creatable(flag, given, absolute, what);
    return absolute;
}

/** An output folder: a writable folder, or a new one in a place that can hold it. */
export function checkOutputFolder(flag: string, given: string, what: string): string {
    const absolute = path.resolve(given);
    const special = pseudo(absolute);
    if (special) refuse(flag, given, `is under ${special}, the kernel's files; expected ${what}`);
    const stats = statOf(absolute);
    if (stats) {
        if (!stats.isDirectory())
            refuse(flag, given, `is ${stats.isFile() ? "a file" : kindOf(stats)}; expected ${what}`);
        if (!accessible(absolute, fs.constants.W_OK | fs.constants.X_OK)) {
            refuse(flag, given, `is not writable; expected ${what}`);
        }
        return absolute;
    }
    creatable(flag, given, absolute, what);
    return absolute;
}
