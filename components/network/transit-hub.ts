import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName, type AwsContext } from "../shared/aws-context";
import { FlowLogs } from "../shared/flow-logs";
import type { LogGroupSettings } from "../shared/log-group";
import { shareResources, type ShareTarget } from "../shared/resource-share";

/** Arguments of {@link TransitHub}. */
export interface TransitHubArgs extends AwsContext {
    /**
     * Private ASN of the Transit Gateway's Amazon side (64512-65534 or 4200000000-4294967294).
     * **CAUTION** changing it replaces the Transit Gateway and every attachment.
     */
    readonly amazonSideAsn: number;
    /** Description shown in the console. @default "hub-network Transit Gateway" */
    readonly description?: string;
    /** Who the Transit Gateway is shared with by AWS RAM (never outside the organization). */
    readonly shareWith: ShareTarget;
    /**
     * Pulumi `protect` on the children whose replacement or deletion would cut traffic for every
     * spoke (the Transit Gateway and its route tables): a change that would replace or delete one
     * fails the preview until the protection is lifted on purpose (`pulumi state unprotect`).
     * @default false - production environments set it
     */
    readonly protect?: boolean;
    /** Transit Gateway flow logs to an encrypted log group. @default undefined - no TGW flow logs */
    readonly flowLogs?: LogGroupSettings & { readonly logGroupName: string };
    /**
     * A Transit Gateway that exists, imported (the `import` resource option) instead of created; its
     * settings must match `amazonSideAsn` and the settings below, or the import fails without changing
     * anything. @default undefined - a new Transit Gateway
     */
    readonly existing?: ExistingTransitGatewayArgs;
    /** Tags for every child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The Transit Gateway {@link TransitHub} adopts. */
export interface ExistingTransitGatewayArgs {
    /** Its ID (`tgw-...`). */
    readonly transitGatewayId: string;
    /**
     * The route table it associates and propagates new attachments with today, if it does. While
     * given, default association and propagation stay `enable`, as they are: switching them off is an
     * in-place `ModifyTransitGateway`, and switching them back on would replace the Transit Gateway
     * (the provider's `CustomizeDiff` forces a new resource on disable to enable, in
     * terraform-provider-aws internal/service/ec2/transitgateway_.go). **CAUTION** remove it only
     * once no attachment relies on the default route table.
     * @default undefined - the Transit Gateway uses no default route table
     */
    readonly defaultRouteTableId?: string;
}

/**
 * The Transit Gateway of an environment and region: default route-table association and propagation
 * off and shared-attachment auto-accept off (FSBP EC2.23), so every attachment is placed explicitly in
 * one of two route tables: `spokes` (spokes and shared services associate here; everything goes to
 * inspection) and `inspection` (the inspection VPC associates here; spoke CIDRs propagate into it).
 * Shared by AWS RAM inside the organization only. An existing Transit Gateway is imported with its
 * default route table left in use (`existing`); the two tables are new either way.
 */
export class TransitHub extends pulumi.ComponentResource {
    readonly transitGateway: aws.ec2transitgateway.TransitGateway;
    /** Route table that spoke and shared-services attachments associate with. */
    readonly spokeRouteTable: aws.ec2transitgateway.RouteTable;
    /** Route table that the inspection VPC attachment associates with. */
    readonly inspectionRouteTable: aws.ec2transitgateway.RouteTable;
    readonly resourceShare: aws.ram.ResourceShare;
    readonly transitGatewayId: pulumi.Output<string>;
    readonly transitGatewayArn: pulumi.Output<string>;
    readonly spokeRouteTableId: pulumi.Output<string>;
    readonly inspectionRouteTableId: pulumi.Output<string>;

    constructor(name: string, args: TransitHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:TransitHub", name, {}, opts);
        // An adopted Transit Gateway that still associates and propagates by default keeps doing so.
        const defaults = args.existing?.defaultRouteTableId ? "enable" : "disable";
        this.transitGateway = new aws.ec2transitgateway.TransitGateway(
            `${name}-tgw`,
            {
                description: args.description ?? "hub-network Transit Gateway",
                amazonSideAsn: args.amazonSideAsn,
                autoAcceptSharedAttachments: "disable",
                defaultRouteTableAssociation: defaults,
                defaultRouteTablePropagation: defaults,
                dnsSupport: "enable",
                vpnEcmpSupport: "enable",
                multicastSupport: "disable",
                tags: withName(args.tags, `${name}-tgw`),
            },
            {
                parent: this,
                protect: args.protect ?? false,
                ...(args.existing ? { import: args.existing.transitGatewayId } : {}),
            },
        );
        const table = (role: "spokes" | "inspection") =>
            new aws.ec2transitgateway.RouteTable(
                `${name}-${role}`,
                {
                    transitGatewayId: this.transitGateway.id,
                    tags: { ...withName(args.tags, `${name}-${role}`), "hub-network:tgw-route-table": role },
                },
                { parent: this, protect: args.protect ?? false },
            );
        this.spokeRouteTable = table("spokes");
        this.inspectionRouteTable = table("inspection");

        this.resourceShare = shareResources(
            name,
            { tgw: this.transitGateway.arn },
            args.shareWith,
            args.tags,
            this,
        );

        if (args.flowLogs) {
            new FlowLogs(
                `${name}-tgw-flow-logs`,
                {
                    ...args.flowLogs,
                    accountId: args.accountId,
                    region: args.region,
                    transitGatewayId: this.transitGateway.id,
                    tags: { ...args.tags, ...args.flowLogs.tags },
                },
                { parent: this },
            );
        }

        this.transitGatewayId = this.transitGateway.id;
        this.transitGatewayArn = this.transitGateway.arn;
        this.spokeRouteTableId = this.spokeRouteTable.id;
        this.inspectionRouteTableId = this.inspectionRouteTable.id;
        this.registerOutputs({
            transitGatewayId: this.transitGatewayId,
            transitGatewayArn: this.transitGatewayArn,
            spokeRouteTableId: this.spokeRouteTableId,
            inspectionRouteTableId: this.inspectionRouteTableId,
        });
    }
}
