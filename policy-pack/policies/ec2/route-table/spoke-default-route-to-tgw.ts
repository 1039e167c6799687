import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { routesOf, StackGraph, vpcRoleOf } from "../../../lib/stack";
import { T } from "../../../lib/types";

const TARGETS = [
    "gatewayId",
    "natGatewayId",
    "vpcEndpointId",
    "networkInterfaceId",
    "vpcPeeringConnectionId",
    "egressOnlyGatewayId",
    "carrierGatewayId",
    "coreNetworkArn",
    "localGatewayId",
];

/** Every route table of a spoke VPC must send its default route (0.0.0.0/0) to the Transit Gateway. */
export const routeTableSpokeDefaultRouteToTgw = stackPolicy({
    name: "ec2-route-table-spoke-default-route-to-tgw",
    description:
        "Every route table of a spoke VPC must send its default route (0.0.0.0/0) to the Transit Gateway.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical" },
    subjectType: T.vpc,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const vpc of graph.ofType(T.vpc).filter((v) => vpcRoleOf(v) === "spoke")) {
            for (const table of graph.referrers(vpc, "vpcId", T.routeTable)) {
                for (const { route, props } of routesOf(graph, table)) {
                    if (props.cidrBlock !== "0.0.0.0/0" && props.destinationCidrBlock !== "0.0.0.0/0")
                        continue;
                    const viaTgw =
                        props.transitGatewayId !== undefined ||
                        (route.propertyDependencies.transitGatewayId ?? []).length > 0;
                    if (viaTgw) continue;
                    const target = TARGETS.find(
                        (t) => props[t] !== undefined || route.propertyDependencies[t]?.length,
                    );
                    found.push({
                        urn: route.urn,
                        message: `route table '${table.name}' of spoke VPC '${vpc.name}' sends 0.0.0.0/0 to ${target ?? "no target"}; send it to the Transit Gateway.`,
                    });
                }
            }
        }
        return found;
    },
});
