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

/** Settings for {@link createVpcCore}. */
export interface VpcCoreArgs extends AwsContext {
    readonly cidrBlock: string;
    readonly availabilityZones: readonly string[];
    readonly tiers: readonly SubnetTier[];
    readonly vpcRole: VpcRole;
    /** Flow logs destination settings; the log group is named `<prefix>/<name>`. */
    readonly flowLogs: LogGroupSettings & { readonly logGroupPrefix: string };
    readonly tags?: Readonly<Record<string, string>>;
}

/** A subnet of the plan with its route table. */
export interface PlacedSubnet {
    readonly tier: string;
    readonly availabilityZone: string;
    readonly cidr: string;
    readonly subnet: aws.ec2.Subnet;
    readonly routeTable: aws.ec2.RouteTable;
}

/** What {@link createVpcCore} declares. */
export interface VpcCore {
    readonly vpc: aws.ec2.Vpc;
    readonly plan: SubnetPlan;
    /** Every planned subnet, tier by tier, AZ by AZ. */
    readonly subnets: readonly PlacedSubnet[];
    /** The subnets of one tier, in AZ order. */
    tier(name: string): readonly PlacedSubnet[];
    readonly flowLogs: FlowLogs;
}

/** Declares the common VPC parts as children of `parent`, with names derived from `name`. */
export function createVpcCore(name: string, args: VpcCoreArgs, parent: pulumi.Resource): VpcCore {
    const plan = planSubnets({
        vpcCidr: args.cidrBlock,
        availabilityZones: args.availabilityZones,
        tiers: args.tiers,
    });
    const tags = { ...args.tags, "hub-network:vpc-role": args.vpcRole };
    const vpc = new aws.ec2.Vpc(
        `${name}-vpc`,
        {
            cidrBlock: args.cidrBlock,
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: withName(tags, name),
        },
        { parent },
    );
    new aws.ec2.DefaultSecurityGroup(
        `${name}-default-sg`,
        { vpcId: vpc.id, ingress: [], egress: [], tags: withName(tags, `${name}-default-do-not-use`) },
        { parent },
    );
    const subnets = plan.subnets.map((planned): PlacedSubnet => {
        const childName = `${name}-${planned.tier}-${planned.availabilityZone}`;
        const subnet = new aws.ec2.Subnet(
            childName,
            {
                vpcId: vpc.id,
                cidrBlock: planned.cidr,
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
            cidr: planned.cidr,
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
        plan,
        subnets,
        flowLogs,
        tier: (tier) => (plan.tier(tier), subnets.filter((s) => s.tier === tier)),
    };
}
