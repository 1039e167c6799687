/** Network Firewall, Route 53 Resolver, Route 53 and RAM. */
import type { ConstraintRow } from "../rules";
import { api, count, length, oneOf, pattern, range, row, tfProvider, providerRow } from "./rows";

const FIREWALL = "aws:networkfirewall/firewall:Firewall";
const POLICY = "aws:networkfirewall/firewallPolicy:FirewallPolicy";
const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";
const LOGGING = "aws:networkfirewall/loggingConfiguration:LoggingConfiguration";
const ENDPOINT = "aws:route53/resolverEndpoint:ResolverEndpoint";
const RULE = "aws:route53/resolverRule:ResolverRule";

const nfw = (action: string) => api("network-firewall", action);
const resolver = (action: string) =>
    `https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_${action}.html`;

/** Network Firewall resource names: 1 to 128 letters, digits and dashes. */
const NFW_NAME = pattern(/^[a-zA-Z0-9-]{1,128}$/);
/** Route 53 Resolver names: up to 64 characters, not only digits. */
const RESOLVER_NAME = pattern(/^(?!^[0-9]+$)([a-zA-Z0-9\-_' ']+)$/);

export const NETWORK_ROWS: readonly ConstraintRow[] = [
    row(FIREWALL, "name", "FirewallName", NFW_NAME, nfw("CreateFirewall")),
    row(FIREWALL, "description", "Description", length(0, 512), nfw("CreateFirewall")),
    row(FIREWALL, "subnetMappings", "SubnetMappings", count(1), nfw("CreateFirewall")),
    row(POLICY, "name", "FirewallPolicyName", NFW_NAME, nfw("CreateFirewallPolicy")),
    row(POLICY, "description", "Description", length(0, 512), nfw("CreateFirewallPolicy")),
    row(
        POLICY,
        "firewallPolicy.statefulEngineOptions.ruleOrder",
        "RuleOrder",
        oneOf("DEFAULT_ACTION_ORDER", "STRICT_ORDER"),
        nfw("StatefulEngineOptions"),
    ),
    row(
        POLICY,
        "firewallPolicy.statefulEngineOptions.streamExceptionPolicy",
        "StreamExceptionPolicy",
        oneOf("DROP", "CONTINUE", "REJECT"),
        nfw("StatefulEngineOptions"),
    ),
    row(RULE_GROUP, "name", "RuleGroupName", NFW_NAME, nfw("CreateRuleGroup")),
    row(RULE_GROUP, "description", "Description", length(0, 512), nfw("CreateRuleGroup")),
    row(RULE_GROUP, "type", "Type", oneOf("STATELESS", "STATEFUL"), nfw("CreateRuleGroup")),
    row(
        RULE_GROUP,
        "capacity",
        "Capacity",
        range(1, 30000),
        "https://docs.aws.amazon.com/network-firewall/latest/developerguide/quotas.html (rule group capacity: 30,000)",
    ),
    row(
        LOGGING,
        "loggingConfiguration.logDestinationConfigs[].logType",
        "LogType",
        oneOf("ALERT", "FLOW", "TLS"),
        nfw("LogDestinationConfig"),
    ),
    row(
        LOGGING,
        "loggingConfiguration.logDestinationConfigs[].logDestinationType",
        "LogDestinationType",
        oneOf("S3", "CloudWatchLogs", "KinesisDataFirehose"),
        nfw("LogDestinationConfig"),
    ),
    row(ENDPOINT, "name", "Name", length(undefined, 64), resolver("CreateResolverEndpoint")),
    row(ENDPOINT, "name", "Name", RESOLVER_NAME, resolver("CreateResolverEndpoint")),
    row(
        ENDPOINT,
        "direction",
        "Direction",
        oneOf("INBOUND", "OUTBOUND", "INBOUND_DELEGATION"),
        resolver("CreateResolverEndpoint"),
    ),
    row(
        ENDPOINT,
        "resolverEndpointType",
        "ResolverEndpointType",
        oneOf("IPV4", "IPV6", "DUALSTACK"),
        resolver("CreateResolverEndpoint"),
    ),
    providerRow(
        ENDPOINT,
        "ipAddresses",
        count(2),
        tfProvider("internal/service/route53resolver/endpoint.go (ip_address: MinItems 2)"),
    ),
    providerRow(
        ENDPOINT,
        "securityGroupIds",
        count(1, 64),
        tfProvider(
            "internal/service/route53resolver/endpoint.go (security_group_ids: MinItems 1, MaxItems 64)",
        ),
    ),
    row(RULE, "name", "Name", length(undefined, 64), resolver("CreateResolverRule")),
    row(RULE, "name", "Name", RESOLVER_NAME, resolver("CreateResolverRule")),
    row(RULE, "domainName", "DomainName", length(1, 256), resolver("CreateResolverRule")),
    row(
        RULE,
        "ruleType",
        "RuleType",
        oneOf("FORWARD", "SYSTEM", "RECURSIVE", "DELEGATE"),
        resolver("CreateResolverRule"),
    ),
    row(RULE, "targetIps[].port", "Port", range(0, 65535), resolver("TargetAddress")),
    row(
        "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
        "name",
        "Name",
        length(undefined, 64),
        resolver("AssociateResolverRule"),
    ),
    row(
        "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
        "name",
        "Name",
        RESOLVER_NAME,
        resolver("AssociateResolverRule"),
    ),
    row(
        "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig",
        "name",
        "Name",
        length(1, 64),
        resolver("CreateResolverQueryLogConfig"),
    ),
    row("aws:route53/zone:Zone", "name", "Name", length(1, 1024), api("Route53", "CreateHostedZone")),
    row("aws:route53/zone:Zone", "comment", "Comment", length(0, 256), api("Route53", "HostedZoneConfig")),
];
