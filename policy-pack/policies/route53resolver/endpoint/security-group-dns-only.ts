import {
    ipInCidr,
    portsText,
    rulesOf,
    SECURITY_GROUP_RULE_TYPES,
    SECURITY_GROUP_TYPES,
    type IngressRule,
} from "../../../lib/network";
import type { StackResource, StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { list, record, str, type Props } from "../../../lib/props";
import { StackGraph } from "../../../lib/stack";
import { T } from "../../../lib/types";
import { PRIVATE_CIDRS } from "../rule/forward-targets-allowed";

const DNS_PORT = 53;

/** One rule of an endpoint's security group, in the direction that matters for the endpoint. */
interface EndpointRule {
    readonly where: string;
    readonly resource: StackResource;
    readonly rule: IngressRule;
    /** Sources or destinations that are not CIDRs: security groups, prefix lists, `self`. */
    readonly others: readonly string[];
}

/** Security groups, prefix lists and `self` a rule names besides CIDRs. */
function otherPeers(resource: StackResource, raw: Props, inline: boolean): string[] {
    const named = [
        ...list(raw.securityGroups),
        ...list(raw.prefixListIds),
        raw.sourceSecurityGroupId,
        raw.referencedSecurityGroupId,
        raw.prefixListId,
    ]
        .map(str)
        .filter((v): v is string => v !== undefined && v !== "");
    // In a preview a referenced group's ID is unknown; its property dependency still shows it.
    const unresolved = inline
        ? []
        : ["referencedSecurityGroupId", "sourceSecurityGroupId", "prefixListId"]
              .filter((f) => raw[f] === undefined && (resource.propertyDependencies[f] ?? []).length > 0)
              .map((f) => `a ${f.replace(/Id$/, "")}`);
    return [...named, ...unresolved, ...(raw.self === true ? ["self"] : [])];
}

/** The rules of `direction` of a security group: inline ones and stand-alone rule resources. */
function rulesOfGroup(graph: StackGraph, sg: StackResource, direction: "ingress" | "egress"): EndpointRule[] {
    const inline = rulesOf(sg.type, sg.props)[direction].map((rule, i) => ({
        where: `security group '${sg.name}' ${rule.where}`,
        resource: sg,
        rule,
        others: otherPeers(sg, record(list(sg.props[direction])[i]), true),
    }));
    const separate = graph.referrers(sg, "securityGroupId", ...SECURITY_GROUP_RULE_TYPES).flatMap((r) =>
        rulesOf(r.type, r.props)[direction].map((rule) => ({
            where: `rule '${r.name}'`,
            resource: r,
            rule,
            others: otherPeers(r, r.props, false),
        })),
    );
    return [...inline, ...separate];
}

const isDns = (rule: IngressRule): boolean =>
    ["tcp", "udp", "6", "17"].includes(rule.protocol) &&
    rule.fromPort === DNS_PORT &&
    rule.toPort === DNS_PORT;

/**
 * Route 53 Resolver endpoint security groups may allow only DNS (port 53), and only from or to the
 * allowed CIDRs. Inbound endpoints are judged by their ingress rules (TCP and UDP 53 from the allowed
 * CIDRs), outbound endpoints by their egress rules (to them). Anything else turns the resolver into a
 * path into or out of the hub.
 */
export const resolverEndpointSecurityGroupDnsOnly = stackPolicy<{ allowedCidrs: string[] }>({
    name: "route53resolver-endpoint-security-group-dns-only",
    description:
        "Route 53 Resolver endpoint security groups may allow only DNS (port 53), and only from or to the allowed CIDRs.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    subjectType: T.resolverEndpoint,
    configSchema: {
        properties: {
            allowedCidrs: {
                type: "array",
                items: { type: "string" },
                default: PRIVATE_CIDRS,
                description: "IPv4 ranges DNS clients (inbound) and DNS servers (outbound) must lie in.",
            },
        },
    },
    check: (resources, config) => {
        const graph = new StackGraph(resources);
        const found: StackViolation[] = [];
        const seen = new Set<string>();
        for (const endpoint of graph.ofType(T.resolverEndpoint)) {
            const inbound = str(endpoint.props.direction)?.toUpperCase() === "INBOUND";
            const direction = inbound ? "ingress" : "egress";
            const peer = inbound ? "from" : "to";
            for (const sg of graph.targets(endpoint, "securityGroupIds", ...SECURITY_GROUP_TYPES)) {
                for (const { where, resource, rule, others } of rulesOfGroup(graph, sg, direction)) {
                    const report = (message: string) => {
                        const key = `${resource.urn} ${message}`;
                        if (!seen.has(key)) found.push({ urn: resource.urn, message });
                        seen.add(key);
                    };
                    const what = `${where} of ${inbound ? "inbound" : "outbound"} endpoint '${endpoint.name}'`;
                    if (!isDns(rule)) {
                        report(`${what} allows ${portsText(rule)}; allow DNS (tcp and udp 53) only.`);
                    }
                    for (const cidr of rule.cidrs.filter(
                        (c) => !config.allowedCidrs.some((a) => ipInCidr(c, a)),
                    )) {
                        report(
                            `${what} allows ${peer} ${cidr}, outside allowedCidrs (${config.allowedCidrs.join(", ")}).`,
                        );
                    }
                    for (const other of others) {
                        report(
                            `${what} allows ${peer} ${other}, not a CIDR; name the allowed CIDRs instead.`,
                        );
                    }
                }
            }
        }
        return found;
    },
});
