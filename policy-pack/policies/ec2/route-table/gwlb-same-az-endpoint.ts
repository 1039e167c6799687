import { ipInCidr } from "../../../lib/network";
import type { StackResource, StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import {
    identifiersOf,
    routesOf,
    routeTablesOfSubnet,
    StackGraph,
    subnetTierOf,
    vpcRoleOf,
} from "../../../lib/stack";
import { T } from "../../../lib/types";

type RouteEntry = ReturnType<typeof routesOf>[number];

const azOf = (subnet: StackResource): string => str(subnet.props.availabilityZone) ?? "its AZ";
const destinationOf = (route: RouteEntry): string | undefined =>
    str(route.props.destinationCidrBlock) ?? str(route.props.cidrBlock);

const prefixOf = (cidr: string | undefined): number => Number(cidr?.split("/")[1] ?? 32);

/**
 * The routes that decide where traffic for subnet `to` goes: of the routes whose destination holds the
 * subnet (by value, or by property dependency in a preview) and is at least as specific as the VPC's
 * local route, the most specific ones. None means the local route wins: traffic skips the endpoints.
 */
function effectiveRoutes(
    routes: readonly RouteEntry[],
    to: StackResource,
    vpcCidr: string | undefined,
): RouteEntry[] {
    const cidr = str(to.props.cidrBlock);
    const floor = vpcCidr === undefined ? 1 : prefixOf(vpcCidr);
    const covering = routes.filter((route) => {
        const destination = destinationOf(route);
        if (destination !== undefined && cidr !== undefined) {
            return prefixOf(destination) >= floor && ipInCidr(cidr, destination);
        }
        const deps =
            route.route.type === T.route ? (route.route.propertyDependencies.destinationCidrBlock ?? []) : [];
        return deps.includes(to.urn);
    });
    const best = Math.max(...covering.map((r) => prefixOf(destinationOf(r))));
    return covering.filter((r) => prefixOf(destinationOf(r)) === best);
}

/** The GWLB endpoint a route targets, if it targets one of `endpoints`. */
function endpointOf(
    graph: StackGraph,
    route: RouteEntry,
    endpoints: readonly StackResource[],
): StackResource | undefined {
    const id = str(route.props.vpcEndpointId);
    return endpoints.find((e) =>
        route.route.type === T.route
            ? graph.refersTo(route.route, "vpcEndpointId", e)
            : id !== undefined && identifiersOf(e).includes(id),
    );
}

/**
 * The two directions of the GWLB ingress routing: from which tier's tables to which tier's subnets,
 * and whose AZ picks the endpoint. The vpclink side picks: a vpclink table uses the endpoint of its own
 * AZ, and a workload table sends each vpclink subnet to the endpoint of that subnet's AZ, so a reply
 * from a task in another AZ returns through the endpoint its request came through.
 */
const DIRECTIONS = [
    { from: "vpclink", to: "workload", pickedBy: "table" },
    { from: "workload", to: "vpclink", pickedBy: "destination" },
] as const;

/**
 * In a spoke VPC with GWLB endpoints, both directions of a vpclink-workload flow must cross the GWLB
 * endpoint of the vpclink subnet's AZ: each AZ's vpclink table sends the workload subnets to the
 * endpoint of its own AZ, and each workload table sends each vpclink subnet to the endpoint of that
 * subnet's AZ. A Gateway Load Balancer keeps a flow on one appliance only while both directions enter
 * through the same endpoint (its flow stickiness is per load balancer node, and each endpoint reaches
 * the node of its own AZ); AWS's distributed inspection designs route to the endpoint of the AZ that
 * stays fixed for the flow to keep it symmetric
 * (https://docs.aws.amazon.com/reference-architecture-diagrams/latest/distributed-inspection-gwlb/distributed-inspection-route-tables.html).
 * Tiers come from the `hub-network:subnet-tier` tag, AZs from the subnets, route tables from their
 * associations, endpoints from `vpcEndpointId` (property dependencies in a preview, IDs after an
 * update).
 */
export const routeTableGwlbSameAzEndpoint = stackPolicy({
    name: "ec2-route-table-gwlb-same-az-endpoint",
    description:
        "In a spoke VPC with GWLB endpoints, both directions between the vpclink and workload subnets must cross the GWLB endpoint of the vpclink subnet's AZ.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical" },
    subjectType: T.vpcEndpoint,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const vpc of graph.ofType(T.vpc).filter((v) => vpcRoleOf(v) === "spoke")) {
            const endpoints = graph
                .referrers(vpc, "vpcId", T.vpcEndpoint)
                .filter((e) => str(e.props.vpcEndpointType) === "GatewayLoadBalancer");
            if (endpoints.length === 0) continue;
            const subnets = graph.referrers(vpc, "vpcId", T.subnet);
            const endpointAz = new Map<StackResource, string>();
            for (const endpoint of endpoints) {
                for (const subnet of graph.targets(endpoint, "subnetIds", T.subnet)) {
                    endpointAz.set(endpoint, azOf(subnet));
                    const tier = subnetTierOf(subnet);
                    if (tier !== "gwlbe") {
                        found.push({
                            urn: endpoint.urn,
                            message: `GWLB endpoint '${endpoint.name}' is in ${tier ?? "untiered"} subnet '${subnet.name}'; put it in the gwlbe subnet of ${azOf(subnet)}.`,
                        });
                    }
                }
            }
            for (const { from, to, pickedBy } of DIRECTIONS) {
                const destinations = subnets.filter((s) => subnetTierOf(s) === to);
                for (const source of subnets.filter((s) => subnetTierOf(s) === from)) {
                    const az = azOf(source);
                    const endpointsIn = (zone: string) => endpoints.filter((e) => endpointAz.get(e) === zone);
                    for (const table of routeTablesOfSubnet(graph, source)) {
                        const where = `route table '${table.name}' (${from}, ${az})`;
                        if (pickedBy === "table" && endpointsIn(az).length === 0) {
                            found.push({
                                urn: table.urn,
                                message: `${where} has no GWLB endpoint in its AZ; add one to the gwlbe subnet of ${az}.`,
                            });
                            continue;
                        }
                        const routes = routesOf(graph, table);
                        const judged = new Set<RouteEntry>();
                        for (const destination of destinations) {
                            const wanted = pickedBy === "table" ? az : azOf(destination);
                            const own = endpointsIn(wanted);
                            const covering = effectiveRoutes(routes, destination, str(vpc.props.cidrBlock));
                            const cidr = str(destination.props.cidrBlock);
                            if (covering.length === 0) {
                                // A CIDR unknown in a preview, with no dependency to follow, is judged in the update.
                                if (cidr === undefined) continue;
                                found.push({
                                    urn: table.urn,
                                    message: `${where} has no route for ${to} subnet '${destination.name}' (${cidr}); route it to the GWLB endpoint of ${wanted}.`,
                                });
                            }
                            for (const route of covering) {
                                judged.add(route);
                                const sends = `${where} sends ${to} subnet '${destination.name}' (${destinationOf(route) ?? cidr ?? "its CIDR"})`;
                                const endpoint = endpointOf(graph, route, endpoints);
                                if (endpoint === undefined) {
                                    found.push({
                                        urn: route.route.urn,
                                        message: `${sends} past the GWLB endpoints; route it to the GWLB endpoint of ${wanted}.`,
                                    });
                                } else if (!own.includes(endpoint)) {
                                    found.push({
                                        urn: route.route.urn,
                                        message: `${sends} to the GWLB endpoint of ${endpointAz.get(endpoint) ?? "another AZ"}; use the endpoint of ${wanted}${pickedBy === "destination" ? ", the vpclink subnet's AZ, so the reply crosses the endpoint the request came through" : ""}.`,
                                    });
                                }
                            }
                        }
                        // Destinations unknown in a preview still show a vpclink route to another AZ's endpoint.
                        if (pickedBy !== "table") continue;
                        for (const route of routes.filter((r) => !judged.has(r))) {
                            const endpoint = endpointOf(graph, route, endpoints);
                            if (endpoint === undefined || endpointsIn(az).includes(endpoint)) continue;
                            found.push({
                                urn: route.route.urn,
                                message: `${where} sends ${destinationOf(route) ?? "traffic"} to the GWLB endpoint of ${endpointAz.get(endpoint) ?? "another AZ"}; use the endpoint of ${az}.`,
                            });
                        }
                    }
                }
            }
        }
        return found;
    },
});
