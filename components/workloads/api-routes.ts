/**
 * The route table of a REST API (pure, no Pulumi): validation, the resource tree it needs, the
 * execute-api ARN of each method, and the hash that decides when the API is redeployed.
 */
import { createHash } from "node:crypto";

/** How API Gateway authorizes a method. */
export const API_AUTHORIZATIONS = ["COGNITO_USER_POOLS", "CUSTOM", "AWS_IAM", "NONE"] as const;
export type ApiAuthorization = (typeof API_AUTHORIZATIONS)[number];

/** Methods a route may use. */
export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** Methods that change state: public access to them needs its own flag. */
export const WRITE_METHODS: readonly ApiMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

/** A JSON schema (draft 4, as API Gateway models use). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** One method of the API. */
export interface ApiRoute {
    /** HTTP method. */
    readonly method: ApiMethod;
    /** Resource path, e.g. `/items` or `/items/{id}` (path parameters in braces; no greedy `{proxy+}`). */
    readonly path: string;
    /**
     * Who may call: `COGNITO_USER_POOLS` (a user pool token), `CUSTOM` (the Lambda authorizer),
     * `AWS_IAM` (SigV4, with a managed policy per route to attach to callers) or `NONE`.
     */
    readonly authorization: ApiAuthorization;
    /** Required with `NONE`: says that the route is public on purpose. @default false */
    readonly public?: boolean;
    /** Required as well with `NONE` on a write method (POST, PUT, PATCH, DELETE). @default false */
    readonly publicWrite?: boolean;
    /** Name of the JSON schema model (in `models`) the request body must match (POST, PUT, PATCH). @default undefined - no body model */
    readonly requestModel?: string;
    /** Partner route: callers also need an API key of the usage plan (`x-api-key`). @default false */
    readonly apiKeyRequired?: boolean;
    /** OAuth scopes an access token must carry (`COGNITO_USER_POOLS` only). @default [] - ID tokens accepted */
    readonly authorizationScopes?: readonly string[];
}

const LITERAL_SEGMENT = /^[A-Za-z0-9._-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z0-9_]+)\}$/;
const MODEL_NAME = /^[A-Za-z0-9]+$/;

/** `GET /items/{id}`: how routes are named in errors, outputs and policy names. */
export const routeKey = (route: Pick<ApiRoute, "method" | "path">): string => `${route.method} ${route.path}`;

/** `get-items-id`: a route as a child-name fragment. */
export function routeSlug(route: Pick<ApiRoute, "method" | "path">): string {
    const path = route.path
        .split("/")
        .filter((s) => s !== "")
        .map((s) => s.replace(/[{}]/g, "").toLowerCase())
        .join("-");
    return path === "" ? `${route.method.toLowerCase()}-root` : `${route.method.toLowerCase()}-${path}`;
}

/** `items-id` for `/items/{id}`: a resource path as a child-name fragment. */
export function pathSlug(path: string): string {
    return path
        .split("/")
        .filter((s) => s !== "")
        .map((s) => s.replace(/[{}]/g, "").toLowerCase())
        .join("-");
}

/** Path parameter names of `path`, in order (`id` for `/items/{id}`). */
export function pathParameters(path: string): string[] {
    return path
        .split("/")
        .map((s) => PARAMETER_SEGMENT.exec(s)?.[1])
        .filter((p): p is string => p !== undefined);
}

/**
 * Every resource path the routes need below the root, parents before children
 * (`/items`, `/items/{id}` for a route on `/items/{id}`).
 */
export function resourcePaths(routes: readonly Pick<ApiRoute, "path">[]): string[] {
    const paths = new Set<string>();
    for (const route of routes) {
        const segments = route.path.split("/").filter((s) => s !== "");
        for (let i = 1; i <= segments.length; i++) paths.add(`/${segments.slice(0, i).join("/")}`);
    }
    return [...paths].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
}

/**
 * The execute-api resource of a method below an API's execution ARN, `<stage>/<METHOD>/<path>`, with
 * each path parameter as `*` (callers' request ARNs carry the actual value).
 */
export function methodArnSuffix(stage: string, route: Pick<ApiRoute, "method" | "path">): string {
    const path = route.path
        .split("/")
        .filter((s) => s !== "")
        .map((s) => (PARAMETER_SEGMENT.test(s) ? "*" : s))
        .join("/");
    return `${stage}/${route.method}/${path}`;
}

/**
 * Checks the route table and its models, naming the owner, the route and the fix.
 * @throws Error for an unknown method or authorization, a bad path, a duplicate route, a public
 * route without its flags, a flag that contradicts the authorization, or a missing or misplaced model
 */
export function validateRoutes(
    owner: string,
    routes: readonly ApiRoute[],
    models: Readonly<Record<string, JsonSchema>> = {},
): void {
    if (routes.length === 0) throw new Error(`${owner}: routes is empty; declare at least one route`);
    for (const name of Object.keys(models)) {
        if (!MODEL_NAME.test(name)) {
            throw new Error(
                `${owner}: model name '${name}' must be letters and digits only (API Gateway model names)`,
            );
        }
    }
    const seen = new Set<string>();
    for (const route of routes) {
        const key = routeKey(route);
        const fail = (problem: string) => {
            throw new Error(`${owner}: route '${key}' ${problem}`);
        };
        if (!(API_METHODS as readonly string[]).includes(route.method)) {
            fail(`has unknown method '${String(route.method)}'; expected one of ${API_METHODS.join(", ")}`);
        }
        if (!(API_AUTHORIZATIONS as readonly string[]).includes(route.authorization)) {
            fail(
                `has unknown authorization '${String(route.authorization)}'; expected one of ${API_AUTHORIZATIONS.join(", ")}`,
            );
        }
        const segments = route.path.split("/").slice(1);
        const goodPath =
            route.path.startsWith("/") &&
            (route.path === "/" ||
                segments.every((s) => LITERAL_SEGMENT.test(s) || PARAMETER_SEGMENT.test(s)));
        if (!goodPath) {
            fail("has a bad path; expected /segment/{parameter} with letters, digits, '.', '_' or '-'");
        }
        if (seen.has(key)) fail("is declared twice; declare each method and path once");
        seen.add(key);
        const write = WRITE_METHODS.includes(route.method);
        if (route.authorization === "NONE") {
            if (route.public !== true) {
                fail(
                    "has no authorization; set public: true if anyone may call it, or choose an authorization",
                );
            }
            if (write && route.publicWrite !== true) {
                fail("lets anyone change data; set publicWrite: true as well if that is intended");
            }
        } else if (route.public === true || route.publicWrite === true) {
            fail(`is marked public but uses ${route.authorization}; remove public/publicWrite or use NONE`);
        }
        if ((route.authorizationScopes ?? []).length > 0 && route.authorization !== "COGNITO_USER_POOLS") {
            fail("has authorizationScopes, which only COGNITO_USER_POOLS routes use");
        }
        if (route.requestModel !== undefined) {
            if (!write || route.method === "DELETE") fail("has a requestModel but its method sends no body");
            if (!(route.requestModel in models)) {
                fail(
                    `refers to model '${route.requestModel}', which models does not define (have: ${Object.keys(models).join(", ") || "none"})`,
                );
            }
        }
    }
}

/** A stable hash of everything that a deployment of the API snapshots: a change redeploys. */
export function deploymentHash(...parts: readonly unknown[]): string {
    return createHash("sha256").update(stableJson(parts)).digest("hex");
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function stableJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}
