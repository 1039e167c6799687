import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record } from "../../../lib/props";

/** Network Firewall policies must reference at least one stateless or stateful rule group. */
export const firewallPolicyHasRuleGroups = resourcePolicy({
    name: "networkfirewall-firewall-policy-has-rule-groups",
    description: "Network Firewall policies must reference at least one stateless or stateful rule group.",
    enforcementLevel: "mandatory",
    metadata: { severity: "medium", fsbp: ["NetworkFirewall.3"] },
    resourceTypes: ["aws:networkfirewall/firewallPolicy:FirewallPolicy"],
    check: (props) => {
        const policy = record(props.firewallPolicy);
        const refs = [policy.statelessRuleGroupReferences, policy.statefulRuleGroupReferences];
        if (refs.some(isUnknown)) return [];
        return refs.some((r) => list(r).length > 0)
            ? []
            : ["the policy references no rule group; add the stateful or stateless rule groups it enforces."];
    },
});
