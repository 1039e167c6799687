import type { StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { StackGraph, vpcRoleOf } from "../../../lib/stack";
import { T } from "../../../lib/types";

/** Spoke VPCs must have no internet gateway, public NAT gateway or Elastic IP: egress goes through the hub. */
export const vpcSpokeNoInternetEdge = stackPolicy({
    name: "ec2-vpc-spoke-no-internet-edge",
    description:
        "Spoke VPCs must have no internet gateway, public NAT gateway or Elastic IP: egress goes through the hub.",
    enforcementLevel: "mandatory",
    metadata: { severity: "critical" },
    subjectType: T.vpc,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        for (const vpc of graph.ofType(T.vpc).filter((v) => vpcRoleOf(v) === "spoke")) {
            const gateways = graph.referrers(
                vpc,
                "vpcId",
                T.internetGateway,
                T.internetGatewayAttachment,
                T.egressOnlyInternetGateway,
            );
            for (const gateway of gateways) {
                found.push({
                    urn: gateway.urn,
                    message: `spoke VPC '${vpc.name}' has internet gateway '${gateway.name}'; spokes reach the internet through the hub.`,
                });
            }
            const subnets = graph.referrers(vpc, "vpcId", T.subnet);
            const nats = graph
                .ofType(T.natGateway)
                .filter((nat) => nat.props.connectivityType !== "private")
                .filter((nat) => subnets.some((s) => graph.refersTo(nat, "subnetId", s)));
            for (const nat of nats) {
                found.push({
                    urn: nat.urn,
                    message: `spoke VPC '${vpc.name}' has public NAT gateway '${nat.name}'; spokes reach the internet through the hub.`,
                });
                for (const eip of graph.targets(nat, "allocationId", T.eip)) {
                    found.push({
                        urn: eip.urn,
                        message: `spoke VPC '${vpc.name}' uses Elastic IP '${eip.name}'; spokes have no public addresses.`,
                    });
                }
            }
        }
        return found;
    },
});
