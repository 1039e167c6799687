import type { StackResource, StackViolation } from "../../../lib/policy";
import { stackPolicy } from "../../../lib/policy";
import { list, record, str } from "../../../lib/props";
import { StackGraph, identifiersOf } from "../../../lib/stack";
import { T } from "../../../lib/types";

const ENDPOINT = "aws:route53/resolverEndpoint:ResolverEndpoint";
const RULE = "aws:route53/resolverRule:ResolverRule";
const ASSOCIATION = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

/**
 * What the VPC in `from.props[field]` is known by: the URN of a VPC of the stack it refers to (by
 * property dependency in a preview, by ID after an update) and the VPC ID itself when known.
 */
function vpcKeysOf(graph: StackGraph, from: StackResource, field: string): string[] {
    const id = str(from.props[field]);
    return [...graph.targets(from, field, T.vpc).map((vpc) => vpc.urn), ...(id ? [id] : [])];
}

/** The subnets of a resolver endpoint's `ipAddresses`: by property dependency or subnet ID. */
function endpointSubnets(graph: StackGraph, endpoint: StackResource): StackResource[] {
    const byDependency = endpoint.propertyDependencies.ipAddresses ?? [];
    const ids = list(endpoint.props.ipAddresses)
        .map((a) => str(record(a).subnetId))
        .filter((id): id is string => id !== undefined);
    return graph
        .ofType(T.subnet)
        .filter((s) => byDependency.includes(s.urn) || identifiersOf(s).some((id) => ids.includes(id)));
}

/** What the VPC hosting an endpoint is known by, through its security groups and subnets. */
function hostVpcKeysOf(graph: StackGraph, endpoint: StackResource): Set<string> {
    const hostVpcId = str(endpoint.props.hostVpcId);
    return new Set([
        ...(hostVpcId ? [hostVpcId] : []),
        ...graph
            .targets(endpoint, "securityGroupIds", SECURITY_GROUP)
            .flatMap((sg) => vpcKeysOf(graph, sg, "vpcId")),
        ...endpointSubnets(graph, endpoint).flatMap((subnet) => vpcKeysOf(graph, subnet, "vpcId")),
    ]);
}

/** The addresses of an endpoint's `ipAddresses`, where known. */
const endpointIps = (endpoint: StackResource): string[] =>
    list(endpoint.props.ipAddresses)
        .map((a) => str(record(a).ip))
        .filter((ip): ip is string => ip !== undefined);

/** True when the FORWARD `rule` sends its queries to `endpoint`'s addresses. */
function forwardsTo(rule: StackResource, endpoint: StackResource): boolean {
    if (str(rule.props.ruleType)?.toUpperCase() !== "FORWARD") return false;
    if ((rule.propertyDependencies.targetIps ?? []).includes(endpoint.urn)) return true;
    const ips = endpointIps(endpoint);
    return list(rule.props.targetIps).some((t) => {
        const ip = str(record(t).ip);
        return ip !== undefined && ips.includes(ip);
    });
}

/**
 * A FORWARD rule whose targets are an inbound endpoint (the corporate-domain rule) must not be
 * associated with the VPC that hosts that endpoint: the endpoint resolves through that VPC's resolver,
 * which would apply the rule again and forward the query back to the endpoint, in a loop.
 */
export const resolverCorporateRuleNoLoop = stackPolicy({
    name: "route53resolver-corporate-rule-no-loop",
    description:
        "A FORWARD rule to an inbound resolver endpoint must not be associated with the VPC that hosts that endpoint.",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    // No loop without an inbound endpoint in the stack: spokes associate the rule but host none.
    subjectType: ENDPOINT,
    check: (resources) => {
        const graph = new StackGraph(resources);
        const inbound = graph
            .ofType(ENDPOINT)
            .filter((e) => str(e.props.direction)?.toUpperCase() === "INBOUND")
            .map((endpoint) => ({ endpoint, hostVpcs: hostVpcKeysOf(graph, endpoint) }));
        const violations: StackViolation[] = [];
        for (const association of graph.ofType(ASSOCIATION)) {
            const vpcs = vpcKeysOf(graph, association, "vpcId");
            for (const rule of graph.targets(association, "resolverRuleId", RULE)) {
                for (const { endpoint, hostVpcs } of inbound) {
                    if (!forwardsTo(rule, endpoint) || !vpcs.some((v) => hostVpcs.has(v))) continue;
                    const domain = str(rule.props.domainName) ?? "its domain";
                    violations.push({
                        message: `resolver rule association '${association.name}' associates rule '${rule.name}' (${domain}), which forwards to inbound endpoint '${endpoint.name}', with the VPC that hosts that endpoint: queries for ${domain} would loop back to the endpoint.`,
                        urn: association.urn,
                    });
                }
            }
        }
        return violations;
    },
});
