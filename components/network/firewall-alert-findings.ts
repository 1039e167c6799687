import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FIREWALL_ALERTS_HANDLER, LAMBDA_RUNTIME, lambdaArchive } from "../../services/bundle";
import { FIREWALL_ALERTS_ENV } from "../../services/firewall-alerts/config";
import { partitionOf, type AwsContext } from "../shared/aws-context";
import type { LogGroupSettings } from "../shared/log-group";
import { endpointUrl, functionEndpoints } from "../shared/function-endpoints";
import { vpcFunction } from "../shared/vpc-function";
import { workloadKey } from "../workloads/keys";

/** Arguments of {@link FirewallAlertFindings}. */
export interface FirewallAlertFindingsArgs extends AwsContext {
    /** Environment name, for physical names (`hub-network-<env>-firewall-alerts`). */
    readonly environment: string;
    /** The firewall whose alerts become findings (their resource). */
    readonly firewallArn: pulumi.Input<string>;
    /** The firewall's alert log group (CloudWatch Logs): what the subscription filter reads. */
    readonly alertLogGroup: aws.cloudwatch.LogGroup;
    /** VPC of the function and of its Security Hub interface endpoint (the shared-services VPC). */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets of the function and the endpoint, in at least two AZs. */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /**
     * The security group of an X-Ray interface endpoint with private DNS already in the VPC (the
     * block list's): the function traces through it, and may reach it. Without it the component makes
     * its own X-Ray endpoint; a VPC holds one endpoint with private DNS per service.
     * @default undefined - an X-Ray endpoint of its own
     */
    readonly xrayEndpointSecurityGroupId?: pulumi.Input<string>;
    /**
     * Reserved concurrent executions: two keep the function under BatchImportFindings' rate (10
     * requests a second, bursts of 30) and leave none of the account's pool to a flood of alerts;
     * CloudWatch Logs invokes asynchronously, so a throttled delivery waits in Lambda's retries
     * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
     * @default 2
     */
    readonly reservedConcurrency?: number;
    /** KMS key and retention of the function's log group. */
    readonly logs: LogGroupSettings;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The only action the function calls, on its account's default product only. */
export const FIREWALL_ALERTS_ACTIONS = ["securityhub:BatchImportFindings"] as const;

/**
 * Only the records of alerts reach the function (the alert log also holds TLS inspection errors):
 * a JSON filter pattern on Suricata's `event_type`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 */
export const FIREWALL_ALERTS_FILTER = '{ $.event.event_type = "alert" }';

/**
 * The firewall's alerts as Security Hub findings. AWS Network Firewall sends none to Security Hub
 * itself (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-internal-providers.html),
 * so a subscription filter on its alert log group invokes a function that turns each alert into an
 * ASFF finding and imports it with BatchImportFindings, into the network account's Security Hub in
 * its own region, as a finding of the account's default product
 * (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`). The network account is
 * a Security Hub member of the security account, whose administrator sees its members' findings.
 *
 * The function runs in the shared-services VPC and reaches Security Hub through an interface endpoint
 * of its own (private DNS off, so nothing else in the VPC changes how it resolves Security Hub); its
 * role may import findings to that one product and write its own logs, nothing else. It traces
 * through the block list's X-Ray endpoint when there is one (a VPC holds one endpoint with private DNS
 * per service), through its own otherwise.
 *
 * It bundles its function from services/, so, like the workloads, it is not part of the package's
 * index: import it from this file.
 */
export class FirewallAlertFindings extends pulumi.ComponentResource {
    /** The function, its role and the role's only policy. */
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    /** The subscription filter on the alert log group. */
    readonly subscription: aws.cloudwatch.LogSubscriptionFilter;
    /** The product the findings are imported to. */
    readonly productArn: string;
    /**
     * The security group of the X-Ray endpoint this component made (none when it traces through the
     * block list's): X-Ray's regional name resolves to that endpoint for every caller in the VPC.
     */
    readonly xrayEndpointSecurityGroupId?: pulumi.Output<string>;

    constructor(name: string, args: FirewallAlertFindingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:FirewallAlertFindings", name, {}, opts);
        if (args.subnetIds.length < 2) {
            throw new Error(
                `FirewallAlertFindings ${name}: ${args.subnetIds.length} subnet(s) given; expected subnets in at least two AZs`,
            );
        }
        const partition = partitionOf(args.region);
        const physical = `hub-network-${args.environment}-firewall-alerts`;
        this.productArn = `arn:${partition}:securityhub:${args.region}:${args.accountId}:product/${args.accountId}/default`;

        const access = functionEndpoints(
            name,
            {
                region: args.region,
                vpcId: args.vpcId,
                subnetIds: args.subnetIds,
                services: [
                    { service: "securityhub", privateDns: false },
                    // Active tracing: the X-Ray daemon in the function calls X-Ray's regional name,
                    // which an endpoint with private DNS answers in the VPC; the block list's, if any.
                    ...(args.xrayEndpointSecurityGroupId === undefined
                        ? [{ service: "xray", privateDns: true }]
                        : []),
                ],
                descriptions: {
                    functionSg:
                        "Firewall-alerts function: HTTPS to its Security Hub and X-Ray endpoints only",
                    endpointSg: "Security Hub and X-Ray interface endpoints of the firewall-alerts function",
                    egress: "HTTPS to the Security Hub interface endpoint",
                    ingress: "HTTPS from the firewall-alerts function",
                },
                tags: args.tags,
            },
            this,
        );
        const functionSg = access.functionSg;
        const endpoint = access.endpoints.securityhub!;
        if (access.endpoints.xray) this.xrayEndpointSecurityGroupId = access.endpointSg.id;

        // Tracing through the block list's X-Ray endpoint: the function may reach it.
        if (args.xrayEndpointSecurityGroupId !== undefined) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-function-to-xray`,
                {
                    securityGroupId: functionSg.id,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    referencedSecurityGroupId: args.xrayEndpointSecurityGroupId,
                    description: "HTTPS to the X-Ray interface endpoint of the VPC",
                },
                { parent: this },
            );
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-xray-from-function`,
                {
                    securityGroupId: args.xrayEndpointSecurityGroupId,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    referencedSecurityGroupId: functionSg.id,
                    description: "HTTPS from the firewall-alerts function",
                },
                { parent: this },
            );
        }

        const key = workloadKey(
            `${name}-key`,
            {
                accountId: args.accountId,
                region: args.region,
                alias: `hub-network/${args.environment}/firewall-alerts`,
                purpose: "the firewall-alerts function's environment",
                tags: args.tags,
            },
            this,
        );
        const fn = vpcFunction(
            `${name}-function`,
            {
                functionName: physical,
                description: "Imports the firewall's alerts into Security Hub as findings",
                code: lambdaArchive("firewall-alerts"),
                handler: FIREWALL_ALERTS_HANDLER,
                runtime: LAMBDA_RUNTIME,
                environment: {
                    [FIREWALL_ALERTS_ENV.firewallArn]: args.firewallArn,
                    [FIREWALL_ALERTS_ENV.securityHubEndpoint]: endpointUrl(endpoint),
                },
                kmsKeyArn: key.arn,
                subnetIds: args.subnetIds,
                securityGroupIds: [functionSg.id],
                memorySize: 256,
                timeoutSeconds: 60,
                architecture: "arm64",
                tracing: true,
                reservedConcurrency: args.reservedConcurrency ?? 2,
                statements: [
                    {
                        Sid: "ImportFindings",
                        Effect: "Allow",
                        Action: [...FIREWALL_ALERTS_ACTIONS],
                        Resource: this.productArn,
                    },
                ],
                logs: args.logs,
                tags: args.tags,
            },
            this,
        );
        this.function = fn.fn;
        this.role = fn.role;
        this.rolePolicy = fn.policy;

        // CloudWatch Logs may invoke the function for this log group only
        // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample).
        const permission = new aws.lambda.Permission(
            `${name}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: this.function.name,
                principal: "logs.amazonaws.com",
                sourceArn: pulumi.interpolate`${args.alertLogGroup.arn}:*`,
                sourceAccount: args.accountId,
            },
            { parent: this },
        );
        this.subscription = new aws.cloudwatch.LogSubscriptionFilter(
            `${name}-subscription`,
            {
                name: physical,
                logGroup: args.alertLogGroup.name,
                filterPattern: FIREWALL_ALERTS_FILTER,
                destinationArn: this.function.arn,
            },
            // CloudWatch Logs tests the destination when the filter is put: the permission first.
            { parent: this, dependsOn: [permission] },
        );
        this.registerOutputs({});
    }
}
