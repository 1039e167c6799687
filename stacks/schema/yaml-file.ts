/** A YAML config file read with source positions, so errors can point at the line. */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { ConfigError } from "./errors";

import { PROJECT_ROOT } from "./root";

export { PROJECT_ROOT };

/** A parsed YAML file. */
export interface YamlFile {
    /** Path relative to the project root, as printed in errors. */
    readonly path: string;
    /** The plain data. */
    readonly data: unknown;
    /** 1-based line of the node at `keys`, or of its closest existing parent. */
    lineOf(keys: readonly (string | number)[]): number | undefined;
    /** The value at `keys`, or undefined. */
    valueAt(keys: readonly (string | number)[]): unknown;
}

/**
 * Reads and parses a YAML file. A missing file or a syntax error raises a ConfigError that names the
 * file and line; `missing` describes what the file is for when it does not exist.
 */
export function readYamlFile(
    relativePath: string,
    root = PROJECT_ROOT,
    missing?: () => ConfigError,
): YamlFile {
    const absolute = path.resolve(root, relativePath);
    if (!fs.existsSync(absolute)) {
        throw (
            missing?.() ??
            new ConfigError([
                {
                    file: relativePath,
                    field: "(file)",
                    message: "does not exist; expected the file to be present",
                },
            ])
        );
    }
    return parseYaml(relativePath, fs.readFileSync(absolute, "utf8"));
}

/** The value at `keys` inside plain data (mappings and lists), or undefined. */
export function valueAtPath(data: unknown, keys: readonly (string | number)[]): unknown {
    let value = data;
    for (const key of keys) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<string | number, unknown>)[key];
    }
    return value;
}

/** Freezes `value` and everything reachable from it, so that it can be shared safely. */
export function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

/**
 * Files parsed so far, by path and content: each stack of a plan reads the environment file, and a
 * spoke reads every other spoke's file, so a plan of many stacks in one process parses each once.
 * Their data is frozen: every reader shares it.
 */
const parsedFiles = new Map<string, YamlFile>();
const PARSED_FILE_LIMIT = 2_000;

/** Parses YAML text that came from `relativePath` (a syntax error raises a ConfigError). */
export function parseYaml(relativePath: string, text: string): YamlFile {
    const key = `${relativePath}\0${text}`;
    let parsed = parsedFiles.get(key);
    if (!parsed) {
        parsed = parseYamlText(relativePath, text);
        if (parsedFiles.size >= PARSED_FILE_LIMIT) parsedFiles.clear();
        parsedFiles.set(key, parsed);
    }
    return parsed;
}

function parseYamlText(relativePath: string, text: string): YamlFile {
    const lineCounter = new LineCounter();
    const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new ConfigError(
            doc.errors.map((e) => {
                // "Map keys must be unique at line 56, column 3:" -> the reason; the line is printed in front.
                const reason = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
                const column = e.linePos?.[0].col;
                return {
                    file: relativePath,
                    line: e.linePos?.[0].line,
                    field: "(YAML)",
                    message:
                        `is not valid YAML: ${reason}${column === undefined ? "" : ` (column ${column})`}; ` +
                        "expected valid YAML syntax: check the indentation, quotes and brackets on this line and the one before",
                };
            }),
        );
    }
    const data: unknown = deepFreeze(doc.toJS());
    const lineOfOffset = (offset: number) => lineCounter.linePos(offset).line;
    /**
     * The line of the entry at `keys`: for a mapping entry the line of its key (a block list or mapping
     * value starts on the next line, after any comments), for a list item the line of the item.
     */
    const lineAt = (keys: readonly (string | number)[]): number | undefined => {
        if (keys.length > 0) {
            const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
            if (isMap(parent)) {
                const last = String(keys[keys.length - 1]);
                const pair = parent.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === last);
                return isNode(pair?.key) && pair.key.range ? lineOfOffset(pair.key.range[0]) : undefined;
            }
        }
        const node = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
        return isNode(node) && node.range ? lineOfOffset(node.range[0]) : undefined;
    };
    return {
        path: relativePath,
        data,
        lineOf(keys) {
            for (let n = keys.length; n >= 0; n--) {
                const line = lineAt(keys.slice(0, n));
                if (line !== undefined) return line;
            }
            return undefined;
        },
        valueAt: (keys) => valueAtPath(data, keys),
    };
}
