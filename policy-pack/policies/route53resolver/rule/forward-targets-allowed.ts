import { resourcePolicy } from "../../../lib/policy";
import { ipInCidr } from "../../../lib/network";
import { list, record, str } from "../../../lib/props";

/** RFC 1918 private ranges: where DNS servers of the organization live. */
export const PRIVATE_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/**
 * FORWARD rules may only send queries to DNS servers inside the allowed ranges: a target outside them
 * (a public resolver, say) would leak every private name the rule matches out of the organization.
 */
export const resolverRuleForwardTargetsAllowed = resourcePolicy<{ allowedTargetCidrs: string[] }>({
    name: "route53resolver-rule-forward-targets-allowed",
    description: "Route 53 Resolver FORWARD rules may only forward to DNS servers inside allowedTargetCidrs.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    configSchema: {
        properties: {
            allowedTargetCidrs: {
                type: "array",
                items: { type: "string" },
                default: PRIVATE_CIDRS,
                description: "IPv4 ranges forwarding targets must lie in (the private ranges by default).",
            },
        },
    },
    resourceTypes: ["aws:route53/resolverRule:ResolverRule"],
    check: (props, { config }) => {
        if (str(props.ruleType)?.toUpperCase() !== "FORWARD") return [];
        const allowed = config.allowedTargetCidrs;
        return list(props.targetIps).flatMap((target, i) => {
            const ip = str(record(target).ip);
            if (ip === undefined || allowed.some((cidr) => ipInCidr(ip, cidr))) return [];
            return [`targetIps[${i}] ${ip} is outside allowedTargetCidrs (${allowed.join(", ")}).`];
        });
    },
});
