/** Checks of {@link LambdaApiArgs} before any resource is declared, and the settings they resolve to. */
import { AUTHORIZER_ENV } from "../../services/contract";
import { validateRoutes, routeKey } from "./api-routes";
import type { LambdaApiArgs } from "./lambda-api";
import { validateWebAclRules } from "./web-acl";

/** The args with every default applied. */
export interface LambdaApiSettings {
    /** `REGIONAL` or `PRIVATE`. */
    readonly endpointType: "REGIONAL" | "PRIVATE";
    /** Stage name. */
    readonly stageName: string;
    /** Default throttling of the stage. */
    readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
    /** Reserved concurrency of the items function, when one is asked for. */
    readonly itemsConcurrency?: number;
    /** Reserved concurrency of the authorizer, when one is asked for. */
    readonly authorizerConcurrency?: number;
    /** Memory of each function, MB. */
    readonly memorySize: number;
    /** Timeout of each function, seconds. */
    readonly timeoutSeconds: number;
    /** Instruction set of the functions. */
    readonly architecture: "arm64" | "x86_64";
    /** Seconds the Lambda authorizer's decisions are cached. */
    readonly authorizerTtlSeconds: number;
    /** Alarm thresholds. */
    readonly alarms: {
        readonly serverErrorRate: number;
        readonly p99LatencyMs: number;
        readonly throttles: number;
        readonly wafBlockedRequests: number;
    };
}

const KEY_SOURCES = [AUTHORIZER_ENV.jwksUrl, AUTHORIZER_ENV.jwksJson, AUTHORIZER_ENV.publicKey];

/**
 * Validates the args of a LambdaApi and resolves its defaults.
 * @throws Error naming the owner, the arg, the value and the fix
 */
export function validateLambdaApiArgs(owner: string, args: LambdaApiArgs): LambdaApiSettings {
    const fail = (message: string): never => {
        throw new Error(`${owner}: ${message}`);
    };
    validateRoutes(owner, args.routes, args.models ?? {});
    const uses = (auth: string) => args.routes.filter((r) => r.authorization === auth).map(routeKey);

    const endpointType = args.endpointType ?? "REGIONAL";
    if (endpointType !== "REGIONAL" && endpointType !== "PRIVATE") {
        fail(`endpointType '${String(endpointType)}' is not supported; expected REGIONAL or PRIVATE`);
    }
    if (endpointType === "PRIVATE") {
        const subnets = args.endpointSubnets ?? args.network.subnets;
        if (args.executeApiEndpointId === undefined && subnets.length === 0) {
            fail(
                "endpointType PRIVATE needs an execute-api interface endpoint; give executeApiEndpointId or subnets in endpointSubnets",
            );
        }
    } else if (args.executeApiEndpointId !== undefined || args.endpointSubnets !== undefined) {
        fail(
            "executeApiEndpointId and endpointSubnets apply to PRIVATE APIs only; set endpointType: PRIVATE or remove them",
        );
    }

    const cognito = uses("COGNITO_USER_POOLS");
    if (cognito.length > 0 && args.userPool === undefined) {
        fail(`routes ${cognito.join(", ")} use COGNITO_USER_POOLS but no userPool is given; pass a UserPool`);
    }
    const custom = uses("CUSTOM");
    if (custom.length > 0 && args.authorizer === undefined) {
        fail(
            `routes ${custom.join(", ")} use CUSTOM but no authorizer is given; pass the authorizer code and environment`,
        );
    }
    if (custom.length === 0 && args.authorizer !== undefined) {
        fail(
            "authorizer is given but no route uses CUSTOM; remove it or set a route's authorization to CUSTOM",
        );
    }
    const authorizerTtlSeconds = args.authorizer?.resultTtlSeconds ?? 300;
    if (args.authorizer) {
        const env = Object.keys(args.authorizer.environment);
        for (const required of [AUTHORIZER_ENV.issuer, AUTHORIZER_ENV.audience]) {
            if (!env.includes(required))
                fail(`authorizer.environment lacks ${required}; the authorizer needs it`);
        }
        const sources = KEY_SOURCES.filter((k) => env.includes(k));
        if (sources.length !== 1) {
            fail(
                `authorizer.environment has ${sources.length === 0 ? "no" : sources.join(" and ")} key source; ` +
                    `expected exactly one of ${KEY_SOURCES.join(", ")}`,
            );
        }
        if (
            !Number.isInteger(authorizerTtlSeconds) ||
            authorizerTtlSeconds < 0 ||
            authorizerTtlSeconds > 3600
        ) {
            fail(`authorizer.resultTtlSeconds ${authorizerTtlSeconds} is out of range; expected 0 to 3600`);
        }
    }

    const partnerRoutes = args.routes.filter((r) => r.apiKeyRequired === true).map(routeKey);
    const partners = args.partnerAccess?.partners ?? [];
    if (partnerRoutes.length > 0 && partners.length === 0) {
        fail(
            `routes ${partnerRoutes.join(", ")} require an API key but partnerAccess names no partner; add partners`,
        );
    }
    if (partners.length > 0 && partnerRoutes.length === 0) {
        fail("partnerAccess names partners but no route has apiKeyRequired; mark the partner routes");
    }
    for (const partner of partners) {
        if (!/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/.test(partner)) {
            fail(
                `partnerAccess.partners '${partner}' must be lowercase letters, digits and '-' (at most 32)`,
            );
        }
    }
    if (new Set(partners).size !== partners.length) fail("partnerAccess.partners lists a partner twice");

    const stageName = args.stageName ?? "v1";
    if (!/^[A-Za-z0-9_]{1,128}$/.test(stageName)) {
        fail(`stageName '${stageName}' must be letters, digits and '_'`);
    }
    validateWebAclRules(owner, args.waf ?? {});

    const positive = (field: string, value: number, max = Number.MAX_SAFE_INTEGER): number => {
        if (!Number.isFinite(value) || value <= 0 || value > max) {
            fail(
                `${field} ${value} is out of range; expected a number above 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ""}`,
            );
        }
        return value;
    };
    const whole = (field: string, value: number, min: number, max: number): number => {
        if (!Number.isInteger(value) || value < min || value > max) {
            fail(`${field} ${value} is out of range; expected a whole number from ${min} to ${max}`);
        }
        return value;
    };
    const fns = args.functions ?? {};
    const alarms = args.alarms ?? {};
    return {
        endpointType,
        stageName,
        throttling: {
            rateLimit: positive("throttling.rateLimit", args.throttling?.rateLimit ?? 100),
            burstLimit: whole("throttling.burstLimit", args.throttling?.burstLimit ?? 200, 1, 5000),
        },
        // Opt-in: reserving concurrency fails in an account whose concurrency quota leaves fewer than
        // 100 unreserved executions, as a freshly vended account's quota of 10 does.
        ...(fns.itemsConcurrency !== undefined
            ? { itemsConcurrency: whole("functions.itemsConcurrency", fns.itemsConcurrency, 1, 1000) }
            : {}),
        ...(fns.authorizerConcurrency !== undefined
            ? {
                  authorizerConcurrency: whole(
                      "functions.authorizerConcurrency",
                      fns.authorizerConcurrency,
                      1,
                      1000,
                  ),
              }
            : {}),
        memorySize: whole("functions.memorySize", fns.memorySize ?? 256, 128, 10240),
        timeoutSeconds: whole("functions.timeoutSeconds", fns.timeoutSeconds ?? 10, 1, 29),
        architecture: fns.architecture ?? "arm64",
        authorizerTtlSeconds,
        alarms: {
            serverErrorRate: positive("alarms.serverErrorRate", alarms.serverErrorRate ?? 0.05, 1),
            p99LatencyMs: positive("alarms.p99LatencyMs", alarms.p99LatencyMs ?? 2500),
            throttles: whole("alarms.throttles", alarms.throttles ?? 0, 0, Number.MAX_SAFE_INTEGER),
            wafBlockedRequests: whole(
                "alarms.wafBlockedRequests",
                alarms.wafBlockedRequests ?? 100,
                0,
                Number.MAX_SAFE_INTEGER,
            ),
        },
    };
}
