/**
 * A deterministic generator of single mutations of a YAML config file: every key deleted, misspelt
 * or duplicated; every scalar emptied, retyped, pushed out of range or malformed; and damage to the
 * YAML itself (truncation, a tab, an unbalanced bracket, a foreign tag, binary bytes). Each mutation
 * says whether a correct validator must refuse it or may accept it (then it must be harmless).
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";

/** What a validator must do with a mutation. */
export type Expectation = "refuse" | "refuse-or-harmless";

/** One mutation of one file. */
export interface Mutation {
    /** What was done, e.g. `retype regions.primary.availabilityZones to a list`. */
    readonly label: string;
    /** The key path it touches (empty for damage to the whole file). */
    readonly path: readonly (string | number)[];
    readonly expect: Expectation;
    /** The mutated file content. */
    readonly content: string | Buffer;
}

/** Mappings whose keys are the user's own (any key is valid): misspelling one is harmless. */
const FREE_KEYS = new Set(["tags"]);

interface Leaf {
    readonly path: (string | number)[];
    readonly value: unknown;
}

function leaves(node: unknown, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
    if (isMap(node)) {
        for (const pair of node.items) {
            const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
            leaves(pair.value, [...path, key], out);
        }
    } else if (isSeq(node)) {
        node.items.forEach((item, i) => leaves(item, [...path, i], out));
    } else if (isScalar(node)) {
        out.push({ path, value: node.value });
    }
    return out;
}

/** Every mapping key: its path. */
function keys(
    node: unknown,
    path: (string | number)[] = [],
    out: (string | number)[][] = [],
): (string | number)[][] {
    if (isMap(node)) {
        for (const pair of node.items) {
            const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
            out.push([...path, key]);
            keys(pair.value, [...path, key], out);
        }
    } else if (isSeq(node)) {
        node.items.forEach((item, i) => keys(item, [...path, i], out));
    }
    return out;
}

function edited(text: string, edit: (doc: Document) => void): string {
    const doc = parseDocument(text);
    edit(doc);
    return doc.toString({ lineWidth: 0 });
}

/** A misspelling: two neighbouring letters swapped, or one dropped for short keys. */
function misspelt(key: string): string {
    const name = key.includes(":") ? key.slice(key.indexOf(":") + 1) : key;
    const prefix = key.slice(0, key.length - name.length);
    if (name.length < 4) return `${prefix}${name}x`;
    const i = Math.floor(name.length / 2);
    return `${prefix}${name.slice(0, i - 1)}${name[i]}${name[i - 1]}${name.slice(i + 1)}`;
}

const underFreeKeys = (path: readonly (string | number)[]) =>
    path.slice(0, -1).some((k) => typeof k === "string" && FREE_KEYS.has(k));

/** Every single mutation of `text` (a YAML mapping). */
export function mutationsOf(text: string): Mutation[] {
    const doc = parseDocument(text);
    const out: Mutation[] = [];
    const name = (path: readonly (string | number)[]) => path.join(".");

    for (const path of keys(doc.contents)) {
        const key = String(path[path.length - 1]);
        out.push({
            label: `delete ${name(path)}`,
            path,
            expect: "refuse-or-harmless",
            content: edited(text, (d) => d.deleteIn(path)),
        });
        const wrong = misspelt(key);
        if (wrong !== key) {
            out.push({
                label: `misspell ${name(path)} as ${wrong}`,
                path,
                expect:
                    underFreeKeys([...path, "x"]) || FREE_KEYS.has(String(path[path.length - 2]))
                        ? "refuse-or-harmless"
                        : "refuse",
                content: edited(text, (d) => {
                    const parent = path.length === 1 ? d.contents : d.getIn(path.slice(0, -1), true);
                    if (!isMap(parent)) return;
                    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
                    if (pair && isScalar(pair.key)) pair.key.value = wrong;
                }),
            });
        }
    }

    for (const leaf of leaves(doc.contents)) {
        const path = leaf.path;
        const set = (label: string, value: unknown, expect: Expectation) =>
            out.push({
                label: `${label} ${name(path)}`,
                path,
                expect,
                content: edited(text, (d) => d.setIn(path, d.createNode(value))),
            });
        const free = underFreeKeys(path);
        set("retype to a mapping", { x: 1 }, "refuse");
        set("retype to a list", [leaf.value], "refuse");
        set("empty", null, "refuse-or-harmless");
        if (typeof leaf.value === "number") {
            set("negative", -1, "refuse-or-harmless");
            set("huge", 1e12, "refuse-or-harmless");
            set("fraction", 0.5, "refuse-or-harmless");
            set("text instead of a number", "abc", "refuse");
        } else if (typeof leaf.value === "string") {
            set("empty string", "", "refuse-or-harmless");
            set("append symbols to", `${leaf.value}!{}`, free ? "refuse" : "refuse-or-harmless");
            set("put a line break in", `${leaf.value}\nx`, "refuse-or-harmless");
            set("lengthen", leaf.value + "x".repeat(300), "refuse-or-harmless");
        } else if (typeof leaf.value === "boolean") {
            set("retype to text", "maybe", "refuse");
        }
    }

    const lines = text.split("\n");
    const damage = (label: string, content: string | Buffer) =>
        out.push({ label, path: [], expect: "refuse", content });
    damage("empty the file", "");
    damage("leave only comments", "# nothing here\n");
    damage("a list at the top level", "- a\n- b\n");
    damage("binary bytes", Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([0, 0xff, 0xfe])]));
    const valueLine = lines.findIndex((l) => /^\s*[^#\s][^#]*: \S/.test(l));
    if (valueLine >= 0) {
        damage(
            "a !!python/object tag",
            lines
                .map((l, i) => (i === valueLine ? l.replace(/: (.*)$/, ": !!python/object:os.system $1") : l))
                .join("\n"),
        );
    }
    const firstKey = lines.findIndex((l) => /^\s*[\w"-][^:#]*:/.test(l));
    if (firstKey >= 0) {
        damage(
            "a duplicated key",
            [...lines.slice(0, firstKey + 1), lines[firstKey], ...lines.slice(firstKey + 1)].join("\n"),
        );
    }
    const indented = lines.findIndex((l) => /^ {2,}\S/.test(l) && l.includes(":"));
    if (indented >= 0) {
        damage(
            "a tab for indentation",
            lines.map((l, i) => (i === indented ? `\t${l.trimStart()}` : l)).join("\n"),
        );
        damage(
            "an unbalanced bracket",
            lines.map((l, i) => (i === indented ? l.replace(/: (.*)$/, ": [$1") : l)).join("\n"),
        );
    }
    damage(
        "truncation inside a quoted value",
        `${text.slice(0, Math.floor(text.length / 2))}\nx: "unterminated`,
    );
    return out;
}

/** A deterministic sample of `n` items: every `step`-th, starting at an offset from `seed`. */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
    if (items.length <= n) return [...items];
    const step = items.length / n;
    return Array.from({ length: n }, (_, i) => items[Math.floor((i * step + seed) % items.length)]);
}
