/**
 * The AWS API calls the provider makes for a resource on create, read, update and delete: one row per
 * resource type a spoke creates through its `hub` provider, each citing the terraform-provider-aws
 * source it was read from (the code `@pulumi/aws` bridges). Each call names the IAM action, the
 * resources it is authorized on and the request context keys it carries.
 */
import type { ContextValue } from "./conditions";

/** What a call is made about: the resource's inputs and what the hub side knows of it. */
export interface CallSubject {
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Partition, region and account the `hub` provider points at. */
    readonly partition: string;
    readonly region: string;
    readonly account: string;
}

/** One API call and how it is authorized. */
export interface ApiCall {
    readonly action: string;
    /** The ARNs the call is authorized on (each separately), or `*` for actions that take none. */
    readonly resources: (s: CallSubject) => readonly string[];
    /** Request context keys of the call (request tags, tag keys, route53:VPCs, ...). */
    readonly context?: (s: CallSubject) => Readonly<Record<string, ContextValue | undefined>>;
    /** Only when this holds (e.g. CreateTags only with tags). */
    readonly when?: (s: CallSubject) => boolean;
    /** What the call is for, in the provider's own terms. */
    readonly why: string;
}

/** The calls of one resource type in each phase of its life. */
export interface ProviderCalls {
    readonly source: string;
    readonly create: readonly ApiCall[];
    readonly read: readonly ApiCall[];
    readonly update: readonly ApiCall[];
    readonly delete: readonly ApiCall[];
}

const PROVIDER = "https://github.com/hashicorp/terraform-provider-aws/blob/main/";
const ALL = () => ["*"];
const text = (v: unknown) => (typeof v === "string" ? v : "(unknown)");

const attachment = (s: CallSubject) => [
    `arn:${s.partition}:ec2:${s.region}:${s.account}:transit-gateway-attachment/${text(s.inputs.transitGatewayAttachmentId)}`,
];
const attachmentAndTable = (s: CallSubject) => [
    ...attachment(s),
    `arn:${s.partition}:ec2:${s.region}:${s.account}:transit-gateway-route-table/${text(s.inputs.transitGatewayRouteTableId)}`,
];
const tagsOf = (s: CallSubject): Record<string, string> => {
    const tags = s.inputs.tags;
    return tags && typeof tags === "object" ? (tags as Record<string, string>) : {};
};
const requestTags = (s: CallSubject) => ({
    ...Object.fromEntries(Object.entries(tagsOf(s)).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    "aws:TagKeys": Object.keys(tagsOf(s)),
    "ec2:CreateAction": undefined,
});
const hasTags = (s: CallSubject) => Object.keys(tagsOf(s)).length > 0;
const zone = (s: CallSubject) => [`arn:${s.partition}:route53:::hostedzone/${text(s.inputs.zoneId)}`];
const vpcs = (s: CallSubject) => ({
    "route53:VPCs": `VPCId=${text(s.inputs.vpcId)},VPCRegion=${text(s.inputs.vpcRegion ?? s.region)}`,
});
const fn = (s: CallSubject) => {
    const name = text(s.inputs.functionName);
    const qualifier = text(s.inputs.qualifier ?? "$LATEST");
    const arn = name.startsWith("arn:")
        ? name
        : `arn:${s.partition}:lambda:${s.region}:${s.account}:function:${name}`;
    return [`${arn}:${qualifier}`];
};

const describeAttachment: ApiCall = {
    action: "ec2:DescribeTransitGatewayVpcAttachments",
    resources: ALL,
    why: "findTransitGatewayVPCAttachmentByID (read, and the waiters)",
};
const getAssociations: ApiCall = {
    action: "ec2:GetTransitGatewayRouteTableAssociations",
    resources: ALL,
    why: "findTransitGatewayRouteTableAssociationByTwoPartKey (read, and the waiters)",
};
const getPropagations: ApiCall = {
    action: "ec2:GetTransitGatewayRouteTablePropagations",
    resources: ALL,
    why: "findTransitGatewayRouteTablePropagationByTwoPartKey (read, and the waiters)",
};
const listZonesByVpc: ApiCall = {
    action: "route53:ListHostedZonesByVPC",
    resources: ALL,
    context: vpcs,
    why: "findZoneAssociationByThreePartKey (read)",
};
const getChange: ApiCall = {
    action: "route53:GetChange",
    resources: (s) => [`arn:${s.partition}:route53:::change/*`],
    why: "waitChangeInsync",
};

/** The table: resource type token -> its calls. */
export const PROVIDER_CALLS: Readonly<Record<string, ProviderCalls>> = {
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": {
        source: `${PROVIDER}internal/service/ec2/transitgateway_vpc_attachment_accepter.go`,
        create: [
            {
                action: "ec2:AcceptTransitGatewayVpcAttachment",
                resources: attachment,
                why: "AcceptTransitGatewayVpcAttachment",
            },
            { ...describeAttachment, why: "waitTransitGatewayVPCAttachmentAccepted" },
            {
                action: "ec2:CreateTags",
                resources: attachment,
                context: requestTags,
                when: hasTags,
                why: "createTags after acceptance",
            },
            // With the TGW's default route tables disabled, the default association and propagation
            // updates do nothing ("The route table ID may be empty", transitGatewayRouteTableAssociationUpdate).
            { action: "ec2:DescribeTransitGateways", resources: ALL, why: "findTransitGatewayByID" },
            describeAttachment,
        ],
        read: [
            describeAttachment,
            { action: "ec2:DescribeTransitGateways", resources: ALL, why: "findTransitGatewayByID" },
        ],
        update: [
            {
                action: "ec2:CreateTags",
                resources: attachment,
                context: requestTags,
                when: hasTags,
                why: "updateTags (tags changed)",
            },
            {
                action: "ec2:DeleteTags",
                resources: attachment,
                context: (s) => ({ "aws:TagKeys": Object.keys(tagsOf(s)) }),
                when: hasTags,
                why: "updateTags (tags removed)",
            },
        ],
        delete: [
            {
                action: "ec2:DeleteTransitGatewayVpcAttachment",
                resources: attachment,
                why: "DeleteTransitGatewayVpcAttachment",
            },
            { ...describeAttachment, why: "waitTransitGatewayVPCAttachmentDeleted" },
        ],
    },
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": {
        source: `${PROVIDER}internal/service/ec2/transitgateway_route_table_association.go`,
        create: [
            {
                action: "ec2:AssociateTransitGatewayRouteTable",
                resources: attachmentAndTable,
                why: "AssociateTransitGatewayRouteTable",
            },
            getAssociations,
        ],
        read: [getAssociations],
        update: [],
        delete: [
            {
                action: "ec2:DisassociateTransitGatewayRouteTable",
                resources: attachmentAndTable,
                why: "DisassociateTransitGatewayRouteTable",
            },
            getAssociations,
        ],
    },
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": {
        source: `${PROVIDER}internal/service/ec2/transitgateway_route_table_propagation.go`,
        create: [
            {
                action: "ec2:EnableTransitGatewayRouteTablePropagation",
                resources: attachmentAndTable,
                why: "EnableTransitGatewayRouteTablePropagation",
            },
            getPropagations,
        ],
        read: [getPropagations],
        update: [],
        delete: [
            {
                action: "ec2:DisableTransitGatewayRouteTablePropagation",
                resources: attachmentAndTable,
                why: "DisableTransitGatewayRouteTablePropagation",
            },
            getPropagations,
        ],
    },
    "aws:route53/zoneAssociation:ZoneAssociation": {
        source: `${PROVIDER}internal/service/route53/zone_association.go`,
        create: [
            {
                action: "route53:AssociateVPCWithHostedZone",
                resources: zone,
                context: vpcs,
                why: "AssociateVPCWithHostedZone",
            },
            getChange,
            listZonesByVpc,
        ],
        read: [listZonesByVpc],
        update: [],
        delete: [
            {
                action: "route53:DisassociateVPCFromHostedZone",
                resources: zone,
                context: vpcs,
                why: "DisassociateVPCFromHostedZone",
            },
            getChange,
        ],
    },
    "aws:lambda/invocation:Invocation": {
        source: `${PROVIDER}internal/service/lambda/invocation.go`,
        create: [{ action: "lambda:InvokeFunction", resources: fn, why: "invoke (RequestResponse)" }],
        // Read is a no-op (schema.NoopContext).
        read: [],
        update: [{ action: "lambda:InvokeFunction", resources: fn, why: "invoke (input changed)" }],
        delete: [
            {
                action: "lambda:InvokeFunction",
                resources: fn,
                when: (s) => s.inputs.lifecycleScope === "CRUD",
                why: "invoke with the delete action (lifecycle_scope CRUD only)",
            },
        ],
    },
};

/** The phases of a resource's life, in the order a stack goes through them. */
export const PHASES = ["create", "read", "update", "delete"] as const;
export type Phase = (typeof PHASES)[number];
