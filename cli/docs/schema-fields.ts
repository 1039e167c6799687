/**
 * The fields of a zod schema as a reference lists them: path, what value it takes, whether it is
 * required or its default, read from the schema's JSON Schema (zod's `toJSONSchema`, input side), so
 * that the reference follows the schema instead of being written next to it.
 */
import { z } from "zod";

/** The parts of a JSON Schema node the reference reads. */
export interface JsonSchema {
    readonly type?: string | string[];
    readonly enum?: readonly unknown[];
    readonly const?: unknown;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly additionalProperties?: JsonSchema | boolean;
    readonly items?: JsonSchema;
    readonly anyOf?: readonly JsonSchema[];
    readonly oneOf?: readonly JsonSchema[];
    readonly default?: unknown;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: number;
    readonly exclusiveMaximum?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly format?: string;
    readonly description?: string;
}

/** One field of a config file. */
export interface SchemaField {
    /**
     * Where it is: dots between keys, `[]` for the items of a list, `<a|b>` for keys whose values have
     * the same shape (e.g. `regions.<primary|dr>`), and `[kind]` for one variant of a list whose items
     * take one of several shapes (`ruleGroups[stateless].rules`).
     */
    readonly path: string;
    /** The value it takes, e.g. "whole number from 1 to 6", "`tcp` | `http`". */
    readonly value: string;
    /** `required`, `optional`, or `default <value>`. */
    readonly presence: string;
    /** The schema's own description (`.describe()` or `.meta({ description })`), if any. */
    readonly description?: string;
}

/** The JSON Schema of a zod schema as a config file is written (input side, before defaults). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** Every field of `schema`, depth first, in declaration order. Objects and lists are fields too. */
export function fieldsOf(schema: JsonSchema, prefix = ""): SchemaField[] {
    const out: SchemaField[] = [];
    collectChildren(schema, prefix, out);
    return out;
}

function join(prefix: string, key: string): string {
    return prefix === "" ? key : `${prefix}.${key}`;
}

function collectChildren(schema: JsonSchema, path: string, out: SchemaField[]): void {
    const properties = schema.properties;
    if (properties) {
        for (const group of sameShapeGroups(properties)) {
            const key = group.length === 1 ? group[0] : `<${group.join("|")}>`;
            const required = group.filter((k) => schema.required?.includes(k));
            const presence =
                required.length === group.length
                    ? "required"
                    : required.length === 0
                      ? "optional"
                      : group
                            .map((k) => `\`${k}\` ${required.includes(k) ? "required" : "optional"}`)
                            .join(", ");
            collect(properties[group[0]], join(path, key), presence, out);
        }
        return;
    }
    const items = schema.type === "array" ? schema.items : undefined;
    if (!items) return;
    const variants = items.oneOf ?? items.anyOf;
    if (items.properties) {
        collectChildren(items, `${path}[]`, out);
    } else if (variants && variants.every((v) => v.properties)) {
        const tag = discriminatorOf(variants);
        for (const variant of variants) {
            const name = tag ? String(variant.properties?.[tag]?.const) : String(variants.indexOf(variant));
            collectChildren(variant, `${path}[${name}]`, out);
        }
    }
}

function collect(schema: JsonSchema, path: string, presence: string, out: SchemaField[]): void {
    out.push({
        path,
        value: describeValue(schema),
        presence: schema.default !== undefined ? `default ${formatValue(schema.default)}` : presence,
        ...(schema.description ? { description: schema.description } : {}),
    });
    collectChildren(schema, path, out);
}

/**
 * Consecutive keys whose values are objects of one shape, grouped (`regions.primary` and `regions.dr`
 * are documented once); every other key alone.
 */
function sameShapeGroups(properties: Readonly<Record<string, JsonSchema>>): string[][] {
    const groups: string[][] = [];
    let last: string | undefined;
    for (const [key, value] of Object.entries(properties)) {
        const shape = value.properties ? JSON.stringify(value) : undefined;
        if (shape !== undefined && shape === last) groups[groups.length - 1].push(key);
        else groups.push([key]);
        last = shape;
    }
    return groups;
}

/** The property every variant fixes to a constant of its own (e.g. `kind`), if there is one. */
function discriminatorOf(variants: readonly JsonSchema[]): string | undefined {
    const first = variants[0].properties ?? {};
    return Object.keys(first).find((key) =>
        variants.every((v) => v.properties?.[key]?.const !== undefined && v.required?.includes(key)),
    );
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** A value as the reference prints it, in backticks. */
export function formatValue(value: unknown): string {
    return `\`${flow(value)}\``;
}

/** A value in YAML flow style: `[a, b]`, `{ alert: cloudwatch }`. */
function flow(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value).map(([k, v]) => `${k}: ${flow(v)}`);
        return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
    }
    return String(value);
}

/** What a schema node accepts, in words. */
export function describeValue(schema: JsonSchema): string {
    if (schema.const !== undefined) return formatValue(schema.const);
    if (schema.enum) return schema.enum.map(formatValue).join(" | ");
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) return variants.map(describeValue).join(" or ");
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.length > 1) return types.map((type) => describeValue({ ...schema, type })).join(" or ");
    switch (types[0]) {
        case "boolean":
            return "true or false";
        case "integer":
            return withRange("whole number", schema);
        case "number":
            return withRange("number", schema);
        case "string":
            return describeString(schema);
        case "array": {
            const variants = schema.items?.oneOf ?? schema.items?.anyOf;
            const tag = variants?.every((v) => v.properties) ? discriminatorOf(variants) : undefined;
            const item = tag
                ? `mappings by \`${tag}\`: ${variants!.map((v) => formatValue(v.properties?.[tag]?.const)).join(" | ")}`
                : schema.items?.properties
                  ? "mappings"
                  : schema.items
                    ? plural(describeValue(schema.items))
                    : "anything";
            const count =
                schema.minItems !== undefined && schema.maxItems !== undefined
                    ? `, ${schema.minItems} to ${schema.maxItems}`
                    : schema.minItems !== undefined
                      ? `, at least ${schema.minItems}`
                      : schema.maxItems !== undefined
                        ? `, at most ${schema.maxItems}`
                        : "";
            return `list of ${item}${count}`;
        }
        case "object":
            if (schema.properties) return "mapping";
            if (typeof schema.additionalProperties === "object") {
                return `map of names to ${describeValue(schema.additionalProperties)}`;
            }
            return "mapping";
        default:
            return "mapping";
    }
}

/** "IPv4 address" -> "IPv4 addresses", for the items of a list. */
function plural(value: string): string {
    return value
        .replace(/^(IPv4 address|email address)\b/, "$1es")
        .replace(/^(URL|whole number|number)\b/, "$1s");
}

function describeString(schema: JsonSchema): string {
    const kind =
        schema.format === "ipv4"
            ? "IPv4 address"
            : schema.format === "email"
              ? "email address"
              : schema.format === "uri"
                ? "URL"
                : "text";
    if (schema.minLength !== undefined && schema.maxLength !== undefined) {
        return `${kind} of ${schema.minLength} to ${schema.maxLength} characters`;
    }
    if (schema.maxLength !== undefined) return `${kind} of at most ${schema.maxLength} characters`;
    if (schema.minLength !== undefined && schema.minLength > 1) {
        return `${kind} of at least ${schema.minLength} characters`;
    }
    return kind;
}

function withRange(kind: string, schema: JsonSchema): string {
    const min = schema.minimum !== undefined && schema.minimum > -SAFE ? schema.minimum : undefined;
    const max = schema.maximum !== undefined && schema.maximum < SAFE ? schema.maximum : undefined;
    const above = schema.exclusiveMinimum;
    const low = min !== undefined ? `from ${min}` : above !== undefined ? `above ${above}` : undefined;
    if (low !== undefined && max !== undefined) {
        return min !== undefined ? `${kind} from ${min} to ${max}` : `${kind} above ${above}, at most ${max}`;
    }
    if (low !== undefined) return min !== undefined ? `${kind}, at least ${min}` : `${kind} above ${above}`;
    if (max !== undefined) return `${kind}, at most ${max}`;
    return kind;
}
