/**
 * Differences between two property values as `pulumi preview --json` names them in `detailedDiff`:
 * property paths (`ruleGroup.rulesSource.rulesSourceList.targets[3]`, `tags["hub-network:role"]`) with
 * a kind (`add`, `delete`, `update`). Values unknown in a preview read `"[unknown]"` in both plans.
 */

/** The marker `pulumi preview --json` (and the plan) writes for a value unknown until apply. */
export const UNKNOWN = "[unknown]";

/** The key the Pulumi SDK marks a secret value with (`sig` of a secret in the serialized form). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** One changed property path. */
export interface ValueDiff {
    /** The path, e.g. `subnetIds[1]` or `tags["hub-network:role"]`. */
    readonly path: string;
    readonly kind: "add" | "delete" | "update";
    /** Top-level property the path starts with. */
    readonly property: string;
    /** Old and new values when they are short scalars (not secrets); otherwise undefined. */
    readonly old?: string;
    readonly new?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `a.b`, `a[0]`, `a["b:c"]`: the path syntax of the engine's property paths. */
export function childPath(parent: string, key: string | number): string {
    if (typeof key === "number") return `${parent}[${key}]`;
    if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
    return `${parent}[${JSON.stringify(key)}]`;
}

function isSecret(v: unknown): boolean {
    return typeof v === "object" && v !== null && SECRET_SIG in v;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A short rendering of a scalar for the console and the Markdown, or undefined. */
export function shortValue(v: unknown): string | undefined {
    if (v === undefined || isSecret(v)) return isSecret(v) ? "[secret]" : undefined;
    if (v === null || typeof v === "number" || typeof v === "boolean") return String(v);
    if (typeof v === "string") return v.length <= 64 && !v.includes("\n") ? v : undefined;
    return undefined;
}

/** Whether two values are the same (deep), secrets compared as their plaintext. */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
    }
    if (isObject(a) && isObject(b)) {
        const ak = Object.keys(a);
        const bk = Object.keys(b);
        return ak.length === bk.length && ak.every((k) => k in b && sameValue(a[k], b[k]));
    }
    return false;
}

/**
 * The paths where `next` differs from `prev`, objects by key and arrays by index (a value that turns
 * from a scalar into an object, or a secret, is one `update` of its path). Both unknown is the same;
 * unknown against known is an update (the value may change).
 */
export function diffValues(prev: unknown, next: unknown, path = "", property = ""): ValueDiff[] {
    if (sameValue(prev, next)) return [];
    const out: ValueDiff[] = [];
    const leaf = (kind: ValueDiff["kind"]) => {
        const o = shortValue(prev);
        const n = shortValue(next);
        out.push({
            path,
            kind,
            property: property || path,
            ...(kind !== "add" && o !== undefined ? { old: o } : {}),
            ...(kind !== "delete" && n !== undefined ? { new: n } : {}),
        });
    };
    if (prev === undefined) leaf("add");
    else if (next === undefined) leaf("delete");
    else if (isObject(prev) && isObject(next) && !isSecret(prev) && !isSecret(next)) {
        const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])].sort();
        for (const key of keys) {
            out.push(...diffValues(prev[key], next[key], childPath(path, key), property || key));
        }
    } else if (Array.isArray(prev) && Array.isArray(next)) {
        for (let i = 0; i < Math.max(prev.length, next.length); i++) {
            out.push(...diffValues(prev[i], next[i], childPath(path, i), property || path));
        }
    } else leaf("update");
    return out;
}
