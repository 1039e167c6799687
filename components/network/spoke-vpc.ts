import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName, type AwsContext } from "../shared/aws-context";
import type { LogGroupSettings } from "../shared/log-group";
import { acceptOnHub, interfaceEndpoints, type SpokeNetwork } from "./spoke-network";
import { SPOKE_AZ_SLOTS, spokeTiers, type SpokeTierOptions } from "./spoke-plan";
import { parseCidr } from "./subnet-plan";
import {
    attachToTransitGateway,
    createVpcCore,
    type IpamCidr,
    type PlacedSubnet,
    type VpcCore,
} from "./vpc-core";

/** Arguments of {@link SpokeVpc}. */
export interface SpokeVpcArgs extends AwsContext {
    /**
     * The VPC CIDR (/16 to /22): fixed (e.g. `10.72.0.0/20`), or allocated from the environment's IPAM
     * pool. **CAUTION** changing it replaces the VPC and everything in it.
     */
    readonly cidrBlock: string | IpamCidr;
    /**
     * Availability zones, in order (1 to 4). Each gets a `tgw` /28 and a `workload` subnet (plus the
     * optional tiers). **CAUTION** removing or reordering AZs replaces their subnets; appending one
     * moves nothing.
     */
    readonly availabilityZones: readonly string[];
    /** Optional subnet tiers. @default no `vpclink` and no `gwlbe` subnets */
    readonly optionalTiers?: Partial<SpokeTierOptions>;
    /** The hub's Transit Gateway (shared with the spoke account by AWS RAM). */
    readonly transitGatewayId: pulumi.Input<string>;
    /** The hub's `spokes` TGW route table: the attachment associates with it. */
    readonly spokeRouteTableId: pulumi.Input<string>;
    /** The hub's `inspection` TGW route table: the VPC CIDR propagates into it (return traffic). */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /**
     * Provider for the network account (the spoke onboarding role), which accepts the attachment and
     * associates and propagates it. Every other child uses the spoke's own provider (from `opts`).
     */
    readonly hubProvider: pulumi.ProviderResource;
    /**
     * The hub's onboarding registrar (its function ARN, network stack export `registrarFunctionArn`),
     * invoked through `hubProvider` before the acceptance: it tags the attachment, in the network
     * account, as owned by the account of its VPC, and the onboarding role lets this spoke's session
     * act only on attachments so owned.
     */
    readonly registrarFunctionArn: pulumi.Input<string>;
    /**
     * Interface endpoints to create in the `workload` subnets, by service name as in
     * `com.amazonaws.<region>.<service>` (e.g. `ssm`, `logs`, `ecr.api`), with private DNS on and a
     * security group that admits HTTPS from the VPC only. @default none
     */
    readonly interfaceEndpoints?: readonly string[];
    /**
     * Limit the S3 gateway endpoint to the organization's buckets, for the organization's principals
     * (`aws:ResourceOrgID` and `aws:PrincipalOrgID`), plus the AWS-owned objects the workloads need
     * (ECR serves image layers from its own `prod-<region>-starport-layer-bucket`): a workload cannot
     * reach another organization's bucket through the spoke.
     * @default undefined - the endpoint's default policy (any bucket)
     */
    readonly s3EndpointPolicy?: S3EndpointPolicy;
    /** VPC flow logs destination; the log group is `<logGroupPrefix>/<name>`. */
    readonly flowLogs: LogGroupSettings & { readonly logGroupPrefix: string };
    /** Tags for every child (the VPC also gets `hub-network:vpc-role: spoke`), next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What the S3 gateway endpoint of a spoke admits. */
export interface S3EndpointPolicy {
    /** The organization (`o-...`) whose buckets, and whose principals, the endpoint admits. */
    readonly organizationId: string;
    /** Object ARNs of AWS-owned buckets the workloads read (`s3:GetObject`), e.g. ECR's layer bucket. @default [] */
    readonly awsObjectArns?: readonly string[];
}

/**
 * The S3 gateway endpoint policy of {@link S3EndpointPolicy}: every S3 action on buckets of the
 * organization by principals of the organization
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid,
 * #condition-keys-principalorgid), and `s3:GetObject` on the listed AWS-owned objects, with no
 * principal condition: ECR's layer downloads are signed by ECR, not by the task
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html, "Minimum Amazon S3
 * bucket permissions for Amazon ECR").
 */
export function s3EndpointPolicyDocument(policy: S3EndpointPolicy): string {
    const objects = policy.awsObjectArns ?? [];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OrganizationBuckets",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:*",
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "aws:ResourceOrgID": policy.organizationId,
                        "aws:PrincipalOrgID": policy.organizationId,
                    },
                },
            },
            ...(objects.length > 0
                ? [
                      {
                          Sid: "AwsOwnedObjects",
                          Effect: "Allow",
                          Principal: "*",
                          Action: "s3:GetObject",
                          Resource: [...objects],
                      },
                  ]
                : []),
        ],
    });
}

/** The gateway endpoints every spoke gets on every route table (they cost nothing). */
export const SPOKE_GATEWAY_ENDPOINTS = ["s3", "dynamodb"] as const;

/**
 * A spoke VPC: per AZ a `tgw` /28 and a `workload` subnet, optionally `vpclink` and `gwlbe` subnets;
 * no internet gateway, NAT or public IP. Attached to the hub's Transit Gateway from the `tgw` subnets;
 * through the `hub` provider the attachment is accepted, associated with the `spokes` table and
 * propagated into `inspection`. Every route table sends `0.0.0.0/0` to the Transit Gateway, declared
 * after the acceptance (a route to an attachment that is still pending fails). S3 and DynamoDB gateway
 * endpoints on every table, interface endpoints on request, flow logs (ALL) to an encrypted log group.
 */
export class SpokeVpc extends pulumi.ComponentResource implements SpokeNetwork {
    readonly core: VpcCore;
    /** The region the VPC is in. */
    readonly region: string;
    readonly vpc: aws.ec2.Vpc;
    /** The VPC resource's logical name (`<name>-vpc`), as required flows name their VPC. */
    readonly vpcName: string;
    readonly vpcId: pulumi.Output<string>;
    /** The VPC CIDR (known after creation when IPAM allocates it). */
    readonly cidrBlock: pulumi.Output<string>;
    /** The spoke-side attachment (its ID is the same in both accounts). */
    readonly attachment: aws.ec2transitgateway.VpcAttachment;
    /** The registrar's registration of the attachment (network account, through the `hub` provider). */
    readonly registration: aws.lambda.Invocation;
    /** The network account's acceptance of the attachment. */
    readonly accepter: aws.ec2transitgateway.VpcAttachmentAccepter;
    readonly attachmentId: pulumi.Output<string>;
    /** The default route of every route table, by `<tier>-<az>`. */
    readonly defaultRoutes: Readonly<Record<string, aws.ec2.Route>>;
    /** Gateway endpoints by service (`s3`, `dynamodb`). */
    readonly gatewayEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    /** Interface endpoints by service. */
    readonly interfaceEndpoints: Readonly<Record<string, aws.ec2.VpcEndpoint>>;
    /** The security group of the interface endpoints, when there are any. */
    readonly endpointSecurityGroup?: aws.ec2.SecurityGroup;

    constructor(name: string, args: SpokeVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:SpokeVpc", name, {}, opts);
        this.region = args.region;
        const azs = args.availabilityZones;
        if (azs.length < 1 || azs.length > SPOKE_AZ_SLOTS) {
            throw new Error(
                `SpokeVpc ${name}: ${azs.length} availability zones given; expected 1 to ${SPOKE_AZ_SLOTS}`,
            );
        }
        const prefix =
            typeof args.cidrBlock === "string"
                ? parseCidr(args.cidrBlock).prefixLength
                : args.cidrBlock.netmaskLength;
        const tiers = spokeTiers(prefix, {
            vpclink: args.optionalTiers?.vpclink ?? false,
            gwlbe: args.optionalTiers?.gwlbe ?? false,
        });
        const tags = { ...args.tags, "hub-network:vpc-role": "spoke" };
        this.core = createVpcCore(
            name,
            {
                ...args,
                tiers,
                reservedAzSlots: SPOKE_AZ_SLOTS,
                vpcRole: "spoke",
                flowLogs: args.flowLogs,
            },
            this,
        );
        this.vpc = this.core.vpc;
        this.vpcName = `${name}-vpc`;
        this.vpcId = this.vpc.id;
        this.cidrBlock = this.core.cidrBlock;

        this.attachment = attachToTransitGateway(name, this.core, args.transitGatewayId, tags, this, {
            crossAccount: true,
        });
        const hubSide = acceptOnHub(name, this.attachment.id, args, tags, this);
        this.registration = hubSide.registration;
        this.accepter = hubSide.accepter;
        this.attachmentId = this.accepter.transitGatewayAttachmentId;

        const routeTables = this.core.subnets.map((s) => s.routeTable.id);
        this.defaultRoutes = Object.fromEntries(
            this.core.subnets.map((placed) => {
                const key = `${placed.tier}-${placed.availabilityZone}`;
                const route = new aws.ec2.Route(
                    `${name}-${key}-default`,
                    {
                        routeTableId: placed.routeTable.id,
                        destinationCidrBlock: "0.0.0.0/0",
                        transitGatewayId: args.transitGatewayId,
                    },
                    { parent: this, dependsOn: [this.accepter] },
                );
                return [key, route];
            }),
        );
        this.gatewayEndpoints = Object.fromEntries(
            SPOKE_GATEWAY_ENDPOINTS.map((service) => [
                service,
                new aws.ec2.VpcEndpoint(
                    `${name}-${service}`,
                    {
                        vpcId: this.vpc.id,
                        serviceName: `com.amazonaws.${args.region}.${service}`,
                        vpcEndpointType: "Gateway",
                        routeTableIds: routeTables,
                        ...(service === "s3" && args.s3EndpointPolicy
                            ? { policy: s3EndpointPolicyDocument(args.s3EndpointPolicy) }
                            : {}),
                        tags: withName(tags, `${name}-${service}`),
                    },
                    { parent: this },
                ),
            ]),
        );

        const endpoints = interfaceEndpoints(
            name,
            {
                owner: `SpokeVpc ${name}`,
                vpcId: this.vpc.id,
                cidrBlock: this.cidrBlock,
                region: args.region,
                subnetIds: this.core.tier("workload").map((s) => s.subnet.id),
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

    /** The tiers of the layout (`workload`, `tgw`, and `vpclink` / `gwlbe` when asked for). */
    get tiers(): readonly string[] {
        return [...new Set(this.core.subnets.map((s) => s.tier))];
    }

    /** The subnets of one tier (`tgw`, `workload`, `vpclink`, `gwlbe`), in AZ order. */
    tier(name: string): readonly PlacedSubnet[] {
        return this.core.tier(name);
    }
}
