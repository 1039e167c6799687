import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, type Props } from "../../../lib/props";
import { field, WEB_ACL, webAclRules } from "./rules";

const metricsOff = (visibility: Props): string | undefined => {
    const enabled = field(visibility, "cloudwatchMetricsEnabled");
    return enabled === true || isUnknown(enabled) ? undefined : String(enabled ?? false);
};

/** WAF web ACLs must publish CloudWatch metrics for the ACL and for every rule. */
export const wafv2WebAclMetrics = resourcePolicy({
    name: "wafv2-web-acl-metrics",
    description: "WAF web ACLs must publish CloudWatch metrics for the ACL and for every rule.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["WAF.12"] },
    resourceTypes: [WEB_ACL],
    check: (props) => {
        const found: string[] = [];
        if (!isUnknown(props.visibilityConfig)) {
            const off = metricsOff(field(props, "visibilityConfig") as Props);
            if (off !== undefined) {
                found.push(`visibilityConfig.cloudwatchMetricsEnabled is ${off}; set it to true.`);
            }
        }
        for (const rule of webAclRules(props) ?? []) {
            const off = metricsOff(rule.visibilityConfig);
            if (off !== undefined) {
                found.push(
                    `rule '${rule.name}' visibilityConfig.cloudwatchMetricsEnabled is ${off}; set it to true.`,
                );
            }
        }
        return found;
    },
});
