/**
 * The network of an environment read from its inventory: VPCs and their CIDRs, subnets with tier and
 * AZ, the route table of each subnet and its routes (explicit, inline and local) with resolved
 * targets, Transit Gateways with their route tables, attachments, associations, propagations and
 * static routes, and Network Firewall endpoints per AZ (from `firewallStatuses[].syncStates[]`, or
 * from the subnet mappings while IDs are unknown). Pure; the diagram and the reachability analysis
 * read it.
 */
import { Inventory, list, obj, str, tagOf, TYPES, type Item } from "./inventory";
import { Keyed } from "./keyed";
import type { FirewallEndpoint, RouteTarget, TgwRoute, VpcRoute } from "./network-types";
import { RouteIndex } from "./route-match";

/** Fields of a route that name its target, in the order AWS documents them. */
const TARGET_FIELDS = [
    "gatewayId",
    "natGatewayId",
    "transitGatewayId",
    "vpcEndpointId",
    "networkInterfaceId",
    "vpcPeeringConnectionId",
    "egressOnlyGatewayId",
    "localGatewayId",
    "carrierGatewayId",
    "coreNetworkArn",
] as const;

/** The network read from an inventory. */
export class NetworkModel {
    /**
     * Answers by a kind, then items or strings, keyed by identity: the analyses ask the same questions
     * tens of thousands of times, and building a string key from URNs on every call costs more than the
     * answer.
     */
    private readonly memo = new Keyed<unknown>();

    /**
     * `onPremisesRoutes`: what the on-premises devices advertise over BGP to every VPN attachment (the
     * environment file's on-premises ranges): those routes are learnt in AWS, not declared.
     */
    constructor(
        readonly inventory: Inventory,
        readonly onPremisesRoutes: readonly string[] = [],
    ) {}

    /** `compute()`, once per `keys`. */
    private cached<T>(keys: readonly unknown[], compute: () => T): T {
        return this.memo.get(...keys, compute) as T;
    }

    /** `compute(item)`, once per kind and item: the cheapest cache, for what the analyses ask most. */
    private once<T>(kind: string, item: Item, compute: (net: NetworkModel, item: Item) => T): T {
        let byItem = this.perItem.get(kind);
        if (!byItem) this.perItem.set(kind, (byItem = new Map()));
        const known = byItem.get(item) as T | undefined;
        if (known !== undefined || byItem.has(item)) return known as T;
        const value = compute(this, item);
        byItem.set(item, value);
        return value;
    }

    private readonly perItem = new Map<string, Map<Item, unknown>>();

    vpcs(): Item[] {
        return this.cached(["vpcs"], () => this.inventory.ofType(TYPES.vpc));
    }

    /** The `hub-network:vpc-role` tag (inspection, shared-services, spoke, security, ...). */
    roleOf(vpc: Item): string | undefined {
        return tagOf(vpc, "hub-network:vpc-role");
    }

    /** A VPC's display name: the spoke name, the Name tag or the resource name. */
    nameOf(vpc: Item): string {
        return this.cached(
            ["name", vpc],
            () => tagOf(vpc, "hub-network:spoke") ?? tagOf(vpc, "Name") ?? vpc.name,
        );
    }

    /** The VPC's IPv4 CIDRs (primary and associated). */
    cidrsOf(vpc: Item): string[] {
        return this.cached(["cidrs", vpc], () => {
            const secondary = this.inventory
                .referrers(vpc, "vpcId", ["aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation"])
                .map((a) => str(a.props.cidrBlock));
            return [str(vpc.props.cidrBlock), ...secondary].filter((c): c is string => c !== undefined);
        });
    }

    /** The VPC of an item with a `vpcId`. */
    vpcOf(item: Item): Item | undefined {
        return this.once("vpcOf", item, (net, i) => net.inventory.ref(i, "vpcId", [TYPES.vpc]));
    }

    subnetsOf(vpc: Item): Item[] {
        return this.cached(["subnets", vpc], () => this.inventory.referrers(vpc, "vpcId", [TYPES.subnet]));
    }

    /** The subnet tier (`hub-network:subnet-tier` tag). */
    tierOf(subnet: Item): string {
        return tagOf(subnet, "hub-network:subnet-tier") ?? "subnet";
    }

    azOf(subnet: Item): string {
        return str(subnet.props.availabilityZone) ?? str(subnet.props.availabilityZoneId) ?? "?";
    }

    /** The route table associated with a subnet (none: the VPC's main table, local routes only). */
    routeTableOf(subnet: Item): Item | undefined {
        return this.once("rt", subnet, (net, s) => {
            const association = net.inventory.referrers(s, "subnetId", [TYPES.routeTableAssociation])[0];
            return association
                ? net.inventory.ref(association, "routeTableId", [TYPES.routeTable])
                : undefined;
        });
    }

    /** The subnets associated with a route table. */
    subnetsOfRouteTable(table: Item): Item[] {
        return this.inventory
            .referrers(table, "routeTableId", [TYPES.routeTableAssociation])
            .map((a) => this.inventory.ref(a, "subnetId", [TYPES.subnet]))
            .filter((s): s is Item => s !== undefined);
    }

    /** Every route of the table of `subnet` in `vpc`: local routes, inline routes and route resources. */
    routesOf(vpc: Item, table: Item | undefined): VpcRoute[] {
        return this.cached(["routes", vpc, table], () => {
            const local = this.cidrsOf(vpc).map((c) => ({
                destination: c,
                target: { kind: "local" as const, vpc },
                source: table ?? vpc,
            }));
            if (!table) return local;
            const inline = list(table.props.routes).map((r) =>
                this.route(table, obj(r), str(obj(r).cidrBlock)),
            );
            const separate = this.inventory
                .referrers(table, "routeTableId", [TYPES.route])
                .map((r) => this.route(r, r.props, str(r.props.destinationCidrBlock)));
            return [...local, ...[...inline, ...separate].filter((r): r is VpcRoute => r !== undefined)];
        });
    }

    /** The most specific route of `table` in `vpc` for `address` (cached). */
    lookup(vpc: Item, table: Item | undefined, address: string): VpcRoute | undefined {
        let byTable = this.vpcTables.get(vpc);
        if (!byTable) this.vpcTables.set(vpc, (byTable = new Map()));
        let index = byTable.get(table);
        if (!index) byTable.set(table, (index = new RouteIndex(this.routesOf(vpc, table))));
        return index.lookup(address);
    }

    /** The most specific route of TGW route table `table` for `address` (cached). */
    lookupTgw(table: Item, address: string): TgwRoute | undefined {
        let index = this.tgwTables.get(table);
        if (!index) this.tgwTables.set(table, (index = new RouteIndex(this.tgwRoutes(table))));
        return index.lookup(address);
    }

    private readonly vpcTables = new Map<Item, Map<Item | undefined, RouteIndex<VpcRoute>>>();
    private readonly tgwTables = new Map<Item, RouteIndex<TgwRoute>>();

    private route(
        source: Item,
        props: Readonly<Record<string, unknown>>,
        destination: string | undefined,
    ): VpcRoute | undefined {
        if (!destination) return undefined;
        return { destination, target: this.targetOf(source, props), source };
    }

    /** Resolves the target of a route (by ID, or by property dependency while IDs are unknown). */
    targetOf(source: Item, props: Readonly<Record<string, unknown>>): RouteTarget {
        const inv = this.inventory;
        const field = TARGET_FIELDS.find(
            (f) => props[f] !== undefined || (source.propertyDependencies[f] ?? []).length > 0,
        );
        if (!field)
            return props.blackhole === true ? { kind: "blackhole" } : { kind: "other", field: "none" };
        const value = str(props[field]);
        const one = (types: string[]) => inv.ref(source, field, types, [value]);
        switch (field) {
            case "gatewayId": {
                const igw = one([TYPES.igw]);
                if (igw) return { kind: "igw", item: igw };
                if (value === "local") return { kind: "other", field, value };
                break;
            }
            case "natGatewayId": {
                const nat = one([TYPES.nat]);
                if (nat) return { kind: "nat", item: nat };
                break;
            }
            case "transitGatewayId": {
                const tgw = one([TYPES.tgw]);
                if (tgw) return { kind: "tgw", item: tgw };
                break;
            }
            case "vpcEndpointId": {
                for (const firewall of inv.ofType(TYPES.firewall)) {
                    const endpoint = this.firewallEndpoints(firewall).find(
                        (e) => e.endpointId !== undefined && e.endpointId === value,
                    );
                    if (endpoint) return { kind: "firewall", firewall, endpoint };
                }
                const endpoint = one([TYPES.vpcEndpoint]);
                if (endpoint) {
                    return str(endpoint.props.vpcEndpointType) === "GatewayLoadBalancer"
                        ? { kind: "gwlb-endpoint", item: endpoint }
                        : { kind: "vpc-endpoint", item: endpoint };
                }
                const firewall = one([TYPES.firewall]);
                if (firewall) return { kind: "firewall", firewall };
                break;
            }
        }
        return { kind: "other", field, value };
    }

    /** A firewall's endpoints by AZ: from its sync states once known, else from its subnet mappings. */
    firewallEndpoints(firewall: Item): FirewallEndpoint[] {
        return this.cached(["fw", firewall], () => {
            const states = list(obj(list(firewall.props.firewallStatuses)[0]).syncStates);
            const subnets = this.inventory.refs(
                firewall,
                "subnetMappings",
                [TYPES.subnet],
                list(firewall.props.subnetMappings).map((m) => obj(m).subnetId),
            );
            if (states.length > 0) {
                return states.map((s) => {
                    const attachment = obj(list(obj(s).attachments)[0]);
                    const subnet = this.inventory
                        .withIdentifier(str(attachment.subnetId))
                        .find((i) => i.type === TYPES.subnet);
                    const endpointId = str(attachment.endpointId);
                    return {
                        firewall,
                        az: str(obj(s).availabilityZone) ?? (subnet ? this.azOf(subnet) : "?"),
                        ...(endpointId ? { endpointId } : {}),
                        ...(subnet ? { subnet } : {}),
                    };
                });
            }
            return subnets.map((subnet) => ({ firewall, az: this.azOf(subnet), subnet }));
        });
    }

    /** The VPC a firewall protects. */
    firewallVpc(firewall: Item): Item | undefined {
        return this.vpcOf(firewall);
    }

    transitGateways(): Item[] {
        return this.inventory.ofType(TYPES.tgw);
    }

    tgwRouteTables(tgw: Item): Item[] {
        return this.cached(["tgwrt", tgw], () =>
            this.inventory.referrers(tgw, "transitGatewayId", [TYPES.tgwRouteTable]),
        );
    }

    /** A TGW route table's display name (`hub-network:tgw-route-table` tag or Name). */
    tgwRouteTableName(table: Item): string {
        return tagOf(table, "hub-network:tgw-route-table") ?? tagOf(table, "Name") ?? table.name;
    }

    /** Every VPC attachment (to any TGW). */
    attachments(): Item[] {
        return this.inventory.ofType(TYPES.tgwAttachment);
    }

    attachmentsOf(vpc: Item): Item[] {
        return this.cached(["att", vpc], () => this.inventory.referrers(vpc, "vpcId", [TYPES.tgwAttachment]));
    }

    tgwOf(attachment: Item): Item | undefined {
        return this.once("tgwOf", attachment, (net, a) =>
            net.inventory.ref(a, "transitGatewayId", [TYPES.tgw]),
        );
    }

    /** The attachment's subnets (one per AZ where the TGW has an interface in the VPC). */
    attachmentSubnets(attachment: Item): Item[] {
        return this.once("attsub", attachment, (net, a) =>
            net.inventory.refs(a, "subnetIds", [TYPES.subnet]),
        );
    }

    applianceMode(attachment: Item): boolean {
        return str(attachment.props.applianceModeSupport) === "enable";
    }

    /**
     * The attachment `from.<field>` names: a VPC attachment, directly or through the accepter the
     * network account declares for a spoke's attachment (the accepter's own `transitGatewayAttachmentId`),
     * or a VPN connection (whose `transitGatewayAttachmentId` it is).
     */
    attachmentRef(from: Item, field: string): Item | undefined {
        const target =
            this.inventory.ref(from, field, [
                TYPES.tgwAttachment,
                TYPES.tgwAttachmentAccepter,
                TYPES.vpnConnection,
            ]) ?? this.vpnsByAttachmentId().get(str(from.props[field]) ?? "");
        if (target?.type !== TYPES.tgwAttachmentAccepter) return target;
        return this.inventory.ref(target, "transitGatewayAttachmentId", [TYPES.tgwAttachment]);
    }

    /** Every Site-to-Site VPN connection (the ones to a TGW are attachments of it). */
    vpnConnections(): Item[] {
        return this.inventory.ofType(TYPES.vpnConnection);
    }

    /** Whether an attachment is a VPN connection (its far side is on premises, not a VPC). */
    isVpn(attachment: Item): boolean {
        return attachment.type === TYPES.vpnConnection;
    }

    private vpnsByAttachmentId(): Map<string, Item> {
        return this.cached(["vpn-attachments"], () => {
            const index = new Map<string, Item>();
            for (const vpn of this.vpnConnections()) {
                const id = str(vpn.props.transitGatewayAttachmentId);
                if (id) index.set(id, vpn);
            }
            return index;
        });
    }

    /** The route table an attachment is associated with. */
    associationOf(attachment: Item): Item | undefined {
        return this.once("assoc", attachment, (net, a) => {
            const association = net.associationsIndex().get(a.urn);
            return association
                ? net.inventory.ref(association, "transitGatewayRouteTableId", [TYPES.tgwRouteTable])
                : undefined;
        });
    }

    private associationsIndex(): Map<string, Item> {
        return this.cached(["assoc-index"], () => {
            const index = new Map<string, Item>();
            for (const a of this.inventory.ofType(TYPES.tgwAssociation)) {
                const attachment = this.attachmentRef(a, "transitGatewayAttachmentId");
                if (attachment) index.set(attachment.urn, a);
            }
            return index;
        });
    }

    /**
     * A TGW route table's routes: static routes, then the CIDRs of the VPCs propagated into it and the
     * on-premises routes of the VPNs propagated into it.
     */
    tgwRoutes(table: Item): TgwRoute[] {
        return this.cached(["tgwroutes", table], () => {
            const statics = this.inventory
                .referrers(table, "transitGatewayRouteTableId", [TYPES.tgwRoute])
                .map((r) => {
                    const attachment =
                        r.props.blackhole === true
                            ? undefined
                            : this.attachmentRef(r, "transitGatewayAttachmentId");
                    return {
                        destination: str(r.props.destinationCidrBlock) ?? "",
                        ...(attachment ? { attachment } : {}),
                        origin: "static" as const,
                        source: r,
                    };
                });
            const propagated = this.inventory
                .referrers(table, "transitGatewayRouteTableId", [TYPES.tgwPropagation])
                .flatMap((p) => {
                    const attachment = this.attachmentRef(p, "transitGatewayAttachmentId");
                    if (attachment && this.isVpn(attachment)) {
                        return this.onPremisesRoutes.map((c) => ({
                            destination: c,
                            attachment,
                            origin: "propagated" as const,
                            source: p,
                        }));
                    }
                    const vpc = attachment ? this.vpcOf(attachment) : undefined;
                    return vpc && attachment
                        ? this.cidrsOf(vpc).map((c) => ({
                              destination: c,
                              attachment,
                              origin: "propagated" as const,
                              source: p,
                          }))
                        : [];
                });
            return [...statics.filter((r) => r.destination !== ""), ...propagated];
        });
    }
}
