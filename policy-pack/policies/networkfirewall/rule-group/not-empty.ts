import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, list, record, str } from "../../../lib/props";

/** Network Firewall rule groups must contain at least one rule. */
export const ruleGroupNotEmpty = resourcePolicy({
    name: "networkfirewall-rule-group-not-empty",
    description: "Network Firewall rule groups must contain at least one rule.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["NetworkFirewall.6"] },
    resourceTypes: ["aws:networkfirewall/ruleGroup:RuleGroup"],
    check: (props) => {
        if (isUnknown(props.ruleGroup) || props.rules !== undefined) return [];
        const source = record(record(props.ruleGroup).rulesSource);
        if (Object.values(source).some(isUnknown)) return [];
        const rules =
            (str(source.rulesString)?.trim() ? 1 : 0) +
            list(source.statefulRules).length +
            list(record(source.rulesSourceList).targets).length +
            list(record(source.statelessRulesAndCustomActions).statelessRules).length;
        return rules > 0 ? [] : ["ruleGroup.rulesSource has no rules; add rules or remove the group."];
    },
});
