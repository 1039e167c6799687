/**
 * Config errors: every problem names the file (and line), the field path, the value received and
 * what is expected. Raised as a `RunError`, so Pulumi prints the message without a stack trace.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { YamlFile } from "./yaml-file";

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

/** `file:line: field 'value' message`. */
export function formatProblem(p: ConfigProblem): string {
    const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
    const value = p.value === undefined ? "" : ` ${describeValue(p.value)}`;
    return `${where}: ${p.field}${value} ${p.message}`;
}

function describeValue(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return `'${text.length > 80 ? `${text.slice(0, 77)}...` : text}'`;
}

/** Turns zod issues into problems, reading each value from the file's own data. */
export function problemsFromZod(
    issues: readonly z.core.$ZodIssue[],
    file: YamlFile,
    prefix: (string | number)[] = [],
    display: (path: (string | number)[]) => string = (p) => p.join("."),
): ConfigProblem[] {
    return issues.flatMap((issue) => {
        const path = [...prefix, ...issue.path.map((k) => (typeof k === "symbol" ? String(k) : k))];
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => ({
                file: file.path,
                line: file.lineOf([...path, key]),
                field: display([...path, key]),
                message: `is not a known field; remove it or check its spelling (fix the field name under ${display(path) || "the top level"})`,
            }));
        }
        const value = file.valueAt(path);
        return [
            {
                file: file.path,
                line: file.lineOf(path),
                field: display(path),
                value,
                message: value === undefined ? `is missing; ${expectation(issue)}` : messageOf(issue, value),
            },
        ];
    });
}

function expectation(issue: z.core.$ZodIssue): string {
    const text = issue.message;
    const expected = text.indexOf("expected");
    if (expected >= 0) return text.slice(expected);
    if (issue.code === "invalid_type") return `expected a ${issue.expected}`;
    return "expected a value";
}

function messageOf(issue: z.core.$ZodIssue, value: unknown): string {
    switch (issue.code) {
        case "invalid_type":
            return issue.message.startsWith("Invalid input")
                ? `is a ${Array.isArray(value) ? "list" : typeof value}; expected a ${issue.expected}`
                : issue.message;
        case "too_small":
            return issue.message.startsWith("Too small")
                ? `is too small; expected ${Array.isArray(value) ? "at least " + String(issue.minimum) + " item(s)" : ">= " + String(issue.minimum)}`
                : issue.message;
        case "too_big":
            return issue.message.startsWith("Too big") ? `is too large; expected <= ${String(issue.maximum)}` : issue.message;
        case "invalid_value":
            return issue.message.startsWith("Invalid")
                ? `is not allowed; expected one of ${issue.values.map(String).join(", ")}`
                : issue.message;
        default:
            return issue.message;
    }
}
