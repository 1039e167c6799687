import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "../shared/log-group";

/**
 * Access log line of every request, as JSON: request IDs, caller (IP, IAM caller, user, authorizer
 * principal, API key, VPC endpoint), method and path, status, latencies and WAF result.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    sourceIp: "$context.identity.sourceIp",
    caller: "$context.identity.caller",
    user: "$context.identity.user",
    userAgent: "$context.identity.userAgent",
    principalId: "$context.authorizer.principalId",
    apiKeyId: "$context.identity.apiKeyId",
    vpceId: "$context.identity.vpceId",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integration.latency",
    wafResponseCode: "$context.wafResponseCode",
    errorMessage: "$context.error.message",
});

/** Default per-stage throttling. */
export interface StageThrottling {
    /** Steady-state requests per second across the stage. @default 100 */
    readonly rateLimit?: number;
    /** Burst of requests the stage absorbs above the rate. @default 200 */
    readonly burstLimit?: number;
}

/** Settings for {@link restStage}. */
export interface RestStageArgs extends AwsContext {
    /** The REST API of the stage. */
    readonly restApi: aws.apigateway.RestApi;
    /** The deployment the stage serves. */
    readonly deployment: aws.apigateway.Deployment;
    /** Stage name (part of the invoke URL). */
    readonly stageName: string;
    /** Default throttling of every method. */
    readonly throttling: Required<StageThrottling>;
    /** KMS key and retention of the access and execution log groups. */
    readonly logs: LogGroupSettings;
    /** Set the account's API Gateway CloudWatch Logs role in this region. */
    readonly accountLoggingRole: boolean;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A REST API stage with X-Ray tracing, JSON access logs to a KMS-encrypted log group, execution
 * logging at ERROR (its log group created beforehand, encrypted and with retention), metrics and
 * default throttling for every method; optionally the account's CloudWatch Logs role for API Gateway.
 */
export function restStage(name: string, args: RestStageArgs, parent: pulumi.Resource): aws.apigateway.Stage {
    const accessLogs = encryptedLogGroup(
        `${name}-access-logs`,
        `/aws/apigateway/${name}/${args.stageName}/access`,
        args.logs,
        parent,
    );
    // API Gateway writes execution logs to this group; created first, it is encrypted and expires.
    const executionLogName = pulumi.interpolate`API-Gateway-Execution-Logs_${args.restApi.id}/${args.stageName}`;
    const executionLogs = new aws.cloudwatch.LogGroup(
        `${name}-execution-logs`,
        {
            name: executionLogName,
            kmsKeyId: args.logs.kmsKeyArn,
            retentionInDays: args.logs.retentionDays,
            tags: withName(args.logs.tags, `${name}-execution-logs`),
        },
        { parent },
    );
    const dependsOn: pulumi.Resource[] = [accessLogs, executionLogs];
    if (args.accountLoggingRole) dependsOn.push(accountLoggingRole(name, args, parent));

    const stage = new aws.apigateway.Stage(
        `${name}-stage`,
        {
            restApi: args.restApi.id,
            deployment: args.deployment.id,
            stageName: args.stageName,
            xrayTracingEnabled: true,
            accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
            tags: withName(args.tags, `${name}-${args.stageName}`),
        },
        { parent, dependsOn },
    );
    new aws.apigateway.MethodSettings(
        `${name}-method-settings`,
        {
            restApi: args.restApi.id,
            stageName: stage.stageName,
            methodPath: "*/*",
            settings: {
                loggingLevel: "ERROR",
                dataTraceEnabled: false,
                metricsEnabled: true,
                throttlingRateLimit: args.throttling.rateLimit,
                throttlingBurstLimit: args.throttling.burstLimit,
            },
        },
        { parent },
    );
    return stage;
}

/** The role API Gateway uses to write CloudWatch logs in this account and region (an account setting). */
function accountLoggingRole(
    name: string,
    args: RestStageArgs,
    parent: pulumi.Resource,
): aws.apigateway.Account {
    const partition = partitionOf(args.region);
    const role = new aws.iam.Role(
        `${name}-apigw-logs-role`,
        {
            description: "Lets API Gateway write execution and access logs of this account's APIs",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "apigateway.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                    },
                ],
            }),
            tags: withName(args.tags, `${name}-apigw-logs-role`),
        },
        { parent },
    );
    const logGroups = `arn:${partition}:logs:${args.region}:${args.accountId}:log-group:*`;
    const policy = new aws.iam.RolePolicy(
        `${name}-apigw-logs-policy`,
        {
            role: role.id,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteApiLogs",
                        Effect: "Allow",
                        Action: [
                            "logs:CreateLogGroup",
                            "logs:CreateLogStream",
                            "logs:DescribeLogStreams",
                            "logs:PutLogEvents",
                        ],
                        Resource: [logGroups, `${logGroups}:log-stream:*`],
                    },
                    {
                        // DescribeLogGroups takes no resource: it is granted on `*` or not at all.
                        Sid: "ListLogGroups",
                        Effect: "Allow",
                        Action: "logs:DescribeLogGroups",
                        Resource: "*",
                    },
                ],
            }),
        },
        { parent },
    );
    return new aws.apigateway.Account(
        `${name}-apigw-account`,
        { cloudwatchRoleArn: role.arn },
        { parent, dependsOn: [policy] },
    );
}
