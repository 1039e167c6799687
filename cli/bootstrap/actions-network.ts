/**
 * The bootstrap's action table, network resources: VPCs and their parts, Transit Gateway, Network
 * Firewall, RAM, Route 53 and its Resolver. Each row lists the calls of the provider source it cites
 * (paths under terraform-provider-aws internal/service/); tagging is part of create and update. The
 * rows of the resources a spoke creates through its `hub` provider come from cli/iam/provider-calls.ts.
 */
import { row, type ActionRow } from "./table";

const TAGS = "ec2:CreateTags ec2:DeleteTags";
/** Logs delivered by a service to CloudWatch Logs or S3 (vended logs): what the caller must hold.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html */
export const LOG_DELIVERY =
    "logs:CreateLogDelivery logs:GetLogDelivery logs:UpdateLogDelivery logs:DeleteLogDelivery logs:ListLogDeliveries " +
    "logs:PutResourcePolicy logs:DescribeResourcePolicies logs:DescribeLogGroups s3:GetBucketPolicy s3:PutBucketPolicy";

/** Network resource type token -> the actions of its calls. */
export const NETWORK_ACTIONS: Readonly<Record<string, ActionRow>> = {
    "aws:ec2/vpc:Vpc": row(
        "ec2/vpc_.go",
        "ec2:CreateVpc ec2:CreateTags ec2:ModifyVpcAttribute",
        // Read: the attributes one by one, and the VPC's default route table, ACL and security group.
        "ec2:DescribeVpcs ec2:DescribeVpcAttribute ec2:DescribeRouteTables ec2:DescribeNetworkAcls ec2:DescribeSecurityGroups",
        `ec2:ModifyVpcAttribute ${TAGS}`,
        "ec2:DeleteVpc",
    ),
    "aws:ec2/subnet:Subnet": row(
        "ec2/vpc_subnet.go",
        "ec2:CreateSubnet ec2:CreateTags ec2:ModifySubnetAttribute",
        "ec2:DescribeSubnets",
        `ec2:ModifySubnetAttribute ${TAGS}`,
        "ec2:DeleteSubnet",
    ),
    "aws:ec2/routeTable:RouteTable": row(
        "ec2/vpc_route_table.go",
        "ec2:CreateRouteTable ec2:CreateTags ec2:CreateRoute",
        "ec2:DescribeRouteTables",
        `ec2:CreateRoute ec2:ReplaceRoute ec2:DeleteRoute ${TAGS}`,
        "ec2:DeleteRouteTable ec2:DisassociateRouteTable",
    ),
    "aws:ec2/route:Route": row(
        "ec2/vpc_route.go",
        "ec2:CreateRoute",
        "ec2:DescribeRouteTables",
        "ec2:ReplaceRoute",
        "ec2:DeleteRoute",
    ),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": row(
        "ec2/vpc_route_table_association.go",
        "ec2:AssociateRouteTable",
        "ec2:DescribeRouteTables",
        "ec2:ReplaceRouteTableAssociation",
        "ec2:DisassociateRouteTable",
    ),
    "aws:ec2/internetGateway:InternetGateway": row(
        "ec2/vpc_internet_gateway.go",
        "ec2:CreateInternetGateway ec2:CreateTags ec2:AttachInternetGateway",
        "ec2:DescribeInternetGateways",
        `ec2:AttachInternetGateway ec2:DetachInternetGateway ${TAGS}`,
        "ec2:DetachInternetGateway ec2:DeleteInternetGateway",
    ),
    "aws:ec2/natGateway:NatGateway": row(
        "ec2/vpc_nat_gateway.go",
        "ec2:CreateNatGateway ec2:CreateTags",
        "ec2:DescribeNatGateways",
        TAGS,
        "ec2:DeleteNatGateway",
    ),
    "aws:ec2/eip:Eip": row(
        "ec2/ec2_eip.go",
        "ec2:AllocateAddress ec2:CreateTags",
        "ec2:DescribeAddresses",
        TAGS,
        "ec2:DisassociateAddress ec2:ReleaseAddress",
    ),
    "aws:ec2/securityGroup:SecurityGroup": row(
        "ec2/vpc_security_group.go",
        // The default egress rule is revoked after create, then the declared rules authorized.
        "ec2:CreateSecurityGroup ec2:CreateTags ec2:RevokeSecurityGroupEgress ec2:AuthorizeSecurityGroupEgress ec2:AuthorizeSecurityGroupIngress",
        "ec2:DescribeSecurityGroups",
        `ec2:AuthorizeSecurityGroupIngress ec2:AuthorizeSecurityGroupEgress ec2:RevokeSecurityGroupIngress ec2:RevokeSecurityGroupEgress ${TAGS}`,
        "ec2:DeleteSecurityGroup ec2:DescribeNetworkInterfaces",
    ),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": row(
        // Adopts the VPC's default group and strips its rules; delete only forgets it.
        "ec2/vpc_default_security_group.go",
        "ec2:DescribeSecurityGroups ec2:RevokeSecurityGroupIngress ec2:RevokeSecurityGroupEgress ec2:AuthorizeSecurityGroupIngress ec2:AuthorizeSecurityGroupEgress ec2:CreateTags",
        "ec2:DescribeSecurityGroups",
        `ec2:AuthorizeSecurityGroupIngress ec2:AuthorizeSecurityGroupEgress ec2:RevokeSecurityGroupIngress ec2:RevokeSecurityGroupEgress ${TAGS}`,
        "",
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": row(
        "ec2/vpc_security_group_ingress_rule.go",
        "ec2:AuthorizeSecurityGroupIngress ec2:CreateTags",
        "ec2:DescribeSecurityGroupRules",
        `ec2:ModifySecurityGroupRules ${TAGS}`,
        "ec2:RevokeSecurityGroupIngress",
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": row(
        "ec2/vpc_security_group_egress_rule.go",
        "ec2:AuthorizeSecurityGroupEgress ec2:CreateTags",
        "ec2:DescribeSecurityGroupRules",
        `ec2:ModifySecurityGroupRules ${TAGS}`,
        "ec2:RevokeSecurityGroupEgress",
    ),
    "aws:ec2/flowLog:FlowLog": row(
        // To CloudWatch Logs with a delivery role (passed to the flow-logs service); to S3 as vended logs.
        "ec2/vpc_flow_log.go",
        "ec2:CreateFlowLogs ec2:CreateTags logs:CreateLogDelivery logs:DeleteLogDelivery",
        "ec2:DescribeFlowLogs",
        TAGS,
        "ec2:DeleteFlowLogs logs:DeleteLogDelivery",
        { passRoleTo: ["vpc-flow-logs.amazonaws.com"] },
    ),
    "aws:ec2/vpcEndpoint:VpcEndpoint": row(
        // An interface endpoint with private DNS associates the service's private zone with the VPC on
        // the caller's behalf: https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html
        "ec2/vpc_endpoint.go",
        "ec2:CreateVpcEndpoint ec2:CreateTags ec2:DescribeVpcEndpointServices route53:AssociateVPCWithHostedZone",
        "ec2:DescribeVpcEndpoints ec2:DescribePrefixLists ec2:DescribeVpcEndpointServices",
        `ec2:ModifyVpcEndpoint ${TAGS}`,
        "ec2:DeleteVpcEndpoints",
    ),
    "aws:ec2/vpcEndpointService:VpcEndpointService": row(
        "ec2/vpc_endpoint_service.go",
        "ec2:CreateVpcEndpointServiceConfiguration ec2:CreateTags ec2:ModifyVpcEndpointServicePermissions",
        "ec2:DescribeVpcEndpointServiceConfigurations ec2:DescribeVpcEndpointServicePermissions",
        `ec2:ModifyVpcEndpointServiceConfiguration ec2:ModifyVpcEndpointServicePermissions ${TAGS}`,
        "ec2:DeleteVpcEndpointServiceConfigurations",
    ),
    "aws:ec2/launchTemplate:LaunchTemplate": row(
        "ec2/ec2_launch_template.go",
        "ec2:CreateLaunchTemplate ec2:CreateTags",
        "ec2:DescribeLaunchTemplates ec2:DescribeLaunchTemplateVersions",
        `ec2:CreateLaunchTemplateVersion ec2:ModifyLaunchTemplate ${TAGS}`,
        "ec2:DeleteLaunchTemplate",
    ),
    "aws:ec2/customerGateway:CustomerGateway": row(
        "ec2/vpnsite_customer_gateway.go",
        "ec2:CreateCustomerGateway ec2:CreateTags",
        "ec2:DescribeCustomerGateways",
        TAGS,
        "ec2:DeleteCustomerGateway",
    ),
    "aws:ec2/vpnConnection:VpnConnection": row(
        // Read also looks up the connection's Transit Gateway attachment.
        "ec2/vpnsite_connection.go",
        "ec2:CreateVpnConnection ec2:CreateTags",
        "ec2:DescribeVpnConnections ec2:DescribeTransitGatewayAttachments",
        `ec2:ModifyVpnConnection ec2:ModifyVpnConnectionOptions ec2:ModifyVpnTunnelOptions ${TAGS}`,
        "ec2:DeleteVpnConnection",
    ),
    "aws:ec2/tag:Tag": row(
        "ec2/tag.go",
        "ec2:CreateTags",
        "ec2:DescribeTags",
        "ec2:CreateTags",
        "ec2:DeleteTags",
    ),
    "aws:ec2/managedPrefixList:ManagedPrefixList": row(
        "ec2/vpc_managed_prefix_list.go",
        "ec2:CreateManagedPrefixList ec2:CreateTags",
        "ec2:DescribeManagedPrefixLists ec2:GetManagedPrefixListEntries",
        `ec2:ModifyManagedPrefixList ${TAGS}`,
        "ec2:DeleteManagedPrefixList",
    ),
    "aws:ec2/vpcIpam:VpcIpam": row(
        "ec2/ipam_.go",
        "ec2:CreateIpam ec2:CreateTags",
        "ec2:DescribeIpams",
        `ec2:ModifyIpam ${TAGS}`,
        "ec2:DeleteIpam",
        { serviceLinkedRoles: ["ipam.amazonaws.com"] },
    ),
    "aws:ec2/vpcIpamPool:VpcIpamPool": row(
        "ec2/ipam_pool.go",
        "ec2:CreateIpamPool ec2:CreateTags",
        "ec2:DescribeIpamPools",
        `ec2:ModifyIpamPool ${TAGS}`,
        "ec2:DeleteIpamPool",
    ),
    "aws:ec2/vpcIpamPoolCidr:VpcIpamPoolCidr": row(
        "ec2/ipam_pool_cidr.go",
        "ec2:ProvisionIpamPoolCidr",
        "ec2:GetIpamPoolCidrs",
        "",
        "ec2:DeprovisionIpamPoolCidr",
    ),
    "aws:ec2transitgateway/transitGateway:TransitGateway": row(
        "ec2/transitgateway_.go",
        "ec2:CreateTransitGateway ec2:CreateTags",
        "ec2:DescribeTransitGateways",
        `ec2:ModifyTransitGateway ${TAGS}`,
        "ec2:DeleteTransitGateway",
    ),
    "aws:ec2transitgateway/routeTable:RouteTable": row(
        "ec2/transitgateway_route_table.go",
        "ec2:CreateTransitGatewayRouteTable ec2:CreateTags",
        "ec2:DescribeTransitGatewayRouteTables",
        TAGS,
        "ec2:DeleteTransitGatewayRouteTable",
    ),
    "aws:ec2transitgateway/route:Route": row(
        "ec2/transitgateway_route.go",
        "ec2:CreateTransitGatewayRoute",
        "ec2:SearchTransitGatewayRoutes",
        "",
        "ec2:DeleteTransitGatewayRoute",
    ),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": row(
        // Read also reads the Transit Gateway's default table settings and the attachment's
        // association and propagation with them.
        "ec2/transitgateway_vpc_attachment.go",
        "ec2:CreateTransitGatewayVpcAttachment ec2:CreateTags",
        "ec2:DescribeTransitGatewayVpcAttachments ec2:DescribeTransitGateways ec2:GetTransitGatewayRouteTableAssociations ec2:GetTransitGatewayRouteTablePropagations",
        `ec2:ModifyTransitGatewayVpcAttachment ${TAGS}`,
        "ec2:DeleteTransitGatewayVpcAttachment",
        // The first attachment creates AWSServiceRoleForVPCTransitGateway:
        // https://docs.aws.amazon.com/vpc/latest/tgw/service-linked-roles.html
        { serviceLinkedRoles: ["transitgateway.amazonaws.com"] },
    ),
    "aws:networkfirewall/firewall:Firewall": row(
        "networkfirewall/firewall.go",
        "network-firewall:CreateFirewall network-firewall:TagResource",
        "network-firewall:DescribeFirewall",
        "network-firewall:UpdateFirewallDeleteProtection network-firewall:UpdateFirewallPolicyChangeProtection " +
            "network-firewall:UpdateSubnetChangeProtection network-firewall:UpdateFirewallDescription " +
            "network-firewall:AssociateFirewallPolicy network-firewall:AssociateSubnets network-firewall:DisassociateSubnets " +
            "network-firewall:UpdateFirewallEncryptionConfiguration network-firewall:TagResource network-firewall:UntagResource",
        "network-firewall:DeleteFirewall",
        // https://docs.aws.amazon.com/network-firewall/latest/developerguide/using-service-linked-roles.html
        { serviceLinkedRoles: ["network-firewall.amazonaws.com"] },
    ),
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": row(
        "networkfirewall/firewall_policy.go",
        "network-firewall:CreateFirewallPolicy network-firewall:TagResource",
        "network-firewall:DescribeFirewallPolicy",
        "network-firewall:UpdateFirewallPolicy network-firewall:TagResource network-firewall:UntagResource",
        "network-firewall:DeleteFirewallPolicy",
    ),
    "aws:networkfirewall/ruleGroup:RuleGroup": row(
        "networkfirewall/rule_group.go",
        "network-firewall:CreateRuleGroup network-firewall:TagResource",
        "network-firewall:DescribeRuleGroup",
        "network-firewall:UpdateRuleGroup network-firewall:TagResource network-firewall:UntagResource",
        "network-firewall:DeleteRuleGroup",
    ),
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration": row(
        // https://docs.aws.amazon.com/network-firewall/latest/developerguide/logging-cw-logs.html
        "networkfirewall/logging_configuration.go",
        `network-firewall:UpdateLoggingConfiguration ${LOG_DELIVERY}`,
        "network-firewall:DescribeLoggingConfiguration",
        `network-firewall:UpdateLoggingConfiguration ${LOG_DELIVERY}`,
        "network-firewall:UpdateLoggingConfiguration logs:DeleteLogDelivery",
    ),
    "aws:ram/resourceShare:ResourceShare": row(
        "ram/resource_share.go",
        "ram:CreateResourceShare ram:TagResource",
        "ram:GetResourceShares",
        "ram:UpdateResourceShare ram:TagResource ram:UntagResource",
        "ram:DeleteResourceShare",
    ),
    "aws:ram/resourceAssociation:ResourceAssociation": row(
        "ram/resource_association.go",
        "ram:AssociateResourceShare",
        "ram:GetResourceShareAssociations",
        "",
        "ram:DisassociateResourceShare",
    ),
    "aws:ram/principalAssociation:PrincipalAssociation": row(
        "ram/principal_association.go",
        "ram:AssociateResourceShare",
        "ram:GetResourceShareAssociations",
        "",
        "ram:DisassociateResourceShare",
    ),
    "aws:route53/zone:Zone": row(
        // A private zone is created with its first VPC (ec2:DescribeVpcs is checked for it).
        "route53/zone.go",
        "route53:CreateHostedZone route53:ChangeTagsForResource route53:GetChange ec2:DescribeVpcs",
        "route53:GetHostedZone route53:ListTagsForResource",
        "route53:UpdateHostedZoneComment route53:ChangeTagsForResource route53:AssociateVPCWithHostedZone route53:DisassociateVPCFromHostedZone route53:GetChange ec2:DescribeVpcs",
        "route53:DeleteHostedZone route53:GetChange",
    ),
    "aws:route53/record:Record": row(
        "route53/record.go",
        "route53:ChangeResourceRecordSets route53:GetChange",
        "route53:ListResourceRecordSets route53:GetHostedZone",
        "route53:ChangeResourceRecordSets route53:GetChange",
        "route53:ChangeResourceRecordSets route53:GetChange",
    ),
    "aws:route53/healthCheck:HealthCheck": row(
        "route53/health_check.go",
        "route53:CreateHealthCheck route53:ChangeTagsForResource",
        "route53:GetHealthCheck route53:ListTagsForResource",
        "route53:UpdateHealthCheck route53:ChangeTagsForResource",
        "route53:DeleteHealthCheck",
    ),
    "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": row(
        "route53/vpc_association_authorization.go",
        "route53:CreateVPCAssociationAuthorization",
        "route53:ListVPCAssociationAuthorizations",
        "",
        "route53:DeleteVPCAssociationAuthorization",
    ),
    "aws:route53/resolverEndpoint:ResolverEndpoint": row(
        // The endpoint's network interfaces are created with the caller's permissions:
        // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/access-control-managing-permissions.html
        "route53resolver/endpoint.go",
        "route53resolver:CreateResolverEndpoint route53resolver:TagResource ec2:CreateNetworkInterface ec2:DescribeNetworkInterfaces " +
            "ec2:CreateNetworkInterfacePermission ec2:DescribeSubnets ec2:DescribeSecurityGroups ec2:DescribeVpcs",
        "route53resolver:GetResolverEndpoint route53resolver:ListResolverEndpointIpAddresses route53resolver:ListTagsForResource",
        "route53resolver:UpdateResolverEndpoint route53resolver:AssociateResolverEndpointIpAddress " +
            "route53resolver:DisassociateResolverEndpointIpAddress route53resolver:TagResource route53resolver:UntagResource " +
            "ec2:CreateNetworkInterface ec2:DeleteNetworkInterface ec2:DescribeNetworkInterfaces",
        "route53resolver:DeleteResolverEndpoint ec2:DeleteNetworkInterface ec2:DescribeNetworkInterfaces",
    ),
    "aws:route53/resolverRule:ResolverRule": row(
        "route53resolver/rule.go",
        "route53resolver:CreateResolverRule route53resolver:TagResource",
        "route53resolver:GetResolverRule route53resolver:ListTagsForResource",
        "route53resolver:UpdateResolverRule route53resolver:TagResource route53resolver:UntagResource",
        "route53resolver:DeleteResolverRule",
    ),
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation": row(
        "route53resolver/rule_association.go",
        "route53resolver:AssociateResolverRule ec2:DescribeVpcs",
        "route53resolver:GetResolverRuleAssociation",
        "",
        "route53resolver:DisassociateResolverRule",
    ),
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": row(
        // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-configuring.html
        "route53resolver/query_log_config.go",
        `route53resolver:CreateResolverQueryLogConfig route53resolver:TagResource ${LOG_DELIVERY}`,
        "route53resolver:GetResolverQueryLogConfig route53resolver:ListTagsForResource",
        "route53resolver:TagResource route53resolver:UntagResource",
        "route53resolver:DeleteResolverQueryLogConfig logs:DeleteLogDelivery",
    ),
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": row(
        "route53resolver/query_log_config_association.go",
        "route53resolver:AssociateResolverQueryLogConfig",
        "route53resolver:GetResolverQueryLogConfigAssociation",
        "",
        "route53resolver:DisassociateResolverQueryLogConfig",
    ),
};
