import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record } from "../../../lib/props";

const ALLOWED = ["aws:forward_to_sfe", "aws:drop"];

/** Network Firewall policies must hand full and fragmented packets to the stateful engine or drop them. */
export const firewallPolicyStatelessDefaultForward = resourcePolicy({
    name: "networkfirewall-firewall-policy-stateless-default-forward",
    description:
        "Network Firewall policies must hand full and fragmented packets to the stateful engine or drop them.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high", fsbp: ["NetworkFirewall.4", "NetworkFirewall.5"] },
    resourceTypes: ["aws:networkfirewall/firewallPolicy:FirewallPolicy"],
    check: (props) => {
        const policy = record(props.firewallPolicy);
        return (["statelessDefaultActions", "statelessFragmentDefaultActions"] as const).flatMap((field) => {
            if (isUnknown(policy[field])) return [];
            const actions = list(policy[field]).map(String);
            return actions.some((a) => ALLOWED.includes(a))
                ? []
                : [`${field} is [${actions.join(", ")}]; use aws:forward_to_sfe (or aws:drop).`];
        });
    },
});
