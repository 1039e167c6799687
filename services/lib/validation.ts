/**
 * Input validation shared by the container services and the Lambda handlers: IDs, JSON bodies against
 * a zod schema, list query parameters and page tokens. Every failure is an {@link HttpError} whose
 * message names the field and the rule, never echoes the caller's value, and so is safe to return.
 */
import { z } from "zod";
import { badRequest, payloadTooLarge, type HttpError } from "./errors";

/** Item IDs: 1 to 64 letters, digits, `_` or `-` (safe in a URL path, a log line and a DynamoDB key). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Page size bounds for list requests. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

const MAX_ISSUES_REPORTED = 5;
const SAFE_KEY = /^[A-Za-z0-9_$-]{1,40}$/;

function pathText(root: string, path: readonly PropertyKey[]): string {
    let text = root;
    for (const part of path) {
        text += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
    }
    return text;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
    let current: unknown = data;
    for (const part of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<PropertyKey, unknown>)[part];
    }
    return current;
}

const EXPECTED: Readonly<Record<string, string>> = {
    int: "a whole number",
    number: "a number",
    string: "a string",
    boolean: "true or false",
    array: "an array",
    object: "an object",
};

function bound(origin: string, limit: number | bigint, inclusive: boolean | undefined, big: boolean): string {
    const n = Number(limit);
    switch (origin) {
        case "string":
            if (!big && n === 1) return "must not be empty";
            return big ? `must be at most ${n} characters` : `must be at least ${n} characters`;
        case "array":
        case "set":
            return big ? `must have at most ${n} items` : `must have at least ${n} items`;
        default:
            if (big) return inclusive === false ? `must be less than ${n}` : `must be at most ${n}`;
            return inclusive === false ? `must be greater than ${n}` : `must be at least ${n}`;
    }
}

/** One issue as `field: rule`, built only from the schema and field names, never from the input. */
function describeIssue(issue: z.core.$ZodIssue, root: string, data: unknown): string {
    const where = pathText(root, issue.path);
    if (
        issue.code !== "unrecognized_keys" &&
        issue.path.length > 0 &&
        valueAt(data, issue.path) === undefined
    ) {
        return `${where}: is required`;
    }
    switch (issue.code) {
        case "invalid_type":
            return `${where}: expected ${EXPECTED[issue.expected] ?? issue.expected}`;
        case "too_small":
            return `${where}: ${bound(issue.origin, issue.minimum, issue.inclusive, false)}`;
        case "too_big":
            return `${where}: ${bound(issue.origin, issue.maximum, issue.inclusive, true)}`;
        case "invalid_format":
            // A message written in this package's schemas, or zod's default (which starts "Invalid").
            return issue.message.startsWith("Invalid")
                ? `${where}: has an invalid format`
                : `${where}: ${issue.message}`;
        case "not_multiple_of":
            return `${where}: must be a multiple of ${Number(issue.divisor)}`;
        case "invalid_value":
            return `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "unrecognized_keys": {
            const keys = issue.keys.map((k) => (SAFE_KEY.test(k) ? k : "(unnamed)"));
            return `${where}: unknown field${keys.length > 1 ? "s" : ""} ${keys.join(", ")}`;
        }
        case "custom":
            // Only the schemas of this package raise custom issues, with messages they wrote.
            return `${where}: ${issue.message}`;
        default:
            return `${where}: is invalid`;
    }
}

/** A safe, bounded message for a failed parse: the first few issues, `; `-separated. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root: string, data: unknown): string {
    const parts = issues.slice(0, MAX_ISSUES_REPORTED).map((issue) => describeIssue(issue, root, data));
    if (issues.length > MAX_ISSUES_REPORTED) parts.push(`and ${issues.length - MAX_ISSUES_REPORTED} more`);
    return parts.join("; ");
}

/** Parses `data` with `schema` or throws a 400 naming the offending fields under `root`. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, root: string): z.output<S> {
    const result = schema.safeParse(data);
    if (!result.success) throw badRequest(describeIssues(result.error.issues, root, data));
    return result.data;
}

/** Checks a path ID (already URL-decoded) and returns it. */
export function parseId(raw: string | undefined): string {
    if (raw === undefined || !ID_PATTERN.test(raw)) {
        throw badRequest("id: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -");
    }
    return raw;
}

/** URL-decodes a path segment, turning malformed escapes into a 400. */
export function decodePathSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        throw badRequest("id: is not a valid URL path segment");
    }
}

/** Throws a 413 when `bytes` exceeds the body limit. */
export function checkBodySize(bytes: number, maxBytes: number = MAX_BODY_BYTES): void {
    if (bytes > maxBytes) throw payloadTooLarge(maxBytes);
}

/** True for `application/json`, with or without parameters such as `charset=utf-8`. */
export function isJsonContentType(value: string | undefined): boolean {
    if (value === undefined) return false;
    const [type, ...params] = value.split(";").map((s) => s.trim().toLowerCase());
    if (type !== "application/json") return false;
    return params.every((p) => p === "" || p === "charset=utf-8");
}

/** Parses a JSON request body and validates it with `schema`; every failure is a 400. */
export function parseJsonBody<S extends z.ZodType>(text: string, schema: S): z.output<S> {
    if (text.trim() === "") throw badRequest("body: is required");
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch {
        throw badRequest("body: is not valid JSON");
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
        throw badRequest("body: must be a JSON object");
    }
    return parseWith(schema, data, "body");
}

/** The position a list request resumes from: the last key of the previous page. */
export interface PageStart {
    readonly id: string;
}

const pageStartSchema = z.strictObject({ id: z.string().regex(ID_PATTERN) });

/** Encodes the key a list page stopped at as an opaque `nextToken`. */
export function encodePageToken(start: PageStart): string {
    return Buffer.from(JSON.stringify({ id: start.id }), "utf8").toString("base64url");
}

function decodePageToken(token: string): PageStart {
    const invalid = (): HttpError => badRequest("query.nextToken: is not a token this API returned");
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) throw invalid();
    let data: unknown;
    try {
        data = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    } catch {
        throw invalid();
    }
    const result = pageStartSchema.safeParse(data);
    if (!result.success) throw invalid();
    return result.data;
}

/** A validated list request. */
export interface ListQuery {
    readonly limit: number;
    readonly start?: PageStart;
}

const listQuerySchema = z.strictObject({
    limit: z
        .string()
        .regex(/^[0-9]{1,6}$/, "must be a whole number")
        .transform(Number)
        .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
        .optional(),
    nextToken: z.string().optional(),
});

/** Validates list query parameters (`limit` 1-100, `nextToken` from a previous page; nothing else). */
export function parseListQuery(query: Readonly<Record<string, string | undefined>>): ListQuery {
    const parsed = parseWith(listQuerySchema, query, "query");
    const limit = parsed.limit ?? DEFAULT_PAGE_SIZE;
    if (parsed.nextToken === undefined) return { limit };
    return { limit, start: decodePageToken(parsed.nextToken) };
}

const noQuerySchema = z.strictObject({});

/** For routes without query parameters: any parameter is a 400 naming it. */
export function parseNoQuery(query: Readonly<Record<string, string | undefined>>): void {
    parseWith(noQuerySchema, query, "query");
}
