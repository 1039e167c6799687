import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link LegacyTransitRouting}. */
export interface LegacyTransitRoutingArgs {
    /**
     * The adopted Transit Gateway's default route table, where the legacy attachments stay associated
     * (it is not imported: its associations and propagations stay as they are).
     */
    readonly defaultRouteTableId: string;
    /** The inspection VPC's attachment: where the new routes in the default route table lead. */
    readonly inspectionAttachmentId: pulumi.Input<string>;
    /** The hub's `inspection` table: the legacy attachments propagate into it too. */
    readonly inspectionRouteTableId: pulumi.Input<string>;
    /** The environment's supernet: from the default route table, the new spokes are reached through it. */
    readonly supernet: string;
    /**
     * Legacy ranges whose traffic crosses the firewall from now on: a static route each, which AWS
     * prefers to a propagated route of the same prefix. @default none - legacy VPCs reach each other as before
     */
    readonly inspectCidrs?: readonly string[];
    /**
     * On-premises ranges the default route table sends to the inspection attachment, so that legacy
     * traffic to on premises crosses the firewall as the replies from on premises do. @default none
     */
    readonly onPremisesCidrs?: readonly string[];
    /** Live attachments that stay in the default route table. @default none */
    readonly legacyAttachmentIds?: readonly string[];
}

/** A resource-name fragment for a CIDR: `10.1.0.0/16` is `10-1-0-0-16`. */
const slug = (cidr: string) => cidr.replace(/[./]/g, "-");

/**
 * How the attachments that stay in an adopted Transit Gateway's default route table reach the new
 * hub, with every change additive, so no live flow is cut:
 *
 * - the default route table sends the supernet to the inspection attachment: only the new spokes'
 *   ranges, which nothing in that table covers more precisely, follow it; the legacy VPCs keep their
 *   propagated, more specific routes to each other;
 * - each legacy attachment also propagates into the `inspection` table, so that traffic from a new
 *   spoke, inspected, comes back to it (propagating into a second table leaves the first as it is);
 * - for each range in `inspectCidrs`, a static route to the inspection attachment, which AWS prefers
 *   to the propagated route of the same prefix ("Route evaluation order", AWS Transit Gateway guide):
 *   traffic between legacy VPCs then crosses the firewall in both directions, from one `pulumi up`,
 *   without moving any attachment between route tables (an attachment has one association, and
 *   moving it is a disassociation followed by an association).
 */
export class LegacyTransitRouting extends pulumi.ComponentResource {
    /** Static routes added to the default route table, by destination. */
    readonly routes: Readonly<Record<string, aws.ec2transitgateway.Route>>;
    /** Propagations of the legacy attachments into the `inspection` table, by attachment ID. */
    readonly propagations: Readonly<Record<string, aws.ec2transitgateway.RouteTablePropagation>>;

    constructor(name: string, args: LegacyTransitRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:LegacyTransitRouting", name, {}, opts);
        const route = (destination: string, child: string) =>
            new aws.ec2transitgateway.Route(
                child,
                {
                    transitGatewayRouteTableId: args.defaultRouteTableId,
                    destinationCidrBlock: destination,
                    transitGatewayAttachmentId: args.inspectionAttachmentId,
                },
                { parent: this },
            );
        const inspect = args.inspectCidrs ?? [];
        this.routes = Object.fromEntries([
            [args.supernet, route(args.supernet, `${name}-supernet`)],
            ...inspect.map((cidr) => [cidr, route(cidr, `${name}-inspect-${slug(cidr)}`)]),
            ...(args.onPremisesCidrs ?? []).map((cidr) => [
                cidr,
                route(cidr, `${name}-on-premises-${slug(cidr)}`),
            ]),
        ]);
        this.propagations = Object.fromEntries(
            (args.legacyAttachmentIds ?? []).map((id) => [
                id,
                new aws.ec2transitgateway.RouteTablePropagation(
                    `${name}-${id}-inspection-propagation`,
                    {
                        transitGatewayAttachmentId: id,
                        transitGatewayRouteTableId: args.inspectionRouteTableId,
                    },
                    { parent: this },
                ),
            ]),
        );
        this.registerOutputs({});
    }
}
