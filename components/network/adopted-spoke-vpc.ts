import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName, type AwsContext } from "../shared/aws-context";
import { FlowLogs } from "../shared/flow-logs";
import type { LogGroupSettings } from "../shared/log-group";
import {
    acceptOnHub,
    interfaceEndpoints,
    registerWithHub,
    type HubSideArgs,
    type SpokeNetwork,
    type SpokeSubnet,
} from "./spoke-network";
import { attachToTransitGateway } from "./vpc-core";

/** One existing subnet of the VPC. */
export interface ExistingSubnetArgs {
    /** Its ID (`subnet-...`). */
    readonly id: string;
    /** Its CIDR, as AWS reports it. **CAUTION** a different CIDR replaces the subnet. */
    readonly cidr: string;
    /** Its AZ name in the VPC's account. **CAUTION** a different AZ replaces the subnet. */
    readonly availabilityZone: string;
}

/** Arguments of {@link AdoptedSpokeVpc}. */
export interface AdoptedSpokeVpcArgs
    extends
        AwsContext,
        Partial<Pick<HubSideArgs, "spokeRouteTableId" | "inspectionRouteTableId">>,
        Pick<HubSideArgs, "hubProvider" | "registrarFunctionArn"> {
    /** The VPC to import (`vpc-...`). */
    readonly vpcId: string;
    /** The VPC's primary CIDR, as AWS reports it. **CAUTION** a different CIDR replaces the VPC. */
    readonly cidrBlock: string;
    /** The subnets to import, by tier (`tgw`: the attachment's; `workload`), in AZ order. */
    readonly subnets: {
        readonly tgw: readonly ExistingSubnetArgs[];
        readonly workload: readonly ExistingSubnetArgs[];
    };
    /** The Transit Gateway the VPC is (or gets) attached to. */
    readonly transitGatewayId: pulumi.Input<string>;
    /**
     * The VPC's live attachment to that Transit Gateway, imported as it is: it stays in the route
     * table it is associated with (the network stack propagates it into `inspection`), and is
     * registered with the hub's registrar as the spoke's, like a new one. Without one, the VPC is
     * attached from its `tgw` subnets, registered, and placed in the hub's tables through `hubProvider`.
     * @default undefined - a new attachment
     */
    readonly attachmentId?: string;
    /** Interface endpoints in the `workload` subnets, as `SpokeVpc` makes them. @default none */
    readonly interfaceEndpoints?: readonly string[];
    /** VPC flow logs destination; the log group is `<logGroupPrefix>/<name>`. */
    readonly flowLogs: LogGroupSettings & { readonly logGroupPrefix: string };
    /** Tags for every child (the VPC also gets `hub-network:vpc-role: spoke`), next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An existing VPC a spoke adopts: the VPC, its `tgw` and `workload` subnets and (if it has one) its
 * Transit Gateway attachment are imported (the `import` resource option: `pulumi up` adopts them
 * without creating anything in their place, and refuses to if they differ), and the spoke adds what
 * is additive only: flow logs, interface endpoints, and a new attachment when the VPC has none.
 *
 * What the VPC already runs is left alone, because taking it over would cut live traffic: its route
 * tables and their routes (the spoke adds no default route), its default security group (the greenfield
 * spoke strips its rules, which would cut every instance that uses it), and its gateway endpoints
 * (they are attached to route tables).
 */
export class AdoptedSpokeVpc extends pulumi.ComponentResource implements SpokeNetwork {
    readonly region: string;
    readonly vpc: aws.ec2.Vpc;
    readonly vpcName: string;
    readonly vpcId: pulumi.Output<string>;
    readonly cidrBlock: pulumi.Output<string>;
    readonly attachment: aws.ec2transitgateway.VpcAttachment;
    /** The registrar's registration of the attachment, new or adopted (network account). */
    readonly registration: aws.lambda.Invocation;
    /** The network account's acceptance of a new attachment (none for an adopted one). */
    readonly accepter?: aws.ec2transitgateway.VpcAttachmentAccepter;
    readonly attachmentId: pulumi.Output<string>;
    readonly tiers: readonly string[] = ["workload", "tgw"];
    readonly gatewayEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>> = {};
    readonly interfaceEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    readonly endpointSecurityGroup?: aws.ec2.SecurityGroup;
    private readonly subnets: readonly SpokeSubnet[];

    constructor(name: string, args: AdoptedSpokeVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:AdoptedSpokeVpc", name, {}, opts);
        this.region = args.region;
        const tags = { ...args.tags, "hub-network:vpc-role": "spoke" };
        this.vpcName = `${name}-vpc`;
        this.vpc = new aws.ec2.Vpc(
            this.vpcName,
            {
                cidrBlock: args.cidrBlock,
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: withName(tags, name),
            },
            { parent: this, import: args.vpcId },
        );
        this.vpcId = this.vpc.id;
        this.cidrBlock = this.vpc.cidrBlock;
        this.subnets = (["workload", "tgw"] as const).flatMap((tier) =>
            args.subnets[tier].map((existing) => {
                const childName = `${name}-${tier}-${existing.availabilityZone}`;
                const subnet = new aws.ec2.Subnet(
                    childName,
                    {
                        vpcId: this.vpc.id,
                        cidrBlock: existing.cidr,
                        availabilityZone: existing.availabilityZone,
                        mapPublicIpOnLaunch: false,
                        tags: { ...withName(tags, childName), "hub-network:subnet-tier": tier },
                    },
                    { parent: this, import: existing.id },
                );
                return { tier, availabilityZone: existing.availabilityZone, subnet };
            }),
        );
        new FlowLogs(
            `${name}-flow-logs`,
            {
                ...args.flowLogs,
                accountId: args.accountId,
                region: args.region,
                vpcId: this.vpc.id,
                logGroupName: `${args.flowLogs.logGroupPrefix}/${name}`,
                tags: args.tags,
            },
            { parent: this },
        );
        this.attachment = attachToTransitGateway(name, this, args.transitGatewayId, tags, this, {
            crossAccount: true,
            ...(args.attachmentId ? { import: args.attachmentId } : {}),
        });
        if (args.attachmentId) {
            // Live already: only the hub's record of its owner, so that the spoke's session, and no
            // other, may act on it as on a new spoke's.
            this.registration = registerWithHub(name, this.attachment.id, args, this);
            this.attachmentId = this.attachment.id;
        } else {
            if (!args.spokeRouteTableId || !args.inspectionRouteTableId) {
                throw new Error(
                    `AdoptedSpokeVpc ${name}: a VPC without an attachment is attached to the hub; give spokeRouteTableId and inspectionRouteTableId`,
                );
            }
            const hub: HubSideArgs = {
                spokeRouteTableId: args.spokeRouteTableId,
                inspectionRouteTableId: args.inspectionRouteTableId,
                hubProvider: args.hubProvider,
                registrarFunctionArn: args.registrarFunctionArn,
            };
            const hubSide = acceptOnHub(name, this.attachment.id, hub, tags, this);
            this.registration = hubSide.registration;
            this.accepter = hubSide.accepter;
            this.attachmentId = this.accepter.transitGatewayAttachmentId;
        }
        const endpoints = interfaceEndpoints(
            name,
            {
                owner: `AdoptedSpokeVpc ${name}`,
                vpcId: this.vpc.id,
                cidrBlock: this.cidrBlock,
                region: args.region,
                subnetIds: this.tier("workload").map((s) => s.subnet.id),
                services: args.interfaceEndpoints ?? [],
                tags,
            },
            this,
        );
        this.interfaceEndpoints = endpoints.endpoints;
        this.endpointSecurityGroup = endpoints.securityGroup;
        this.registerOutputs({
            vpcId: this.vpcId,
            cidrBlock: this.cidrBlock,
            attachmentId: this.attachmentId,
        });
    }

    /** The subnets of one tier (`tgw`, `workload`), in AZ order. */
    tier(name: string): readonly SpokeSubnet[] {
        return this.subnets.filter((s) => s.tier === name);
    }
}
