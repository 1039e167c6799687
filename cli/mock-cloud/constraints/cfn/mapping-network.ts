/** The CloudFormation mapping of the network types (EC2, VPC, Transit Gateway, Network Firewall, Route 53, RAM). */
import { AUTONAME, none, s, type CfnMapping, type NoCfnMapping } from "./mapping-types";

export const NETWORK_CFN_MAPPING: Readonly<Record<string, CfnMapping | NoCfnMapping>> = {
    "aws:ec2/customerGateway:CustomerGateway": s("AWS::EC2::CustomerGateway", {
        type: "Type",
        ipAddress: "IpAddress",
        bgpAsn: "BgpAsn",
    }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": none(
        "none: the provider adopts the default security group EC2 creates with the VPC",
    ),
    "aws:ec2/eip:Eip": s("AWS::EC2::EIP", { domain: "Domain" }),
    "aws:ec2/tag:Tag": none(
        "none: one tag on a resource another API created (CreateTags, e.g. on a VPN's Transit Gateway attachment) has no CloudFormation resource",
    ),
    "aws:ec2/flowLog:FlowLog": s(
        "AWS::EC2::FlowLog",
        {
            iamRoleArn: "DeliverLogsPermissionArn",
            logDestination: "LogDestination",
            logDestinationType: "LogDestinationType",
            maxAggregationInterval: "MaxAggregationInterval",
            trafficType: "TrafficType",
        },
        {
            ResourceId:
                "the one of vpcId, subnetId, transitGatewayId, ... that is set (a row of the table checks exactly one is)",
            ResourceType: "implied by which of vpcId, subnetId, transitGatewayId, ... is set",
        },
    ),
    "aws:ec2/internetGateway:InternetGateway": s("AWS::EC2::InternetGateway"),
    "aws:ec2/launchTemplate:LaunchTemplate": s(
        "AWS::EC2::LaunchTemplate",
        { name: "LaunchTemplateName", description: "VersionDescription" },
        {
            LaunchTemplateData:
                "the provider's flattened launch template arguments (imageId, instanceType, ...)",
        },
    ),
    "aws:ec2/natGateway:NatGateway": s("AWS::EC2::NatGateway", {
        allocationId: "AllocationId",
        connectivityType: "ConnectivityType",
        subnetId: "SubnetId",
    }),
    "aws:ec2/route:Route": s("AWS::EC2::Route", {
        routeTableId: "RouteTableId",
        destinationCidrBlock: "DestinationCidrBlock",
        gatewayId: "GatewayId",
        natGatewayId: "NatGatewayId",
        transitGatewayId: "TransitGatewayId",
        vpcEndpointId: "VpcEndpointId",
    }),
    "aws:ec2/routeTable:RouteTable": s("AWS::EC2::RouteTable", { vpcId: "VpcId" }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": s(
        "AWS::EC2::SubnetRouteTableAssociation",
        { routeTableId: "RouteTableId", subnetId: "SubnetId" },
        { SubnetId: "subnetId, or gatewayId for an edge association (a different CloudFormation type)" },
    ),
    "aws:ec2/securityGroup:SecurityGroup": s(
        "AWS::EC2::SecurityGroup",
        { description: "GroupDescription", name: "GroupName", vpcId: "VpcId" },
        { GroupDescription: 'the provider\'s default description ("Managed by Pulumi")' },
    ),
    "aws:ec2/subnet:Subnet": s("AWS::EC2::Subnet", {
        vpcId: "VpcId",
        availabilityZone: "AvailabilityZone",
        cidrBlock: "CidrBlock",
        mapPublicIpOnLaunch: "MapPublicIpOnLaunch",
    }),
    "aws:ec2/vpc:Vpc": s("AWS::EC2::VPC", {
        cidrBlock: "CidrBlock",
        enableDnsHostnames: "EnableDnsHostnames",
        enableDnsSupport: "EnableDnsSupport",
    }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": s("AWS::EC2::VPCEndpoint", {
        vpcId: "VpcId",
        serviceName: "ServiceName",
        vpcEndpointType: "VpcEndpointType",
        policy: "PolicyDocument",
        privateDnsEnabled: "PrivateDnsEnabled",
        routeTableIds: "RouteTableIds",
        securityGroupIds: "SecurityGroupIds",
        subnetIds: "SubnetIds",
    }),
    "aws:ec2/vpcEndpointService:VpcEndpointService": s("AWS::EC2::VPCEndpointService", {
        acceptanceRequired: "AcceptanceRequired",
        gatewayLoadBalancerArns: "GatewayLoadBalancerArns",
        supportedIpAddressTypes: "SupportedIpAddressTypes",
    }),
    "aws:ec2/vpnConnection:VpnConnection": s("AWS::EC2::VPNConnection", {
        type: "Type",
        customerGatewayId: "CustomerGatewayId",
        transitGatewayId: "TransitGatewayId",
        staticRoutesOnly: "StaticRoutesOnly",
        outsideIpAddressType: "OutsideIpAddressType",
    }),
    "aws:ec2transitgateway/route:Route": s("AWS::EC2::TransitGatewayRoute", {
        transitGatewayRouteTableId: "TransitGatewayRouteTableId",
        destinationCidrBlock: "DestinationCidrBlock",
        transitGatewayAttachmentId: "TransitGatewayAttachmentId",
    }),
    "aws:ec2transitgateway/routeTable:RouteTable": s("AWS::EC2::TransitGatewayRouteTable", {
        transitGatewayId: "TransitGatewayId",
    }),
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": s(
        "AWS::EC2::TransitGatewayRouteTableAssociation",
        {
            transitGatewayRouteTableId: "TransitGatewayRouteTableId",
            transitGatewayAttachmentId: "TransitGatewayAttachmentId",
        },
    ),
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": s(
        "AWS::EC2::TransitGatewayRouteTablePropagation",
        {
            transitGatewayRouteTableId: "TransitGatewayRouteTableId",
            transitGatewayAttachmentId: "TransitGatewayAttachmentId",
        },
    ),
    "aws:ec2transitgateway/transitGateway:TransitGateway": s("AWS::EC2::TransitGateway", {
        amazonSideAsn: "AmazonSideAsn",
        autoAcceptSharedAttachments: "AutoAcceptSharedAttachments",
        defaultRouteTableAssociation: "DefaultRouteTableAssociation",
        defaultRouteTablePropagation: "DefaultRouteTablePropagation",
        description: "Description",
        dnsSupport: "DnsSupport",
        multicastSupport: "MulticastSupport",
        vpnEcmpSupport: "VpnEcmpSupport",
    }),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": s("AWS::EC2::TransitGatewayVpcAttachment", {
        transitGatewayId: "TransitGatewayId",
        vpcId: "VpcId",
        subnetIds: "SubnetIds",
    }),
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": none(
        "none: accepting a shared attachment is an API call (AcceptTransitGatewayVpcAttachment) without a CloudFormation resource",
    ),
    "aws:networkfirewall/firewall:Firewall": s(
        "AWS::NetworkFirewall::Firewall",
        {
            firewallPolicyArn: "FirewallPolicyArn",
            name: "FirewallName",
            vpcId: "VpcId",
            subnetMappings: "SubnetMappings",
            deleteProtection: "DeleteProtection",
            subnetChangeProtection: "SubnetChangeProtection",
            firewallPolicyChangeProtection: "FirewallPolicyChangeProtection",
        },
        { FirewallName: AUTONAME },
    ),
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": s(
        "AWS::NetworkFirewall::FirewallPolicy",
        { name: "FirewallPolicyName", firewallPolicy: "FirewallPolicy", description: "Description" },
        { FirewallPolicyName: AUTONAME },
    ),
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration": s(
        "AWS::NetworkFirewall::LoggingConfiguration",
        { firewallArn: "FirewallArn", loggingConfiguration: "LoggingConfiguration" },
    ),
    "aws:networkfirewall/ruleGroup:RuleGroup": s(
        "AWS::NetworkFirewall::RuleGroup",
        {
            type: "Type",
            capacity: "Capacity",
            name: "RuleGroupName",
            description: "Description",
            ruleGroup: "RuleGroup",
        },
        { RuleGroupName: AUTONAME },
    ),
    "aws:ram/principalAssociation:PrincipalAssociation": none(
        "AWS::RAM::ResourceShare's Principals property",
    ),
    "aws:ram/resourceAssociation:ResourceAssociation": none(
        "AWS::RAM::ResourceShare's ResourceArns property",
    ),
    "aws:ram/resourceShare:ResourceShare": s(
        "AWS::RAM::ResourceShare",
        { name: "Name", allowExternalPrincipals: "AllowExternalPrincipals" },
        { Name: AUTONAME },
    ),
    "aws:route53/resolverEndpoint:ResolverEndpoint": s("AWS::Route53Resolver::ResolverEndpoint", {
        ipAddresses: "IpAddresses",
        direction: "Direction",
        securityGroupIds: "SecurityGroupIds",
        name: "Name",
        resolverEndpointType: "ResolverEndpointType",
    }),
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": s(
        "AWS::Route53Resolver::ResolverQueryLoggingConfig",
        {
            name: "Name",
            destinationArn: "DestinationArn",
        },
    ),
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": s(
        "AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation",
        { resolverQueryLogConfigId: "ResolverQueryLogConfigId", resourceId: "ResourceId" },
    ),
    "aws:route53/resolverRule:ResolverRule": s("AWS::Route53Resolver::ResolverRule", {
        ruleType: "RuleType",
        domainName: "DomainName",
        name: "Name",
        resolverEndpointId: "ResolverEndpointId",
        targetIps: "TargetIps",
    }),
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation": s(
        "AWS::Route53Resolver::ResolverRuleAssociation",
        { vpcId: "VPCId", resolverRuleId: "ResolverRuleId", name: "Name" },
    ),
    "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": none(
        "none: authorizing another account's VPC is an API call (CreateVPCAssociationAuthorization)",
    ),
    "aws:route53/zone:Zone": s("AWS::Route53::HostedZone", {
        name: "Name",
        comment: "HostedZoneConfig",
        vpcs: "VPCs",
    }),
    "aws:route53/zoneAssociation:ZoneAssociation": none("AWS::Route53::HostedZone's VPCs property"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": s("AWS::EC2::SecurityGroupEgress", {
        securityGroupId: "GroupId",
        ipProtocol: "IpProtocol",
        cidrIpv4: "CidrIp",
        description: "Description",
        fromPort: "FromPort",
        toPort: "ToPort",
        prefixListId: "DestinationPrefixListId",
        referencedSecurityGroupId: "DestinationSecurityGroupId",
    }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": s("AWS::EC2::SecurityGroupIngress", {
        securityGroupId: "GroupId",
        ipProtocol: "IpProtocol",
        cidrIpv4: "CidrIp",
        description: "Description",
        fromPort: "FromPort",
        toPort: "ToPort",
        prefixListId: "SourcePrefixListId",
        referencedSecurityGroupId: "SourceSecurityGroupId",
    }),
};
