/**
 * The boxes and lines of the topology diagram, built from the recorded resources of every stack
 * (types, the `hub-network:vpc-role` and `hub-network:subnet-tier` tags, references): accounts, their
 * regions, the VPCs with their subnet tiers per AZ and the routes between their boxes, the Transit
 * Gateway with its route tables and the attachments and propagations of VPCs and VPNs; the other boxes
 * come from `diagram-services`. Every look-up across the inventory goes through an index built once, so
 * the graph grows linearly with the number of spokes.
 */
import { str, tagOf, TYPES, type Inventory, type Item } from "./inventory";
import type { RouteTarget } from "./network-types";
import {
    azSuffix,
    groupBy,
    push,
    GraphBuilder,
    type DiagramGraph,
    type DiagramNode,
    type DiagramStack,
} from "./diagram-model";
import { firewallBoxes, gatewayBoxes, resolverBoxes, workloadBoxes } from "./diagram-services";

/** Subnet tiers in the order traffic flows through a VPC, top to bottom. */
const TIER_ORDER = [
    "tgw",
    "firewall",
    "public",
    "workload",
    "vpclink",
    "gwlbe",
    "gwlb",
    "appliance",
    "resolver",
];

/** Builds the diagram's boxes and lines from the inventory. */
export function diagramGraph(
    inventory: Inventory,
    stacks: readonly DiagramStack[],
    title: string,
): DiagramGraph {
    const b = new GraphBuilder(inventory, stacks);
    vpcBoxes(b);
    firewallBoxes(b);
    gatewayBoxes(b);
    routeLines(b);
    transitGatewayBoxes(b);
    resolverBoxes(b);
    workloadBoxes(b);
    return b.graph(title);
}

/** VPCs with their subnets by tier and AZ, the Resolver rules associated with each named in its box. */
function vpcBoxes(b: GraphBuilder): void {
    const { inventory, net } = b;
    const rulesOfVpc = new Map<string, string[]>();
    for (const association of inventory.ofType(TYPES.resolverRuleAssociation)) {
        const vpc = net.vpcOf(association);
        const rule = inventory.ref(association, "resolverRuleId", [TYPES.resolverRule]);
        if (!vpc || !rule) continue;
        const domain = (str(rule.props.domainName) ?? rule.name).replace(/\.$/, "");
        push(rulesOfVpc, vpc.urn, domain);
    }

    for (const vpc of net.vpcs()) {
        const role = net.roleOf(vpc) ?? "vpc";
        const rules = rulesOfVpc.get(vpc.urn) ?? [];
        const node = b.add(b.regionOf(vpc.accountId, vpc.region), {
            id: `vpc:${vpc.urn}`,
            kind: "vpc",
            variant: role,
            lines: [
                `${net.nameOf(vpc)} VPC (${role})`,
                net.cidrsOf(vpc).join(", ") || "CIDR from IPAM",
                ...(rules.length ? [`resolver rules: ${rules.join(", ")}`] : []),
            ],
            children: [],
        });
        b.vpcNodes.set(vpc.urn, node);
        const subnets = [...net.subnetsOf(vpc)].sort((x, y) => {
            const tx = TIER_ORDER.indexOf(net.tierOf(x));
            const ty = TIER_ORDER.indexOf(net.tierOf(y));
            return (tx < 0 ? 99 : tx) - (ty < 0 ? 99 : ty) || net.azOf(x).localeCompare(net.azOf(y));
        });
        // Tiers of one AZ stacked top to bottom: layout-only edges between consecutive tiers.
        const byAz = groupBy(subnets, (s) => net.azOf(s));
        for (const column of byAz.values()) {
            column
                .slice(1)
                .forEach((subnet, i) =>
                    b.edge(`subnet:${column[i].urn}`, `subnet:${subnet.urn}`, undefined, false, true),
                );
        }
        for (const subnet of subnets) {
            const table = net.routeTableOf(subnet);
            const toTgw = net
                .routesOf(vpc, table)
                .filter((r) => r.target.kind === "tgw")
                .map((r) => r.destination);
            b.add(node, {
                id: `subnet:${subnet.urn}`,
                kind: "subnet",
                variant: net.tierOf(subnet),
                lines: [
                    `${net.tierOf(subnet)} ${azSuffix(net.azOf(subnet))}`,
                    str(subnet.props.cidrBlock) ?? "",
                    ...(toTgw.length ? [`${toTgw.join(", ")} → TGW`] : []),
                ],
                children: [],
            });
        }
    }
}

/** Routes from subnets to the boxes of their targets inside their VPC. */
function routeLines(b: GraphBuilder): void {
    const { inventory, net } = b;
    // The place of a box in the flow of traffic through a VPC, top to bottom.
    const tierRank = (tier: string) => {
        const i = TIER_ORDER.indexOf(tier);
        return i < 0 ? TIER_ORDER.length : i;
    };
    const rank = (id: string): number => {
        if (id.startsWith("subnet:")) {
            const subnet = inventory.get(id.slice("subnet:".length));
            return subnet ? tierRank(net.tierOf(subnet)) : 0;
        }
        if (id.startsWith("fwe:") || id.startsWith("firewall:")) return tierRank("firewall") - 0.5;
        if (id.startsWith("nat:")) return tierRank("public") - 0.5;
        if (id.startsWith("igw:")) return tierRank("public") + 0.5;
        return tierRank("gwlbe") + 0.5;
    };

    // The box a route's target is drawn as.
    const targetNode = (target: RouteTarget): string | undefined => {
        switch (target.kind) {
            case "igw":
                return `igw:${target.item.urn}`;
            case "nat":
                return `nat:${target.item.urn}`;
            case "firewall":
                return target.endpoint
                    ? `fwe:${target.firewall.urn}:${target.endpoint.az}`
                    : `firewall:${target.firewall.urn}`;
            case "gwlb-endpoint":
            case "vpc-endpoint":
                return `vpce:${target.item.urn}`;
            default:
                return undefined;
        }
    };
    for (const vpc of net.vpcs()) {
        for (const subnet of net.subnetsOf(vpc)) {
            const byTarget = new Map<string, string[]>();
            for (const r of net.routesOf(vpc, net.routeTableOf(subnet))) {
                const target = targetNode(r.target);
                if (target && b.nodeIds.has(target)) push(byTarget, target, r.destination);
            }
            const from = `subnet:${subnet.urn}`;
            for (const [target, destinations] of byTarget) {
                // Traffic flows down the tiers; a route back up (a return route) is laid out reversed.
                b.edge(from, target, destinations.join(", "), false, false, rank(target) < rank(from));
            }
        }
    }
}

/** Transit Gateways, their route tables, and the attachments and propagations of VPCs and VPNs. */
function transitGatewayBoxes(b: GraphBuilder): void {
    const { inventory, net } = b;
    for (const tgw of net.transitGateways()) {
        const node: DiagramNode = {
            id: `tgw:${tgw.urn}`,
            kind: "tgw",
            lines: [
                "Transit Gateway",
                `${tagOf(tgw, "Name") ?? tgw.name}${tgw.props.amazonSideAsn !== undefined ? ` · ASN ${String(tgw.props.amazonSideAsn)}` : ""}`,
            ],
            children: [],
        };
        b.add(b.regionOf(tgw.accountId, tgw.region), node);
        for (const table of net.tgwRouteTables(tgw)) {
            const routes = net.tgwRoutes(table);
            const statics = routes
                .filter((r) => r.origin === "static")
                .map((r) => {
                    const vpc = r.attachment ? net.vpcOf(r.attachment) : undefined;
                    return `${r.destination} → ${vpc ? net.nameOf(vpc) : r.attachment ? r.attachment.name : "blackhole"}`;
                });
            const propagated = [
                ...new Set(
                    routes
                        .filter((r) => r.origin === "propagated")
                        .map((r) => r.attachment)
                        .filter((a): a is Item => a !== undefined),
                ),
            ];
            b.add(node, {
                id: `tgwrt:${table.urn}`,
                kind: "tgw-rt",
                lines: [
                    `route table ${net.tgwRouteTableName(table)}`,
                    ...statics,
                    ...(propagated.length ? [`${propagated.length} propagated attachment(s)`] : []),
                ],
                children: [],
            });
        }
    }
    // The route tables each attachment propagates into, indexed once (not one scan per attachment).
    const propagations = new Map<string, Item[]>();
    for (const propagation of inventory.ofType(TYPES.tgwPropagation)) {
        const attachment = net.attachmentRef(propagation, "transitGatewayAttachmentId");
        const table = inventory.ref(propagation, "transitGatewayRouteTableId", [TYPES.tgwRouteTable]);
        if (attachment && table) push(propagations, attachment.urn, table);
    }
    const attach = (attachment: Item, node: DiagramNode, label: string) => {
        const table = net.associationOf(attachment);
        const tgw = net.tgwOf(attachment);
        const from = table ? `tgwrt:${table.urn}` : tgw ? `tgw:${tgw.urn}` : undefined;
        if (from && b.nodeIds.has(from)) b.edge(from, node.id, label);
        for (const propagation of propagations.get(attachment.urn) ?? []) {
            if (b.nodeIds.has(`tgwrt:${propagation.urn}`)) {
                b.edge(node.id, `tgwrt:${propagation.urn}`, "propagates", true, false, true);
            }
        }
    };
    for (const attachment of net.attachments()) {
        const vpcNode = b.vpcNodeOf(net.vpcOf(attachment));
        if (vpcNode)
            attach(
                attachment,
                vpcNode,
                `attachment${net.applianceMode(attachment) ? " · appliance mode" : ""}`,
            );
    }
    // A Site-to-Site VPN: a box for the connection to on premises, in the region of its TGW.
    for (const vpn of net.vpnConnections()) {
        const tgw = net.tgwOf(vpn);
        if (!tgw) continue;
        const gateway = inventory.ref(vpn, "customerGatewayId", [TYPES.customerGateway]);
        const node: DiagramNode = {
            id: `vpn:${vpn.urn}`,
            kind: "gateway",
            variant: "vpn",
            lines: [
                "Site-to-Site VPN to on premises",
                `${tagOf(vpn, "Name") ?? vpn.name} · ${vpn.props.staticRoutesOnly === true ? "static routes" : "BGP"}`,
                ...(gateway
                    ? [
                          `customer gateway ${str(gateway.props.ipAddress) ?? "?"} · ASN ${str(gateway.props.bgpAsn) ?? "?"}`,
                      ]
                    : []),
            ],
            children: [],
        };
        b.add(b.regionOf(tgw.accountId, tgw.region), node);
        attach(vpn, node, "VPN attachment");
    }
}
