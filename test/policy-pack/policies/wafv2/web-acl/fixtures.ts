/** A regional web ACL as the workloads declare one: the compliant baseline of the web ACL specs. */
export const TYPE = "aws:wafv2/webAcl:WebAcl";

const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
});

export const commonRuleSet = {
    name: "AWSManagedRulesCommonRuleSet",
    priority: 0,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
    visibilityConfig: visibility("AWSManagedRulesCommonRuleSet"),
};

export const rateRule = {
    name: "rate-limit-per-ip",
    priority: 1,
    action: { block: {} },
    statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP", evaluationWindowSec: 60 } },
    visibilityConfig: visibility("rate-limit-per-ip"),
};

export const compliantAcl = {
    name: "items",
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    rules: [commonRuleSet, rateRule],
    visibilityConfig: visibility("items"),
};

/** The baseline ACL with `rules` instead of its own. */
export const withRules = (...rules: Record<string, unknown>[]) => ({ ...compliantAcl, rules });
