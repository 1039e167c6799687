/**
 * The boxes of the topology diagram inside VPCs and regions besides subnets: firewalls and their
 * endpoints, gateways, VPC endpoints, load balancers, Resolver endpoints and rules, and each spoke's
 * workload.
 */
import { list, obj, str, TYPES, type Item } from "./inventory";
import { azSuffix, groupBy, push, shortId, type GraphBuilder } from "./diagram-model";

/** Firewalls and their endpoints per AZ. */
export function firewallBoxes(b: GraphBuilder): void {
    const { inventory, net } = b;
    for (const firewall of inventory.ofType(TYPES.firewall)) {
        const parent = b.vpcNodeOf(net.firewallVpc(firewall));
        if (!parent) continue;
        const node = b.add(parent, {
            id: `firewall:${firewall.urn}`,
            kind: "firewall",
            lines: ["Network Firewall", str(firewall.props.name) ?? firewall.name],
            children: [],
        });
        for (const endpoint of net.firewallEndpoints(firewall)) {
            const id = `fwe:${firewall.urn}:${endpoint.az}`;
            b.add(node, {
                id,
                kind: "firewall-endpoint",
                lines: [`endpoint ${azSuffix(endpoint.az)}`, shortId(endpoint.endpointId) ?? endpoint.az],
                children: [],
            });
            if (endpoint.subnet) b.edge(id, `subnet:${endpoint.subnet.urn}`, "inspected");
        }
    }
}

/** Internet and NAT gateways, VPC endpoints (gateway endpoints in one box per VPC), load balancers. */
export function gatewayBoxes(b: GraphBuilder): void {
    const { inventory, net } = b;
    for (const igw of inventory.ofType(TYPES.igw)) {
        const parent = b.vpcNodeOf(net.vpcOf(igw));
        if (parent)
            b.add(parent, {
                id: `igw:${igw.urn}`,
                kind: "gateway",
                lines: ["Internet gateway"],
                children: [],
            });
    }
    for (const nat of inventory.ofType(TYPES.nat)) {
        const subnet = inventory.ref(nat, "subnetId", [TYPES.subnet]);
        const vpc = subnet ? net.vpcOf(subnet) : undefined;
        const parent = b.vpcNodeOf(vpc);
        if (!parent || !subnet || !vpc) continue;
        const id = `nat:${nat.urn}`;
        b.add(parent, {
            id,
            kind: "gateway",
            lines: ["NAT gateway", `${net.tierOf(subnet)} ${azSuffix(net.azOf(subnet))}`],
            children: [],
        });
        for (const r of net.routesOf(vpc, net.routeTableOf(subnet))) {
            if (r.target.kind === "igw") b.edge(id, `igw:${r.target.item.urn}`, r.destination);
        }
    }
    const gatewayEndpoints = new Map<string, string[]>();
    const servicesByName = groupBy(inventory.ofType(TYPES.endpointService), (s) => str(s.props.serviceName));
    for (const endpoint of inventory.ofType(TYPES.vpcEndpoint)) {
        const vpc = net.vpcOf(endpoint);
        const parent = b.vpcNodeOf(vpc);
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
        b.add(parent, {
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
            if (lb) b.edge(id, `lb:${lb.urn}`, "GENEVE");
        }
    }
    for (const [vpcUrn, services] of gatewayEndpoints) {
        b.add(b.vpcNodes.get(vpcUrn)!, {
            id: `gwe:${vpcUrn}`,
            kind: "endpoint",
            lines: ["gateway endpoints", services.join(", ")],
            children: [],
        });
    }
    const groupsOfStack = groupBy(inventory.ofType("aws:autoscaling/group:Group"), (g) => g.stack);
    for (const lb of inventory.ofType(TYPES.lb)) {
        const subnets = inventory.refs(lb, "subnets", [TYPES.subnet]);
        const parent = b.vpcNodeOf(subnets[0] ? net.vpcOf(subnets[0]) : undefined);
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
        b.add(parent, {
            id: `lb:${lb.urn}`,
            kind: type === "gateway" ? "gwlb" : "endpoint",
            lines: [
                type === "gateway" ? "Gateway Load Balancer" : `${type} load balancer`,
                ...(type === "gateway" ? appliances.map((a) => `appliances ${a}`) : [lb.name]),
            ],
            children: [],
        });
    }
}

/** Resolver endpoints, and the Resolver rules of each region with the endpoints they forward via. */
export function resolverBoxes(b: GraphBuilder): void {
    const { inventory, net } = b;
    for (const endpoint of inventory.ofType(TYPES.resolverEndpoint)) {
        const addresses = list(endpoint.props.ipAddresses).map((a) => obj(a));
        const subnet = inventory.ref(
            endpoint,
            "ipAddresses",
            [TYPES.subnet],
            addresses.map((a) => a.subnetId),
        );
        const parent = b.vpcNodeOf(subnet ? net.vpcOf(subnet) : undefined);
        if (!parent) continue;
        const ips = addresses.map((a) => str(a.ip)).filter((ip): ip is string => ip !== undefined);
        b.add(parent, {
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
        b.add(b.regionOf(accountId, region), {
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
            if (endpoint) b.edge(id, `rslv:${endpoint.urn}`, "forwards via");
        }
    }
}

/** Each spoke's workload: the workload components and services of its stack. */
export function workloadBoxes(b: GraphBuilder): void {
    const { inventory, net } = b;
    const spokeVpcs = new Map<string, Item>();
    for (const vpc of net.vpcs()) {
        if (net.roleOf(vpc) === "spoke" && !spokeVpcs.has(vpc.stack)) spokeVpcs.set(vpc.stack, vpc);
    }
    const itemsOfStack = groupBy(inventory.items, (i) => i.stack);
    for (const stack of b.stacks.filter((s) => s.role === "spoke")) {
        const parent = b.vpcNodeOf(spokeVpcs.get(stack.name));
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
        b.add(parent, {
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
}
