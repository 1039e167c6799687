/**
 * The boxes and lines of the topology diagram, built from the recorded resources of every stack
 * (types, the `hub-network:vpc-role` and `hub-network:subnet-tier` tags, references): accounts, their
 * regions, the VPCs with their subnet tiers per AZ, the Transit Gateway and its route tables, the
 * firewall and its per-AZ endpoints, NAT and internet gateways, GWLB and its endpoints, Resolver
 * endpoints and rules, and each spoke with its workload. Every look-up across the inventory goes
 * through an index built once, so the graph grows linearly with the number of spokes.
 */
import { list, obj, str, tagOf, TYPES, type Inventory, type Item } from "./inventory";
import { NetworkModel, type RouteTarget } from "./network-model";

/** What a box stands for: picks its colours. */
export type Kind =
    | "account"
    | "region"
    | "vpc"
    | "subnet"
    | "tgw"
    | "tgw-rt"
    | "firewall"
    | "firewall-endpoint"
    | "gateway"
    | "resolver"
    | "endpoint"
    | "gwlb"
    | "workload";

/** A box of the diagram before layout. */
export interface DiagramNode {
    readonly id: string;
    readonly kind: Kind;
    /** A sub-kind for colours (VPC role, subnet tier). */
    readonly variant?: string;
    /** First line is the title. */
    readonly lines: readonly string[];
    readonly children: DiagramNode[];
}

/** A line of the diagram before layout. */
export interface DiagramEdge {
    readonly id: string;
    readonly source: string;
    readonly target: string;
    readonly label?: string;
    readonly dashed?: boolean;
    /** Only guides the layout (stacks the tiers of one AZ); not drawn. */
    readonly invisible?: boolean;
    /** Laid out from target to source (a return route, a propagation), drawn with the arrow at the target. */
    readonly reversed?: boolean;
}

/** The diagram before layout. */
export interface DiagramGraph {
    readonly title: string;
    readonly nodes: DiagramNode[];
    readonly edges: DiagramEdge[];
}

/** The stacks' placement, as the plan knows it. */
export interface DiagramStack {
    readonly name: string;
    readonly role?: string;
    readonly accountId: string;
    readonly region: string;
}

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

/** Appends `value` to the list of `key`. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
}

/** The items by key, in their order. */
function groupBy<K, V>(items: readonly V[], key: (item: V) => K): Map<K, V[]> {
    const groups = new Map<K, V[]>();
    for (const item of items) push(groups, key(item), item);
    return groups;
}

const azSuffix = (az: string) => az.replace(/^[a-z]+-[a-z]+-\d+/, "") || az;

function shortId(id: string | undefined): string | undefined {
    return id && id.length > 24 ? `${id.slice(0, 21)}...` : id;
}

/** Builds the diagram's boxes and lines from the inventory. */
export function diagramGraph(
    inventory: Inventory,
    stacks: readonly DiagramStack[],
    title: string,
): DiagramGraph {
    const net = new NetworkModel(inventory);
    const nodes: DiagramNode[] = [];
    const edges: DiagramEdge[] = [];
    const edgeKeys = new Set<string>();
    const edge = (
        source: string,
        target: string,
        label?: string,
        dashed = false,
        invisible = false,
        reversed = false,
    ) => {
        const key = `${source}>${target}>${label ?? ""}`;
        if (edgeKeys.has(key) || source === target) return;
        edgeKeys.add(key);
        edges.push({
            id: `e${edges.length}`,
            source,
            target,
            ...(label ? { label } : {}),
            ...(dashed ? { dashed } : {}),
            ...(invisible ? { invisible } : {}),
            ...(reversed ? { reversed } : {}),
        });
    };

    // Accounts and their regions, in stack order.
    const stacksOfAccount = groupBy(stacks, (s) => s.accountId);
    const accounts = new Map<string, DiagramNode>();
    const regions = new Map<string, DiagramNode>();
    const regionOf = (accountId: string, region: string): DiagramNode => {
        let account = accounts.get(accountId);
        if (!account) {
            const mine = stacksOfAccount.get(accountId) ?? [];
            const roles = [
                ...new Set(mine.map((s) => s.role).filter((r): r is string => r !== undefined && r !== "")),
            ];
            account = {
                id: `account:${accountId}`,
                kind: "account",
                lines: [
                    `${roles.length ? `${roles.join(" + ")} ` : ""}account ${accountId}`,
                    mine.map((s) => s.name).join(", "),
                ],
                children: [],
            };
            accounts.set(accountId, account);
            nodes.push(account);
        }
        const key = `${accountId}/${region}`;
        let node = regions.get(key);
        if (!node) {
            node = { id: `region:${key}`, kind: "region", lines: [region], children: [] };
            regions.set(key, node);
            account.children.push(node);
        }
        return node;
    };

    const vpcNodes = new Map<string, DiagramNode>();
    const nodeIds = new Set<string>();
    const add = (parent: DiagramNode, node: DiagramNode) => {
        parent.children.push(node);
        nodeIds.add(node.id);
        return node;
    };

    // The Resolver rules associated with each VPC, named in the VPC's box.
    const rulesOfVpc = new Map<string, string[]>();
    for (const association of inventory.ofType(TYPES.resolverRuleAssociation)) {
        const vpc = net.vpcOf(association);
        const rule = inventory.ref(association, "resolverRuleId", [TYPES.resolverRule]);
        if (!vpc || !rule) continue;
        const domain = (str(rule.props.domainName) ?? rule.name).replace(/\.$/, "");
        push(rulesOfVpc, vpc.urn, domain);
    }

    // VPCs with their subnets by tier and AZ.
    for (const vpc of net.vpcs()) {
        const role = net.roleOf(vpc) ?? "vpc";
        const rules = rulesOfVpc.get(vpc.urn) ?? [];
        const node = add(regionOf(vpc.accountId, vpc.region), {
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
        vpcNodes.set(vpc.urn, node);
        const subnets = [...net.subnetsOf(vpc)].sort((a, b) => {
            const ta = TIER_ORDER.indexOf(net.tierOf(a));
            const tb = TIER_ORDER.indexOf(net.tierOf(b));
            return (ta < 0 ? 99 : ta) - (tb < 0 ? 99 : tb) || net.azOf(a).localeCompare(net.azOf(b));
        });
        // Tiers of one AZ stacked top to bottom: layout-only edges between consecutive tiers.
        const byAz = groupBy(subnets, (s) => net.azOf(s));
        for (const column of byAz.values()) {
            column
                .slice(1)
                .forEach((subnet, i) =>
                    edge(`subnet:${column[i].urn}`, `subnet:${subnet.urn}`, undefined, false, true),
                );
        }
        for (const subnet of subnets) {
            const table = net.routeTableOf(subnet);
            const toTgw = net
                .routesOf(vpc, table)
                .filter((r) => r.target.kind === "tgw")
                .map((r) => r.destination);
            add(node, {
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
    const vpcNodeOf = (item: Item | undefined) => (item ? vpcNodes.get(item.urn) : undefined);

    // Firewalls and their endpoints per AZ.
    for (const firewall of inventory.ofType(TYPES.firewall)) {
        const parent = vpcNodeOf(net.firewallVpc(firewall));
        if (!parent) continue;
        const node = add(parent, {
            id: `firewall:${firewall.urn}`,
            kind: "firewall",
            lines: ["Network Firewall", str(firewall.props.name) ?? firewall.name],
            children: [],
        });
        for (const endpoint of net.firewallEndpoints(firewall)) {
            const id = `fwe:${firewall.urn}:${endpoint.az}`;
            add(node, {
                id,
                kind: "firewall-endpoint",
                lines: [`endpoint ${azSuffix(endpoint.az)}`, shortId(endpoint.endpointId) ?? endpoint.az],
                children: [],
            });
            if (endpoint.subnet) edge(id, `subnet:${endpoint.subnet.urn}`, "inspected");
        }
    }

    // Gateways, endpoints and load balancers inside VPCs.
    for (const igw of inventory.ofType(TYPES.igw)) {
        const parent = vpcNodeOf(net.vpcOf(igw));
        if (parent)
            add(parent, { id: `igw:${igw.urn}`, kind: "gateway", lines: ["Internet gateway"], children: [] });
    }
    for (const nat of inventory.ofType(TYPES.nat)) {
        const subnet = inventory.ref(nat, "subnetId", [TYPES.subnet]);
        const vpc = subnet ? net.vpcOf(subnet) : undefined;
        const parent = vpcNodeOf(vpc);
        if (!parent || !subnet || !vpc) continue;
        const id = `nat:${nat.urn}`;
        add(parent, {
            id,
            kind: "gateway",
            lines: ["NAT gateway", `${net.tierOf(subnet)} ${azSuffix(net.azOf(subnet))}`],
            children: [],
        });
        for (const r of net.routesOf(vpc, net.routeTableOf(subnet))) {
            if (r.target.kind === "igw") edge(id, `igw:${r.target.item.urn}`, r.destination);
        }
    }
    const gatewayEndpoints = new Map<string, string[]>();
    const servicesByName = groupBy(inventory.ofType(TYPES.endpointService), (s) => str(s.props.serviceName));
    for (const endpoint of inventory.ofType(TYPES.vpcEndpoint)) {
        const vpc = net.vpcOf(endpoint);
        const parent = vpcNodeOf(vpc);
        if (!parent || !vpc) continue;
        const kind = str(endpoint.props.vpcEndpointType) ?? "Gateway";
        const service = (str(endpoint.props.serviceName) ?? endpoint.name).split(".").pop() ?? endpoint.name;
        if (kind === "Gateway") {
            push(gatewayEndpoints, vpc.urn, service);
            continue;
        }
        const subnets = inventory.refs(endpoint, "subnetIds", [TYPES.subnet]);
        const gwlb = kind === "GatewayLoadBalancer";
        const id = `vpce:${endpoint.urn}`;
        add(parent, {
            id,
            kind: gwlb ? "gwlb" : "endpoint",
            lines: [
                gwlb ? "GWLB endpoint" : `${service} endpoint`,
                subnets.map((s) => azSuffix(net.azOf(s))).join(", ") || kind,
            ],
            children: [],
        });
        if (gwlb) {
            const service = inventory.ref(
                endpoint,
                "serviceName",
                [TYPES.endpointService],
                (servicesByName.get(str(endpoint.props.serviceName)) ?? []).map((s) => s.id),
            );
            const lb = service ? inventory.ref(service, "gatewayLoadBalancerArns", [TYPES.lb]) : undefined;
            if (lb) edge(id, `lb:${lb.urn}`, "GENEVE");
        }
    }
    for (const [vpcUrn, services] of gatewayEndpoints) {
        add(vpcNodes.get(vpcUrn)!, {
            id: `gwe:${vpcUrn}`,
            kind: "endpoint",
            lines: ["gateway endpoints", services.join(", ")],
            children: [],
        });
    }
    const groupsOfStack = groupBy(inventory.ofType("aws:autoscaling/group:Group"), (g) => g.stack);
    for (const lb of inventory.ofType(TYPES.lb)) {
        const subnets = inventory.refs(lb, "subnets", [TYPES.subnet]);
        const parent = vpcNodeOf(subnets[0] ? net.vpcOf(subnets[0]) : undefined);
        if (!parent) continue;
        const type = str(lb.props.loadBalancerType) ?? "application";
        const appliances = (groupsOfStack.get(lb.stack) ?? []).map((g) => {
            const template = inventory.ref(
                g,
                "launchTemplate",
                ["aws:ec2/launchTemplate:LaunchTemplate"],
                [obj(g.props.launchTemplate).id],
            );
            return `${str(template?.props.instanceType) ?? "instances"} × ${String(g.props.desiredCapacity ?? "?")}`;
        });
        add(parent, {
            id: `lb:${lb.urn}`,
            kind: type === "gateway" ? "gwlb" : "endpoint",
            lines: [
                type === "gateway" ? "Gateway Load Balancer" : `${type} load balancer`,
                ...(type === "gateway" ? appliances.map((a) => `appliances ${a}`) : [lb.name]),
            ],
            children: [],
        });
    }

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

    // Routes from subnets to targets inside their VPC.
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
                if (target && nodeIds.has(target)) push(byTarget, target, r.destination);
            }
            const from = `subnet:${subnet.urn}`;
            for (const [target, destinations] of byTarget) {
                // Traffic flows down the tiers; a route back up (a return route) is laid out reversed.
                edge(from, target, destinations.join(", "), false, false, rank(target) < rank(from));
            }
        }
    }

    // Transit Gateways, their route tables, and the attachments of VPCs.
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
        add(regionOf(tgw.accountId, tgw.region), node);
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
            add(node, {
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
    for (const attachment of net.attachments()) {
        const vpc = net.vpcOf(attachment);
        const vpcNode = vpcNodeOf(vpc);
        if (!vpcNode) continue;
        const table = net.associationOf(attachment);
        const tgw = net.tgwOf(attachment);
        const from = table ? `tgwrt:${table.urn}` : tgw ? `tgw:${tgw.urn}` : undefined;
        if (from && nodeIds.has(from)) {
            edge(from, vpcNode.id, `attachment${net.applianceMode(attachment) ? " · appliance mode" : ""}`);
        }
        for (const propagation of propagations.get(attachment.urn) ?? []) {
            if (nodeIds.has(`tgwrt:${propagation.urn}`)) {
                edge(vpcNode.id, `tgwrt:${propagation.urn}`, "propagates", true, false, true);
            }
        }
    }

    // Resolver endpoints and rules.
    for (const endpoint of inventory.ofType(TYPES.resolverEndpoint)) {
        const addresses = list(endpoint.props.ipAddresses).map((a) => obj(a));
        const subnet = inventory.ref(
            endpoint,
            "ipAddresses",
            [TYPES.subnet],
            addresses.map((a) => a.subnetId),
        );
        const parent = vpcNodeOf(subnet ? net.vpcOf(subnet) : undefined);
        if (!parent) continue;
        const ips = addresses.map((a) => str(a.ip)).filter((ip): ip is string => ip !== undefined);
        add(parent, {
            id: `rslv:${endpoint.urn}`,
            kind: "resolver",
            lines: [
                `Resolver ${(str(endpoint.props.direction) ?? "").toLowerCase()} endpoint`,
                ips.length ? ips.join(", ") : `${addresses.length} ENIs`,
            ],
            children: [],
        });
    }
    const rulesByRegion = groupBy(inventory.ofType(TYPES.resolverRule), (r) => `${r.accountId}/${r.region}`);
    for (const [key, rules] of rulesByRegion) {
        const [accountId, region] = key.split("/");
        const id = `rules:${key}`;
        add(regionOf(accountId, region), {
            id,
            kind: "resolver",
            lines: [
                "Resolver rules",
                ...rules.map((rule) => {
                    const targets = list(rule.props.targetIps)
                        .map((t) => str(obj(t).ip))
                        .filter((ip) => ip !== undefined);
                    return `${str(rule.props.domainName) ?? rule.name} → ${targets.join(", ") || str(rule.props.ruleType) || "?"}`;
                }),
            ],
            children: [],
        });
        for (const rule of rules) {
            const endpoint = inventory.ref(rule, "resolverEndpointId", [TYPES.resolverEndpoint]);
            if (endpoint) edge(id, `rslv:${endpoint.urn}`, "forwards via");
        }
    }

    // Each spoke's workload: the workload components and services of its stack.
    const spokeVpcs = new Map<string, Item>();
    for (const vpc of net.vpcs()) {
        if (net.roleOf(vpc) === "spoke" && !spokeVpcs.has(vpc.stack)) spokeVpcs.set(vpc.stack, vpc);
    }
    const itemsOfStack = groupBy(inventory.items, (i) => i.stack);
    for (const stack of stacks.filter((s) => s.role === "spoke")) {
        const parent = vpcNodeOf(spokeVpcs.get(stack.name));
        if (!parent) continue;
        const mine = itemsOfStack.get(stack.name) ?? [];
        const components = mine
            .filter((i) => i.type.startsWith("hub-network:workloads:"))
            .map((i) => `${i.type.split(":").pop()} ${i.name}`);
        const count = (label: string, ...types: string[]) => {
            const n = mine.filter((i) => types.includes(i.type)).length;
            return n ? [`${label} × ${n}`] : [];
        };
        const services = [
            ...count("Lambda", "aws:lambda/function:Function"),
            ...count("ECS service", "aws:ecs/service:Service", "awsx:ecs:FargateService"),
            ...count("API Gateway", "aws:apigateway/restApi:RestApi", "aws:apigatewayv2/api:Api"),
            ...count("DynamoDB", "aws:dynamodb/table:Table"),
            ...count("WAF web ACL", "aws:wafv2/webAcl:WebAcl"),
        ];
        add(parent, {
            id: `workload:${stack.name}`,
            kind: "workload",
            lines: [
                "workload",
                ...(components.length || services.length
                    ? [...components, services.join(", ")].filter((l) => l)
                    : ["subnets ready, no services declared"]),
            ],
            children: [],
        });
    }
    return { title, nodes, edges: edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)) };
}
