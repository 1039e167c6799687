import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record, str } from "../../../lib/props";

/**
 * Route 53 Resolver endpoints must have addresses in at least two subnets (one per AZ), so DNS keeps
 * working when an AZ fails. Subnet IDs unknown in a preview cannot be compared: then only the number of
 * addresses is checked.
 */
export const resolverEndpointTwoAzs = resourcePolicy({
    name: "route53resolver-endpoint-two-azs",
    description: "Route 53 Resolver endpoints must have IP addresses in at least two subnets (AZs).",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    resourceTypes: ["aws:route53/resolverEndpoint:ResolverEndpoint"],
    check: (props) => {
        if (isUnknown(props.ipAddresses)) return [];
        const entries = list(props.ipAddresses).map(record);
        if (entries.length < 2) {
            return [
                `ipAddresses has ${entries.length} ${entries.length === 1 ? "entry" : "entries"}; give the endpoint an address in at least two AZs.`,
            ];
        }
        const subnets = entries.map((e) => str(e.subnetId));
        if (subnets.some((s) => s === undefined)) return [];
        const distinct = [...new Set(subnets)];
        return distinct.length < 2
            ? [
                  `every ipAddresses entry is in subnet '${distinct[0]}'; put the addresses in subnets of at least two AZs.`,
              ]
            : [];
    },
});
