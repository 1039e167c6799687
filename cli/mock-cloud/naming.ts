/**
 * How AWS names and identifies the resource types the mock cloud serves: ID prefixes, ARN paths,
 * the types whose ID is their ARN, and the field a type's auto-generated physical name goes in (the
 * workload types' own entries come from workload-values).
 */
import { uuidOf, type State } from "./seeds";
import { WORKLOAD_ARN, WORKLOAD_ID_IS_ARN, WORKLOAD_NAMED } from "./workload-values";

/** ID prefixes AWS uses, per resource type token. */
export const ID_PREFIX: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/networkAcl:NetworkAcl": "acl",
    "aws:ec2transitgateway/transitGateway:TransitGateway": "tgw",
    "aws:ec2transitgateway/routeTable:RouteTable": "tgw-rtb",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach",
    "aws:ec2/vpcIpam:VpcIpam": "ipam",
    "aws:ec2/vpcIpamPool:VpcIpamPool": "ipam-pool",
    "aws:ec2/vpcIpamPoolCidr:VpcIpamPoolCidr": "ipam-pool-cidr",
    "aws:kms/key:Key": "key",
    "aws:route53/resolverRule:ResolverRule": "rslvr-rr",
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation": "rslvr-rrassoc",
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": "rslvr-qlc",
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": "rslvr-qlcassoc",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt",
    "aws:ec2/vpcEndpointService:VpcEndpointService": "vpce-svc",
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": "tgw-rtb-prop",
    "aws:ec2/customerGateway:CustomerGateway": "cgw",
    "aws:ec2/vpnConnection:VpnConnection": "vpn",
    "aws:ec2/managedPrefixList:ManagedPrefixList": "pl",
};

/** The ARN service and resource path for types whose ARN the programs read. */
export const ARN: Record<string, (id: string, s: State) => string> = {
    ...WORKLOAD_ARN,
    "aws:ec2/vpc:Vpc": (id) => `ec2:{region}:{account}:vpc/${id}`,
    "aws:ec2/subnet:Subnet": (id) => `ec2:{region}:{account}:subnet/${id}`,
    "aws:ec2/routeTable:RouteTable": (id) => `ec2:{region}:{account}:route-table/${id}`,
    "aws:ec2transitgateway/transitGateway:TransitGateway": (id) =>
        `ec2:{region}:{account}:transit-gateway/${id}`,
    "aws:ec2transitgateway/routeTable:RouteTable": (id) =>
        `ec2:{region}:{account}:transit-gateway-route-table/${id}`,
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": (id) =>
        `ec2:{region}:{account}:transit-gateway-attachment/${id}`,
    "aws:ec2/customerGateway:CustomerGateway": (id) => `ec2:{region}:{account}:customer-gateway/${id}`,
    "aws:ec2/vpnConnection:VpnConnection": (id) => `ec2:{region}:{account}:vpn-connection/${id}`,
    "aws:ec2/vpcIpam:VpcIpam": (id) => `ec2::{account}:ipam/${id}`,
    "aws:ec2/vpcIpamPool:VpcIpamPool": (id) => `ec2::{account}:ipam-pool/${id}`,
    "aws:kms/key:Key": (id) => `kms:{region}:{account}:key/${id}`,
    "aws:ec2/securityGroup:SecurityGroup": (id) => `ec2:{region}:{account}:security-group/${id}`,
    "aws:ec2/launchTemplate:LaunchTemplate": (id) => `ec2:{region}:{account}:launch-template/${id}`,
    "aws:ec2/vpcEndpoint:VpcEndpoint": (id) => `ec2:{region}:{account}:vpc-endpoint/${id}`,
    "aws:ec2/managedPrefixList:ManagedPrefixList": (id) => `ec2:{region}:{account}:prefix-list/${id}`,
    "aws:cloudtrail/trail:Trail": (_id, s) => `cloudtrail:{region}:{account}:trail/${String(s.name)}`,
    "aws:cloudwatch/eventBus:EventBus": (_id, s) => `events:{region}:{account}:event-bus/${String(s.name)}`,
    // A rule on a custom bus has the bus in its ARN: rule/<bus>/<rule>.
    "aws:cloudwatch/eventRule:EventRule": (_id, s) =>
        `events:{region}:{account}:rule/${s.eventBusName && s.eventBusName !== "default" ? `${String(s.eventBusName)}/` : ""}${String(s.name)}`,
    "aws:ec2/vpcEndpointService:VpcEndpointService": (id) =>
        `ec2:{region}:{account}:vpc-endpoint-service/${id}`,
    "aws:iam/instanceProfile:InstanceProfile": (_id, s) =>
        `iam::{account}:instance-profile/${String(s.name)}`,
    "aws:autoscaling/group:Group": (id, s) =>
        `autoscaling:{region}:{account}:autoScalingGroup:${uuidOf(id)}:autoScalingGroupName/${String(s.name)}`,
    "aws:route53/resolverEndpoint:ResolverEndpoint": (id) =>
        `route53resolver:{region}:{account}:resolver-endpoint/${id}`,
    "aws:route53/resolverRule:ResolverRule": (id) => `route53resolver:{region}:{account}:resolver-rule/${id}`,
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": (id) =>
        `route53resolver:{region}:{account}:resolver-query-log-config/${id}`,
    "aws:route53/zone:Zone": (id) => `route53:::hostedzone/${id}`,
    "aws:route53/healthCheck:HealthCheck": (id) => `route53:::healthcheck/${id}`,
    "aws:cloudwatch/logGroup:LogGroup": (_id, s) => `logs:{region}:{account}:log-group:${String(s.name)}`,
    "aws:iam/role:Role": (_id, s) => `iam::{account}:role/${String(s.name)}`,
    "aws:iam/policy:Policy": (_id, s) => `iam::{account}:policy/${String(s.name)}`,
    "aws:s3/bucket:Bucket": (_id, s) => `s3:::${String(s.bucket)}`,
    "aws:s3/bucketV2:BucketV2": (_id, s) => `s3:::${String(s.bucket)}`,
    "aws:ram/resourceShare:ResourceShare": (id) => `ram:{region}:{account}:resource-share/${id}`,
    "aws:networkfirewall/firewall:Firewall": (_id, s) =>
        `network-firewall:{region}:{account}:firewall/${String(s.name)}`,
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": (_id, s) =>
        `network-firewall:{region}:{account}:firewall-policy/${String(s.name)}`,
    "aws:networkfirewall/ruleGroup:RuleGroup": (_id, s) =>
        `network-firewall:{region}:{account}:${s.type === "STATELESS" ? "stateless" : "stateful"}-rulegroup/${String(s.name)}`,
};

/** Types whose ID is their ARN. */
export const ID_IS_ARN = new Set([
    ...WORKLOAD_ID_IS_ARN,
    "aws:networkfirewall/firewall:Firewall",
    "aws:networkfirewall/firewallPolicy:FirewallPolicy",
    "aws:networkfirewall/ruleGroup:RuleGroup",
    "aws:ram/resourceShare:ResourceShare",
    "aws:iam/policy:Policy",
]);

/** Types whose physical name is set from the logical name (with a random suffix) when not given. */
export const NAMED: Record<string, string> = {
    ...WORKLOAD_NAMED,
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:iam/role:Role": "name",
    "aws:iam/policy:Policy": "name",
    "aws:cloudwatch/eventRule:EventRule": "name",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:networkfirewall/firewall:Firewall": "name",
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": "name",
    "aws:networkfirewall/ruleGroup:RuleGroup": "name",
    "aws:ram/resourceShare:ResourceShare": "name",
    "aws:ec2/launchTemplate:LaunchTemplate": "name",
    "aws:iam/instanceProfile:InstanceProfile": "name",
    "aws:autoscaling/group:Group": "name",
};
