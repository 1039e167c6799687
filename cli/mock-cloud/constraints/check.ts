/**
 * Checks a registration's inputs against the constraint table, as AWS would when the provider sends
 * them: the rows are compiled once per resource type (paths split, rules turned into closures), so a
 * registration costs one lookup and the few checks of its own type.
 */
import { awsError, styleOf, type AwsError, type ConstraintRow, type Rule } from "./rules";
import { CONSTRAINTS } from "./table";

/** A value AWS would refuse. */
export interface Violation {
    readonly row: ConstraintRow;
    /** The input path of the refused value, with list indexes and map keys filled in. */
    readonly path: string;
    readonly value: unknown;
    readonly error: AwsError;
}

/** A value found at a path (`path` with indexes and keys filled in; `key`, when set, follows it). */
interface Found {
    readonly path: string;
    readonly value: unknown;
    /** A map key that completes the path: joined only when the value is refused. */
    readonly key?: string;
}

type Getter = (inputs: Record<string, unknown>) => Found[];
type Test = (value: unknown, inputs: Record<string, unknown>) => string | undefined;

interface Compiled {
    readonly row: ConstraintRow;
    /** The top-level input the row reads: a row whose input is absent is skipped without walking. */
    readonly top: string;
    readonly get: Getter;
    readonly test: Test;
    /** Cross-field rules test the resource once, whether or not the property is set. */
    readonly whole: boolean;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** A secret's plain value, or the value itself. */
function plain(value: unknown): unknown {
    if (
        value !== null &&
        typeof value === "object" &&
        (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
    ) {
        return (value as { value: unknown }).value;
    }
    return value;
}

/** True when a value is present and known (an unknown in a preview satisfies every rule). */
function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && !isUnknownValue(value);
}

/** The SDK's unknown marker in deserialized inputs (`keepUnknowns`): an object of class Unknown. */
function isUnknownValue(value: unknown): boolean {
    return value !== null && typeof value === "object" && value.constructor?.name === "Unknown";
}

/** Compiles `a.b[].c`, `tags{}` (keys), `tags{}=` (values) into a function listing what it finds. */
export function compilePath(path: string): Getter {
    const map = /^([^.[{]+)\{\}(=?)$/.exec(path);
    if (map) return mapEntries(map[1], map[2] === "=");
    const steps = path.split(".").map((segment) => {
        const match = /^([^[{]+)(\[\]|\{\}=?|)$/.exec(segment);
        if (!match) throw new Error(`constraint table: bad property path '${path}'`);
        return { name: match[1], each: match[2] };
    });
    return (inputs) => {
        let found: Found[] = [{ path: "", value: inputs }];
        for (const step of steps) {
            const next: Found[] = [];
            for (const f of found) {
                const holder = plain(f.value);
                if (holder === null || typeof holder !== "object") continue;
                const value = plain((holder as Record<string, unknown>)[step.name]);
                const at = f.path ? `${f.path}.${step.name}` : step.name;
                if (step.each === "") {
                    next.push({ path: at, value });
                } else if (step.each === "[]") {
                    if (Array.isArray(value))
                        value.forEach((v, i) => next.push({ path: `${at}[${i}]`, value: plain(v) }));
                } else if (value !== null && typeof value === "object" && !isUnknownValue(value)) {
                    for (const [k, v] of Object.entries(value)) {
                        next.push({ path: `${at}.${k}`, value: step.each === "{}" ? k : plain(v) });
                    }
                }
            }
            found = next;
        }
        return found;
    };
}

/**
 * A string's length in characters (code points), computed only when it matters: the UTF-16 length is
 * never below it, so a string within `max` by that length and without surrogates needs no count.
 */
function codePoints(v: string, rule: { min?: number; max?: number }): number {
    if ((rule.max === undefined || v.length <= rule.max) && (rule.min === undefined || v.length < rule.min)) {
        return v.length;
    }
    return /[\uD800-\uDFFF]/.test(v) ? [...v].length : v.length;
}

/** The keys (or values) of the map at top-level input `name`: the path for tags, read often. */
function mapEntries(name: string, values: boolean): Getter {
    return (inputs) => {
        const map = plain(inputs[name]);
        if (map === null || typeof map !== "object" || isUnknownValue(map)) return [];
        const found: Found[] = [];
        for (const k in map) {
            found.push({
                path: name,
                key: k,
                value: values ? plain((map as Record<string, unknown>)[k]) : k,
            });
        }
        return found;
    };
}

/** The clause of a number outside `min`..`max` (a length, a count or a value), as Smithy words it. */
function bounds(
    n: number,
    rule: { min?: number; max?: number },
    what: "length" | "value",
): string | undefined {
    if (rule.min !== undefined && n < rule.min)
        return `Member must have ${what} greater than or equal to ${rule.min}`;
    if (rule.max !== undefined && n > rule.max)
        return `Member must have ${what} less than or equal to ${rule.max}`;
    return undefined;
}

/** The test of one rule: `undefined` when the value passes, else the clause AWS's error states. */
export function compileRule(rule: Rule): Test {
    switch (rule.kind) {
        case "length":
            return (v) => (typeof v === "string" ? bounds(codePoints(v, rule), rule, "length") : undefined);
        case "pattern":
            return (v) =>
                typeof v === "string" && !rule.pattern.test(v)
                    ? `Member must satisfy regular expression pattern: ${rule.pattern.source}`
                    : undefined;
        case "oneOf": {
            const allowed = new Set<unknown>(rule.values);
            return (v) =>
                (typeof v === "string" || typeof v === "number") && !allowed.has(v)
                    ? `Member must satisfy enum value set: [${rule.values.join(", ")}]`
                    : undefined;
        }
        case "range":
            return (v) => {
                const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
                return typeof n === "number" && !Number.isNaN(n) ? bounds(n, rule, "value") : undefined;
            };
        case "count":
            return (v) => (Array.isArray(v) ? bounds(v.length, rule, "length") : undefined);
        case "entries":
            return (v) =>
                v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknownValue(v)
                    ? bounds(Object.keys(v).length, rule, "length")
                    : undefined;
        case "required":
            return (v) => (v === undefined || v === null ? "Member must not be null" : undefined);
        case "requiredWith": {
            const others = rule.with.map((p) => ({ p, get: compilePath(p) }));
            return (v, inputs) => {
                if (!isSet(v)) return undefined;
                const missing = others.filter(
                    (o) => !o.get(inputs).some((f) => f.value !== undefined && f.value !== null),
                );
                return missing.length
                    ? `Member requires ${missing.map((m) => m.p).join(", ")} to be set too`
                    : undefined;
            };
        }
        case "exclusive": {
            const others = rule.others.map((p) => ({ p, get: compilePath(p) }));
            return (v, inputs) => {
                if (v === undefined || v === null) return undefined;
                const also = others.filter((o) =>
                    o.get(inputs).some((f) => f.value !== undefined && f.value !== null),
                );
                return also.length
                    ? `Member cannot be set together with ${also.map((a) => a.p).join(", ")}`
                    : undefined;
            };
        }
        case "exactlyOne": {
            const members = rule.of.map((p) => ({ p, get: compilePath(p) }));
            return (_v, inputs) => {
                const set = members.filter((m) =>
                    m.get(inputs).some((f) => f.value !== undefined && f.value !== null),
                );
                if (set.length === 1) return undefined;
                return `Exactly one of these attributes must be configured: [${rule.of.join(",")}] (got ${set.length === 0 ? "none" : set.map((s) => s.p).join(" and ")})`;
            };
        }
        case "notWhen": {
            const when = compilePath(rule.when);
            return (v, inputs) =>
                v === rule.value && when(inputs).some((f) => f.value === rule.equals)
                    ? `Member may not be ${JSON.stringify(rule.value)} while ${rule.when} is ${JSON.stringify(rule.equals)}`
                    : undefined;
        }
    }
}

function compileRow(row: ConstraintRow): Compiled {
    const whole = row.rule.kind === "exactlyOne" || row.rule.kind === "required";
    const top = /^[^.[{]+/.exec(row.property)?.[0] ?? row.property;
    return { row, top, get: compilePath(row.property), test: compileRule(row.rule), whole };
}

/** Checks compiled per type: the type's own rows and the rows for every `aws:` type. */
export class ConstraintChecker {
    private readonly byType = new Map<string, readonly Compiled[]>();
    private readonly everyType: readonly Compiled[];
    private readonly rows: ReadonlyMap<string, readonly ConstraintRow[]>;

    constructor(table: readonly ConstraintRow[] = CONSTRAINTS) {
        const rows = new Map<string, ConstraintRow[]>();
        for (const row of table) {
            const list = rows.get(row.type) ?? [];
            list.push(row);
            rows.set(row.type, list);
        }
        this.rows = rows;
        this.everyType = (rows.get("*") ?? []).map(compileRow);
    }

    /** What AWS would refuse in the inputs of a resource of `type`. */
    check(type: string, inputs: Record<string, unknown>): Violation[] {
        let compiled = this.byType.get(type);
        if (compiled === undefined) {
            const own = (this.rows.get(type) ?? []).map(compileRow);
            compiled = type.startsWith("aws:") ? [...own, ...this.everyType] : own;
            this.byType.set(type, compiled);
        }
        if (compiled.length === 0) return [];
        const violations: Violation[] = [];
        for (const c of compiled) {
            if (!c.whole && inputs[c.top] === undefined) continue;
            const found = c.get(inputs);
            if (c.whole && found.length === 0) found.push({ path: c.row.property, value: undefined });
            for (const f of found) {
                if (isUnknownValue(f.value) || ((f.value === undefined || f.value === null) && !c.whole))
                    continue;
                const clause = c.test(f.value, inputs);
                if (clause !== undefined) {
                    // A row for every type answers in the words of the service that owns this one.
                    const row = c.row.type === "*" ? { ...c.row, style: styleOf(type) } : c.row;
                    violations.push({
                        row,
                        path: f.key === undefined ? f.path : `${f.path}.${f.key}`,
                        value: f.value,
                        error: awsError(row, f.value, clause),
                    });
                }
            }
        }
        return violations;
    }
}

function shown(value: unknown): string {
    return typeof value === "string" ? `'${value}'` : (JSON.stringify(value) ?? "(missing)");
}

/** The values of one resource that AWS would refuse. */
export interface Refusal {
    readonly urn: string;
    readonly violations: readonly Violation[];
}

/** The failure of a stack run on values AWS would refuse: AWS's code and text, and each URN. */
export class ConstraintError extends Error {
    constructor(readonly refusals: readonly Refusal[]) {
        super(
            refusals
                .flatMap((r) =>
                    r.violations.map(
                        (v) =>
                            `${r.urn}: AWS would refuse ${v.path} ${shown(v.value)}: ${v.error.code}: ${v.error.message} (source: ${v.row.source})`,
                    ),
                )
                .join("\n"),
        );
        this.name = "ConstraintError";
    }
}
