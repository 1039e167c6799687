import { rulesOf, SECURITY_GROUP_RULE_TYPES, SECURITY_GROUP_TYPES } from "../../../lib/network";
import { resourcePolicy } from "../../../lib/policy";

/** Every security group rule must say why it exists in its description. */
export const securityGroupRuleDescriptions = resourcePolicy({
    name: "ec2-security-group-rule-descriptions",
    description: "Every security group rule must say why it exists in its description.",
    enforcementLevel: "advisory",
    metadata: { severity: "low", checkov: ["CKV_AWS_23"] },
    resourceTypes: [...SECURITY_GROUP_TYPES, ...SECURITY_GROUP_RULE_TYPES],
    check: (props, { type }) => {
        const { ingress, egress } = rulesOf(type, props);
        return [...ingress, ...egress]
            .filter((rule) => !rule.description?.trim())
            .map((rule) => `${rule.where} has no description; say what the rule is for.`);
    },
});
