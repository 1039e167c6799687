/**
 * The plan document written piece by piece: the same text as `JSON.stringify(document, null, 2)`,
 * without ever holding it as one string (at 1,000 spokes `steps` alone is over a hundred megabytes,
 * and a string cannot exceed V8's limit of about 512 million characters).
 */
import * as fs from "node:fs";

/** The pieces of `JSON.stringify(value, null, 2)`, each element of the top-level arrays on its own. */
export function* jsonPieces(value: Readonly<Record<string, unknown>>): Generator<string> {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0) {
        yield "{}";
        return;
    }
    yield "{";
    for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const item = value[key];
        const comma = i < keys.length - 1 ? "," : "";
        if (Array.isArray(item) && item.length > 0) {
            yield `\n  ${JSON.stringify(key)}: [`;
            for (let j = 0; j < item.length; j++) {
                const text = JSON.stringify(item[j] ?? null, null, 2).replace(/\n/g, "\n    ");
                yield `\n    ${text}${j < item.length - 1 ? "," : ""}`;
            }
            yield `\n  ]${comma}`;
        } else {
            yield `\n  ${JSON.stringify(key)}: ${JSON.stringify(item, null, 2).replace(/\n/g, "\n  ")}${comma}`;
        }
    }
    yield "\n}";
}

/** Writes `value` to `file` as {@link jsonPieces} does, with a final newline. */
export function writeJson(file: string, value: Readonly<Record<string, unknown>>): void {
    const fd = fs.openSync(file, "w");
    try {
        let buffer = "";
        for (const piece of jsonPieces(value)) {
            buffer += piece;
            if (buffer.length > 1 << 20) {
                fs.writeSync(fd, buffer);
                buffer = "";
            }
        }
        fs.writeSync(fd, `${buffer}\n`);
    } finally {
        fs.closeSync(fd);
    }
}
