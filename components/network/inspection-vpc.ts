import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HUB_OWNER, OWNER_TAG } from "./attachment-ownership";
import { withName, type AwsContext } from "../shared/aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "../shared/log-group";
import { firewallEndpointId } from "./routing";
import { createVpcCore, type VpcCore } from "./vpc-core";

/** Where one Network Firewall log type goes. */
export type FirewallLogDestination = "cloudwatch" | "s3";

/** Arguments of {@link InspectionVpc}. */
export interface InspectionVpcArgs extends AwsContext {
    /**
     * VPC CIDR; holds a /28 per AZ for each of the `tgw`, `firewall` and `public` tiers.
     * **CAUTION** changing it replaces the VPC and everything in it.
     */
    readonly cidrBlock: string;
    /**
     * Availability zones, in order. **CAUTION** removing or reordering AZs replaces their subnets.
     */
    readonly availabilityZones: readonly string[];
    /** Every CIDR behind the Transit Gateway (the environment's supernet); routed back to the TGW. */
    readonly supernet: string;
    /**
     * On-premises ranges, reached through the Transit Gateway (a VPN attachment propagating them into
     * the `inspection` route table): the firewall subnets route them back to the TGW, never to the NAT
     * gateway. @default [] - none
     */
    readonly onPremisesCidrs?: readonly string[];
    /**
     * Ranges of legacy VPCs outside the supernet whose traffic the firewall inspects (an adopted
     * Transit Gateway's, docs/adopting.md): the firewall subnets route them back to the TGW too.
     * @default [] - none
     */
    readonly legacyCidrs?: readonly string[];
    /** Transit Gateway to attach to. */
    readonly transitGatewayId: pulumi.Input<string>;
    /** TGW route table the inspection attachment associates with. */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /** TGW route table the spokes use: gets `0.0.0.0/0` and the supernet to this attachment. */
    readonly spokeRouteTableId: pulumi.Input<string>;
    /** ARN of the Network Firewall policy (see {@link FirewallPolicy}). */
    readonly firewallPolicyArn: pulumi.Input<string>;
    /**
     * `per-az`: a NAT gateway in every AZ, so no AZ depends on another; `single`: one NAT gateway in the
     * first AZ (cheaper, for development: an outage of that AZ stops egress everywhere).
     * @default "per-az"
     */
    readonly natGateways?: "per-az" | "single";
    /**
     * Delete, subnet-change and policy-change protection on the firewall.
     * @default true
     */
    readonly protection?: boolean;
    /**
     * Pulumi `protect` on the children whose replacement or deletion would cut traffic for every
     * spoke (the VPC, the firewall and the NAT gateways' Elastic IPs, which partners allow-list): a
     * change that would replace or delete one fails the preview until the protection is lifted on
     * purpose (`pulumi state unprotect`).
     * @default false - production environments set it
     */
    readonly protect?: boolean;
    /** Firewall logging: ALERT and FLOW logs, each to CloudWatch Logs or to S3. */
    readonly firewallLogs: LogGroupSettings & {
        /** @default "cloudwatch" */
        readonly alert?: FirewallLogDestination;
        /** @default "cloudwatch" */
        readonly flow?: FirewallLogDestination;
        /** Bucket for log types sent to S3 (required when either is `s3`). @default undefined - no S3 logs */
        readonly bucketName?: pulumi.Input<string>;
        /** Log group names are `<prefix>/alert` and `<prefix>/flow`. */
        readonly logGroupPrefix: string;
    };
    /** VPC flow logs destination; the log group is `<logGroupPrefix>/<name>`. */
    readonly flowLogs: LogGroupSettings & { readonly logGroupPrefix: string };
    /** Tags for every child (the VPC also gets `hub-network:vpc-role: inspection`), next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The subnet tiers of the inspection VPC, each a /28 per AZ. */
export const INSPECTION_TIERS = [
    { name: "tgw", prefixLength: 28 },
    { name: "firewall", prefixLength: 28 },
    { name: "public", prefixLength: 28 },
] as const;

/**
 * The inspection VPC: traffic from the spokes arrives on the Transit Gateway attachment, crosses the
 * AWS Network Firewall endpoint of its own AZ in both directions (appliance mode keeps a flow in one
 * AZ), and leaves for the internet through a NAT gateway and the internet gateway.
 *
 * Per AZ: `tgw` subnet `0.0.0.0/0 -> firewall endpoint`; `firewall` subnet `0.0.0.0/0 -> NAT`,
 * supernet and on-premises ranges `-> TGW`; `public` subnet `0.0.0.0/0 -> IGW`, supernet
 * `-> firewall endpoint`.
 */
export class InspectionVpc extends pulumi.ComponentResource {
    readonly core: VpcCore;
    readonly vpc: aws.ec2.Vpc;
    readonly firewall: aws.networkfirewall.Firewall;
    readonly internetGateway: aws.ec2.InternetGateway;
    readonly natGateways: readonly aws.ec2.NatGateway[];
    readonly attachment: aws.ec2transitgateway.VpcAttachment;
    readonly vpcId: pulumi.Output<string>;
    readonly attachmentId: pulumi.Output<string>;
    readonly firewallArn: pulumi.Output<string>;
    /**
     * The log group of the firewall's alert log, when it goes to CloudWatch Logs (undefined when it
     * goes to S3): what a subscription filter reads.
     */
    alertLogGroup?: aws.cloudwatch.LogGroup;
    /** Firewall endpoint ID per AZ. */
    readonly firewallEndpointIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: InspectionVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:InspectionVpc", name, {}, opts);
        const tags = args.tags;
        const azs = args.availabilityZones;
        this.core = createVpcCore(
            name,
            {
                ...args,
                tiers: INSPECTION_TIERS,
                vpcRole: "inspection",
                flowLogs: args.flowLogs,
                protectVpc: args.protect,
            },
            this,
        );
        this.vpc = this.core.vpc;
        const tier = (t: string) => this.core.tier(t);

        this.internetGateway = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId: this.vpc.id, tags: withName(tags, `${name}-igw`) },
            { parent: this },
        );
        const natAzs = (args.natGateways ?? "per-az") === "per-az" ? azs : azs.slice(0, 1);
        const natByAz = new Map<string, aws.ec2.NatGateway>();
        for (const publicSubnet of tier("public").filter((s) => natAzs.includes(s.availabilityZone))) {
            const az = publicSubnet.availabilityZone;
            const eip = new aws.ec2.Eip(
                `${name}-nat-${az}`,
                { domain: "vpc", tags: withName(tags, `${name}-nat-${az}`) },
                { parent: this, protect: args.protect ?? false },
            );
            natByAz.set(
                az,
                new aws.ec2.NatGateway(
                    `${name}-nat-${az}`,
                    {
                        allocationId: eip.id,
                        subnetId: publicSubnet.subnet.id,
                        connectivityType: "public",
                        tags: withName(tags, `${name}-nat-${az}`),
                    },
                    { parent: this, dependsOn: [this.internetGateway] },
                ),
            );
        }
        this.natGateways = [...natByAz.values()];
        const natFor = (az: string) => natByAz.get(az) ?? this.natGateways[0];

        const protection = args.protection ?? true;
        this.firewall = new aws.networkfirewall.Firewall(
            `${name}-firewall`,
            {
                vpcId: this.vpc.id,
                firewallPolicyArn: args.firewallPolicyArn,
                subnetMappings: tier("firewall").map((s) => ({ subnetId: s.subnet.id })),
                deleteProtection: protection,
                subnetChangeProtection: protection,
                firewallPolicyChangeProtection: protection,
                tags: withName(tags, `${name}-firewall`),
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.firewallArn = this.firewall.arn;
        this.firewallEndpointIds = Object.fromEntries(
            azs.map((az) => [
                az,
                this.firewall.firewallStatuses.apply((statuses) => firewallEndpointId(statuses, az)),
            ]),
        );
        this.declareFirewallLogging(name, args);

        this.attachment = new aws.ec2transitgateway.VpcAttachment(
            `${name}-attachment`,
            {
                transitGatewayId: args.transitGatewayId,
                vpcId: this.vpc.id,
                subnetIds: tier("tgw").map((s) => s.subnet.id),
                applianceModeSupport: "enable",
                dnsSupport: "enable",
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                // The hub's own: no spoke session may touch it (see SpokeOnboardingRole).
                tags: { ...withName(tags, `${name}-attachment`), [OWNER_TAG]: HUB_OWNER },
            },
            { parent: this },
        );
        this.attachmentId = this.attachment.id;
        new aws.ec2transitgateway.RouteTableAssociation(
            `${name}-inspection-association`,
            {
                transitGatewayAttachmentId: this.attachment.id,
                transitGatewayRouteTableId: args.inspectionRouteTableId,
            },
            { parent: this },
        );
        for (const [suffix, destination] of [
            ["default", "0.0.0.0/0"],
            ["supernet", args.supernet],
        ] as const) {
            new aws.ec2transitgateway.Route(
                `${name}-spokes-${suffix}`,
                {
                    destinationCidrBlock: destination,
                    transitGatewayAttachmentId: this.attachment.id,
                    transitGatewayRouteTableId: args.spokeRouteTableId,
                },
                { parent: this },
            );
        }

        const route = (
            routeName: string,
            routeTable: aws.ec2.RouteTable,
            destination: string,
            target: Omit<aws.ec2.RouteArgs, "routeTableId">,
        ) =>
            new aws.ec2.Route(
                routeName,
                { routeTableId: routeTable.id, destinationCidrBlock: destination, ...target },
                { parent: this, dependsOn: target.transitGatewayId ? [this.attachment] : [] },
            );
        for (const az of azs) {
            const endpoint = this.firewallEndpointIds[az];
            const [tgwSubnet, firewallSubnet, publicSubnet] = ["tgw", "firewall", "public"].map((t) =>
                tier(t).find((s) => s.availabilityZone === az)!,
            );
            route(`${name}-tgw-${az}-default`, tgwSubnet.routeTable, "0.0.0.0/0", {
                vpcEndpointId: endpoint,
            });
            route(`${name}-firewall-${az}-default`, firewallSubnet.routeTable, "0.0.0.0/0", {
                natGatewayId: natFor(az).id,
            });
            route(`${name}-firewall-${az}-supernet`, firewallSubnet.routeTable, args.supernet, {
                transitGatewayId: args.transitGatewayId,
            });
            for (const cidr of args.onPremisesCidrs ?? []) {
                // Named by the range, so adding or removing another range leaves this route alone.
                route(
                    `${name}-firewall-${az}-on-premises-${cidr.replace(/[./]/g, "-")}`,
                    firewallSubnet.routeTable,
                    cidr,
                    {
                        transitGatewayId: args.transitGatewayId,
                    },
                );
            }
            for (const cidr of args.legacyCidrs ?? []) {
                route(
                    `${name}-firewall-${az}-legacy-${cidr.replace(/[./]/g, "-")}`,
                    firewallSubnet.routeTable,
                    cidr,
                    {
                        transitGatewayId: args.transitGatewayId,
                    },
                );
            }
            route(`${name}-public-${az}-default`, publicSubnet.routeTable, "0.0.0.0/0", {
                gatewayId: this.internetGateway.id,
            });
            route(`${name}-public-${az}-supernet`, publicSubnet.routeTable, args.supernet, {
                vpcEndpointId: endpoint,
            });
        }

        this.vpcId = this.vpc.id;
        this.registerOutputs({
            vpcId: this.vpcId,
            attachmentId: this.attachmentId,
            firewallArn: this.firewallArn,
        });
    }

    private declareFirewallLogging(name: string, args: InspectionVpcArgs): void {
        const logs = args.firewallLogs;
        const destinations = (["alert", "flow"] as const).map(
            (
                logType,
            ): aws.types.input.networkfirewall.LoggingConfigurationLoggingConfigurationLogDestinationConfig => {
                const destination = logs[logType] ?? "cloudwatch";
                if (destination === "s3") {
                    if (logs.bucketName === undefined) {
                        throw new Error(
                            `InspectionVpc ${name}: firewallLogs.${logType} is s3 but no bucketName was given`,
                        );
                    }
                    return {
                        logType: logType.toUpperCase(),
                        logDestinationType: "S3",
                        // No prefix: the firewall already writes under
                        // AWSLogs/<account>/network-firewall/<log type>/, the only path LogBucket's policy
                        // lets log delivery write to (a prefix would put objects outside it: AccessDenied).
                        logDestination: { bucketName: logs.bucketName },
                    };
                }
                const group = encryptedLogGroup(
                    `${name}-firewall-${logType}`,
                    `${logs.logGroupPrefix}/${logType}`,
                    logs,
                    this,
                );
                if (logType === "alert") this.alertLogGroup = group;
                return {
                    logType: logType.toUpperCase(),
                    logDestinationType: "CloudWatchLogs",
                    logDestination: { logGroup: group.name },
                };
            },
        );
        new aws.networkfirewall.LoggingConfiguration(
            `${name}-firewall-logging`,
            { firewallArn: this.firewall.arn, loggingConfiguration: { logDestinationConfigs: destinations } },
            { parent: this },
        );
    }
}
