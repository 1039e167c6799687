/**
 * Writes a value as JSON to a file piece by piece: the same text as `JSON.stringify(value, null,
 * indent)` and a newline, never held as one string. A plan of 1,000 spokes is larger than the
 * longest string V8 can make (about 512 MB: `JSON.stringify` throws "Invalid string length"), and
 * one string of that size would double the plan's memory while it is written.
 */
import * as fs from "node:fs";

/** Bytes gathered before each write. */
const CHUNK = 1 << 20;

/** Writes `value` to `file` as `JSON.stringify(value, null, indent)` followed by a newline. */
export function writeJsonFile(file: string, value: unknown, indent = 2): void {
    const fd = fs.openSync(file, "w");
    try {
        let pending: string[] = [];
        let size = 0;
        const emit = (text: string) => {
            pending.push(text);
            size += text.length;
            if (size >= CHUNK) flush();
        };
        const flush = () => {
            const bytes = Buffer.from(pending.join(""), "utf8");
            for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
            pending = [];
            size = 0;
        };
        const top = jsonValue(value, "");
        if (skipped(top)) throw new TypeError("the value has no JSON text");
        emitValue(top, " ".repeat(indent), emit, "");
        emit("\n");
        flush();
    } finally {
        fs.closeSync(fd);
    }
}

/** The most objects, arrays and members a value may hold to be written in one piece. */
const WHOLE = 4096;

/**
 * Whether `value` holds at most `budget` objects, arrays and members in all (looking no further
 * than that): small enough that its text is a small string.
 */
function nodesWithin(value: object, budget: number): boolean {
    const stack: unknown[] = [value];
    let count = 0;
    while (stack.length > 0) {
        const next = stack.pop();
        if (next === null || typeof next !== "object") continue;
        const members = Array.isArray(next) ? next : Object.values(next);
        count += 1 + members.length;
        if (count > budget) return false;
        for (const member of members) if (member !== null && typeof member === "object") stack.push(member);
    }
    return true;
}

/** A value as `JSON.stringify` turns it into JSON: after `toJSON`. */
function jsonValue(value: unknown, key: string): unknown {
    if (
        value !== null &&
        typeof value === "object" &&
        typeof (value as { toJSON?: unknown }).toJSON === "function"
    )
        return (value as { toJSON(key: string): unknown }).toJSON(key);
    return value;
}

/** Whether `JSON.stringify` leaves a member with this value out of an object (null in an array). */
function skipped(value: unknown): boolean {
    return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/**
 * Emits the JSON text of `value` (after `toJSON`, not skipped) at nesting `indentation`. Arrays and
 * objects are emitted member by member; anything else is small and emitted whole.
 */
function emitValue(value: unknown, step: string, emit: (text: string) => void, indentation: string): void {
    if (
        value === null ||
        typeof value !== "object" ||
        value instanceof Number ||
        value instanceof String ||
        value instanceof Boolean
    ) {
        emit(JSON.stringify(value));
        return;
    }
    // A small value is written in one piece, `JSON.stringify`'s text indented to where it stands (a
    // string's text has no line break: JSON escapes them), which is several times faster.
    if (nodesWithin(value, WHOLE)) {
        const text = JSON.stringify(value, null, step);
        emit(step && indentation ? text.replaceAll("\n", `\n${indentation}`) : text);
        return;
    }
    const inner = indentation + step;
    const open = (bracket: string) => (step ? `${bracket}\n${inner}` : bracket);
    const separator = step ? `,\n${inner}` : ",";
    const close = (bracket: string) => (step ? `\n${indentation}${bracket}` : bracket);
    if (Array.isArray(value)) {
        if (value.length === 0) return emit("[]");
        emit(open("["));
        value.forEach((raw: unknown, i) => {
            if (i > 0) emit(separator);
            const item = jsonValue(raw, String(i));
            if (skipped(item)) emit("null");
            else emitValue(item, step, emit, inner);
        });
        return emit(close("]"));
    }
    let first = true;
    for (const [key, raw] of Object.entries(value)) {
        const member = jsonValue(raw, key);
        if (skipped(member)) continue;
        emit(`${first ? open("{") : separator}${JSON.stringify(key)}:${step ? " " : ""}`);
        first = false;
        emitValue(member, step, emit, inner);
    }
    emit(first ? "{}" : close("}"));
}
