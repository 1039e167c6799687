/**
 * What a spoke stack builds on, whether its VPC is new (`SpokeVpc`) or adopted (`AdoptedSpokeVpc`),
 * and the hub-side and endpoint steps both take.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import { endpointServiceName } from "./gwlb-management";

/** One subnet of a spoke VPC. */
export interface SpokeSubnet {
    readonly tier: string;
    readonly availabilityZone: string;
    readonly subnet: aws.ec2.Subnet;
}

/** A spoke VPC as the rest of the spoke stack sees it. */
export interface SpokeNetwork {
    /** The region the VPC is in. */
    readonly region: string;
    /** The VPC resource's logical name (`<name>-vpc`), as required flows name their VPC. */
    readonly vpcName: string;
    readonly vpcId: pulumi.Output<string>;
    readonly cidrBlock: pulumi.Output<string>;
    /** The Transit Gateway attachment (the same ID in both accounts). */
    readonly attachmentId: pulumi.Output<string>;
    /** The tiers the VPC has subnets in, in layout order. */
    readonly tiers: readonly string[];
    /** The subnets of one tier, in AZ order. */
    tier(name: string): readonly SpokeSubnet[];
    /** Gateway endpoints by service (`s3`, `dynamodb`); none on an adopted VPC. */
    readonly gatewayEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    /** Interface endpoints by service. */
    readonly interfaceEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    /** The security group of the interface endpoints, when there are any. */
    readonly endpointSecurityGroup?: aws.ec2.SecurityGroup;
}

/** What the hub side of a spoke attachment needs. */
export interface HubSideArgs {
    /** The hub's `spokes` TGW route table: the attachment associates with it. */
    readonly spokeRouteTableId: pulumi.Input<string>;
    /** The hub's `inspection` TGW route table: the VPC CIDR propagates into it (return traffic). */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /** Provider of the network account (the spoke onboarding role). */
    readonly hubProvider: pulumi.ProviderResource;
    /**
     * The hub's onboarding registrar (its function ARN, network stack export `registrarFunctionArn`),
     * invoked through `hubProvider` before anything else on the hub side: it tags the attachment, in
     * the network account, as owned by the account of its VPC, and the onboarding role lets this
     * spoke's session act only on attachments so owned (docs/tenancy.md).
     */
    readonly registrarFunctionArn: pulumi.Input<string>;
}

/**
 * The registrar's registration of an attachment, through the `hub` provider: the hub account records
 * the account that owns the attachment's VPC as its owner (tags are per account: the network account
 * sees none of the spoke's). New and adopted attachments alike.
 */
export function registerWithHub(
    name: string,
    attachmentId: pulumi.Output<string>,
    args: Pick<HubSideArgs, "hubProvider" | "registrarFunctionArn">,
    parent: pulumi.Resource,
): aws.lambda.Invocation {
    return new aws.lambda.Invocation(
        `${name}-registration`,
        {
            functionName: args.registrarFunctionArn,
            input: attachmentId.apply((attachment) => JSON.stringify({ attachment })),
        },
        { parent, provider: args.hubProvider },
    );
}

/**
 * The network account's side of a new spoke attachment, through the `hub` provider: register it with
 * the hub's registrar (only then may this spoke's session touch it), accept it, associate it with
 * `spokes` and propagate it into `inspection`.
 */
export function acceptOnHub(
    name: string,
    attachmentId: pulumi.Output<string>,
    args: HubSideArgs,
    tags: Readonly<Record<string, string>>,
    parent: pulumi.Resource,
): { registration: aws.lambda.Invocation; accepter: aws.ec2transitgateway.VpcAttachmentAccepter } {
    const hub = { parent, provider: args.hubProvider };
    const registration = registerWithHub(name, attachmentId, args, parent);
    const accepter = new aws.ec2transitgateway.VpcAttachmentAccepter(
        `${name}-accepter`,
        {
            transitGatewayAttachmentId: attachmentId,
            transitGatewayDefaultRouteTableAssociation: false,
            transitGatewayDefaultRouteTablePropagation: false,
            tags: withName(tags, `${name}-attachment`),
        },
        { ...hub, dependsOn: [registration] },
    );
    new aws.ec2transitgateway.RouteTableAssociation(
        `${name}-spokes-association`,
        {
            transitGatewayAttachmentId: accepter.transitGatewayAttachmentId,
            transitGatewayRouteTableId: args.spokeRouteTableId,
        },
        hub,
    );
    new aws.ec2transitgateway.RouteTablePropagation(
        `${name}-inspection-propagation`,
        {
            transitGatewayAttachmentId: accepter.transitGatewayAttachmentId,
            transitGatewayRouteTableId: args.inspectionRouteTableId,
        },
        hub,
    );
    return { registration, accepter };
}

/** What {@link interfaceEndpoints} builds on. */
export interface InterfaceEndpointArgs {
    /** Who builds them, for errors: `SpokeVpc pets`. */
    readonly owner: string;
    readonly vpcId: pulumi.Input<string>;
    readonly cidrBlock: pulumi.Input<string>;
    readonly region: string;
    /** The subnets the endpoints' interfaces go in (one per AZ). */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /** Services, as in `com.amazonaws.<region>.<service>`. */
    readonly services: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * Interface endpoints with private DNS, and their security group admitting HTTPS from the VPC only
 * (none when no service is asked for).
 */
export function interfaceEndpoints(
    name: string,
    args: InterfaceEndpointArgs,
    parent: pulumi.Resource,
): { endpoints: Record<string, aws.ec2.VpcEndpoint>; securityGroup?: aws.ec2.SecurityGroup } {
    const services = args.services;
    const duplicate = services.find((s, i) => services.indexOf(s) !== i);
    if (duplicate) {
        throw new Error(`${args.owner}: interface endpoint ${duplicate} is listed twice`);
    }
    const securityGroup =
        services.length > 0
            ? new aws.ec2.SecurityGroup(
                  `${name}-endpoints`,
                  {
                      vpcId: args.vpcId,
                      description: "Interface endpoints: HTTPS from the spoke VPC only",
                      ingress: [
                          {
                              description: "HTTPS from the spoke VPC",
                              protocol: "tcp",
                              fromPort: 443,
                              toPort: 443,
                              cidrBlocks: [args.cidrBlock],
                          },
                      ],
                      egress: [],
                      tags: withName(args.tags, `${name}-endpoints`),
                  },
                  { parent },
              )
            : undefined;
    const endpoints = Object.fromEntries(
        services.map((service) => [
            service,
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(/\./g, "-")}`,
                {
                    vpcId: args.vpcId,
                    serviceName: endpointServiceName(args.region, service),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: [...args.subnetIds],
                    securityGroupIds: securityGroup ? [securityGroup.id] : [],
                    tags: withName(args.tags, `${name}-${service}`),
                },
                { parent },
            ),
        ]),
    );
    return { endpoints, ...(securityGroup ? { securityGroup } : {}) };
}
