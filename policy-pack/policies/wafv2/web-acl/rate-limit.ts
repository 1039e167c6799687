import { resourcePolicy } from "../../../lib/policy";
import { isUnknown } from "../../../lib/props";
import { field, WEB_ACL, webAclRules } from "./rules";

/** WAF's evaluation window when a rate-based rule names none. */
const DEFAULT_WINDOW_SECONDS = 300;

/**
 * WAF web ACLs must have a blocking rate-based rule whose limit lies within the configured bounds.
 * WAF counts over an evaluation window (60 to 600 s, 300 by default), so limits are compared per
 * minute: a limit of 1000 over 300 s is 200 requests per minute.
 */
export const wafv2WebAclRateLimit = resourcePolicy<{
    minRequestsPerMinute: number;
    maxRequestsPerMinute: number;
}>({
    name: "wafv2-web-acl-rate-limit",
    description:
        "WAF web ACLs must have a blocking rate-based rule whose limit lies within the configured bounds.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium" },
    configSchema: {
        properties: {
            minRequestsPerMinute: {
                type: "number",
                minimum: 0,
                default: 10,
                description: "Lowest limit per minute (per aggregation key) a rate-based rule may set.",
            },
            maxRequestsPerMinute: {
                type: "number",
                minimum: 1,
                default: 10000,
                description: "Highest limit per minute (per aggregation key) a rate-based rule may set.",
            },
        },
    },
    resourceTypes: [WEB_ACL],
    check: (props, { config }) => {
        const rules = webAclRules(props);
        if (rules === undefined) return [];
        const rated = rules
            .map((rule) => ({ rule, rate: field(rule.statement, "rateBasedStatement") }))
            .filter(({ rate }) => rate !== undefined);
        if (rated.length === 0) {
            return ["has no rate-based rule; add one that blocks clients above the rate limit."];
        }
        const { minRequestsPerMinute: min, maxRequestsPerMinute: max } = config;
        return rated.flatMap(({ rule, rate }) => {
            const found: string[] = [];
            if (rule.action === "count" || rule.action === "allow") {
                found.push(`rate-based rule '${rule.name}' only ${rule.action}s; set its action to block.`);
            }
            const limit = field(rate, "limit");
            const windowValue = field(rate, "evaluationWindowSec");
            if (typeof limit !== "number" || isUnknown(limit) || isUnknown(windowValue)) return found;
            const window = typeof windowValue === "number" ? windowValue : DEFAULT_WINDOW_SECONDS;
            const perMinute = (limit * 60) / window;
            if (perMinute < min || perMinute > max) {
                found.push(
                    `rate-based rule '${rule.name}' allows ${perMinute} requests per minute (limit ${limit} over ${window} s); keep it between ${min} and ${max}.`,
                );
            }
            return found;
        });
    },
});
