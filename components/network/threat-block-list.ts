import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BLOCK_LIST_HANDLER, LAMBDA_RUNTIME, lambdaArchive } from "../../services/bundle";
import { BLOCK_LIST_ENV } from "../../services/block-list/config";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";
import type { LogGroupSettings } from "../shared/log-group";
import { workloadKey } from "../workloads/keys";
import { endpointUrl, functionEndpoints } from "../shared/function-endpoints";
import { vpcFunction } from "../shared/vpc-function";
import { findingPattern, findingsBusName } from "./findings";

/** Arguments of {@link ThreatBlockList}. */
export interface ThreatBlockListArgs extends AwsContext {
    /** Environment name, for physical names (`hub-network-<env>-block-list`). */
    readonly environment: string;
    /**
     * The list's size (the prefix list's MaxEntries); the function never asks for more.
     * **CAUTION** a network firewall rule group reserves capacity for the referenced list's size.
     */
    readonly maxEntries: number;
    /** Hours an address stays blocked before the sweep lifts it. */
    readonly blockHours: number;
    /** The lowest GuardDuty severity blocked (1.0-10.0). */
    readonly minimumSeverity: number;
    /** GuardDuty finding types blocked, as prefixes of the finding type. */
    readonly findingTypes: readonly string[];
    /** CIDRs never blocked: the environment's own ranges and the `neverBlock` list. */
    readonly protectedCidrs: readonly string[];
    /** The account whose findings reach the findings bus (the GuardDuty administrator). */
    readonly findingsAccountId: string;
    /** VPC of the function and of its EC2 interface endpoint (the shared-services VPC). */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets of the function and the endpoint, in at least two AZs. */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /** KMS key and retention of the function's log group. */
    readonly logs: LogGroupSettings;
    /**
     * Reserved concurrent executions of the function: one keeps every change of the list in order
     * (EventBridge retries a throttled invocation). Reserving needs the account's concurrency quota to
     * leave 100 executions unreserved (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
     * @default 1
     */
    readonly reservedConcurrency?: number;
    /** Minutes between sweeps that lift expired blocks. @default 15 */
    readonly sweepMinutes?: number;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What the prefix list's entries are: owned by the function at run time, never by the stack. */
export const BLOCK_LIST_RUNTIME_OWNED = ["entries"];

/** The EC2 actions the function calls, on the block list's ARN only. */
export const BLOCK_LIST_ACTIONS = ["ec2:GetManagedPrefixListEntries", "ec2:ModifyManagedPrefixList"] as const;

/**
 * The hub's automated response to GuardDuty findings: a VPC managed prefix list (the block list the
 * firewall's first rule group references), a findings event bus that the GuardDuty administrator
 * account forwards findings to, a rule on it that invokes the block-list function, and a schedule that
 * lifts expired blocks. The function runs in the shared-services VPC and reaches the EC2 API through
 * an interface endpoint of its own (private DNS off, so nothing else in the VPC changes how it
 * resolves EC2), and X-Ray through another; its role may read and change exactly this prefix list.
 * Its concurrency is reserved (one by default), so changes of the list never race each other.
 *
 * The list's entries belong to the function: the prefix list declares none, and `ignoreChanges` on
 * `entries` keeps `pulumi up` from removing what the function added (the provider's `entry` is
 * Optional+Computed, terraform-provider-aws internal/service/ec2/vpc_managed_prefix_list.go).
 *
 * It bundles its function from services/, so, like the workloads, it is not part of the package's
 * index: import it from this file.
 */
export class ThreatBlockList extends pulumi.ComponentResource {
    /** The block list. */
    readonly prefixList: aws.ec2.ManagedPrefixList;
    readonly prefixListId: pulumi.Output<string>;
    readonly prefixListArn: pulumi.Output<string>;
    /** The function, its role and the role's only policy. */
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    /** The bus the findings arrive on, and its ARN (what the forwarding rule targets). */
    readonly bus: aws.cloudwatch.EventBus;
    readonly busArn: pulumi.Output<string>;
    /**
     * The security group of its EC2 and X-Ray interface endpoints: another function of the VPC that
     * traces reaches X-Ray through this endpoint (private DNS holds the name once per VPC).
     */
    readonly endpointSecurityGroupId: pulumi.Output<string>;

    constructor(name: string, args: ThreatBlockListArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:ThreatBlockList", name, {}, opts);
        if (args.subnetIds.length < 2) {
            throw new Error(
                `ThreatBlockList ${name}: ${args.subnetIds.length} subnet(s) given; expected subnets in at least two AZs`,
            );
        }
        const partition = partitionOf(args.region);
        const physical = `hub-network-${args.environment}-block-list`;

        this.prefixList = new aws.ec2.ManagedPrefixList(
            `${name}-list`,
            {
                name: physical,
                addressFamily: "IPv4",
                maxEntries: args.maxEntries,
                tags: { ...withName(args.tags, physical), "hub-network:owned-at-runtime": "entries" },
            },
            { parent: this, ignoreChanges: BLOCK_LIST_RUNTIME_OWNED },
        );
        this.prefixListId = this.prefixList.id;
        this.prefixListArn = this.prefixList.arn;

        // The function reaches EC2 through its own interface endpoint, port 443 only. Active tracing:
        // its X-Ray segments leave through the VPC, to an X-Ray endpoint of its own (private DNS on:
        // the X-Ray daemon in the function calls the regional name).
        const access = functionEndpoints(
            name,
            {
                region: args.region,
                vpcId: args.vpcId,
                subnetIds: args.subnetIds,
                services: [
                    { service: "ec2", privateDns: false },
                    { service: "xray", privateDns: true },
                ],
                descriptions: {
                    functionSg: "Block-list function: HTTPS to its EC2 and X-Ray endpoints only",
                    endpointSg: "EC2 and X-Ray interface endpoints of the block-list function",
                    egress: "HTTPS to the EC2 and X-Ray interface endpoints",
                    ingress: "HTTPS from the block-list function",
                },
                tags: args.tags,
            },
            this,
        );
        this.endpointSecurityGroupId = access.endpointSg.id;
        const functionSg = access.functionSg;
        const endpoint = access.endpoints.ec2!;

        const key = workloadKey(
            `${name}-key`,
            {
                accountId: args.accountId,
                region: args.region,
                alias: `hub-network/${args.environment}/block-list`,
                purpose: "the block-list function's environment",
                tags: args.tags,
            },
            this,
        );
        const fn = vpcFunction(
            `${name}-function`,
            {
                functionName: physical,
                description: "Adds the remote addresses of GuardDuty findings to the firewall's block list",
                code: lambdaArchive("block-list"),
                handler: BLOCK_LIST_HANDLER,
                runtime: LAMBDA_RUNTIME,
                environment: {
                    [BLOCK_LIST_ENV.prefixListId]: this.prefixList.id,
                    [BLOCK_LIST_ENV.maxEntries]: String(args.maxEntries),
                    [BLOCK_LIST_ENV.blockHours]: String(args.blockHours),
                    [BLOCK_LIST_ENV.minimumSeverity]: String(args.minimumSeverity),
                    [BLOCK_LIST_ENV.findingTypes]: args.findingTypes.join(","),
                    [BLOCK_LIST_ENV.protectedCidrs]: args.protectedCidrs.join(","),
                    [BLOCK_LIST_ENV.ec2Endpoint]: endpointUrl(endpoint),
                },
                kmsKeyArn: key.arn,
                subnetIds: args.subnetIds,
                securityGroupIds: [functionSg.id],
                memorySize: 256,
                timeoutSeconds: 60,
                architecture: "arm64",
                tracing: true,
                reservedConcurrency: args.reservedConcurrency ?? 1,
                statements: this.prefixList.arn.apply((arn) => [
                    { Sid: "BlockList", Effect: "Allow", Action: [...BLOCK_LIST_ACTIONS], Resource: arn },
                ]),
                logs: args.logs,
                tags: args.tags,
            },
            this,
        );
        this.function = fn.fn;
        this.role = fn.role;
        this.rolePolicy = fn.policy;

        this.bus = new aws.cloudwatch.EventBus(
            `${name}-bus`,
            { name: findingsBusName(args.environment), tags: withName(args.tags, `${name}-bus`) },
            { parent: this },
        );
        this.busArn = this.bus.arn;
        new aws.cloudwatch.EventBusPolicy(
            `${name}-bus-policy`,
            {
                eventBusName: this.bus.name,
                policy: this.bus.arn.apply((busArn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "FindingsFromTheGuardDutyAdministrator",
                                Effect: "Allow",
                                Principal: { AWS: `arn:${partition}:iam::${args.findingsAccountId}:root` },
                                Action: "events:PutEvents",
                                Resource: busArn,
                                Condition: { StringEquals: { "events:source": "aws.guardduty" } },
                            },
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        const rule = new aws.cloudwatch.EventRule(
            `${name}-findings`,
            {
                eventBusName: this.bus.name,
                description: `GuardDuty findings of severity ${args.minimumSeverity}+ that block their remote address`,
                eventPattern: JSON.stringify(findingPattern(args.minimumSeverity, args.findingTypes)),
                tags: withName(args.tags, `${name}-findings`),
            },
            { parent: this },
        );
        this.invokeOn(`${name}-findings`, rule, this.bus.name);

        const sweep = new aws.cloudwatch.EventRule(
            `${name}-sweep`,
            {
                description: `Lifts expired blocks from ${physical}`,
                scheduleExpression: `rate(${args.sweepMinutes ?? 15} minutes)`,
                tags: withName(args.tags, `${name}-sweep`),
            },
            { parent: this },
        );
        this.invokeOn(`${name}-sweep`, sweep);
        this.registerOutputs({ prefixListId: this.prefixListId, busArn: this.busArn });
    }

    /** `rule` invokes the function, and Lambda lets exactly that rule do so. */
    private invokeOn(
        name: string,
        rule: aws.cloudwatch.EventRule,
        eventBusName?: pulumi.Input<string>,
    ): void {
        new aws.cloudwatch.EventTarget(
            `${name}-target`,
            {
                rule: rule.name,
                ...(eventBusName ? { eventBusName } : {}),
                arn: this.function.arn,
                // A throttled or failed invocation is retried for an hour, then dropped (and logged by EventBridge).
                retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
            },
            { parent: this },
        );
        new aws.lambda.Permission(
            `${name}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: this.function.name,
                principal: "events.amazonaws.com",
                sourceArn: rule.arn,
            },
            { parent: this },
        );
    }
}
