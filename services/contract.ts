/**
 * What the infrastructure needs to know about the workload code, in one place: ports, paths,
 * environment variable names, table key, the DynamoDB actions each workload calls, handler names and
 * routes. components/workloads reads these instead of repeating the strings.
 */

/** Port every container service listens on (the task definition's container port). */
export const SERVICE_PORT = 8080;

/** Path of the container services' health check (the target group's health check path; no DynamoDB call). */
export const HEALTH_CHECK_PATH = "/health";

/** Environment variable holding the DynamoDB table name, for containers and the items function. */
export const TABLE_NAME_ENV = "TABLE_NAME";

/** Every table is keyed by this string partition key (no sort key, no index). */
export const TABLE_HASH_KEY = { name: "id", type: "S" } as const;

/** DynamoDB actions the container services call on their table's ARN (and nothing else). */
export const CONTAINER_TABLE_ACTIONS = [
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Scan",
] as const;

/** DynamoDB actions the items function calls on its table's ARN (and nothing else). */
export const LAMBDA_TABLE_ACTIONS = [
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Scan",
] as const;

/** A route as API Gateway declares it. */
export interface ServiceRoute {
    readonly method: "GET" | "POST" | "PUT" | "DELETE";
    readonly path: string;
}

/** The routes of a container service whose collection is `collection` (`pets` or `food`). */
export function containerRoutes(collection: string): readonly ServiceRoute[] {
    return [
        { method: "GET", path: `/${collection}` },
        { method: "GET", path: `/${collection}/{id}` },
        { method: "PUT", path: `/${collection}/{id}` },
        { method: "DELETE", path: `/${collection}/{id}` },
    ];
}

/**
 * The routes the items function serves for a collection path (`/items`, `/orders`): the handler
 * dispatches on the method and on whether the resource ends in `/{id}`, so any collection name works.
 */
export function lambdaItemRoutes(collection: string): readonly ServiceRoute[] {
    return [
        { method: "GET", path: `/${collection}` },
        { method: "POST", path: `/${collection}` },
        { method: "GET", path: `/${collection}/{id}` },
        { method: "PUT", path: `/${collection}/{id}` },
        { method: "DELETE", path: `/${collection}/{id}` },
    ];
}

/** Handler of the items function in the archive from `lambdaArchive("items")`. */
export const ITEMS_HANDLER = "index.handler";

/** Handler of the authorizer function in the archive from `lambdaArchive("authorizer")`. */
export const AUTHORIZER_HANDLER = "index.handler";

/** Lambda runtime the archives are built for. */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** The onboarding registrar's handler (services/onboarding-registrar/handler.ts, bundled as `index.js`). */
export const REGISTRAR_HANDLER = "index.handler";
/** Handler of the block-list function (services/block-list/handler.ts, bundled as `index.js`). */
export const BLOCK_LIST_HANDLER = "index.handler";
/** Handler of the firewall-alerts function (services/firewall-alerts/handler.ts, bundled as `index.js`). */
export const FIREWALL_ALERTS_HANDLER = "index.handler";

/**
 * Environment of the authorizer function. `JWT_AUDIENCE` and `JWT_ISSUER` are required, and exactly
 * one key source: `JWKS_URL` (fetched and cached; needs a network path to it), `JWKS_JSON` (a JWKS
 * document inline) or `JWT_PUBLIC_KEY` (an RSA public key in PEM, SPKI).
 */
export const AUTHORIZER_ENV = {
    audience: "JWT_AUDIENCE",
    issuer: "JWT_ISSUER",
    jwksUrl: "JWKS_URL",
    jwksJson: "JWKS_JSON",
    publicKey: "JWT_PUBLIC_KEY",
} as const;

/** The authorizer is a REQUEST authorizer (it also accepts TOKEN events). */
export const AUTHORIZER_TYPE = "REQUEST";

/**
 * Identity sources for the REQUEST authorizer. With result caching on, the cache key must include the
 * method and resource, because the returned policy allows only the route that was asked.
 */
export const AUTHORIZER_IDENTITY_SOURCE =
    "method.request.header.Authorization,context.httpMethod,context.resourcePath";
