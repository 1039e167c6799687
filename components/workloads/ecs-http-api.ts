/**
 * The front door of an EcsApi: an API Gateway HTTP API whose routes reach the internal ALB through a
 * VPC link, a JWT authorizer (the user pool) on exactly the write routes, and a logged, throttled stage.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { containerRoutes, type ServiceRoute } from "../../services/contract";
import { SERVICE_COLLECTIONS, type ContainerServiceName } from "../../services/images";
import { withName } from "../shared/aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "../shared/log-group";
import type { UserPoolRef } from "./user-pool";

/** Access log line of the HTTP API, as JSON. */
export const HTTP_ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    requestTime: "$context.requestTime",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    principal: "$context.authorizer.claims.sub",
    httpMethod: "$context.httpMethod",
    routeKey: "$context.routeKey",
    path: "$context.path",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    integrationStatus: "$context.integrationStatus",
    errorMessage: "$context.error.message",
    authorizerError: "$context.authorizer.error",
});

/** Methods whose routes need a signed-in user; GET stays public. */
const WRITE_METHODS: readonly string[] = ["POST", "PUT", "PATCH", "DELETE"];

/** Every route of the services, with whether it needs the JWT authorizer. */
export function httpApiRoutes(
    services: readonly ContainerServiceName[],
): (ServiceRoute & { readonly key: string; readonly write: boolean })[] {
    return services.flatMap((service) =>
        containerRoutes(SERVICE_COLLECTIONS[service]).map((route) => ({
            ...route,
            key: `${route.method} ${route.path}`,
            write: WRITE_METHODS.includes(route.method),
        })),
    );
}

/** Settings for {@link httpApi}. */
export interface HttpApiArgs {
    /** The services whose routes the API serves. */
    readonly services: readonly ContainerServiceName[];
    /** Subnets of the VPC link's network interfaces (the `vpclink` tier). */
    readonly vpcLinkSubnetIds: readonly pulumi.Input<string>[];
    /** Security group of the VPC link. */
    readonly vpcLinkSecurityGroupId: pulumi.Input<string>;
    /** The internal ALB's listener the integration targets. */
    readonly listener: aws.lb.Listener;
    /** Name the ALB's certificate carries, when the listener is HTTPS. */
    readonly tlsServerName?: string;
    /** The user pool whose tokens the write routes require (issuer and client as audience). */
    readonly userPool: UserPoolRef;
    /** Default throttling of every route. */
    readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
    /** KMS key and retention of the access log group. */
    readonly logs: LogGroupSettings;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The header in which the HTTP API passes each caller's address to the ALB: behind a VPC link every
 * request's source address is one of the link's network interfaces.
 */
export const CLIENT_IP_HEADER = "x-client-ip";

/** What {@link httpApi} declares that the component exposes. */
export interface HttpApiParts {
    /** The HTTP API. */
    readonly api: aws.apigatewayv2.Api;
    /** The VPC link to the internal ALB. */
    readonly vpcLink: aws.apigatewayv2.VpcLink;
    /** The JWT authorizer of the write routes. */
    readonly authorizer: aws.apigatewayv2.Authorizer;
    /** The `$default` stage. */
    readonly stage: aws.apigatewayv2.Stage;
    /** Routes by route key (`PUT /pets/{id}`). */
    readonly routes: Readonly<Record<string, aws.apigatewayv2.Route>>;
}

/** Declares the HTTP API of EcsApi `name` as children of `parent`. */
export function httpApi(name: string, args: HttpApiArgs, parent: pulumi.Resource): HttpApiParts {
    const tags = args.tags;
    const opts = { parent };
    const api = new aws.apigatewayv2.Api(
        `${name}-http-api`,
        {
            protocolType: "HTTP",
            description: `Container services of ${name}: reads public, writes for signed-in users`,
            tags: withName(tags, `${name}-http-api`),
        },
        opts,
    );
    const vpcLink = new aws.apigatewayv2.VpcLink(
        `${name}-vpc-link`,
        {
            subnetIds: [...args.vpcLinkSubnetIds],
            securityGroupIds: [args.vpcLinkSecurityGroupId],
            tags: withName(tags, `${name}-vpc-link`),
        },
        opts,
    );
    const integration = new aws.apigatewayv2.Integration(
        `${name}-alb`,
        {
            apiId: api.id,
            description: "The internal ALB's listener, through the VPC link",
            integrationType: "HTTP_PROXY",
            integrationMethod: "ANY",
            integrationUri: args.listener.arn,
            connectionType: "VPC_LINK",
            connectionId: vpcLink.id,
            payloadFormatVersion: "1.0",
            timeoutMilliseconds: 10000,
            // The caller's address for the ALB's web ACL, which otherwise sees only the VPC link's
            // network interfaces. Overwritten, so a client cannot send its own; X-Forwarded-For is
            // reserved in HTTP API parameter mapping
            // (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html).
            requestParameters: { [`overwrite:header.${CLIENT_IP_HEADER}`]: "$context.identity.sourceIp" },
            tlsConfig:
                args.tlsServerName === undefined ? undefined : { serverNameToVerify: args.tlsServerName },
        },
        opts,
    );
    const authorizer = new aws.apigatewayv2.Authorizer(
        `${name}-jwt`,
        {
            apiId: api.id,
            name: `${name}-cognito`,
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer: args.userPool.issuerUrl, audiences: [args.userPool.clientId] },
        },
        opts,
    );
    const routes: Record<string, aws.apigatewayv2.Route> = {};
    for (const route of httpApiRoutes(args.services)) {
        const slug = `${route.method.toLowerCase()}-${route.path.replace(/[{}]/g, "").split("/").filter(Boolean).join("-")}`;
        routes[route.key] = new aws.apigatewayv2.Route(
            `${name}-${slug}`,
            {
                apiId: api.id,
                routeKey: route.key,
                target: pulumi.interpolate`integrations/${integration.id}`,
                authorizationType: route.write ? "JWT" : "NONE",
                authorizerId: route.write ? authorizer.id : undefined,
                operationName: slug,
            },
            opts,
        );
    }
    const accessLogs = encryptedLogGroup(
        `${name}-http-access-logs`,
        `/aws/apigateway/${name}/http/access`,
        args.logs,
        parent,
    );
    const stage = new aws.apigatewayv2.Stage(
        `${name}-http-stage`,
        {
            apiId: api.id,
            name: "$default",
            autoDeploy: true,
            accessLogSettings: { destinationArn: accessLogs.arn, format: HTTP_ACCESS_LOG_FORMAT },
            defaultRouteSettings: {
                throttlingRateLimit: args.throttling.rateLimit,
                throttlingBurstLimit: args.throttling.burstLimit,
                detailedMetricsEnabled: true,
            },
            tags: withName(tags, `${name}-http-stage`),
        },
        // Routes first, so the first automatic deployment already has all of them.
        { parent, dependsOn: Object.values(routes) },
    );
    return { api, vpcLink, authorizer, stage, routes };
}
