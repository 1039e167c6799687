/**
 * The settings of a `lambda-api` spoke (`hub-network:spoke.api`): the items API's collection,
 * per-operation authorization, the Lambda authorizer, endpoint type, WAF rate limit, throttling,
 * concurrency, alarms and partners, with production defaults.
 */
import { z } from "zod";
import { API_AUTHORIZATIONS, routeKey, WRITE_METHODS } from "../../components/workloads/api-routes";
import { lambdaItemRoutes, type ServiceRoute } from "../../services/contract";
import {
    flag,
    notMapping,
    ONLY_WHEN_VALID,
    positive,
    rateLimitPerMinute,
    throttling,
    userPoolFields,
    whole,
} from "./workload-fields";

/** The operations of the Lambda items API, by their name under `api.routes`, in route order. */
export const LAMBDA_OPERATIONS = ["list", "create", "get", "update", "delete"] as const;
export type LambdaOperation = (typeof LAMBDA_OPERATIONS)[number];

/** How each operation is authorized unless `api.routes` says otherwise: a user pool token. */
export const DEFAULT_AUTHORIZATION = "COGNITO_USER_POOLS";

/** The method and path of `operation` on `/<collection>`. */
export function operationRoute(collection: string, operation: LambdaOperation): ServiceRoute {
    return lambdaItemRoutes(collection)[LAMBDA_OPERATIONS.indexOf(operation)];
}

/** The execute-api interface endpoint service a PRIVATE API needs in the spoke. */
export const EXECUTE_API_ENDPOINT = "execute-api";

const AUTH_HINT = `expected one of ${API_AUTHORIZATIONS.join(", ")}`;
const OTHER_AUTH = "COGNITO_USER_POOLS, CUSTOM or AWS_IAM";

const email = z.email({ error: "is not an email address; expected e.g. oncall@example.com" });

/** One operation's authorization, over {@link DEFAULT_AUTHORIZATION}. */
const routeOverride = z.strictObject(
    {
        /** Who may call: `COGNITO_USER_POOLS`, `CUSTOM`, `AWS_IAM` or `NONE`. @default "COGNITO_USER_POOLS" */
        authorization: z.enum(API_AUTHORIZATIONS, {
            error: `is not an authorization mode; ${AUTH_HINT}`,
        }),
        /** With `NONE`: the route is public on purpose. @default false */
        public: flag,
        /** With `NONE` on create, update or delete: anyone may change data, on purpose. @default false */
        publicWrite: flag,
        /** A partner route: callers also send an API key of one of `partners`. @default false */
        apiKeyRequired: flag,
    },
    { error: notMapping("is not a mapping; expected e.g. { authorization: AWS_IAM }") },
);

/** Every field of an operation's override is optional: the rest stays as the default. */
const operationOverride = routeOverride.partial().optional();

/** The Lambda authorizer of `CUSTOM` routes: which bearer tokens it accepts. */
const authorizer = z.strictObject(
    {
        /** The tokens' `iss`, an https URL. */
        issuer: z.url({
            protocol: /^https$/,
            error: "is not an https URL; expected the tokens' issuer (iss), e.g. https://login.example.com",
        }),
        /** The tokens' `aud` (or one of it). */
        audience: z
            .string({ error: "is not a string; expected the tokens' audience, e.g. orders-api" })
            .min(1, { error: "is empty; expected the tokens' audience, e.g. orders-api" }),
        /** Key source: a JWKS document inline (JSON text). */
        jwksJson: z
            .string({ error: "is not a string; expected a JWKS document as JSON text" })
            .refine(isJwks, { error: 'is not a JWKS document; expected JSON text like {"keys":[...]}' })
            .optional(),
        /** Key source: an RSA public key in PEM (SPKI). */
        publicKey: z
            .string({ error: "is not a string; expected a PEM public key" })
            .regex(/^-----BEGIN PUBLIC KEY-----\r?\n[\s\S]+\r?\n-----END PUBLIC KEY-----\s*$/, {
                error: "is not a PEM public key; expected -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----",
            })
            .optional(),
        /** Key source: an https JWKS URL, fetched at run time (needs a network path from the workload subnets). */
        jwksUrl: z
            .url({
                protocol: /^https$/,
                error: "is not an https URL; expected e.g. https://login.example.com/.well-known/jwks.json",
            })
            .optional(),
        /** Seconds a decision is cached per token, method and path (0: off). @default 300 */
        resultTtlSeconds: whole(0, 3600, "seconds").default(300),
    },
    {
        error: notMapping(
            "is not a mapping; expected issuer, audience and one key source (jwksJson, publicKey or jwksUrl)",
        ),
    },
);

function isJwks(text: string): boolean {
    try {
        const parsed = JSON.parse(text) as { keys?: unknown };
        return Array.isArray(parsed.keys);
    } catch {
        return false;
    }
}

const KEY_SOURCES = ["jwksJson", "publicKey", "jwksUrl"] as const;

const PARTNER = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** `api` of a `lambda-api` spoke. */
export const lambdaApiSchema = z
    .strictObject(
        {
            /**
             * `REGIONAL`, or `PRIVATE`: reachable only through the spoke's execute-api interface endpoint
             * (which `interfaceEndpoints` must then list). @default "REGIONAL"
             */
            endpointType: z
                .enum(["REGIONAL", "PRIVATE"], {
                    error: "is not an endpoint type; expected REGIONAL or PRIVATE",
                })
                .default("REGIONAL"),
            /** The collection path: the API serves `/<collection>` and `/<collection>/{id}`. @default "items" */
            collection: z
                .string({ error: "is not a string; expected a lowercase path segment, e.g. orders" })
                .regex(/^[a-z][a-z0-9-]{0,39}$/, {
                    error: "is not a collection name; expected 1-40 lowercase letters, digits and dashes, starting with a letter, e.g. orders",
                })
                .default("items"),
            /** Authorization per operation, over the default (a user pool token on every route). */
            routes: z
                .strictObject(
                    {
                        list: operationOverride,
                        create: operationOverride,
                        get: operationOverride,
                        update: operationOverride,
                        delete: operationOverride,
                    },
                    {
                        error: notMapping(
                            `is not a mapping; expected operations (${LAMBDA_OPERATIONS.join(", ")}) with their authorization`,
                        ),
                    },
                )
                .default({}),
            /** The Lambda authorizer, when a route is `CUSTOM`. */
            authorizer: authorizer.optional(),
            /** API keys, one per partner, for routes with `apiKeyRequired`. @default [] */
            partners: z
                .array(
                    z.string({ error: "is not a partner name; expected e.g. acme" }).regex(PARTNER, {
                        error: "is not a partner name; expected 1-32 lowercase letters, digits and dashes, e.g. acme",
                    }),
                    { error: "is not a list; expected partner names, e.g. [acme]" },
                )
                .default([]),
            rateLimitPerMinute,
            throttling,
            /**
             * Reserved concurrency of the functions, opt-in: AWS refuses a reservation that leaves the
             * account fewer than 100 unreserved executions, and a freshly vended account's quota is
             * often 10. Default: none reserved.
             */
            concurrency: z
                .strictObject(
                    {
                        items: whole(1, 1000, "reserved concurrency").optional(),
                        authorizer: whole(1, 1000, "reserved concurrency").optional(),
                    },
                    {
                        error: notMapping(
                            "is not a mapping; expected items and authorizer, e.g. { items: 20 }",
                        ),
                    },
                )
                .default({}),
            /** Alarm thresholds (per 5 minutes) and who hears of them. */
            alarms: z
                .strictObject(
                    {
                        /** Subscribers of the alarm topic. @default the spoke's owner */
                        email: z
                            .array(email, {
                                error: "is not a list; expected email addresses, e.g. [oncall@example.com]",
                            })
                            .optional(),
                        /** Fraction of requests answered 5XX. @default 0.05 */
                        serverErrorRate: positive("a fraction of requests", 1).default(0.05),
                        /** p99 latency in milliseconds. @default 2500 */
                        p99LatencyMs: whole(1, 29_000, "milliseconds").default(2500),
                        /** Throttled invocations per function. @default 0 */
                        throttles: whole(0, 1_000_000, "throttled invocations").default(0),
                        /** Requests the web ACL blocks. @default 100 */
                        wafBlockedRequests: whole(0, 1_000_000_000, "blocked requests").default(100),
                    },
                    {
                        error: notMapping(
                            "is not a mapping; expected thresholds and email, e.g. { email: [oncall@example.com] }",
                        ),
                    },
                )
                .default({
                    serverErrorRate: 0.05,
                    p99LatencyMs: 2500,
                    throttles: 0,
                    wafBlockedRequests: 100,
                }),
            ...userPoolFields,
        },
        {
            error: notMapping(
                "is not a mapping; expected the lambda-api settings (see docs/configuration.md)",
            ),
        },
    )
    .superRefine(checkLambdaApi, ONLY_WHEN_VALID);

export type LambdaApiConfig = z.output<typeof lambdaApiSchema>;

/** A route of the Lambda items API with its resolved authorization. */
export interface LambdaRouteSetting {
    readonly operation: LambdaOperation;
    readonly route: ServiceRoute;
    readonly authorization: (typeof API_AUTHORIZATIONS)[number];
    readonly public: boolean;
    readonly publicWrite: boolean;
    readonly apiKeyRequired: boolean;
}

/** Every operation of a lambda-api with its authorization (the default where `routes` is silent). */
export function lambdaRoutes(api: Pick<LambdaApiConfig, "collection" | "routes">): LambdaRouteSetting[] {
    return LAMBDA_OPERATIONS.map((operation) => {
        const given = api.routes[operation] ?? {};
        return {
            operation,
            route: operationRoute(api.collection, operation),
            authorization: given.authorization ?? DEFAULT_AUTHORIZATION,
            public: given.public ?? false,
            publicWrite: given.publicWrite ?? false,
            apiKeyRequired: given.apiKeyRequired ?? false,
        };
    });
}

/** The rules between fields of a lambda-api block: public flags, the authorizer, partners. */
function checkLambdaApi(api: LambdaApiConfig, ctx: z.RefinementCtx): void {
    const issue = (path: (string | number)[], input: unknown, message: string) =>
        ctx.addIssue({ code: "custom", path, input, message });
    const routes = lambdaRoutes(api);
    for (const r of routes) {
        const key = routeKey(r.route);
        const write = WRITE_METHODS.includes(r.route.method);
        const at = ["routes", r.operation];
        if (r.authorization === "NONE") {
            if (!r.public) {
                issue(
                    [...at, "authorization"],
                    "NONE",
                    `lets anyone call ${key}; expected public: true next to it if that is intended, or ${OTHER_AUTH}`,
                );
            } else if (write && !r.publicWrite) {
                issue(
                    [...at, "authorization"],
                    "NONE",
                    `lets anyone change data with ${key}; expected publicWrite: true as well if that is intended, or ${OTHER_AUTH}`,
                );
            }
        } else {
            for (const name of ["public", "publicWrite"] as const) {
                if (r[name]) {
                    issue(
                        [...at, name],
                        true,
                        `is set but ${key} uses ${r.authorization}; expected no ${name} flag, or authorization: NONE`,
                    );
                }
            }
        }
        if (!write && r.publicWrite && r.authorization === "NONE") {
            issue(
                [...at, "publicWrite"],
                true,
                `is set on ${key}, which changes nothing; expected publicWrite only on create, update or delete`,
            );
        }
    }

    const custom = routes.filter((r) => r.authorization === "CUSTOM").map((r) => routeKey(r.route));
    if (custom.length > 0 && api.authorizer === undefined) {
        issue(
            ["authorizer"],
            undefined,
            `expected the Lambda authorizer's issuer, audience and key source, since ${custom.join(", ")} use${custom.length === 1 ? "s" : ""} CUSTOM`,
        );
    }
    if (custom.length === 0 && api.authorizer !== undefined) {
        issue(
            ["authorizer"],
            api.authorizer,
            "is set but no route uses CUSTOM; expected a route with authorization: CUSTOM, or no authorizer",
        );
    }
    if (api.authorizer) {
        const sources = KEY_SOURCES.filter((k) => api.authorizer?.[k] !== undefined);
        if (sources.length !== 1) {
            issue(
                ["authorizer"],
                api.authorizer,
                `has ${sources.length === 0 ? "no key source" : `${sources.length} key sources (${sources.join(", ")})`}; expected exactly one of ${KEY_SOURCES.join(", ")}`,
            );
        }
    }

    const partnerRoutes = routes.filter((r) => r.apiKeyRequired).map((r) => routeKey(r.route));
    if (partnerRoutes.length > 0 && api.partners.length === 0) {
        issue(
            ["partners"],
            api.partners,
            `names no partner; expected at least one partner name (e.g. [acme]), since ${partnerRoutes.join(", ")} require${partnerRoutes.length === 1 ? "s" : ""} an API key`,
        );
    }
    if (api.partners.length > 0 && partnerRoutes.length === 0) {
        issue(
            ["partners"],
            api.partners,
            "names partners but no route has apiKeyRequired: true; expected a partner route, or no partners",
        );
    }
    api.partners.forEach((partner, i) => {
        if (api.partners.indexOf(partner) !== i) {
            issue(["partners", i], partner, "is listed twice; expected each partner once");
        }
    });
}
