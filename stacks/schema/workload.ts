/**
 * Schema of a spoke's workload settings (`hub-network:spoke.api`): one schema per workload kind, with
 * production defaults, so that a spoke request needs an `api` block only where it differs. The spoke
 * request schema checks the block against the request's `workload` and resolves it into a
 * {@link WorkloadApi} that stacks/spoke-workload.ts builds.
 */
import { z } from "zod";
import { EXECUTE_API_ENDPOINT, lambdaApiSchema, type LambdaApiConfig } from "./workload-lambda";
import {
    notMapping,
    ONLY_WHEN_VALID,
    rateLimitPerMinute,
    throttling,
    userPoolFields,
    whole,
} from "./workload-fields";

export * from "./workload-lambda";

/** `api` of an `ecs-api` spoke (petstore and foodstore). */
export const ecsApiSchema = z
    .strictObject(
        {
            /** Tasks each service starts with. @default minCount */
            desiredCount: whole(1, 100, "tasks").optional(),
            /** Fewest tasks autoscaling keeps per service. @default 2 */
            minCount: whole(1, 100, "tasks").default(2),
            /** Most tasks autoscaling starts per service. @default 4 */
            maxCount: whole(1, 100, "tasks").default(4),
            /** An HTTPS listener on 443 with this certificate, instead of HTTP on 80 inside the VPC. */
            https: z
                .strictObject(
                    {
                        /** ACM certificate of the listener, in the spoke's account and region. */
                        certificateArn: z
                            .string({ error: "is not a string; expected an ACM certificate ARN" })
                            .regex(
                                /^arn:aws(?:-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
                                {
                                    error: "is not an ACM certificate ARN; expected arn:aws:acm:<region>:<account>:certificate/<id>",
                                },
                            ),
                        /** The name on the certificate, which API Gateway verifies through the VPC link. */
                        serverName: z
                            .string({ error: "is not a string; expected the name on the certificate" })
                            .regex(/^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, {
                                error: "is not a DNS name; expected the name on the certificate, e.g. api.petstore.aws.example.internal",
                            }),
                    },
                    { error: notMapping("is not a mapping; expected certificateArn and serverName") },
                )
                .optional(),
            rateLimitPerMinute,
            throttling,
            ...userPoolFields,
        },
        {
            error: notMapping("is not a mapping; expected the ecs-api settings (see docs/configuration.md)"),
        },
    )
    .superRefine((api, ctx) => {
        if (api.maxCount < api.minCount) {
            ctx.addIssue({
                code: "custom",
                path: ["maxCount"],
                input: api.maxCount,
                message: `is below minCount ${api.minCount}; expected at least ${api.minCount}`,
            });
        }
        const desired = api.desiredCount;
        if (desired !== undefined && (desired < api.minCount || desired > api.maxCount)) {
            ctx.addIssue({
                code: "custom",
                path: ["desiredCount"],
                input: desired,
                message: `is outside minCount ${api.minCount} to maxCount ${api.maxCount}; expected a count in that range`,
            });
        }
    }, ONLY_WHEN_VALID);

export type EcsApiConfig = z.output<typeof ecsApiSchema>;

/**
 * The resolved workload settings of a spoke, by kind; `none` for a network-only spoke, whose
 * application team deploys its own program on the spoke's exports.
 */
export type WorkloadApi =
    | ({ readonly kind: "lambda-api" } & LambdaApiConfig)
    | ({ readonly kind: "ecs-api" } & EcsApiConfig)
    | { readonly kind: "none" };

/** The workload of a network-only spoke: VPC, attachment, DNS and endpoints, no shipped example. */
export const NO_WORKLOAD = "none";

const SCHEMAS = { "lambda-api": lambdaApiSchema, "ecs-api": ecsApiSchema } as const;
type WorkloadKind = keyof typeof SCHEMAS;

/** What {@link checkWorkloadApi} reads of a (possibly invalid) spoke request. */
interface RequestFields {
    readonly workload?: unknown;
    readonly account?: unknown;
    readonly availabilityZones?: unknown;
    readonly interfaceEndpoints?: unknown;
    readonly api?: unknown;
}

const isKind = (value: unknown): value is WorkloadKind => typeof value === "string" && value in SCHEMAS;

/**
 * Checks `api` against the request's `workload` (and the request fields it depends on), adding each
 * problem at its path under the request. Runs even when other fields of the request are wrong, so
 * every problem is reported at once.
 */
export function checkWorkloadApi(request: RequestFields, ctx: z.RefinementCtx): void {
    if (request.workload === NO_WORKLOAD && request.api !== undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["api"],
            input: request.api,
            message:
                "is set but workload is none, which builds no workload to configure; expected no api block, or workload ecs-api or lambda-api",
        });
        return;
    }
    if (!isKind(request.workload)) return; // none has no settings; an unknown kind reports itself
    const kind = request.workload;
    const parsed = SCHEMAS[kind].safeParse(request.api ?? {});
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            ctx.addIssue({ ...issue, path: ["api", ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
        }
    }
    const azs = request.availabilityZones;
    if (azs === 1) {
        ctx.addIssue({
            code: "custom",
            path: ["availabilityZones"],
            input: azs,
            message: `is too few for the ${kind} workload, which runs in at least two AZs; expected at least 2`,
        });
    }
    if (!parsed.success) return;
    const api = parsed.data;
    const endpoints = Array.isArray(request.interfaceEndpoints) ? request.interfaceEndpoints : [];
    if (kind === "lambda-api" && "endpointType" in api && api.endpointType === "PRIVATE") {
        if (!endpoints.includes(EXECUTE_API_ENDPOINT)) {
            ctx.addIssue({
                code: "custom",
                path: ["api", "endpointType"],
                input: "PRIVATE",
                message: `needs the spoke's execute-api interface endpoint, the API's only way in; expected ${EXECUTE_API_ENDPOINT} in interfaceEndpoints`,
            });
        }
    }
    if (kind === "ecs-api" && "https" in api && api.https && typeof request.account === "string") {
        const account = api.https.certificateArn.split(":")[4];
        if (account !== request.account) {
            ctx.addIssue({
                code: "custom",
                path: ["api", "https", "certificateArn"],
                input: api.https.certificateArn,
                message: `is in account ${account}; expected a certificate of the spoke's account ${request.account}`,
            });
        }
    }
}

/** Run {@link checkWorkloadApi} even when other fields have problems. */
export const ALWAYS = { when: () => true } as const;

/**
 * The request with its `api` block resolved for its workload. When the block is wrong (its problems
 * are already reported by {@link checkWorkloadApi}; an unknown key does not stop zod from getting
 * here) the request stays invalid.
 */
export function resolveWorkloadApi<
    T extends { readonly workload: WorkloadKind | typeof NO_WORKLOAD; readonly api?: unknown },
>(request: T): Omit<T, "api"> & { readonly api: WorkloadApi } {
    if (request.workload === NO_WORKLOAD) {
        return request.api === undefined ? { ...request, api: { kind: NO_WORKLOAD } } : z.NEVER;
    }
    const parsed = SCHEMAS[request.workload].safeParse(request.api ?? {});
    if (!parsed.success) return z.NEVER;
    const api = { kind: request.workload, ...parsed.data } as WorkloadApi;
    return { ...request, api };
}

/** The `api` field of the spoke request: checked against `workload` by {@link checkWorkloadApi}. */
export const workloadApiField = z.unknown().optional();
