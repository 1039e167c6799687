import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../shared/aws-context";
import type { LogGroupSettings } from "../shared/log-group";
import {
    defaultInboundIps,
    inboundIpProblem,
    MIN_RESOLVER_AZS,
    SHARED_SERVICES_TIERS,
} from "./shared-services-plan";
import { HUB_OWNER, OWNER_TAG } from "./attachment-ownership";
import { attachToTransitGateway, createVpcCore, type PlannedVpcCore } from "./vpc-core";

/** Arguments of {@link SharedServicesVpc}. */
export interface SharedServicesVpcArgs extends AwsContext {
    /**
     * VPC CIDR; holds a `tgw` and a `resolver` /28 per AZ.
     * **CAUTION** changing it replaces the VPC, the resolver endpoints and their fixed addresses.
     */
    readonly cidrBlock: string;
    /** Availability zones, in order. **CAUTION** removing or reordering AZs replaces their subnets. */
    readonly availabilityZones: readonly string[];
    /** Transit Gateway to attach to. */
    readonly transitGatewayId: pulumi.Input<string>;
    /** TGW route table the attachment associates with (the `spokes` table: traffic goes to inspection). */
    readonly spokeRouteTableId: pulumi.Input<string>;
    /** TGW route table the VPC CIDR propagates into (the `inspection` table: return traffic). */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /**
     * Pulumi `protect` on the children whose replacement or deletion would cut traffic for every
     * spoke (the VPC that holds the Resolver endpoints): a change that would replace or delete one
     * fails the preview until the protection is lifted on purpose (`pulumi state unprotect`).
     * @default false - production environments set it
     */
    readonly protect?: boolean;
    /** VPC flow logs destination; the log group is `<logGroupPrefix>/<name>`. */
    readonly flowLogs: LogGroupSettings & { readonly logGroupPrefix: string };
    /** Tags for every child (the VPC also gets `hub-network:vpc-role: shared-services`), next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Where one resolver endpoint address goes: the AZ, its `resolver` subnet and the fixed inbound address. */
export interface ResolverPlacement {
    readonly availabilityZone: string;
    readonly subnetId: pulumi.Input<string>;
    /** Fixed address of the inbound endpoint in this subnet. */
    readonly inboundIp: string;
}

/**
 * The shared-services VPC that hosts the Route 53 Resolver endpoints: `tgw` and `resolver` /28s per
 * AZ, no internet edge, flow logs. Attached to the Transit Gateway like a spoke: associated with the
 * `spokes` table and propagated into `inspection`, so its traffic crosses the firewall; every route
 * table sends `0.0.0.0/0` to the Transit Gateway.
 */
export class SharedServicesVpc extends pulumi.ComponentResource {
    readonly core: PlannedVpcCore;
    readonly vpc: aws.ec2.Vpc;
    readonly attachment: aws.ec2transitgateway.VpcAttachment;
    readonly vpcId: pulumi.Output<string>;
    readonly attachmentId: pulumi.Output<string>;
    /** The VPC CIDR. */
    readonly cidrBlock: string;

    constructor(name: string, args: SharedServicesVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:SharedServicesVpc", name, {}, opts);
        this.cidrBlock = args.cidrBlock;
        this.core = createVpcCore(
            name,
            {
                ...args,
                tiers: SHARED_SERVICES_TIERS,
                vpcRole: "shared-services",
                flowLogs: args.flowLogs,
                protectVpc: args.protect,
            },
            this,
        );
        this.vpc = this.core.vpc;
        // The hub's own: no spoke session may touch it (see SpokeOnboardingRole).
        this.attachment = attachToTransitGateway(
            name,
            this.core,
            args.transitGatewayId,
            { ...args.tags, [OWNER_TAG]: HUB_OWNER },
            this,
        );
        new aws.ec2transitgateway.RouteTableAssociation(
            `${name}-spokes-association`,
            {
                transitGatewayAttachmentId: this.attachment.id,
                transitGatewayRouteTableId: args.spokeRouteTableId,
            },
            { parent: this },
        );
        new aws.ec2transitgateway.RouteTablePropagation(
            `${name}-inspection-propagation`,
            {
                transitGatewayAttachmentId: this.attachment.id,
                transitGatewayRouteTableId: args.inspectionRouteTableId,
            },
            { parent: this },
        );
        for (const placed of this.core.subnets) {
            new aws.ec2.Route(
                `${name}-${placed.tier}-${placed.availabilityZone}-default`,
                {
                    routeTableId: placed.routeTable.id,
                    destinationCidrBlock: "0.0.0.0/0",
                    transitGatewayId: args.transitGatewayId,
                },
                { parent: this, dependsOn: [this.attachment] },
            );
        }
        this.vpcId = this.vpc.id;
        this.attachmentId = this.attachment.id;
        this.registerOutputs({ vpcId: this.vpcId, attachmentId: this.attachmentId });
    }

    /**
     * Where the resolver endpoints go: the first `inboundIps.length` AZs (default: every AZ), each
     * with its `resolver` subnet and fixed inbound address (default: computed from the subnet plan).
     * Throws when fewer than 2 AZs would be used or an address is not in its AZ's resolver subnet.
     */
    resolverPlacements(inboundIps?: readonly string[]): ResolverPlacement[] {
        const plan = this.core.plan;
        const ips = inboundIps ?? defaultInboundIps(plan);
        const subnets = this.core.tier("resolver");
        if (ips.length < MIN_RESOLVER_AZS || ips.length > subnets.length) {
            throw new Error(
                `SharedServicesVpc: ${ips.length} inbound address(es) given; expected one per AZ for ${MIN_RESOLVER_AZS} to ${subnets.length} AZs`,
            );
        }
        return ips.map((ip, i) => {
            const placed = subnets[i];
            const problem = inboundIpProblem(ip, plan.cidr("resolver", placed.availabilityZone));
            if (problem) {
                throw new Error(
                    `SharedServicesVpc: inbound address ${ip} ${problem} (${placed.availabilityZone}); expected e.g. ${defaultInboundIps(plan)[i]}`,
                );
            }
            return { availabilityZone: placed.availabilityZone, subnetId: placed.subnet.id, inboundIp: ip };
        });
    }
}
