import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";
import { field, WEB_ACL, webAclRules } from "./rules";

/**
 * WAF web ACLs must use at least one AWS managed rule group that blocks (not overridden to count).
 * Every group listed in requiredManagedRuleGroups must be among them.
 */
export const wafv2WebAclManagedRuleGroup = resourcePolicy<{ requiredManagedRuleGroups: string[] }>({
    name: "wafv2-web-acl-managed-rule-group",
    description:
        "WAF web ACLs must use at least one AWS managed rule group that blocks (not overridden to count).",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["WAF.10"] },
    configSchema: {
        properties: {
            requiredManagedRuleGroups: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "AWS managed rule groups every web ACL must use (AWSManagedRulesCommonRuleSet, ...).",
            },
        },
    },
    resourceTypes: [WEB_ACL],
    check: (props, { config }) => {
        const rules = webAclRules(props);
        if (rules === undefined) return [];
        const managed = rules
            .map((rule) => ({ rule, group: field(rule.statement, "managedRuleGroupStatement") }))
            .filter(({ group }) => group !== undefined && str(field(group, "vendorName")) === "AWS")
            .map(({ rule, group }) => ({ rule, name: str(field(group, "name")) ?? "?" }));
        const found: string[] = [];
        if (managed.length === 0) {
            found.push("has no AWS managed rule group; add one (AWSManagedRulesCommonRuleSet, say).");
        } else if (managed.every(({ rule }) => rule.overrideAction === "count")) {
            found.push(
                "every AWS managed rule group is overridden to count only; set overrideAction none on at least one.",
            );
        }
        for (const required of config.requiredManagedRuleGroups) {
            if (!managed.some(({ name }) => name === required)) {
                found.push(`does not use the required AWS managed rule group ${required}.`);
            }
        }
        return found;
    },
});
