import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HUB_OWNER, OWNER_TAG } from "./attachment-ownership";
import { withName, type AwsContext } from "../shared/aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "../shared/log-group";
import { parseCidr } from "./subnet-plan";

/** Arguments of {@link SiteToSiteVpn}. */
export interface SiteToSiteVpnArgs extends AwsContext {
    /**
     * Public IPv4 address of the on-premises VPN device (the customer gateway).
     * **CAUTION** changing it replaces the customer gateway and the VPN connection (new tunnel
     * addresses and pre-shared keys to configure on the device).
     */
    readonly customerGatewayIp: string;
    /**
     * BGP ASN of the on-premises device (1-2147483647), different from the Transit Gateway's.
     * **CAUTION** changing it replaces the customer gateway and the VPN connection.
     */
    readonly bgpAsn: number;
    /** Transit Gateway the VPN terminates on. */
    readonly transitGatewayId: pulumi.Input<string>;
    /**
     * The inspection VPC's TGW attachment: every route of the VPN's own route table points at it, so
     * traffic from on premises is inspected before it reaches a VPC.
     */
    readonly inspectionAttachmentId: pulumi.Input<string>;
    /**
     * This region's ranges, the only routes of the VPN's own TGW route table and so the only prefixes
     * the Transit Gateway advertises to the on-premises device over BGP: the region's shared-services
     * VPC and its part of the spoke pool. Never `0.0.0.0/0` and never another region's ranges, so two
     * regions never advertise the same prefix. **CAUTION** removing one withdraws it from on premises.
     */
    readonly advertisedCidrs: readonly string[];
    /**
     * TGW route table the VPN attachment propagates into (`inspection`): the on-premises routes learnt
     * over BGP, so that inspected traffic to on premises leaves through the VPN.
     */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /** Tunnel activity logs (IKE and IPsec negotiation, DPD) of both tunnels, to an encrypted log group. */
    readonly tunnelLogs: LogGroupSettings & { readonly logGroupName: string };
    /**
     * Pulumi `protect` on the children whose replacement or deletion would cut on premises off (the
     * customer gateway, the VPN connection, whose tunnel addresses and keys the on-premises device
     * holds, and the VPN's route table): a change that would replace or delete one fails the preview
     * until the protection is lifted on purpose (`pulumi state unprotect`).
     * @default false - production environments set it
     */
    readonly protect?: boolean;
    /** Tags for every child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * IKE and IPsec proposals of both tunnels: IKEv2 only, AES-256 (GCM or CBC), SHA-2, and Diffie-Hellman
 * groups of 2048-bit MODP and up (14-24) or elliptic curves (19-21). Configure the on-premises device
 * with proposals inside these.
 */
export const VPN_TUNNEL_PROPOSALS = {
    ikeVersions: ["ikev2"],
    phase1EncryptionAlgorithms: ["AES256", "AES256-GCM-16"],
    phase1IntegrityAlgorithms: ["SHA2-256", "SHA2-384", "SHA2-512"],
    phase1DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
    phase2EncryptionAlgorithms: ["AES256", "AES256-GCM-16"],
    phase2IntegrityAlgorithms: ["SHA2-256", "SHA2-384", "SHA2-512"],
    phase2DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
} as const;

/**
 * An AWS Site-to-Site VPN from the Transit Gateway to an on-premises device: a customer gateway, a VPN
 * connection with two tunnels and dynamic (BGP) routing, both tunnels logging to an encrypted log
 * group. Its Transit Gateway attachment associates with a route table of its own, whose only routes
 * are this region's ranges (`advertisedCidrs`) to the inspection attachment: a Transit Gateway
 * advertises to a VPN's BGP peer the routes of the table the VPN attachment is associated with
 * (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-centralized-router.html: "the VPC CIDRs
 * are added to the customer gateway BGP table"), static routes included, so on premises learns only
 * this region's prefixes, never a default route, and traffic from on premises is inspected. It
 * propagates the routes learnt over BGP into `inspection` (so inspected traffic to on premises leaves
 * through the VPN). AWS generates the pre-shared keys; the provider keeps them, and the device
 * configuration, as secrets.
 */
export class SiteToSiteVpn extends pulumi.ComponentResource {
    readonly customerGateway: aws.ec2.CustomerGateway;
    readonly connection: aws.ec2.VpnConnection;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The VPN attachment's own TGW route table: what the Transit Gateway advertises over BGP. */
    readonly routeTable: aws.ec2transitgateway.RouteTable;
    /** The table's static routes, by advertised CIDR. */
    readonly advertisedRoutes: Readonly<Record<string, aws.ec2transitgateway.Route>>;
    readonly vpnConnectionId: pulumi.Output<string>;
    /** The VPN's Transit Gateway attachment. */
    readonly attachmentId: pulumi.Output<string>;
    /** The AWS-side outside addresses of the two tunnels: the on-premises device's peers. */
    readonly tunnelAddresses: pulumi.Output<string[]>;

    constructor(name: string, args: SiteToSiteVpnArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:SiteToSiteVpn", name, {}, opts);
        validateAdvertisedCidrs(name, args.advertisedCidrs);
        this.customerGateway = new aws.ec2.CustomerGateway(
            `${name}-cgw`,
            {
                type: "ipsec.1",
                ipAddress: args.customerGatewayIp,
                bgpAsn: String(args.bgpAsn),
                tags: withName(args.tags, `${name}-cgw`),
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.logGroup = encryptedLogGroup(
            `${name}-tunnel-logs`,
            args.tunnelLogs.logGroupName,
            args.tunnelLogs,
            this,
        );
        const logOptions = {
            cloudwatchLogOptions: {
                logEnabled: true,
                logGroupArn: this.logGroup.arn,
                logOutputFormat: "json",
            },
        };
        const p = VPN_TUNNEL_PROPOSALS;
        this.connection = new aws.ec2.VpnConnection(
            `${name}-connection`,
            {
                type: "ipsec.1",
                customerGatewayId: this.customerGateway.id,
                transitGatewayId: args.transitGatewayId,
                staticRoutesOnly: false,
                outsideIpAddressType: "PublicIpv4",
                tunnelInsideIpVersion: "ipv4",
                // Both tunnels alike: the same proposals, DPD restarts the IKE session, logs on.
                tunnel1IkeVersions: [...p.ikeVersions],
                tunnel1Phase1EncryptionAlgorithms: [...p.phase1EncryptionAlgorithms],
                tunnel1Phase1IntegrityAlgorithms: [...p.phase1IntegrityAlgorithms],
                tunnel1Phase1DhGroupNumbers: [...p.phase1DhGroupNumbers],
                tunnel1Phase2EncryptionAlgorithms: [...p.phase2EncryptionAlgorithms],
                tunnel1Phase2IntegrityAlgorithms: [...p.phase2IntegrityAlgorithms],
                tunnel1Phase2DhGroupNumbers: [...p.phase2DhGroupNumbers],
                tunnel1DpdTimeoutAction: "restart",
                tunnel1LogOptions: logOptions,
                tunnel2IkeVersions: [...p.ikeVersions],
                tunnel2Phase1EncryptionAlgorithms: [...p.phase1EncryptionAlgorithms],
                tunnel2Phase1IntegrityAlgorithms: [...p.phase1IntegrityAlgorithms],
                tunnel2Phase1DhGroupNumbers: [...p.phase1DhGroupNumbers],
                tunnel2Phase2EncryptionAlgorithms: [...p.phase2EncryptionAlgorithms],
                tunnel2Phase2IntegrityAlgorithms: [...p.phase2IntegrityAlgorithms],
                tunnel2Phase2DhGroupNumbers: [...p.phase2DhGroupNumbers],
                tunnel2DpdTimeoutAction: "restart",
                tunnel2LogOptions: logOptions,
                tags: withName(args.tags, `${name}-connection`),
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.attachmentId = this.connection.transitGatewayAttachmentId;
        // AWS creates the VPN's attachment without tags: tag it as the hub's, so that it can never be
        // registered to a spoke (the onboarding role acts only on attachments its spoke owns).
        new aws.ec2.Tag(
            `${name}-attachment-owner`,
            { resourceId: this.attachmentId, key: OWNER_TAG, value: HUB_OWNER },
            { parent: this },
        );
        this.routeTable = new aws.ec2transitgateway.RouteTable(
            `${name}-routes`,
            {
                transitGatewayId: args.transitGatewayId,
                tags: { ...withName(args.tags, `${name}-routes`), "hub-network:tgw-route-table": "vpn" },
            },
            { parent: this, protect: args.protect ?? false },
        );
        // An attachment has one association: the old one (with `spokes`, before the VPN had a table of
        // its own) goes before this one is made, and one made outside Pulumi is replaced.
        new aws.ec2transitgateway.RouteTableAssociation(
            `${name}-association`,
            {
                transitGatewayAttachmentId: this.attachmentId,
                transitGatewayRouteTableId: this.routeTable.id,
                replaceExistingAssociation: true,
            },
            {
                parent: this,
                deleteBeforeReplace: true,
                aliases: [{ name: `${name}-spokes-association` }],
            },
        );
        this.advertisedRoutes = Object.fromEntries(
            args.advertisedCidrs.map((cidr) => [
                cidr,
                new aws.ec2transitgateway.Route(
                    `${name}-advertise-${cidr.replace(/[./]/g, "-")}`,
                    {
                        transitGatewayRouteTableId: this.routeTable.id,
                        destinationCidrBlock: cidr,
                        transitGatewayAttachmentId: args.inspectionAttachmentId,
                    },
                    { parent: this },
                ),
            ]),
        );
        new aws.ec2transitgateway.RouteTablePropagation(
            `${name}-inspection-propagation`,
            {
                transitGatewayAttachmentId: this.attachmentId,
                transitGatewayRouteTableId: args.inspectionRouteTableId,
            },
            { parent: this },
        );

        this.vpnConnectionId = this.connection.id;
        this.tunnelAddresses = pulumi
            .all([this.connection.tunnel1Address, this.connection.tunnel2Address])
            .apply((addresses) => addresses.filter((a): a is string => Boolean(a)));
        this.registerOutputs({
            vpnConnectionId: this.vpnConnectionId,
            attachmentId: this.attachmentId,
            tunnelAddresses: this.tunnelAddresses,
        });
    }
}

/**
 * Checks the VPN's advertised ranges: at least one, CIDRs, no default route and no duplicates.
 * @throws Error naming the component, the value and the fix
 */
function validateAdvertisedCidrs(name: string, cidrs: readonly string[]): void {
    if (cidrs.length === 0) {
        throw new Error(
            `SiteToSiteVpn ${name}: advertisedCidrs is empty; expected this region's ranges (shared services, spokes)`,
        );
    }
    for (const cidr of cidrs) {
        if (parseCidr(cidr).prefixLength === 0) {
            throw new Error(
                `SiteToSiteVpn ${name}: advertisedCidrs has ${cidr}, a default route that would draw on-premises internet traffic into AWS; expected this region's ranges only`,
            );
        }
    }
    const duplicate = cidrs.find((c, i) => cidrs.indexOf(c) !== i);
    if (duplicate) throw new Error(`SiteToSiteVpn ${name}: advertisedCidrs lists ${duplicate} twice`);
}
