/**
 * The REST API part of a LambdaApi: the API (REGIONAL or PRIVATE with its endpoint and resource
 * policy), models and validator, authorizers, resources, methods, Lambda integrations and
 * permissions, invoke policies of AWS_IAM routes, gateway responses and the deployment.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import {
    deploymentHash,
    methodArnSuffix,
    pathParameters,
    pathSlug,
    resourcePaths,
    routeKey,
    routeSlug,
    type ApiRoute,
} from "./api-routes";
import type { LambdaApiArgs } from "./lambda-api";
import type { LambdaApiSettings } from "./lambda-api-validation";

/** Bodies of the gateway responses: nothing about the cause, only the request ID to quote. */
export const GATEWAY_RESPONSES = {
    DEFAULT_4XX: '{"message":"Request rejected","requestId":"$context.requestId"}',
    DEFAULT_5XX: '{"message":"Internal error","requestId":"$context.requestId"}',
} as const;

/** Settings for {@link declareRestApi}. */
export interface RestApiDeclaration extends LambdaApiArgs {
    /** The LambdaApi args with defaults applied. */
    readonly settings: LambdaApiSettings;
    /** The function every route integrates with. */
    readonly itemsFunction: aws.lambda.Function;
    /** The Lambda authorizer of `CUSTOM` routes. @default undefined */
    readonly authorizerFunction?: aws.lambda.Function;
    /** Type of the Lambda authorizer (`REQUEST` or `TOKEN`). */
    readonly authorizerType: string;
    /** Identity sources of the Lambda authorizer: its cache key. */
    readonly authorizerIdentitySource: string;
}

/** What {@link declareRestApi} declares that the rest of the component uses. */
export interface RestApiParts {
    /** The REST API. */
    readonly restApi: aws.apigateway.RestApi;
    /** The deployment the stage serves. */
    readonly deployment: aws.apigateway.Deployment;
    /** The execute-api interface endpoint of a PRIVATE API. */
    readonly executeApiEndpointId?: pulumi.Input<string>;
    /** Per `AWS_IAM` route key, its invoke policy. */
    readonly invokePolicyArns: Readonly<Record<string, pulumi.Output<string>>>;
}

/** Declares the REST API of LambdaApi `name` as children of `parent`. */
export function declareRestApi(
    name: string,
    args: RestApiDeclaration,
    parent: pulumi.Resource,
): RestApiParts {
    const tags = args.tags;
    const opts = { parent };
    const privateApi = args.settings.endpointType === "PRIVATE";
    const endpointId = privateApi ? executeApiEndpoint(name, args, parent) : undefined;

    const restApi = new aws.apigateway.RestApi(
        `${name}-api`,
        {
            description: `Items API of ${name}`,
            endpointConfiguration: {
                types: args.settings.endpointType,
                vpcEndpointIds: endpointId === undefined ? undefined : [endpointId],
            },
            apiKeySource: "HEADER",
            tags: withName(tags, `${name}-api`),
        },
        opts,
    );
    const deploymentInputs: pulumi.Resource[] = [];
    if (endpointId !== undefined) {
        deploymentInputs.push(
            new aws.apigateway.RestApiPolicy(
                `${name}-api-policy`,
                {
                    restApiId: restApi.id,
                    policy: pulumi.all([restApi.executionArn, endpointId]).apply(([executionArn, vpce]) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Sid: "AllowOnlyThroughTheSpokeEndpoint",
                                    Effect: "Allow",
                                    Principal: "*",
                                    Action: "execute-api:Invoke",
                                    Resource: `${executionArn}/*`,
                                    Condition: { StringEquals: { "aws:SourceVpce": vpce } },
                                },
                                {
                                    Sid: "DenyEverythingElse",
                                    Effect: "Deny",
                                    Principal: "*",
                                    Action: "execute-api:Invoke",
                                    Resource: `${executionArn}/*`,
                                    Condition: { StringNotEquals: { "aws:SourceVpce": vpce } },
                                },
                            ],
                        }),
                    ),
                },
                opts,
            ),
        );
    }

    const models: Record<string, aws.apigateway.Model> = {};
    for (const [modelName, schema] of Object.entries(args.models ?? {})) {
        models[modelName] = new aws.apigateway.Model(
            `${name}-model-${modelName.toLowerCase()}`,
            {
                restApi: restApi.id,
                name: modelName,
                contentType: "application/json",
                schema: JSON.stringify(schema),
            },
            opts,
        );
    }
    const validator = new aws.apigateway.RequestValidator(
        `${name}-validator`,
        {
            restApi: restApi.id,
            name: `${name}-body-and-parameters`,
            validateRequestBody: true,
            validateRequestParameters: true,
        },
        opts,
    );

    const uses = (auth: string) => args.routes.some((r) => r.authorization === auth);
    const cognitoAuthorizer =
        uses("COGNITO_USER_POOLS") && args.userPool
            ? new aws.apigateway.Authorizer(
                  `${name}-cognito`,
                  {
                      restApi: restApi.id,
                      name: `${name}-cognito`,
                      type: "COGNITO_USER_POOLS",
                      providerArns: [args.userPool.userPoolArn],
                      identitySource: "method.request.header.Authorization",
                  },
                  opts,
              )
            : undefined;
    let customAuthorizer: aws.apigateway.Authorizer | undefined;
    if (args.authorizerFunction) {
        customAuthorizer = new aws.apigateway.Authorizer(
            `${name}-lambda-authorizer`,
            {
                restApi: restApi.id,
                name: `${name}-lambda`,
                type: args.authorizerType,
                authorizerUri: args.authorizerFunction.invokeArn,
                identitySource: args.authorizerIdentitySource,
                authorizerResultTtlInSeconds: args.settings.authorizerTtlSeconds,
            },
            opts,
        );
        new aws.lambda.Permission(
            `${name}-allow-authorizer`,
            {
                action: "lambda:InvokeFunction",
                function: args.authorizerFunction.name,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${restApi.executionArn}/authorizers/${customAuthorizer.id}`,
            },
            opts,
        );
    }

    const resourceIds: Record<string, pulumi.Input<string>> = { "/": restApi.rootResourceId };
    for (const path of resourcePaths(args.routes)) {
        const parentPath = path.slice(0, path.lastIndexOf("/")) || "/";
        const resource = new aws.apigateway.Resource(
            `${name}-res-${pathSlug(path)}`,
            {
                restApi: restApi.id,
                parentId: resourceIds[parentPath],
                pathPart: path.slice(path.lastIndexOf("/") + 1),
            },
            opts,
        );
        resourceIds[path] = resource.id;
    }

    const invokePolicyArns: Record<string, pulumi.Output<string>> = {};
    for (const route of args.routes) {
        const slug = routeSlug(route);
        const authorizerId =
            route.authorization === "COGNITO_USER_POOLS"
                ? cognitoAuthorizer?.id
                : route.authorization === "CUSTOM"
                  ? customAuthorizer?.id
                  : undefined;
        const method = new aws.apigateway.Method(
            `${name}-${slug}`,
            {
                restApi: restApi.id,
                resourceId: resourceIds[route.path],
                httpMethod: route.method,
                authorization: route.authorization,
                authorizerId,
                authorizationScopes:
                    (route.authorizationScopes ?? []).length > 0
                        ? [...(route.authorizationScopes ?? [])]
                        : undefined,
                apiKeyRequired: route.apiKeyRequired ?? false,
                requestValidatorId: validator.id,
                requestParameters: Object.fromEntries(
                    pathParameters(route.path).map((p) => [`method.request.path.${p}`, true]),
                ),
                requestModels:
                    route.requestModel === undefined
                        ? undefined
                        : { "application/json": models[route.requestModel].name },
                operationName: slug,
            },
            opts,
        );
        const integration = new aws.apigateway.Integration(
            `${name}-${slug}`,
            {
                restApi: restApi.id,
                resourceId: method.resourceId,
                httpMethod: method.httpMethod,
                type: "AWS_PROXY",
                integrationHttpMethod: "POST",
                uri: args.itemsFunction.invokeArn,
            },
            opts,
        );
        deploymentInputs.push(method, integration);
        new aws.lambda.Permission(
            `${name}-allow-${slug}`,
            {
                action: "lambda:InvokeFunction",
                function: args.itemsFunction.name,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${restApi.executionArn}/${methodArnSuffix("*", route)}`,
            },
            opts,
        );
        if (route.authorization === "AWS_IAM") {
            invokePolicyArns[routeKey(route)] = invokePolicy(
                name,
                route,
                restApi,
                args.settings.stageName,
                parent,
            ).arn;
        }
    }

    for (const [responseType, body] of Object.entries(GATEWAY_RESPONSES)) {
        deploymentInputs.push(
            new aws.apigateway.Response(
                `${name}-${responseType.toLowerCase().replace("_", "-")}`,
                {
                    restApiId: restApi.id,
                    responseType,
                    responseTemplates: { "application/json": body },
                    responseParameters: {
                        "gatewayresponse.header.Cache-Control": "'no-store'",
                        "gatewayresponse.header.X-Content-Type-Options": "'nosniff'",
                    },
                },
                opts,
            ),
        );
    }

    const deployment = new aws.apigateway.Deployment(
        `${name}-deployment`,
        {
            restApi: restApi.id,
            description: `Deployment of ${name}`,
            // A new deployment whenever what a deployment snapshots changes; Pulumi creates the
            // replacement before deleting the old one, so the stage always points at a deployment.
            triggers: {
                config: deploymentHash(
                    args.routes,
                    args.models ?? {},
                    args.settings.endpointType,
                    args.settings.authorizerTtlSeconds,
                    args.authorizerIdentitySource,
                    GATEWAY_RESPONSES,
                ),
                ...(endpointId === undefined ? {} : { executeApiEndpoint: endpointId }),
                ...(args.userPool ? { userPool: args.userPool.userPoolArn } : {}),
            },
        },
        { parent, dependsOn: deploymentInputs, deleteBeforeReplace: false },
    );
    return { restApi, deployment, executeApiEndpointId: endpointId, invokePolicyArns };
}

/** The execute-api interface endpoint of a PRIVATE API: given, or created with its security group. */
function executeApiEndpoint(
    name: string,
    args: RestApiDeclaration,
    parent: pulumi.Resource,
): pulumi.Input<string> {
    if (args.executeApiEndpointId !== undefined) return args.executeApiEndpointId;
    const tags = args.tags;
    const sg = new aws.ec2.SecurityGroup(
        `${name}-vpce-sg`,
        {
            vpcId: args.network.vpcId,
            description: `execute-api endpoint of ${name}: HTTPS from the VPC only`,
            tags: withName(tags, `${name}-vpce-sg`),
        },
        { parent },
    );
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-vpce-https-vpc`,
        {
            securityGroupId: sg.id,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: args.network.vpcCidr,
            description: "HTTPS from the VPC",
            tags: withName(tags, `${name}-vpce-https-vpc`),
        },
        { parent },
    );
    const endpoint = new aws.ec2.VpcEndpoint(
        `${name}-execute-api`,
        {
            vpcId: args.network.vpcId,
            serviceName: `com.amazonaws.${args.region}.execute-api`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: (args.endpointSubnets ?? args.network.subnets).map((s) => s.subnetId),
            securityGroupIds: [sg.id],
            tags: withName(tags, `${name}-execute-api`),
        },
        { parent },
    );
    return endpoint.id;
}

/** A managed policy that allows `execute-api:Invoke` on exactly one method of the stage. */
function invokePolicy(
    name: string,
    route: ApiRoute,
    restApi: aws.apigateway.RestApi,
    stageName: string,
    parent: pulumi.Resource,
): aws.iam.Policy {
    return new aws.iam.Policy(
        `${name}-invoke-${routeSlug(route)}`,
        {
            description: `Invoke ${routeKey(route)} of ${name} (stage ${stageName}); attach to callers`,
            policy: restApi.executionArn.apply((executionArn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "InvokeOneMethod",
                            Effect: "Allow",
                            Action: "execute-api:Invoke",
                            Resource: `${executionArn}/${methodArnSuffix(stageName, route)}`,
                        },
                    ],
                }),
            ),
        },
        { parent },
    );
}
