import type { StackResource, StackViolation } from "../../../lib/policy";
import { list, record, str, tagsOf } from "../../../lib/props";
import { routesOf, StackGraph, vpcRoleOf } from "../../../lib/stack";
import { stackPolicy } from "../../../lib/policy";
import { T } from "../../../lib/types";

/** The firewall endpoint IDs of each AZ, from a firewall's `firewallStatuses` (known after an update). */
function endpointZones(firewalls: readonly StackResource[]): Map<string, string> {
    const zones = new Map<string, string>();
    for (const firewall of firewalls) {
        for (const status of list(firewall.props.firewallStatuses)) {
            for (const state of list(record(status).syncStates)) {
                const zone = str(record(state).availabilityZone);
                for (const attachment of list(record(state).attachments)) {
                    const endpoint = str(record(attachment).endpointId);
                    if (zone && endpoint) zones.set(endpoint, zone);
                }
            }
        }
    }
    return zones;
}

/**
 * In the inspection VPC, the route tables of each AZ's tgw and public subnets must send traffic to the
 * Network Firewall endpoint of that same AZ, so both directions of a flow cross one stateful endpoint.
 */
export const routeTableInspectionSameAzFirewall = stackPolicy({
    name: "ec2-route-table-inspection-same-az-firewall",
    description:
        "In the inspection VPC, each AZ's tgw and public subnet route tables must route through the firewall endpoint of the same AZ.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical" },
    subjectType: T.vpc,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const vpc of graph.ofType(T.vpc).filter((v) => vpcRoleOf(v) === "inspection")) {
            const firewalls = graph.referrers(vpc, "vpcId", T.firewall);
            if (firewalls.length === 0) {
                found.push({
                    urn: vpc.urn,
                    message: `inspection VPC '${vpc.name}' has no Network Firewall.`,
                });
                continue;
            }
            const zones = endpointZones(firewalls);
            for (const subnet of graph.referrers(vpc, "vpcId", T.subnet)) {
                const tier = tagsOf(subnet.props)["hub-network:subnet-tier"];
                if (tier !== "tgw" && tier !== "public") continue;
                const az = str(subnet.props.availabilityZone) ?? "its AZ";
                const tables = graph
                    .referrers(subnet, "subnetId", T.routeTableAssociation)
                    .flatMap((association) => graph.targets(association, "routeTableId", T.routeTable));
                if (tables.length === 0) {
                    found.push({
                        urn: subnet.urn,
                        message: `${tier} subnet '${subnet.name}' has no route table.`,
                    });
                }
                for (const table of tables) {
                    // tgw subnets: the default route; public subnets: the return routes to the spokes.
                    const routes = routesOf(graph, table).filter(({ props }) =>
                        tier === "tgw"
                            ? props.destinationCidrBlock === "0.0.0.0/0" || props.cidrBlock === "0.0.0.0/0"
                            : props.destinationCidrBlock !== "0.0.0.0/0" && props.cidrBlock !== "0.0.0.0/0",
                    );
                    if (routes.length === 0) {
                        found.push({
                            urn: table.urn,
                            message: `route table '${table.name}' (${tier}, ${az}) has no route through the firewall.`,
                        });
                    }
                    for (const { route, props } of routes) {
                        const where = `route table '${table.name}' (${tier}, ${az}) sends ${String(props.destinationCidrBlock ?? props.cidrBlock)}`;
                        const endpoint = str(props.vpcEndpointId);
                        if (endpoint !== undefined) {
                            const zone = zones.get(endpoint);
                            if (zone === undefined && zones.size > 0) {
                                found.push({
                                    urn: route.urn,
                                    message: `${where} to '${endpoint}', which is not a firewall endpoint.`,
                                });
                            } else if (zone !== undefined && zone !== az) {
                                found.push({
                                    urn: route.urn,
                                    message: `${where} to the firewall endpoint of ${zone}; use the endpoint of ${az}.`,
                                });
                            }
                            continue;
                        }
                        // In a preview the endpoint ID is unknown: it must at least derive from the firewall.
                        const from = route.propertyDependencies.vpcEndpointId ?? [];
                        if (!firewalls.some((f) => from.includes(f.urn))) {
                            found.push({
                                urn: route.urn,
                                message: `${where} past the firewall; route it to the firewall endpoint of ${az}.`,
                            });
                        }
                    }
                }
            }
        }
        return found;
    },
});
