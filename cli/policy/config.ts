/**
 * The standard policy config file (`pulumi preview --policy-pack-config FILE`), read and reconciled as
 * the engine does: each key is a policy name (or `all`) mapped to an enforcement level or to an object
 * of settings with an optional `enforcementLevel`; every policy starts from its schema defaults and
 * level, `all` sets every level, then each policy's own entry applies; the result is validated against
 * each policy's config schema. Stricter than the engine in two ways that catch typos: a policy name the
 * pack does not serve, and a setting its schema does not declare, are errors.
 */
import * as fs from "node:fs";
import type { ConfigProblem } from "../../stacks/schema/errors";
import {
    ENFORCEMENT_LEVELS,
    type EnforcementLevelName,
    type PolicyConfigEntry,
    type PolicyInfo,
} from "./analyzer";

/**
 * The problems as the config errors of the stacks print them. Loaded when needed: that module loads
 * the Pulumi SDK, which the policy client's thread (cli/policy/thread-worker) has no other use for.
 */
function formatProblems(problems: readonly ConfigProblem[]): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const errors = require("../../stacks/schema/errors") as typeof import("../../stacks/schema/errors");
    return problems.map((p) => errors.formatProblem(p));
}

/** A policy config file that cannot be used: every problem names file, line, field and fix. */
export class PolicyConfigError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(
            `invalid policy config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                formatProblems(problems)
                    .map((p) => `  ${p}`)
                    .join("\n"),
        );
        this.name = "PolicyConfigError";
    }
}

/** One entry of the file: a level, settings, or both. */
export interface GivenPolicyConfig {
    readonly enforcementLevel?: EnforcementLevelName;
    readonly properties: Readonly<Record<string, unknown>>;
}

/** The parsed file. */
export interface PolicyConfigFile {
    readonly file: string;
    readonly text: string;
    readonly entries: Readonly<Record<string, GivenPolicyConfig>>;
}

const LEVELS: readonly string[] = ENFORCEMENT_LEVELS;
const EXPECTED_LEVEL = `expected one of ${ENFORCEMENT_LEVELS.join(", ")}`;

/** The 1-based line of the first `"key":` after the line of each previous key in `keys`. */
function lineOf(text: string, ...keys: string[]): number | undefined {
    let from = 0;
    let found: number | undefined;
    for (const key of keys) {
        const pattern = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`, "g");
        pattern.lastIndex = from;
        const match = pattern.exec(text);
        if (!match) return found;
        from = match.index + match[0].length;
        found = text.slice(0, match.index).split("\n").length;
    }
    return found;
}

/** Reads and parses `file`; throws {@link PolicyConfigError} on anything the engine would reject. */
export function readPolicyConfig(file: string): PolicyConfigFile {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new PolicyConfigError([
            {
                file,
                field: "(file)",
                message: `cannot be read (${code ?? (error as Error).message}); expected a JSON policy config file such as policy-pack/policy-config.example.json`,
            },
        ]);
    }
    return parsePolicyConfig(file, text);
}

/** Parses the text of a policy config file. */
export function parsePolicyConfig(file: string, text: string): PolicyConfigFile {
    if (text.trim() === "") return { file, text, entries: {} };
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (error) {
        const message = (error as Error).message;
        const position = /position (\d+)/.exec(message)?.[1];
        const lineMatch = /line (\d+)/.exec(message)?.[1];
        const line = lineMatch
            ? Number(lineMatch)
            : position
              ? text.slice(0, Number(position)).split("\n").length
              : undefined;
        throw new PolicyConfigError([
            {
                file,
                line,
                field: "(file)",
                message: `is not valid JSON (${message}); expected a JSON object`,
            },
        ]);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new PolicyConfigError([
            {
                file,
                line: 1,
                field: "(file)",
                value: doc,
                message: "is not a JSON object; expected policy names mapped to levels or settings",
            },
        ]);
    }
    const problems: ConfigProblem[] = [];
    const entries: Record<string, GivenPolicyConfig> = {};
    for (const [name, value] of Object.entries(doc)) {
        const line = lineOf(text, name);
        if (typeof value === "string") {
            if (!LEVELS.includes(value)) {
                problems.push({
                    file,
                    line,
                    field: name,
                    value,
                    message: `is not an enforcement level; ${EXPECTED_LEVEL}`,
                });
                continue;
            }
            entries[name] = { enforcementLevel: value as EnforcementLevelName, properties: {} };
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (
                enforcementLevel !== undefined &&
                !(typeof enforcementLevel === "string" && LEVELS.includes(enforcementLevel))
            ) {
                problems.push({
                    file,
                    line: lineOf(text, name, "enforcementLevel"),
                    field: `${name}.enforcementLevel`,
                    value: enforcementLevel,
                    message: `is not an enforcement level; ${EXPECTED_LEVEL}`,
                });
                continue;
            }
            entries[name] = {
                ...(enforcementLevel ? { enforcementLevel: enforcementLevel as EnforcementLevelName } : {}),
                properties,
            };
        } else {
            problems.push({
                file,
                line,
                field: name,
                value,
                message:
                    'is neither an enforcement level nor an object of settings; expected e.g. "advisory" or { "enforcementLevel": "mandatory" }',
            });
        }
    }
    if (problems.length > 0) throw new PolicyConfigError(problems);
    return { file, text, entries };
}

/**
 * Every policy's level and settings: schema defaults and the pack's levels, then `all`, then each
 * policy's entry; validated against the policies' schemas.
 */
export function reconcilePolicyConfig(
    policies: readonly PolicyInfo[],
    given: PolicyConfigFile | undefined,
): Record<string, PolicyConfigEntry> {
    const result: Record<
        string,
        { enforcementLevel: EnforcementLevelName; properties: Record<string, unknown> }
    > = {};
    for (const policy of policies) {
        const defaults: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if ("default" in schema) defaults[key] = schema.default;
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties: defaults };
    }
    if (!given) return result;
    const problems: ConfigProblem[] = [];
    const { file, text, entries } = given;
    const all = entries.all?.enforcementLevel;
    if (all) for (const entry of Object.values(result)) entry.enforcementLevel = all;
    for (const [name, entry] of Object.entries(entries)) {
        if (name === "all") {
            if (Object.keys(entry.properties).length > 0) {
                problems.push({
                    file,
                    line: lineOf(text, name),
                    field: name,
                    value: entry.properties,
                    message: 'takes only an enforcement level; expected e.g. "all": "mandatory"',
                });
            }
            continue;
        }
        const policy = policies.find((p) => p.name === name);
        if (!policy) {
            problems.push({
                file,
                line: lineOf(text, name),
                field: name,
                message: `is not a policy of the pack; expected one of the ${policies.length} policy names the pack serves (see docs/policies.md) or "all"`,
            });
            continue;
        }
        const target = result[name];
        if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
        const declared = policy.configSchema?.properties ?? {};
        for (const [key, value] of Object.entries(entry.properties)) {
            if (!(key in declared)) {
                const settings = Object.keys(declared);
                problems.push({
                    file,
                    line: lineOf(text, name, key),
                    field: `${name}.${key}`,
                    message: `is not a setting of this policy; expected ${settings.length ? `one of ${settings.join(", ")}` : "no settings (only enforcementLevel)"}`,
                });
                continue;
            }
            target.properties[key] = value;
        }
    }
    for (const policy of policies) {
        const schema = policy.configSchema;
        if (!schema) continue;
        const problemsOf = validate(
            { type: "object", properties: schema.properties, required: schema.required },
            result[policy.name].properties,
            policy.name,
        );
        for (const p of problemsOf) {
            const key = p.field.split(".")[1];
            problems.push({
                file,
                line: key ? lineOf(text, policy.name, key) : lineOf(text, policy.name),
                ...p,
            });
        }
    }
    if (problems.length > 0) {
        throw new PolicyConfigError([...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
    }
    return result;
}

type Schema = Readonly<Record<string, unknown>>;

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

const ARTICLE: Record<string, string> = {
    string: "a string",
    number: "a number",
    integer: "an integer",
    boolean: "true or false",
    array: "a list",
    object: "an object",
    null: "null",
};

/** The JSON-schema keywords policy config schemas use; other keywords are not checked. */
function validate(schema: Schema, value: unknown, field: string): Omit<ConfigProblem, "file">[] {
    const problems: Omit<ConfigProblem, "file">[] = [];
    const fail = (message: string) => problems.push({ field, value, message });
    const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type as string | string[]);
    const actual = typeOf(value);
    if (types.length > 0 && !types.some((t) => t === actual || (t === "number" && actual === "integer"))) {
        fail(`is ${ARTICLE[actual] ?? actual}; expected ${types.map((t) => ARTICLE[t] ?? t).join(" or ")}`);
        return problems;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        fail(`is not allowed; expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (typeof value === "number") {
        if (typeof schema.minimum === "number" && value < schema.minimum)
            fail(`is below the minimum; expected at least ${schema.minimum}`);
        if (typeof schema.maximum === "number" && value > schema.maximum)
            fail(`is above the maximum; expected at most ${schema.maximum}`);
    }
    if (typeof value === "string") {
        if (typeof schema.minLength === "number" && value.length < schema.minLength)
            fail(`is too short; expected at least ${schema.minLength} characters`);
        if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
            fail(`does not match; expected the pattern ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
        if (typeof schema.minItems === "number" && value.length < schema.minItems)
            fail(`has too few items; expected at least ${schema.minItems}`);
        if (typeof schema.maxItems === "number" && value.length > schema.maxItems)
            fail(`has too many items; expected at most ${schema.maxItems}`);
        if (schema.items && typeof schema.items === "object") {
            value.forEach((item, i) =>
                problems.push(...validate(schema.items as Schema, item, `${field}.${i}`)),
            );
        }
    }
    if (actual === "object") {
        const obj = value as Record<string, unknown>;
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        for (const key of (schema.required ?? []) as string[]) {
            if (!(key in obj))
                problems.push({
                    field: `${field}.${key}`,
                    message: "is required by the policy; expected a value for it",
                });
        }
        for (const [key, v] of Object.entries(obj)) {
            if (properties[key]) problems.push(...validate(properties[key], v, `${field}.${key}`));
        }
    }
    return problems;
}
