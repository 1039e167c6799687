import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";

/** Arguments of {@link SpokeOnboardingRole}. */
export interface SpokeOnboardingRoleArgs extends AwsContext {
    /** The role's name (IAM is global: include the environment and region). */
    readonly roleName: string;
    /**
     * The exact deployer role ARNs of the spoke accounts allowed to assume the role (at least one,
     * never a wildcard).
     */
    readonly trustedRoleArns: readonly string[];
    /** The organization ID (`o-...`): callers must also belong to it. @default no organization condition */
    readonly organizationId?: string;
    /** The `spokes` TGW route table: the only table spoke attachments may be associated with. */
    readonly spokeRouteTableId: pulumi.Input<string>;
    /** The `inspection` TGW route table: the only table spoke attachments may propagate into. */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /** The hub VPCs of this region that spoke zones may be associated with (the shared-services VPC). */
    readonly zoneVpcIds: readonly pulumi.Input<string>[];
    /** Tags for the role, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The tag the spoke's accepter puts on its attachment, and the only attachments the role may touch. */
export const SPOKE_ATTACHMENT_TAG = { key: "hub-network:vpc-role", value: "spoke" } as const;

/** Every resource a stack of this project tags carries it: an attachment without it is brand new. */
const HUB_OWNED_TAG = "hub-network:stack-role";

/**
 * Read-only actions the role needs whose resource can only be `*`: the Service Authorization
 * Reference lists no resource types for them (EC2 `Describe*` calls, Route 53 `ListHostedZonesByVPC`).
 */
export const UNSCOPED_READ_ACTIONS = [
    // The provider's VpcAttachmentAccepter reads the Transit Gateway after accepting and on every
    // refresh (findTransitGatewayByID in transitgateway_vpc_attachment_accepter.go).
    "ec2:DescribeTransitGateways",
    "ec2:DescribeTransitGatewayAttachments",
    "ec2:DescribeTransitGatewayVpcAttachments",
    "ec2:DescribeTransitGatewayRouteTables",
    "ec2:DescribeTags",
    "ec2:DescribeVpcs",
    "ec2:GetTransitGatewayRouteTableAssociations",
    "ec2:GetTransitGatewayRouteTablePropagations",
    "route53:ListHostedZonesByVPC",
] as const;

/**
 * The role a spoke stack's `hub` provider assumes in the network account: trusted only by the listed
 * spoke deployer roles, allowed only to accept Transit Gateway attachments, tag them as spokes,
 * associate spoke attachments with the `spokes` table and propagate them into `inspection`, and
 * associate private hosted zones with this region's shared-services VPC. Attachments the hub owns
 * (tagged otherwise) are out of reach: every change to an attachment requires the spoke tag, and the
 * tag cannot be set to anything else.
 */
export class SpokeOnboardingRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly roleArn: pulumi.Output<string>;
    /** The permissions policy document (JSON). */
    readonly policyDocument: pulumi.Output<string>;

    constructor(name: string, args: SpokeOnboardingRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:SpokeOnboardingRole", name, {}, opts);
        const invalid = args.trustedRoleArns.find(
            (arn) => !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(arn),
        );
        if (args.trustedRoleArns.length === 0 || invalid !== undefined) {
            throw new Error(
                `SpokeOnboardingRole ${name}: trustedRoleArns must list exact role ARNs; got ${JSON.stringify(args.trustedRoleArns)}`,
            );
        }
        const partition = partitionOf(args.region);
        const ec2 = `arn:${partition}:ec2:${args.region}:${args.accountId}`;
        const attachments = `${ec2}:transit-gateway-attachment/*`;
        const table = (id: pulumi.Input<string>) =>
            pulumi.interpolate`${ec2}:transit-gateway-route-table/${id}`;
        const spokeTag = { [`aws:ResourceTag/${SPOKE_ATTACHMENT_TAG.key}`]: SPOKE_ATTACHMENT_TAG.value };

        const trust = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "SpokeDeployers",
                    Effect: "Allow",
                    Principal: { AWS: [...args.trustedRoleArns] },
                    Action: "sts:AssumeRole",
                    ...(args.organizationId
                        ? { Condition: { StringEquals: { "aws:PrincipalOrgID": args.organizationId } } }
                        : {}),
                },
            ],
        };
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                description:
                    "Assumed by spoke stacks for their hub-side steps: accept, associate, propagate, zone association",
                assumeRolePolicy: JSON.stringify(trust),
                maxSessionDuration: 3600,
                tags: withName(args.tags, args.roleName),
            },
            { parent: this },
        );

        this.policyDocument = pulumi
            .all([
                table(args.spokeRouteTableId),
                table(args.inspectionRouteTableId),
                pulumi.all([...args.zoneVpcIds]),
            ])
            .apply(([spokesTable, inspectionTable, vpcIds]) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AcceptAttachments",
                            Effect: "Allow",
                            Action: ["ec2:AcceptTransitGatewayVpcAttachment"],
                            Resource: [attachments],
                        },
                        {
                            Sid: "TagNewAttachmentsAsSpokes",
                            Effect: "Allow",
                            Action: ["ec2:CreateTags"],
                            Resource: [attachments],
                            // Only attachments nobody has tagged yet: the hub's own carry its stack tags.
                            Condition: {
                                StringEquals: {
                                    [`aws:RequestTag/${SPOKE_ATTACHMENT_TAG.key}`]:
                                        SPOKE_ATTACHMENT_TAG.value,
                                },
                                Null: { [`aws:ResourceTag/${HUB_OWNED_TAG}`]: "true" },
                            },
                        },
                        {
                            Sid: "ChangeSpokeAttachments",
                            Effect: "Allow",
                            Action: [
                                "ec2:CreateTags",
                                "ec2:DeleteTags",
                                "ec2:DeleteTransitGatewayVpcAttachment",
                                "ec2:AssociateTransitGatewayRouteTable",
                                "ec2:DisassociateTransitGatewayRouteTable",
                                "ec2:EnableTransitGatewayRouteTablePropagation",
                                "ec2:DisableTransitGatewayRouteTablePropagation",
                            ],
                            Resource: [attachments],
                            Condition: { StringEquals: spokeTag },
                        },
                        {
                            Sid: "NeverRetagAsAnythingButSpoke",
                            Effect: "Deny",
                            Action: ["ec2:CreateTags"],
                            Resource: [attachments],
                            Condition: {
                                StringNotEquals: {
                                    [`aws:RequestTag/${SPOKE_ATTACHMENT_TAG.key}`]:
                                        SPOKE_ATTACHMENT_TAG.value,
                                },
                                Null: { [`aws:RequestTag/${SPOKE_ATTACHMENT_TAG.key}`]: "false" },
                            },
                        },
                        {
                            Sid: "AssociateWithSpokesTable",
                            Effect: "Allow",
                            Action: [
                                "ec2:AssociateTransitGatewayRouteTable",
                                "ec2:DisassociateTransitGatewayRouteTable",
                            ],
                            Resource: [spokesTable],
                        },
                        {
                            Sid: "PropagateIntoInspectionTable",
                            Effect: "Allow",
                            Action: [
                                "ec2:EnableTransitGatewayRouteTablePropagation",
                                "ec2:DisableTransitGatewayRouteTablePropagation",
                            ],
                            Resource: [inspectionTable],
                        },
                        {
                            Sid: "AssociateZonesWithHubVpcs",
                            Effect: "Allow",
                            Action: [
                                "route53:AssociateVPCWithHostedZone",
                                "route53:DisassociateVPCFromHostedZone",
                            ],
                            Resource: [`arn:${partition}:route53:::hostedzone/*`],
                            Condition: {
                                "ForAllValues:StringEquals": {
                                    "route53:VPCs": vpcIds.map(
                                        (id) => `VPCId=${id},VPCRegion=${args.region}`,
                                    ),
                                },
                                Null: { "route53:VPCs": "false" },
                            },
                        },
                        {
                            Sid: "ReadZones",
                            Effect: "Allow",
                            Action: ["route53:GetHostedZone"],
                            Resource: [`arn:${partition}:route53:::hostedzone/*`],
                        },
                        {
                            Sid: "ReadZoneChanges",
                            Effect: "Allow",
                            Action: ["route53:GetChange"],
                            Resource: [`arn:${partition}:route53:::change/*`],
                        },
                        {
                            Sid: "ReadOnlyWithoutResourceTypes",
                            Effect: "Allow",
                            Action: [...UNSCOPED_READ_ACTIONS],
                            Resource: "*",
                        },
                    ],
                }),
            );
        new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.id, name: "spoke-onboarding", policy: this.policyDocument },
            { parent: this },
        );
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
