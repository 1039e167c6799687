/**
 * What every VPC of the project has in common: the VPC with its role tag, the default security group
 * stripped of rules (FSBP EC2.2), subnets from a pure subnet plan (never a public IP on launch), one
 * route table per tier and AZ, and flow logs (ALL) to an encrypted log group.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { withName, type AwsContext } from "../shared/aws-context";
import { FlowLogs } from "../shared/flow-logs";
import type { LogGroupSettings } from "../shared/log-group";
import { planSubnets, type SubnetPlan, type SubnetTier } from "./subnet-plan";

/** The `hub-network:vpc-role` tag values: how policies tell hub VPCs from spokes. */
export type VpcRole = "inspection" | "shared-services" | "security" | "spoke";

/** A VPC CIDR allocated from an IPAM pool when the VPC is created (unknown until then). */
export interface IpamCidr {
    /** The IPAM pool to allocate from. */
    readonly ipamPoolId: pulumi.Input<string>;
    /** Size of the allocation, e.g. 20 for a /20. */
    readonly netmaskLength: number;
}

/** Settings for {@link createVpcCore}. */
export interface VpcCoreArgs extends AwsContext {
    /** The VPC CIDR: fixed, or allocated from an IPAM pool. */
    readonly cidrBlock: string | IpamCidr;
    readonly availabilityZones: readonly string[];
    readonly tiers: readonly SubnetTier[];
    /** AZ slots kept free in every tier, so adding an AZ moves no subnet. @default availabilityZones.length */
    readonly reservedAzSlots?: number;
    readonly vpcRole: VpcRole;
    /** Pulumi `protect` on the VPC: replacing or deleting it fails the preview. @default false */
    readonly protectVpc?: boolean;
    /** Flow logs destination settings; the log group is named `<prefix>/<name>`. */
    readonly flowLogs: LogGroupSettings & { readonly logGroupPrefix: string };
    readonly tags?: Readonly<Record<string, string>>;
}

/** A subnet of the plan with its route table. */
export interface PlacedSubnet {
    readonly tier: string;
    readonly availabilityZone: string;
    /** The subnet's CIDR: known when the VPC CIDR is fixed, an output when IPAM allocates it. */
    readonly cidr: pulumi.Input<string>;
    readonly subnet: aws.ec2.Subnet;
    readonly routeTable: aws.ec2.RouteTable;
}

/** What {@link createVpcCore} declares. */
export interface VpcCore {
    readonly vpc: aws.ec2.Vpc;
    /** The VPC CIDR, as AWS reports it (an IPAM allocation is known only after creation). */
    readonly cidrBlock: pulumi.Output<string>;
    /** Every planned subnet, tier by tier, AZ by AZ. */
    readonly subnets: readonly PlacedSubnet[];
    /** The subnets of one tier, in AZ order. */
    tier(name: string): readonly PlacedSubnet[];
    readonly flowLogs: FlowLogs;
}

/** A {@link VpcCore} whose CIDR is fixed, so its subnet plan is known when the program runs. */
export interface PlannedVpcCore extends VpcCore {
    readonly plan: SubnetPlan;
}

/**
 * A stand-in network address of the right size: the layout of a plan (tiers, AZs, whether they fit)
 * depends only on the VPC's prefix length, so an IPAM VPC is checked before it is declared.
 */
const LAYOUT_BASE = "10.0.0.0";

/**
 * Declares the common VPC parts as children of `parent`, with names derived from `name`. With a fixed
 * CIDR the subnet CIDRs are known now; with an IPAM allocation they are computed from the VPC's CIDR
 * once AWS has allocated it (the same plan, so the same layout).
 */
export function createVpcCore(
    name: string,
    args: VpcCoreArgs & { readonly cidrBlock: string },
    parent: pulumi.Resource,
): PlannedVpcCore;
export function createVpcCore(name: string, args: VpcCoreArgs, parent: pulumi.Resource): VpcCore;
export function createVpcCore(name: string, args: VpcCoreArgs, parent: pulumi.Resource): VpcCore {
    const fixed = typeof args.cidrBlock === "string" ? args.cidrBlock : undefined;
    const layout = (vpcCidr: string) =>
        planSubnets({
            vpcCidr,
            availabilityZones: args.availabilityZones,
            tiers: args.tiers,
            reservedAzSlots: args.reservedAzSlots,
        });
    const ipam = typeof args.cidrBlock === "string" ? undefined : args.cidrBlock;
    const plan = layout(fixed ?? `${LAYOUT_BASE}/${ipam?.netmaskLength}`);
    const tags = { ...args.tags, "hub-network:vpc-role": args.vpcRole };
    const vpc = new aws.ec2.Vpc(
        `${name}-vpc`,
        {
            ...(ipam
                ? { ipv4IpamPoolId: ipam.ipamPoolId, ipv4NetmaskLength: ipam.netmaskLength }
                : { cidrBlock: fixed }),
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: withName(tags, name),
        },
        { parent, protect: args.protectVpc ?? false },
    );
    new aws.ec2.DefaultSecurityGroup(
        `${name}-default-sg`,
        { vpcId: vpc.id, ingress: [], egress: [], tags: withName(tags, `${name}-default-do-not-use`) },
        { parent },
    );
    const allocated = ipam ? vpc.cidrBlock.apply(layout) : undefined;
    const subnets = plan.subnets.map((planned): PlacedSubnet => {
        const cidr = allocated
            ? allocated.apply((p) => p.cidr(planned.tier, planned.availabilityZone))
            : planned.cidr;
        const childName = `${name}-${planned.tier}-${planned.availabilityZone}`;
        const subnet = new aws.ec2.Subnet(
            childName,
            {
                vpcId: vpc.id,
                cidrBlock: cidr,
                availabilityZone: planned.availabilityZone,
                mapPublicIpOnLaunch: false,
                tags: { ...withName(tags, childName), "hub-network:subnet-tier": planned.tier },
            },
            { parent },
        );
        const routeTable = new aws.ec2.RouteTable(
            `${childName}-rt`,
            {
                vpcId: vpc.id,
                tags: { ...withName(tags, `${childName}-rt`), "hub-network:subnet-tier": planned.tier },
            },
            { parent },
        );
        new aws.ec2.RouteTableAssociation(
            `${childName}-rta`,
            { subnetId: subnet.id, routeTableId: routeTable.id },
            { parent },
        );
        return {
            tier: planned.tier,
            availabilityZone: planned.availabilityZone,
            cidr,
            subnet,
            routeTable,
        };
    });
    const flowLogs = new FlowLogs(
        `${name}-flow-logs`,
        {
            ...args.flowLogs,
            accountId: args.accountId,
            region: args.region,
            vpcId: vpc.id,
            logGroupName: `${args.flowLogs.logGroupPrefix}/${name}`,
            tags: args.tags,
        },
        { parent },
    );
    return {
        vpc,
        cidrBlock: vpc.cidrBlock,
        // The stand-in layout of an IPAM VPC has no real addresses: only a fixed CIDR exposes its plan.
        ...(fixed ? { plan } : {}),
        subnets,
        flowLogs,
        tier: (tier) => (plan.tier(tier), subnets.filter((s) => s.tier === tier)),
    };
}

/**
 * The VPC's Transit Gateway attachment `<name>-attachment` from its `tgw` subnets, DNS support on: the
 * caller places it in the `spokes` / `inspection` tables.
 *
 * On a Transit Gateway of the VPC's own account, the TGW's default route tables are turned off here.
 * On a Transit Gateway shared by RAM from another account (`options.crossAccount`), the two settings
 * are left unset: the provider can neither set nor read them there and reads them back as `true`, its
 * default, so `false` would show a diff in every preview (terraform-provider-aws,
 * internal/service/ec2/transitgateway_vpc_attachment.go: "We cannot read Transit Gateway Route Tables
 * for Resource Access Manager shared Transit Gateways"). The owner's accepter turns them off instead.
 */
export function attachToTransitGateway(
    name: string,
    core: { readonly vpc: aws.ec2.Vpc; tier(name: string): readonly { readonly subnet: aws.ec2.Subnet }[] },
    transitGatewayId: pulumi.Input<string>,
    tags: Readonly<Record<string, string>> | undefined,
    parent: pulumi.Resource,
    options: { readonly crossAccount?: boolean; readonly import?: string } = {},
): aws.ec2transitgateway.VpcAttachment {
    return new aws.ec2transitgateway.VpcAttachment(
        `${name}-attachment`,
        {
            transitGatewayId,
            vpcId: core.vpc.id,
            subnetIds: core.tier("tgw").map((s) => s.subnet.id),
            dnsSupport: "enable",
            ...(options.crossAccount
                ? {}
                : {
                      transitGatewayDefaultRouteTableAssociation: false,
                      transitGatewayDefaultRouteTablePropagation: false,
                  }),
            tags: withName(tags, `${name}-attachment`),
        },
        { parent, ...(options.import ? { import: options.import } : {}) },
    );
}
