import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "./aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "./log-group";

/** Arguments of {@link FlowLogs}. */
export interface FlowLogsArgs extends AwsContext, LogGroupSettings {
    /** VPC to capture (traffic type ALL). Give exactly one of `vpcId` and `transitGatewayId`. @default undefined */
    readonly vpcId?: pulumi.Input<string>;
    /** Transit Gateway to capture (TGW flow logs aggregate every 60 s). @default undefined */
    readonly transitGatewayId?: pulumi.Input<string>;
    /** Name of the CloudWatch log group, e.g. `/hub-network/dev/flow-logs/inspection`. */
    readonly logGroupName: string;
}

/**
 * Flow logs (traffic type ALL) to a KMS-encrypted CloudWatch log group with retention, delivered by a
 * role that only the flow-logs service of this account can assume and that can only write that group.
 */
export class FlowLogs extends pulumi.ComponentResource {
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly role: aws.iam.Role;
    readonly flowLog: aws.ec2.FlowLog;

    constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:shared:FlowLogs", name, {}, opts);
        if ((args.vpcId === undefined) === (args.transitGatewayId === undefined)) {
            throw new Error(`FlowLogs ${name}: give exactly one of vpcId or transitGatewayId`);
        }
        const partition = partitionOf(args.region);
        this.logGroup = encryptedLogGroup(`${name}-logs`, args.logGroupName, args, this);
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `Delivers flow logs to ${args.logGroupName}`,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                StringEquals: { "aws:SourceAccount": args.accountId },
                                ArnLike: {
                                    "aws:SourceArn": `arn:${partition}:ec2:${args.region}:${args.accountId}:*`,
                                },
                            },
                        },
                    ],
                }),
                tags: withName(args.tags, `${name}-role`),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-write`,
            {
                role: this.role.id,
                policy: this.logGroup.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "WriteFlowLogs",
                                Effect: "Allow",
                                Action: [
                                    "logs:CreateLogStream",
                                    "logs:PutLogEvents",
                                    "logs:DescribeLogStreams",
                                ],
                                Resource: [arn, `${arn}:*`],
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
                ),
            },
            { parent: this },
        );
        this.flowLog = new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: args.vpcId,
                transitGatewayId: args.transitGatewayId,
                trafficType: args.vpcId !== undefined ? "ALL" : undefined,
                maxAggregationInterval: 60,
                logDestinationType: "cloud-watch-logs",
                logDestination: this.logGroup.arn,
                iamRoleArn: this.role.arn,
                tags: withName(args.tags, `${name}-flow-log`),
            },
            { parent: this },
        );
        this.registerOutputs({ logGroupArn: this.logGroup.arn });
    }
}
