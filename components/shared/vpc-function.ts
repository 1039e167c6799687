import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "./aws-context";
import type { LogGroupSettings } from "./log-group";

/** What a Lambda function in a VPC needs to attach to it (the actions of AWSLambdaVPCAccessExecutionRole). */
export const VPC_ACCESS_ACTIONS = [
    "ec2:AssignPrivateIpAddresses",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:UnassignPrivateIpAddresses",
] as const;

/** What active tracing needs (X-Ray has no resource-level permissions). */
export const XRAY_ACTIONS = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"] as const;

/** Settings for {@link vpcFunction}. */
export interface VpcFunctionArgs {
    /** Physical function name (at most 64 characters); its log group is `/aws/lambda/<functionName>`. */
    readonly functionName: string;
    /** Description of the function. */
    readonly description: string;
    /** Deployment package. */
    readonly code: pulumi.Input<pulumi.asset.Archive>;
    /** Lambda runtime the package is built for, e.g. `nodejs22.x`. */
    readonly runtime: string;
    /** Handler, `<file>.<export>`. */
    readonly handler: string;
    /** Environment variables (encrypted with `kmsKeyArn`). */
    readonly environment: Record<string, pulumi.Input<string>>;
    /** Customer-managed key that encrypts the environment variables. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Subnets of the function (at least two AZs). */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /** Security groups of the function. */
    readonly securityGroupIds: readonly pulumi.Input<string>[];
    /**
     * Reserved concurrent executions. Reserving needs an account quota that leaves at least 100
     * executions unreserved (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
     * @default undefined - none reserved: the function uses the account's unreserved pool
     */
    readonly reservedConcurrency?: number;
    /** Memory, MB. */
    readonly memorySize: number;
    /** Timeout, seconds. */
    readonly timeoutSeconds: number;
    /** Instruction set. */
    readonly architecture: "arm64" | "x86_64";
    /** Active X-Ray tracing (`Active`), or only passing the trace header on (`PassThrough`). */
    readonly tracing: boolean;
    /** Statements the function's own work needs (its table), next to logs, ENIs and X-Ray. */
    readonly statements: pulumi.Input<Record<string, unknown>[]>;
    /** KMS key and retention of the log group. */
    readonly logs: LogGroupSettings;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** A function with its role, the role's inline policy and its log group. */
export interface VpcFunction {
    /** The function. */
    readonly fn: aws.lambda.Function;
    /** The function's own role. */
    readonly role: aws.iam.Role;
    /** The role's only policy. */
    readonly policy: aws.iam.RolePolicy;
    /** The function's log group. */
    readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * A Lambda function in VPC subnets: its log group (KMS-encrypted, with retention) created before it,
 * a role of its own that only Lambda can assume with one inline policy (its log group, ENI management,
 * X-Ray, and `statements`) instead of broad managed policies, environment encrypted with a
 * customer-managed key, optional reserved concurrency, active tracing and JSON logs.
 */
export function vpcFunction(name: string, args: VpcFunctionArgs, parent: pulumi.Resource): VpcFunction {
    if (args.functionName.length > 64) {
        throw new Error(
            `function name '${args.functionName}' is longer than Lambda's 64 characters; use a shorter component name`,
        );
    }
    const logGroupName = `/aws/lambda/${args.functionName}`;
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        {
            name: logGroupName,
            kmsKeyId: args.logs.kmsKeyArn,
            retentionInDays: args.logs.retentionDays,
            tags: { ...args.logs.tags, ...args.tags, Name: logGroupName },
        },
        { parent },
    );
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            description: `Runs the ${args.functionName} function`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "lambda.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
            tags: withName(args.tags, `${name}-role`),
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-policy`,
        {
            role: role.id,
            policy: pulumi.all([logGroup.arn, args.statements]).apply(([logGroupArn, statements]) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "OwnLogGroup",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: `${logGroupArn}:*`,
                        },
                        {
                            Sid: "VpcNetworkInterfaces",
                            Effect: "Allow",
                            Action: [...VPC_ACCESS_ACTIONS],
                            Resource: "*",
                        },
                        ...(args.tracing
                            ? [{ Sid: "Tracing", Effect: "Allow", Action: [...XRAY_ACTIONS], Resource: "*" }]
                            : []),
                        ...statements,
                    ],
                }),
            ),
        },
        { parent },
    );
    const fn = new aws.lambda.Function(
        name,
        {
            name: args.functionName,
            description: args.description,
            role: role.arn,
            runtime: args.runtime,
            handler: args.handler,
            code: args.code,
            architectures: [args.architecture],
            memorySize: args.memorySize,
            timeout: args.timeoutSeconds,
            ...(args.reservedConcurrency !== undefined
                ? { reservedConcurrentExecutions: args.reservedConcurrency }
                : {}),
            kmsKeyArn: args.kmsKeyArn,
            environment: { variables: args.environment },
            tracingConfig: { mode: args.tracing ? "Active" : "PassThrough" },
            vpcConfig: { subnetIds: [...args.subnetIds], securityGroupIds: [...args.securityGroupIds] },
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO" },
            tags: withName(args.tags, args.functionName),
        },
        // The log group first, or Lambda would create an unencrypted one without retention; the policy
        // first, or the first invocations could fail to attach to the VPC or to log.
        { parent, dependsOn: [logGroup, policy] },
    );
    return { fn, role, policy, logGroup };
}
