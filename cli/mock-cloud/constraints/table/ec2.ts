/** EC2 and VPC: security groups and their rules. */
import type { ConstraintRow } from "../rules";
import { api, exactlyOne, length, oneOf, pattern, providerRow, range, row, tfProvider } from "./rows";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** EC2's character set for security-group names and descriptions and rule descriptions. */
const EC2_SG_TEXT = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;
const CREATE_SG = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html";
const RULE_DESCRIPTION =
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html (Description)";
/** The text EC2 answers (seen in provider error reports, e.g. cfn-lint issue #173). */
const SG_DESCRIPTION_TEXT =
    "Invalid security group description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*";
const RULE_DESCRIPTION_TEXT =
    "Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*";

const ruleRows = (type: string, api: string): ConstraintRow[] => [
    {
        type,
        property: "description",
        member: "Description",
        rule: { kind: "pattern", pattern: EC2_SG_TEXT },
        style: "ec2",
        code: "InvalidParameterValue",
        message: RULE_DESCRIPTION_TEXT,
        source: `${RULE_DESCRIPTION}; ${api}`,
    },
    {
        type,
        property: "description",
        member: "Description",
        rule: { kind: "length", max: 255 },
        style: "ec2",
        code: "InvalidParameterValue",
        message: RULE_DESCRIPTION_TEXT,
        source: RULE_DESCRIPTION,
    },
];

export const EC2_ROWS: readonly ConstraintRow[] = [
    {
        type: SG,
        property: "description",
        member: "GroupDescription",
        rule: { kind: "pattern", pattern: EC2_SG_TEXT },
        style: "ec2",
        code: "InvalidParameterValue",
        message: SG_DESCRIPTION_TEXT,
        source: CREATE_SG,
    },
    {
        type: SG,
        property: "description",
        member: "GroupDescription",
        rule: { kind: "length", max: 255 },
        style: "ec2",
        code: "InvalidParameterValue",
        message: SG_DESCRIPTION_TEXT,
        source: CREATE_SG,
    },
    {
        type: SG,
        property: "name",
        member: "GroupName",
        rule: { kind: "pattern", pattern: EC2_SG_TEXT },
        style: "ec2",
        source: CREATE_SG,
    },
    {
        type: SG,
        property: "name",
        member: "GroupName",
        rule: { kind: "length", max: 255 },
        style: "ec2",
        source: CREATE_SG,
    },
    ...ruleRows(
        INGRESS,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html",
    ),
    ...ruleRows(
        EGRESS,
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupEgress.html",
    ),
];

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const ENABLE = oneOf("enable", "disable");

/** A CIDR of a /16 to a /28 (CreateVpc and CreateSubnet: "between a /16 netmask and /28 netmask"). */
const SIXTEEN_TO_TWENTY_EIGHT = pattern(/\/(1[6-9]|2[0-8])$/);

/** VPCs, subnets, routes, rules' peers and ports, and the other EC2 values the stacks set. */
export const EC2_NETWORK_ROWS: readonly ConstraintRow[] = [
    row(VPC, "cidrBlock", "CidrBlock", SIXTEEN_TO_TWENTY_EIGHT, api("AWSEC2", "CreateVpc")),
    row(SUBNET, "cidrBlock", "CidrBlock", SIXTEEN_TO_TWENTY_EIGHT, api("AWSEC2", "CreateSubnet")),
    ...[INGRESS, EGRESS].flatMap((type) => [
        providerRow(
            type,
            "cidrIpv4",
            exactlyOne("cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"),
            tfProvider(
                `internal/service/ec2/vpc_security_group_${type === INGRESS ? "ingress" : "egress"}_rule.go (ExactlyOneOf)`,
            ),
        ),
        row(type, "fromPort", "FromPort", range(-1, 65535), api("AWSEC2", "IpPermission")),
        row(type, "toPort", "ToPort", range(-1, 65535), api("AWSEC2", "IpPermission")),
        row(
            type,
            "ipProtocol",
            "IpProtocol",
            pattern(/^(tcp|udp|icmp|icmpv6|-1|all|[0-9]{1,3})$/i),
            `${api("AWSEC2", "IpPermission")} (tcp, udp, icmp, icmpv6, -1 or a protocol number)`,
        ),
    ]),
    providerRow(
        ROUTE,
        "destinationCidrBlock",
        exactlyOne("destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"),
        tfProvider("internal/service/ec2/vpc_route.go (routeValidDestinations, ExactlyOneOf)"),
    ),
    providerRow(
        ROUTE,
        "gatewayId",
        exactlyOne(
            "carrierGatewayId",
            "coreNetworkArn",
            "egressOnlyGatewayId",
            "gatewayId",
            "localGatewayId",
            "natGatewayId",
            "networkInterfaceId",
            "transitGatewayId",
            "vpcEndpointId",
            "vpcPeeringConnectionId",
        ),
        tfProvider("internal/service/ec2/vpc_route.go (routeValidTargets, ExactlyOneOf)"),
    ),
    row("aws:ec2/eip:Eip", "domain", "Domain", oneOf("vpc", "standard"), api("AWSEC2", "AllocateAddress")),
    row(
        "aws:ec2/natGateway:NatGateway",
        "connectivityType",
        "ConnectivityType",
        oneOf("public", "private"),
        api("AWSEC2", "CreateNatGateway"),
    ),
    row(
        FLOW_LOG,
        "trafficType",
        "TrafficType",
        oneOf("ACCEPT", "REJECT", "ALL"),
        api("AWSEC2", "CreateFlowLogs"),
    ),
    row(
        FLOW_LOG,
        "maxAggregationInterval",
        "MaxAggregationInterval",
        oneOf(60, 600),
        api("AWSEC2", "CreateFlowLogs"),
    ),
    row(
        FLOW_LOG,
        "logDestinationType",
        "LogDestinationType",
        oneOf("cloud-watch-logs", "s3", "kinesis-data-firehose"),
        api("AWSEC2", "CreateFlowLogs"),
    ),
    providerRow(
        FLOW_LOG,
        "vpcId",
        exactlyOne("eniId", "subnetId", "transitGatewayAttachmentId", "transitGatewayId", "vpcId"),
        tfProvider("internal/service/ec2/vpc_flow_log.go (ExactlyOneOf)"),
    ),
    row(
        ENDPOINT,
        "vpcEndpointType",
        "VpcEndpointType",
        oneOf("Interface", "Gateway", "GatewayLoadBalancer", "Resource", "ServiceNetwork"),
        api("AWSEC2", "CreateVpcEndpoint"),
    ),
    row(
        "aws:ec2/vpcEndpointService:VpcEndpointService",
        "supportedIpAddressTypes[]",
        "SupportedIpAddressTypes",
        oneOf("ipv4", "ipv6"),
        api("AWSEC2", "CreateVpcEndpointServiceConfiguration"),
    ),
    row(
        "aws:ec2/customerGateway:CustomerGateway",
        "type",
        "Type",
        oneOf("ipsec.1"),
        api("AWSEC2", "CreateCustomerGateway"),
    ),
    row(
        "aws:ec2/vpnConnection:VpnConnection",
        "type",
        "Type",
        oneOf("ipsec.1"),
        api("AWSEC2", "CreateVpnConnection"),
    ),
    row(
        "aws:ec2/vpnConnection:VpnConnection",
        "outsideIpAddressType",
        "OutsideIpAddressType",
        oneOf("PrivateIpv4", "PublicIpv4", "Ipv6"),
        api("AWSEC2", "VpnConnectionOptionsSpecification"),
    ),
    ...[
        "autoAcceptSharedAttachments",
        "defaultRouteTableAssociation",
        "defaultRouteTablePropagation",
        "dnsSupport",
        "multicastSupport",
        "vpnEcmpSupport",
    ].map((p) =>
        row(TGW, p, p[0].toUpperCase() + p.slice(1), ENABLE, api("AWSEC2", "TransitGatewayRequestOptions")),
    ),
    ...["applianceModeSupport", "dnsSupport"].map((p) =>
        row(
            "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
            p,
            p[0].toUpperCase() + p.slice(1),
            ENABLE,
            api("AWSEC2", "CreateTransitGatewayVpcAttachmentRequestOptions"),
        ),
    ),
    row(
        "aws:ec2/launchTemplate:LaunchTemplate",
        "name",
        "LaunchTemplateName",
        pattern(/^[a-zA-Z0-9().\-/_]{3,128}$/),
        api("AWSEC2", "CreateLaunchTemplate"),
    ),
    row(
        "aws:ec2/launchTemplate:LaunchTemplate",
        "description",
        "VersionDescription",
        length(0, 255),
        api("AWSEC2", "CreateLaunchTemplate"),
    ),
];
