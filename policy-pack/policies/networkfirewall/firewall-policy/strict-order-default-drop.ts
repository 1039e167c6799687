import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record } from "../../../lib/props";

const DROPS = ["aws:drop_strict", "aws:drop_established"];

/** Network Firewall policies must evaluate stateful rules in strict order and drop what no rule passed. */
export const firewallPolicyStrictOrderDefaultDrop = resourcePolicy({
    name: "networkfirewall-firewall-policy-strict-order-default-drop",
    description:
        "Network Firewall policies must evaluate stateful rules in strict order and drop what no rule passed.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    resourceTypes: ["aws:networkfirewall/firewallPolicy:FirewallPolicy"],
    check: (props) => {
        const policy = record(props.firewallPolicy);
        const order = record(policy.statefulEngineOptions).ruleOrder;
        const actions = policy.statefulDefaultActions;
        return [
            ...(order === "STRICT_ORDER" || isUnknown(order)
                ? []
                : [
                      `statefulEngineOptions.ruleOrder is '${String(order ?? "DEFAULT_ACTION_ORDER")}'; set it to 'STRICT_ORDER'.`,
                  ]),
            ...(isUnknown(actions) || list(actions).some((a) => DROPS.includes(String(a)))
                ? []
                : [
                      `statefulDefaultActions is [${list(actions).join(", ")}]; include aws:drop_established or aws:drop_strict.`,
                  ]),
        ];
    },
});
