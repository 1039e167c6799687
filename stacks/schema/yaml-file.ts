/** A YAML config file read with source positions, so errors can point at the line. */
import * as fs from "node:fs";
import * as path from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { ConfigError } from "./errors";

/** The project root: the folder that holds Pulumi.yaml. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

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
export function readYamlFile(relativePath: string, root = PROJECT_ROOT, missing?: () => ConfigError): YamlFile {
    const absolute = path.resolve(root, relativePath);
    if (!fs.existsSync(absolute)) {
        throw missing?.() ??
            new ConfigError([{ file: relativePath, field: "(file)", message: "does not exist; expected the file to be present" }]);
    }
    return parseYaml(relativePath, fs.readFileSync(absolute, "utf8"));
}

/** Parses YAML text that came from `relativePath`. */
export function parseYaml(relativePath: string, text: string): YamlFile {
    const lineCounter = new LineCounter();
    const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new ConfigError(
            doc.errors.map((e) => ({
                file: relativePath,
                line: e.linePos?.[0].line,
                field: "(YAML)",
                message: `is not valid YAML: ${e.message.split("\n")[0]}`,
            })),
        );
    }
    const data: unknown = doc.toJS();
    return {
        path: relativePath,
        data,
        lineOf(keys) {
            for (let n = keys.length; n >= 0; n--) {
                const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
                if (isNode(node) && node.range) {
                    return lineCounter.linePos(node.range[0]).line;
                }
            }
            return undefined;
        },
        valueAt(keys) {
            let value: unknown = data;
            for (const key of keys) {
                if (value === null || typeof value !== "object") return undefined;
                value = (value as Record<string | number, unknown>)[key];
            }
            return value;
        },
    };
}
