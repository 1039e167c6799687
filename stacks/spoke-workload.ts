/**
 * A spoke's workload, built from its request's `api` block (stacks/schema/workload.ts) in the spoke
 * VPC of the primary region: none for a network-only spoke (the application team deploys its own
 * program on the spoke's exports), or one of the shipped examples: `lambda-api` (a REST API over
 * Lambda functions in the `workload` subnets) or `ecs-api` (Fargate services behind an internal ALB,
 * reached by an HTTP API through a VPC link in the `vpclink` subnets), each with its user pool when a
 * route needs one, its web ACL and its logs encrypted with the spoke's log key.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SpokeVpc } from "../components/network";
import {
    declaredRequiredFlows,
    ecsApiRequiredFlows,
    lambdaApiRequiredFlows,
    type FlowSource,
    type RequiredFlow,
} from "../components/shared/required-flows";
import {
    EcsApi,
    ecsListenerPort,
    flowEgress,
    LambdaApi,
    LAMBDA_API_TRACING,
    UserPool,
    workloadSubnetsOf,
    type ApiRoute,
    type LambdaApiAuthorizer,
} from "../components/workloads";
import { AUTHORIZER_ENV, ITEM_JSON_SCHEMA, lambdaArchive } from "../services";
import type { StackOutputs } from "./program";
import type { SpokeRequest } from "./schema/spoke";
import type { StackContext } from "./schema/stack-config";
import {
    EXECUTE_API_ENDPOINT,
    lambdaRoutes,
    type EcsApiConfig,
    type LambdaApiConfig,
} from "./schema/workload";

/** Where the workload runs: the spoke VPC of one region, its provider and log key. */
export interface WorkloadPlace {
    readonly vpc: SpokeVpc;
    /** The spoke account's provider in this region (undefined: the stack's default provider). */
    readonly provider?: pulumi.ProviderResource;
    /** The KMS key ARN of the region's log groups (the spoke's `LogKey`). */
    readonly logKeyArn: pulumi.Input<string>;
}

/** The request body model of POST and PUT routes. */
const ITEM_MODEL = "Item";

/**
 * Declares the workload of `request` in `place` and returns the stack exports it adds: with a shipped
 * example, `apiEndpoint` always and the user pool, tables, invoke policies and partner keys where the
 * workload has them; with `none`, nothing but the flows the request declares, sent from the
 * `workload` subnets where the application team's own program runs.
 */
export function buildWorkload(
    context: StackContext,
    request: SpokeRequest,
    place: WorkloadPlace,
    tags: Readonly<Record<string, string>>,
): StackOutputs {
    if (request.api.kind === "none") {
        return { requiredFlows: workloadRequiredFlows(request, place.vpc.vpcName, place.vpc.region) };
    }
    const env = context.environment;
    const opts = place.provider ? { provider: place.provider } : undefined;
    const common = {
        accountId: request.account,
        region: place.vpc.region,
        network: {
            vpcId: place.vpc.vpcId,
            vpcCidr: place.vpc.cidrBlock,
            subnets: workloadSubnetsOf(place.vpc.tier("workload")),
            endpointSecurityGroupId: place.vpc.endpointSecurityGroup?.id,
            // The flows that leave the VPC's endpoints (declared by the spoke, a JWKS host).
            egress: flowEgress(workloadRequiredFlows(request, place.vpc.vpcName, place.vpc.region)),
        },
        dynamoDbPrefixListId: place.vpc.gatewayEndpoints.dynamodb.prefixListId,
        logs: { kmsKeyArn: place.logKeyArn, retentionDays: env.logging.retentionDays, tags },
        keyAliasPrefix: `hub-network/${env.name}/${request.name}`,
        tags,
    };
    const userPool = (settings: Pick<LambdaApiConfig, "mfa" | "advancedSecurity">) =>
        new UserPool(
            `${request.name}-users`,
            {
                region: place.vpc.region,
                mfa: settings.mfa,
                advancedSecurity: settings.advancedSecurity ?? env.profile === "production",
                tags,
            },
            opts,
        );

    if (request.api.kind === "ecs-api") {
        const api: EcsApiConfig = request.api;
        const pool = userPool(api);
        const sizing = { desiredCount: api.desiredCount, minCount: api.minCount, maxCount: api.maxCount };
        const ecs = new EcsApi(
            request.name,
            {
                ...common,
                vpcLinkSubnets: workloadSubnetsOf(place.vpc.tier("vpclink")),
                s3PrefixListId: place.vpc.gatewayEndpoints.s3.prefixListId,
                userPool: pool,
                serviceSettings: { petstore: sizing, foodstore: sizing },
                https: api.https,
                waf: { rateLimitPerMinute: api.rateLimitPerMinute },
                throttling: api.throttling,
                accessLogRetentionDays: env.logging.retentionDays,
            },
            opts,
        );
        return {
            requiredFlows: workloadRequiredFlows(request, place.vpc.vpcName, place.vpc.region),
            apiEndpoint: ecs.apiEndpoint,
            userPoolId: ecs.userPoolId,
            userPoolClientId: ecs.userPoolClientId,
            tableNames: ecs.tableNames,
        };
    }

    const api: LambdaApiConfig = request.api;
    const routes = lambdaRoutes(api);
    const pool = routes.some((r) => r.authorization === "COGNITO_USER_POOLS") ? userPool(api) : undefined;
    const lambda = new LambdaApi(
        request.name,
        {
            ...common,
            endpointType: api.endpointType,
            // The spoke's own endpoint (request checks guarantee it): one execute-api endpoint with
            // private DNS per VPC, which AWS requires.
            executeApiEndpointId:
                api.endpointType === "PRIVATE"
                    ? place.vpc.interfaceEndpoints[EXECUTE_API_ENDPOINT].id
                    : undefined,
            routes: routes.map((r): ApiRoute => ({
                method: r.route.method,
                path: r.route.path,
                authorization: r.authorization,
                ...(r.public ? { public: true } : {}),
                ...(r.publicWrite ? { publicWrite: true } : {}),
                ...(r.apiKeyRequired ? { apiKeyRequired: true } : {}),
                ...(r.route.method === "POST" || r.route.method === "PUT"
                    ? { requestModel: ITEM_MODEL }
                    : {}),
            })),
            models: { [ITEM_MODEL]: ITEM_JSON_SCHEMA },
            itemsCode: lambdaArchive("items"),
            authorizer: api.authorizer ? authorizerOf(api.authorizer) : undefined,
            userPool: pool,
            throttling: api.throttling,
            partnerAccess: api.partners.length > 0 ? { partners: api.partners } : undefined,
            waf: { rateLimitPerMinute: api.rateLimitPerMinute },
            functions: {
                itemsConcurrency: api.concurrency.items,
                authorizerConcurrency: api.concurrency.authorizer,
            },
            alarms: {
                subscriptions: (api.alarms.email ?? [request.owner]).map((endpoint) => ({
                    protocol: "email" as const,
                    endpoint,
                })),
                serverErrorRate: api.alarms.serverErrorRate,
                p99LatencyMs: api.alarms.p99LatencyMs,
                throttles: api.alarms.throttles,
                wafBlockedRequests: api.alarms.wafBlockedRequests,
            },
        },
        opts,
    );
    return {
        requiredFlows: workloadRequiredFlows(request, place.vpc.vpcName, place.vpc.region),
        apiEndpoint: lambda.apiEndpoint,
        tableName: lambda.tableName,
        ...(pool ? { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId } : {}),
        ...(Object.keys(lambda.invokePolicyArns).length > 0
            ? { invokePolicyArns: lambda.invokePolicyArns }
            : {}),
        ...(Object.keys(lambda.apiKeyIds).length > 0 ? { apiKeyIds: lambda.apiKeyIds } : {}),
    };
}

/**
 * The flows the workload of `request` needs in VPC `vpcName` of `region`: its component's own, then
 * those the spoke declares in its request, sent by the workload's first sender (the ECS tasks, the
 * Lambda functions; without a workload, the `workload` subnets, where the team's own program runs).
 * Known before any resource is declared: the spoke VPC gets the interface endpoints they need.
 */
export function workloadRequiredFlows(
    request: SpokeRequest,
    vpcName: string,
    region: string,
): RequiredFlow[] {
    if (request.api.kind === "none") {
        const subnets: FlowSource = {
            label: `${request.name} workload subnets`,
            vpc: vpcName,
            tier: "workload",
        };
        return declaredRequiredFlows(subnets, request.flows);
    }
    const flows =
        request.api.kind === "ecs-api"
            ? ecsApiRequiredFlows({
                  name: request.name,
                  vpc: vpcName,
                  region,
                  listenerPort: ecsListenerPort(request.api.https),
              })
            : lambdaApiRequiredFlows({
                  name: request.name,
                  vpc: vpcName,
                  tracing: LAMBDA_API_TRACING,
                  jwksUrl: request.api.authorizer?.jwksUrl,
              });
    // A workload without senders of its own: the spoke's flows leave from its workload subnets.
    const source: FlowSource = flows[0]?.source ?? {
        label: `${request.name} workload subnets`,
        vpc: vpcName,
        tier: "workload",
    };
    return [...flows, ...declaredRequiredFlows(source, request.flows)];
}

/** The Lambda authorizer's package and environment from the request's `authorizer` settings. */
function authorizerOf(settings: NonNullable<LambdaApiConfig["authorizer"]>): LambdaApiAuthorizer {
    const source: [string, string] = settings.jwksJson
        ? [AUTHORIZER_ENV.jwksJson, settings.jwksJson]
        : settings.publicKey
          ? [AUTHORIZER_ENV.publicKey, settings.publicKey]
          : [AUTHORIZER_ENV.jwksUrl, String(settings.jwksUrl)];
    return {
        code: lambdaArchive("authorizer"),
        environment: {
            [AUTHORIZER_ENV.issuer]: settings.issuer,
            [AUTHORIZER_ENV.audience]: settings.audience,
            [source[0]]: source[1],
        },
        resultTtlSeconds: settings.resultTtlSeconds,
    };
}
