/** A YAML config file read with source positions, so errors can point at the line. */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    isMap,
    isNode,
    isScalar,
    isSeq,
    LineCounter,
    parseDocument,
    type Document,
    type YAMLError,
    type YAMLWarning,
} from "yaml";
import { ConfigError, type ConfigProblem } from "./errors";

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
    /**
     * The line of the file where line `index` (0-based) of the multi-line text at `keys` stands: a
     * literal block (`|`) keeps its lines; folded or quoted text is searched for `line`'s first words.
     */
    lineInValue?(keys: readonly (string | number)[], index: number, line?: string): number | undefined;
    /**
     * For data composed of several files (an environment with its firewall rules file): the file that
     * holds `keys`, and their path in it, when it is not this one.
     */
    sourceOf?(keys: readonly (string | number)[]): { file: YamlFile; keys: (string | number)[] } | undefined;
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
    const fileProblem = (message: string) =>
        new ConfigError([{ file: relativePath, field: "(file)", message }]);
    let stats: fs.Stats;
    try {
        stats = fs.statSync(absolute);
    } catch {
        throw missing?.() ?? fileProblem("does not exist; expected the file to be present");
    }
    if (!stats.isFile()) {
        throw fileProblem(
            `is ${stats.isDirectory() ? "a folder" : "not a regular file"}; expected a YAML file`,
        );
    }
    if (stats.size > MAX_YAML_BYTES) {
        throw fileProblem(`is ${stats.size} bytes; expected a YAML file of at most ${MAX_YAML_BYTES} bytes`);
    }
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(absolute);
    } catch (error) {
        throw fileProblem(
            `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); expected a readable YAML file`,
        );
    }
    return parseYaml(relativePath, decodeText(relativePath, bytes));
}

/** The longest YAML file read: config files are a few KB, and a spoke's file far less. */
const MAX_YAML_BYTES = 4 * 1024 * 1024;

/** UTF-8 text of a file, or a ConfigError naming the line of the first byte that is not text. */
export function decodeText(relativePath: string, bytes: Buffer): string {
    let text: string | undefined;
    try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        text = undefined;
    }
    const nul = bytes.indexOf(0);
    if (text === undefined || nul >= 0) {
        // The first offending byte: a NUL, or where strict decoding of the prefix stops.
        let at = nul >= 0 ? nul : bytes.length;
        if (text === undefined) {
            let low = 0;
            let high = Math.min(at, bytes.length);
            while (low < high) {
                const mid = Math.floor((low + high + 1) / 2);
                try {
                    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid));
                    low = mid;
                } catch {
                    high = mid - 1;
                }
            }
            at = Math.min(at, low);
        }
        const line = bytes.subarray(0, at).toString("latin1").split("\n").length;
        throw new ConfigError([
            {
                file: relativePath,
                line,
                field: "(file)",
                message: `is not text (byte ${at} is binary or not UTF-8); expected a UTF-8 YAML file`,
            },
        ]);
    }
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
    if (text.includes("\u0000")) {
        throw new ConfigError([
            {
                file: relativePath,
                line: text.slice(0, text.indexOf("\u0000")).split("\n").length,
                field: "(file)",
                message: "is not text (it holds a NUL byte); expected a UTF-8 YAML file",
            },
        ]);
    }
    const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
    const problems: ConfigProblem[] = doc.errors.map((e) => yamlProblem(relativePath, text, e, lineCounter));
    // Warnings are errors here: an unknown tag (`!!python/object`, `!Ref`) would silently become text.
    for (const w of doc.warnings) problems.push(yamlProblem(relativePath, text, w, lineCounter));
    if (problems.length > 0) throw new ConfigError(problems);
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
        throw new ConfigError([
            {
                file: relativePath,
                field: "(file)",
                message: `is ${text.trim() === "" ? "empty" : "only comments"}; expected a YAML mapping (key: value lines)`,
            },
        ]);
    }
    if (!isMap(doc.contents)) {
        const kind = isSeq(doc.contents) ? "a list" : "a single value";
        throw new ConfigError([
            {
                file: relativePath,
                line:
                    isNode(doc.contents) && doc.contents.range
                        ? lineCounter.linePos(doc.contents.range[0]).line
                        : 1,
                field: "(top level)",
                message: `is ${kind}; expected a YAML mapping (key: value lines)`,
            },
        ]);
    }
    let plain: unknown;
    try {
        plain = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
        throw new ConfigError([
            {
                file: relativePath,
                field: "(YAML)",
                message: `cannot be read: ${(error as Error).message.split("\n")[0]}; expected plain values without alias chains`,
            },
        ]);
    }
    const data: unknown = deepFreeze(plain);
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
        lineInValue(keys, index, line) {
            const node = doc.getIn(keys, true);
            if (!isScalar(node) || !node.range) return undefined;
            const start = lineOfOffset(node.range[0]);
            if (node.type === "BLOCK_LITERAL") return start + 1 + index;
            // Folded or flow text joins lines: find where the line's first words stand in the source.
            const words = line?.trim().split(/\s+/).slice(0, 4) ?? [];
            if (words.length === 0) return start;
            const source = text.slice(node.range[0], node.range[1]);
            const pattern = new RegExp(
                words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+"),
            );
            const found = pattern.exec(source);
            return found ? lineOfOffset(node.range[0] + found.index) : start;
        },
    };
}

/** One YAML error or warning as a problem: the line, the reason in plain words, and the fix. */
function yamlProblem(
    relativePath: string,
    text: string,
    e: YAMLError | YAMLWarning,
    lineCounter: LineCounter,
): ConfigProblem {
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    const reason = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    // The text from the error's start to the end of its line: the key, or the tag and its value.
    const end = text.indexOf("\n", e.pos[0]);
    const source = text.slice(e.pos[0], end < 0 ? text.length : end);
    if (e.code === "DUPLICATE_KEY") {
        const key = /^\s*["']?([^"':\n]+)/.exec(source)?.[1]?.trim() ?? "";
        return {
            file: relativePath,
            line: pos.line,
            field: key ? `(YAML) key '${key}'` : "(YAML)",
            message:
                "repeats a key of the same mapping; expected each key once (delete or merge the repeated one)",
        };
    }
    if (e.code === "TAG_RESOLVE_FAILED" || /tag/i.test(reason)) {
        const tag = /!\S*/.exec(source)?.[0] ?? /!\S*/.exec(reason)?.[0] ?? "";
        return {
            file: relativePath,
            line: pos.line,
            field: "(YAML)",
            message: `uses the tag '${tag || reason}' (column ${pos.col}); expected plain YAML values: tags such as !!python/object or !Ref are not read`,
        };
    }
    return {
        file: relativePath,
        line: pos.line,
        field: "(YAML)",
        message:
            `is not valid YAML: ${reason} (column ${pos.col}); ` +
            "expected valid YAML syntax: check the indentation, quotes and brackets on this line and the one before",
    };
}
