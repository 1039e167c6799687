/**
 * Lambda authorizer for the REST API (bundled as `index.js` by `lambdaArchive("authorizer")`, handler
 * `AUTHORIZER_HANDLER`). Verifies `Authorization: Bearer <JWT>`: RS256 signature against the
 * configured keys, `exp` (required, 5 s clock tolerance), `nbf`, `aud` and `iss`, and a `sub`. Then:
 *
 * - valid token: an IAM policy that allows `execute-api:Invoke` on the route asked and nothing else
 *   (the method ARN itself; for a REQUEST event on a resource with path parameters, the same ARN with
 *   each parameter segment as `*`, so a cached result still covers only that method and resource);
 * - invalid token (signature, expiry, audience, issuer, unknown key): a Deny policy for the method ARN;
 * - no bearer token: the error `Unauthorized`, which API Gateway answers with 401.
 *
 * Configure it as a REQUEST authorizer with `AUTHORIZER_IDENTITY_SOURCE` so the result cache is keyed
 * by token, method and resource. Environment: see `AUTHORIZER_ENV` in services/contract.ts.
 */
import type {
    APIGatewayAuthorizerResult,
    APIGatewayRequestAuthorizerEvent,
    APIGatewayTokenAuthorizerEvent,
} from "aws-lambda";
import {
    createLocalJWKSet,
    createRemoteJWKSet,
    errors,
    importSPKI,
    jwtVerify,
    type CryptoKey,
    type JSONWebKeySet,
    type JWTVerifyGetKey,
} from "jose";
import { jsonLogger, type Logger } from "../lib/log";

/** Events the authorizer accepts. */
export type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;

/** What a token is checked against. */
export interface AuthorizerConfig {
    /** Required `aud` value. */
    readonly audience: string;
    /** Required `iss` value. */
    readonly issuer: string;
    /** The verification key, or a key set chosen by the token's `kid`. */
    readonly key: CryptoKey | JWTVerifyGetKey;
}

/** Accepted signature algorithm. */
export const ALGORITHMS = ["RS256"];
/** Allowed clock skew for `exp` and `nbf`, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** Thrown for a request without a bearer token: API Gateway answers 401. */
export const UNAUTHORIZED = "Unauthorized";

/** Reads the authorizer's settings from the environment; throws naming the variable at fault. */
export async function authorizerConfigFromEnv(env: NodeJS.ProcessEnv): Promise<AuthorizerConfig> {
    const audience = env.JWT_AUDIENCE?.trim();
    const issuer = env.JWT_ISSUER?.trim();
    if (!audience) throw new Error("env.JWT_AUDIENCE: is required");
    if (!issuer) throw new Error("env.JWT_ISSUER: is required");
    const sources = (["JWKS_URL", "JWKS_JSON", "JWT_PUBLIC_KEY"] as const).filter((k) => env[k]?.trim());
    if (sources.length !== 1) {
        throw new Error(
            `env: set exactly one of JWKS_URL, JWKS_JSON or JWT_PUBLIC_KEY (found ${sources.length})`,
        );
    }
    const source = sources[0];
    if (source === "JWKS_URL") {
        let url: URL;
        try {
            url = new URL(env.JWKS_URL!.trim());
        } catch {
            throw new Error("env.JWKS_URL: is not a URL");
        }
        if (url.protocol !== "https:" && url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
            throw new Error("env.JWKS_URL: must use https");
        }
        return {
            audience,
            issuer,
            key: createRemoteJWKSet(url, { timeoutDuration: 3000, cooldownDuration: 30_000 }),
        };
    }
    if (source === "JWKS_JSON") {
        let jwks: JSONWebKeySet;
        try {
            jwks = JSON.parse(env.JWKS_JSON!) as JSONWebKeySet;
        } catch {
            throw new Error("env.JWKS_JSON: is not valid JSON");
        }
        if (!Array.isArray(jwks?.keys)) throw new Error("env.JWKS_JSON: must be a JWKS ({ keys: [...] })");
        return { audience, issuer, key: createLocalJWKSet(jwks) };
    }
    try {
        return { audience, issuer, key: await importSPKI(env.JWT_PUBLIC_KEY!.trim(), "RS256") };
    } catch {
        throw new Error("env.JWT_PUBLIC_KEY: must be an RSA public key in PEM (SPKI)");
    }
}

interface MethodArn {
    /** `arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>`. */
    readonly stagePrefix: string;
    readonly method: string;
    /** Path segments after the method (`["items", "abc"]`). */
    readonly segments: string[];
}

const METHOD_ARN = /^(arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[A-Za-z0-9]+\/[^/*]+)\/([A-Z]+)\/([^*]*)$/;

function parseMethodArn(arn: string): MethodArn | undefined {
    const match = METHOD_ARN.exec(arn);
    if (match === null) return undefined;
    const [, stagePrefix = "", method = "", path = ""] = match;
    return { stagePrefix, method, segments: path === "" ? [] : path.split("/") };
}

/**
 * The resource the policy allows: the method ARN, or for a REQUEST event on a resource with path
 * parameters (`/items/{id}`) that route's ARN with `*` for each parameter. Undefined when the event's
 * method or resource does not match its method ARN.
 */
export function routeResource(event: AuthorizerEvent): string | undefined {
    const arn = parseMethodArn(event.methodArn);
    if (arn === undefined) return undefined;
    if (event.type !== "REQUEST" || event.resource === undefined || !event.resource.includes("{")) {
        return event.methodArn;
    }
    if (event.httpMethod !== arn.method) return undefined;
    const template = event.resource.split("/").slice(1);
    const greedy = template.at(-1)?.endsWith("+}") === true;
    if (greedy ? arn.segments.length < template.length : arn.segments.length !== template.length)
        return undefined;
    const parts: string[] = [];
    for (const [i, part] of template.entries()) {
        const isParam = part.startsWith("{") && part.endsWith("}");
        if (!isParam && part !== arn.segments[i]) return undefined;
        parts.push(isParam ? "*" : part);
    }
    return `${arn.stagePrefix}/${arn.method}/${parts.join("/")}`;
}

function policy(principalId: string, effect: "Allow" | "Deny", resource: string): APIGatewayAuthorizerResult {
    return {
        principalId,
        policyDocument: {
            Version: "2012-10-17",
            Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }],
        },
    };
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

function bearerToken(event: AuthorizerEvent): string | undefined {
    let value: string | undefined;
    if (event.type === "TOKEN") {
        value = event.authorizationToken;
    } else {
        for (const [key, v] of Object.entries(event.headers ?? {})) {
            if (key.toLowerCase() === "authorization") value = v ?? undefined;
        }
    }
    return value === undefined ? undefined : BEARER.exec(value.trim())?.[1];
}

/** Why a token was refused, for the log (never the token itself). */
function refusal(err: unknown): string | undefined {
    if (err instanceof errors.JWTExpired) return "expired";
    if (err instanceof errors.JWTClaimValidationFailed) return `claim ${err.claim}`;
    if (err instanceof errors.JWSSignatureVerificationFailed) return "signature";
    if (err instanceof errors.JWKSNoMatchingKey) return "unknown key";
    if (err instanceof errors.JOSEAlgNotAllowed) return "algorithm";
    if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid) return "malformed";
    if (err instanceof errors.JOSENotSupported) return "unsupported";
    return undefined;
}

/** An authorizer handler. */
export type AuthorizerHandler = (event: AuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** Builds the authorizer around a configuration (or a promise of one, resolved on first use). */
export function createAuthorizer(
    config: AuthorizerConfig | Promise<AuthorizerConfig>,
    logger: Logger,
): AuthorizerHandler {
    return async (event) => {
        const settings = await config;
        const token = bearerToken(event);
        if (token === undefined) {
            logger.info("authorization", { outcome: "unauthorized", reason: "no bearer token" });
            throw new Error(UNAUTHORIZED);
        }
        const resource = routeResource(event);
        if (resource === undefined) {
            logger.warn("authorization", {
                outcome: "deny",
                reason: "method ARN does not match the request",
            });
            if (parseMethodArn(event.methodArn) === undefined) throw new Error(UNAUTHORIZED);
            return policy("anonymous", "Deny", event.methodArn);
        }
        try {
            const options = {
                algorithms: ALGORITHMS,
                audience: settings.audience,
                issuer: settings.issuer,
                requiredClaims: ["exp", "sub"],
                clockTolerance: CLOCK_TOLERANCE_SECONDS,
            };
            const { payload } =
                typeof settings.key === "function"
                    ? await jwtVerify(token, settings.key, options)
                    : await jwtVerify(token, settings.key, options);
            const sub = String(payload.sub);
            logger.info("authorization", { outcome: "allow", sub, resource });
            return { ...policy(sub, "Allow", resource), context: { sub } };
        } catch (err) {
            const reason = refusal(err);
            if (reason === undefined) {
                // Not a verdict on the token (e.g. the key set could not be fetched): fail, do not cache a Deny.
                logger.error("authorization failed", { errorName: (err as Error).name });
                throw new Error("authorizer unavailable");
            }
            logger.info("authorization", { outcome: "deny", reason });
            return policy("anonymous", "Deny", event.methodArn);
        }
    };
}

let fromEnvironment: AuthorizerHandler | undefined;

/** The Lambda entry point: configured from the environment on the first invocation. */
export const handler: AuthorizerHandler = (event) => {
    if (fromEnvironment === undefined) {
        const logger = jsonLogger({ service: "authorizer" });
        const config = authorizerConfigFromEnv(process.env);
        config.catch((err: unknown) =>
            logger.error("invalid configuration", { problem: (err as Error).message }),
        );
        fromEnvironment = createAuthorizer(config, logger);
    }
    return fromEnvironment(event);
};
