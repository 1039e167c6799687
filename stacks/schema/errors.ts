/**
 * Config errors: every problem names the file (and line), the field path, the value received and
 * what is expected. Raised as a `RunError`, so Pulumi prints the message without a stack trace.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { editDistance } from "./names";
import type { YamlFile } from "./yaml-file";

export { closestName } from "./names";

/** One problem found in one config file. */
export interface ConfigProblem {
    /** File path relative to the project root, e.g. `stacks/environments/dev.yaml`. */
    readonly file: string;
    /** Line in the file, where known. */
    readonly line?: number;
    /** Field path, printed dotted (`addressing.supernet`, `firewall.ruleGroups.2.kind`). */
    readonly field: string;
    /** The sentence after the field and value: "is not a CIDR; expected e.g. 10.20.0.0/20". */
    readonly message: string;
    /** The value received (omitted when the field is missing). */
    readonly value?: unknown;
}

/** A bad config value: the stack stops before declaring any resource. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(
            `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  ${formatProblem(p)}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** `file:line: field 'value' message`; list positions in a field print as `[n]`. */
export function formatProblem(p: ConfigProblem): string {
    const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
    const value = p.value === undefined ? "" : ` ${describeValue(p.value)}`;
    return `${where}: ${p.field.replace(/\.(\d+)(?=[.[]|$)/g, "[$1]")}${value} ${p.message}`;
}

/** A list item's name, when it has one that tells it apart from its siblings (`name`, else `id`). */
function itemName(list: readonly unknown[], index: number): string | undefined {
    for (const key of ["name", "id"]) {
        const names = list.map((item) =>
            item !== null && typeof item === "object" ? (item as Record<string, unknown>)[key] : undefined,
        );
        const name = names[index];
        if (
            typeof name === "string" &&
            /^[\w.:@-]{1,64}$/.test(name) &&
            names.filter((n) => n === name).length === 1
        ) {
            return name;
        }
    }
    return undefined;
}

/**
 * A field path as printed: keys dotted, list items by name where they have one and by position
 * otherwise (`firewall.ruleGroups[egress-allow-list].domains[4]`). `skip` leading keys are walked
 * but not printed (`config` of a stack file).
 */
export function fieldPath(data: unknown, keys: readonly (string | number)[], skip = 0): string {
    let out = "";
    let node = data;
    keys.forEach((key, i) => {
        const list = Array.isArray(node) ? (node as unknown[]) : undefined;
        const index = typeof key === "number" ? key : /^\d+$/.test(key) && list ? Number(key) : undefined;
        if (i >= skip) {
            if (index !== undefined) out += `[${(list && itemName(list, index)) ?? index}]`;
            else out += out ? `.${key}` : String(key);
        }
        node =
            node !== null && typeof node === "object"
                ? (node as Record<string | number, unknown>)[index ?? key]
                : undefined;
    });
    return out;
}

function describeValue(value: unknown): string {
    // Multi-line values (Suricata rules) are shown on one line so that each problem stays one line.
    const text = (typeof value === "string" ? value : JSON.stringify(value)).replace(/\r?\n/g, "\\n");
    return `'${text.length > 80 ? `${text.slice(0, 77)}...` : text}'`;
}

/** What a YAML user calls a zod type: "a list", "a mapping", "a whole number". */
function typeName(expected: string): string {
    const names: Record<string, string> = {
        array: "a list",
        object: "a mapping",
        record: "a mapping",
        string: "a string",
        number: "a number",
        int: "a whole number",
        boolean: "true or false",
    };
    return names[expected] ?? `a ${expected}`;
}

/** What a YAML value is: "empty", "a list", "a mapping", "a string", ... */
function kindOf(value: unknown): string {
    if (value === null) return "empty";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    if (typeof value === "number" && !Number.isInteger(value)) return "a fraction";
    return `a ${typeof value}`;
}

/** A missing sibling field whose name is close to `key`: the likely intended spelling. */
function closestMissing(
    key: string,
    parent: (string | number)[],
    issues: readonly z.core.$ZodIssue[],
    file: YamlFile,
    prefix: (string | number)[],
): string | undefined {
    const missing = issues
        .filter((i) => i.code !== "unrecognized_keys" && i.path.length === parent.length - prefix.length + 1)
        .map((i) => [...prefix, ...i.path.map(String)])
        .filter(
            (p) => p.slice(0, -1).join("\u0000") === parent.join("\u0000") && file.valueAt(p) === undefined,
        )
        .map((p) => String(p[p.length - 1]));
    const ranked = missing
        .map((name) => ({ name, distance: editDistance(key.toLowerCase(), name.toLowerCase()) }))
        .filter((m) => m.distance <= Math.max(2, Math.floor(m.name.length / 3)))
        .sort((a, b) => a.distance - b.distance);
    return ranked[0]?.name;
}

/** Turns zod issues into problems, reading each value from the file's own data. */
export function problemsFromZod(
    issues: readonly z.core.$ZodIssue[],
    file: YamlFile,
    prefix: (string | number)[] = [],
    display: (path: (string | number)[]) => string = (p) => fieldPath(file.data, p),
): ConfigProblem[] {
    // A field that another file holds (the firewall rules of an environment) is reported there.
    const fileOf = (p: (string | number)[]) => file.sourceOf?.(p)?.file.path ?? file.path;
    const shown = (p: (string | number)[]) => {
        const source = file.sourceOf?.(p);
        return source ? fieldPath(source.file.data, source.keys) : display(p);
    };
    return issues.flatMap((issue) => {
        const path = [...prefix, ...issue.path.map((k) => (typeof k === "symbol" ? String(k) : k))];
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => {
                const meant = closestMissing(key, path, issues, file, prefix);
                const where = shown(path) || "the top level";
                return {
                    file: fileOf([...path, key]),
                    line: file.lineOf([...path, key]),
                    field: shown([...path, key]),
                    message: meant
                        ? `is not a known field; expected '${meant}' (the missing field under ${where} with a similar name)`
                        : `is not a known field; expected one of the fields documented for ${where}, or remove it`,
                };
            });
        }
        // A problem inside a multi-line value (a Suricata rule of a block) points at its own line.
        const params = issue.code === "custom" ? issue.params : undefined;
        const valueLine = params?.valueLine as number | undefined;
        if (valueLine !== undefined) {
            return [
                {
                    file: fileOf(path),
                    line:
                        file.lineInValue?.(path, valueLine, params?.value as string | undefined) ??
                        file.lineOf(path),
                    field: shown(path),
                    value: params?.value ?? issue.input,
                    message: issue.message,
                },
            ];
        }
        const value = file.valueAt(path);
        return [
            {
                file: fileOf(path),
                line: file.lineOf(path),
                field: shown(path),
                value,
                message: value === undefined ? `is missing; ${expectation(issue)}` : messageOf(issue, value),
            },
        ];
    });
}

function expectation(issue: z.core.$ZodIssue): string {
    const text = issue.message;
    if (issue.code === "invalid_type" && text.startsWith("Invalid input"))
        return `expected ${typeName(issue.expected)}`;
    const expected = text.indexOf("expected");
    if (expected >= 0) return text.slice(expected);
    if (issue.code === "invalid_type") return `expected ${typeName(issue.expected)}`;
    return "expected a value";
}

function messageOf(issue: z.core.$ZodIssue, value: unknown): string {
    switch (issue.code) {
        case "invalid_type":
            return issue.message.startsWith("Invalid input")
                ? `is ${kindOf(value)}; expected ${typeName(issue.expected)}`
                : issue.message;
        case "too_small":
            return issue.message.startsWith("Too small")
                ? `is too small; expected ${sizeBound("at least", issue.minimum, issue.origin, ">=")}`
                : issue.message;
        case "too_big":
            return issue.message.startsWith("Too big")
                ? `is too large; expected ${sizeBound("at most", issue.maximum, issue.origin, "<=")}`
                : issue.message;
        case "invalid_key":
            // A record key failed (e.g. a reserved tag key): report the key's own message.
            return (
                issue.issues.find((i) => !i.message.startsWith("Invalid") && !i.message.startsWith("Too"))
                    ?.message ??
                `has an invalid key; expected ${issue.issues.map((i) => i.message).join(", ")}`
            );
        case "invalid_format":
            return issue.message.startsWith("Invalid")
                ? `is not in the expected format; expected text matching ${issue.pattern ?? issue.format}`
                : issue.message;
        case "invalid_value":
            return issue.message.startsWith("Invalid")
                ? `is not allowed; expected one of ${issue.values.map(String).join(", ")}`
                : issue.message;
        default:
            return issue.message;
    }
}

function sizeBound(words: string, bound: number | bigint, origin: string, symbol: string): string {
    if (origin === "array" || origin === "set") return `${words} ${String(bound)} item(s)`;
    if (origin === "string") return `${words} ${String(bound)} character(s)`;
    return `${symbol} ${String(bound)}`;
}
