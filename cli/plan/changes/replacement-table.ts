/**
 * Which input properties of each provider type replace the resource when they change.
 *
 * The source is CloudFormation's resource specification (cfn-replacement.json, extracted from npm
 * `@aws-cdk/aws-service-spec`): each provider type maps to its CloudFormation type, and each input to
 * the CloudFormation property of the same name with its first letter upper-cased, unless `renames`
 * says otherwise. `@pulumi/aws` bridges the Terraform AWS provider, whose schema decides what Pulumi
 * replaces: where it differs from CloudFormation, or has properties CloudFormation does not, `provider`
 * says so with the provider source file (hashicorp/terraform-provider-aws, `internal/service/...`).
 * Tags never replace a resource in the provider (it updates them with the service's tagging API), so
 * `tags` and `tagsAll` are never a reason, whatever CloudFormation says of `Tags`.
 */

/** What the provider does with a change of one input, where CloudFormation does not say it. */
export interface ProviderRule {
    /** True: the provider replaces the resource (ForceNew); false: it updates in place. */
    readonly replaces: boolean;
    /** The provider source file that says so (hashicorp/terraform-provider-aws). */
    readonly source: string;
    /** Why, in a few words, for the plan's output. */
    readonly note?: string;
}

/** One provider type. */
export interface ReplacementRow {
    /** The CloudFormation type; null where CloudFormation has no resource of its own for it. */
    readonly cfnType: string | null;
    /** Provider input -> CloudFormation property, where the name is not the input's upper-cased. */
    readonly renames?: Readonly<Record<string, string>>;
    /** The provider's own rules, which take precedence over CloudFormation's. */
    readonly provider?: Readonly<Record<string, ProviderRule>>;
    /**
     * Nested property paths (dotted, `[]` for any list item) whose change replaces the resource in the
     * provider, which CloudFormation's top-level facts cannot show.
     */
    readonly nested?: Readonly<Record<string, ProviderRule>>;
}

const cfn = (
    cfnType: string,
    renames?: Record<string, string>,
    provider?: Record<string, ProviderRule>,
): ReplacementRow => ({
    cfnType,
    ...(renames ? { renames } : {}),
    ...(provider ? { provider } : {}),
});

const TF = "internal/service";
const forceNew = (file: string, note?: string): ProviderRule => ({
    replaces: true,
    source: `${TF}/${file}`,
    ...(note ? { note } : {}),
});
const inPlace = (file: string, note?: string): ProviderRule => ({
    replaces: false,
    source: `${TF}/${file}`,
    ...(note ? { note } : {}),
});

/** A provider type without a CloudFormation resource: the provider's rules only. */
const providerOnly = (provider: Record<string, ProviderRule>): ReplacementRow => ({
    cfnType: null,
    provider,
});

const SG_RULE = "ec2/vpc_security_group_ingress_rule.go";
/** The security-group rule resources modify a rule in place (ModifySecurityGroupRules); only the group replaces. */
const sgRule = (file: string): Record<string, ProviderRule> => ({
    securityGroupId: forceNew(file),
    ...Object.fromEntries(
        [
            "cidrIpv4",
            "cidrIpv6",
            "description",
            "fromPort",
            "toPort",
            "ipProtocol",
            "prefixListId",
            "referencedSecurityGroupId",
        ].map((p) => [p, inPlace(file, "ModifySecurityGroupRules; a change of source kind replaces")]),
    ),
});

/** The table, by provider type token. */
export const REPLACEMENT_TABLE: Readonly<Record<string, ReplacementRow>> = {
    "aws:apigateway/account:Account": cfn("AWS::ApiGateway::Account", {
        cloudwatchRoleArn: "CloudWatchRoleArn",
    }),
    "aws:apigateway/apiKey:ApiKey": cfn("AWS::ApiGateway::ApiKey"),
    "aws:apigateway/authorizer:Authorizer": cfn("AWS::ApiGateway::Authorizer", {
        restApi: "RestApiId",
        providerArns: "ProviderARNs",
    }),
    "aws:apigateway/deployment:Deployment": cfn(
        "AWS::ApiGateway::Deployment",
        { restApi: "RestApiId" },
        { triggers: forceNew("apigateway/deployment.go", "a new deployment of the API") },
    ),
    "aws:apigateway/integration:Integration": providerOnly({
        restApi: forceNew("apigateway/integration.go"),
        resourceId: forceNew("apigateway/integration.go"),
        httpMethod: forceNew("apigateway/integration.go"),
    }),
    "aws:apigateway/method:Method": cfn("AWS::ApiGateway::Method", {
        restApi: "RestApiId",
        authorization: "AuthorizationType",
    }),
    "aws:apigateway/methodSettings:MethodSettings": providerOnly({
        restApi: forceNew("apigateway/method_settings.go"),
        stageName: forceNew("apigateway/method_settings.go"),
        methodPath: forceNew("apigateway/method_settings.go"),
    }),
    "aws:apigateway/model:Model": cfn("AWS::ApiGateway::Model", { restApi: "RestApiId" }),
    "aws:apigateway/requestValidator:RequestValidator": cfn("AWS::ApiGateway::RequestValidator", {
        restApi: "RestApiId",
    }),
    "aws:apigateway/resource:Resource": cfn("AWS::ApiGateway::Resource", { restApi: "RestApiId" }),
    "aws:apigateway/response:Response": cfn("AWS::ApiGateway::GatewayResponse"),
    "aws:apigateway/restApi:RestApi": cfn("AWS::ApiGateway::RestApi", { apiKeySource: "ApiKeySourceType" }),
    "aws:apigateway/restApiPolicy:RestApiPolicy": providerOnly({
        restApiId: forceNew("apigateway/rest_api_policy.go"),
    }),
    "aws:apigateway/stage:Stage": cfn("AWS::ApiGateway::Stage", {
        restApi: "RestApiId",
        deployment: "DeploymentId",
        accessLogSettings: "AccessLogSetting",
        xrayTracingEnabled: "TracingEnabled",
    }),
    "aws:apigateway/usagePlan:UsagePlan": cfn("AWS::ApiGateway::UsagePlan", {
        quotaSettings: "Quota",
        throttleSettings: "Throttle",
    }),
    "aws:apigateway/usagePlanKey:UsagePlanKey": cfn("AWS::ApiGateway::UsagePlanKey"),
    "aws:apigatewayv2/api:Api": cfn("AWS::ApiGatewayV2::Api"),
    "aws:apigatewayv2/authorizer:Authorizer": cfn("AWS::ApiGatewayV2::Authorizer", {
        identitySources: "IdentitySource",
    }),
    "aws:apigatewayv2/integration:Integration": cfn("AWS::ApiGatewayV2::Integration", {
        timeoutMilliseconds: "TimeoutInMillis",
    }),
    "aws:apigatewayv2/route:Route": cfn("AWS::ApiGatewayV2::Route"),
    "aws:apigatewayv2/stage:Stage": cfn("AWS::ApiGatewayV2::Stage", { name: "StageName" }),
    "aws:apigatewayv2/vpcLink:VpcLink": cfn("AWS::ApiGatewayV2::VpcLink"),
    "aws:appautoscaling/policy:Policy": cfn("AWS::ApplicationAutoScaling::ScalingPolicy", {
        name: "PolicyName",
    }),
    "aws:appautoscaling/target:Target": cfn("AWS::ApplicationAutoScaling::ScalableTarget"),
    "aws:autoscaling/group:Group": cfn("AWS::AutoScaling::AutoScalingGroup", {
        targetGroupArns: "TargetGroupARNs",
        vpcZoneIdentifiers: "VPCZoneIdentifier",
    }),
    "aws:cloudwatch/logGroup:LogGroup": cfn("AWS::Logs::LogGroup", { name: "LogGroupName" }),
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": cfn("AWS::Logs::ResourcePolicy"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": cfn("AWS::CloudWatch::Alarm", {
        name: "AlarmName",
        okActions: "OKActions",
    }),
    "aws:cognito/userPool:UserPool": cfn("AWS::Cognito::UserPool", { name: "UserPoolName" }),
    "aws:cognito/userPoolClient:UserPoolClient": cfn("AWS::Cognito::UserPoolClient", { name: "ClientName" }),
    "aws:dynamodb/table:Table": cfn("AWS::DynamoDB::Table", {
        name: "TableName",
        hashKey: "KeySchema",
        rangeKey: "KeySchema",
        attributes: "AttributeDefinitions",
        pointInTimeRecovery: "PointInTimeRecoverySpecification",
        serverSideEncryption: "SSESpecification",
    }),
    "aws:ec2/customerGateway:CustomerGateway": cfn("AWS::EC2::CustomerGateway"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": providerOnly({
        vpcId: forceNew("ec2/vpc_default_security_group.go"),
    }),
    "aws:ec2/eip:Eip": cfn("AWS::EC2::EIP"),
    "aws:ec2/flowLog:FlowLog": cfn("AWS::EC2::FlowLog", {
        iamRoleArn: "DeliverLogsPermissionArn",
        vpcId: "ResourceId",
        subnetId: "ResourceId",
        eniId: "ResourceId",
        transitGatewayId: "ResourceId",
        transitGatewayAttachmentId: "ResourceId",
    }),
    "aws:ec2/internetGateway:InternetGateway": cfn("AWS::EC2::InternetGateway", undefined, {
        vpcId: inPlace("ec2/vpc_internet_gateway.go", "detached and attached"),
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": cfn("AWS::EC2::LaunchTemplate", {
        name: "LaunchTemplateName",
        description: "VersionDescription",
    }),
    "aws:ec2/natGateway:NatGateway": cfn("AWS::EC2::NatGateway"),
    "aws:ec2/route:Route": cfn("AWS::EC2::Route"),
    "aws:ec2/routeTable:RouteTable": cfn("AWS::EC2::RouteTable"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": cfn(
        "AWS::EC2::SubnetRouteTableAssociation",
        undefined,
        {
            routeTableId: inPlace("ec2/vpc_route_table_association.go", "ReplaceRouteTableAssociation"),
        },
    ),
    "aws:ec2/securityGroup:SecurityGroup": cfn("AWS::EC2::SecurityGroup", {
        description: "GroupDescription",
        name: "GroupName",
        ingress: "SecurityGroupIngress",
        egress: "SecurityGroupEgress",
    }),
    "aws:ec2/subnet:Subnet": cfn("AWS::EC2::Subnet"),
    "aws:ec2/vpc:Vpc": cfn("AWS::EC2::VPC"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": cfn("AWS::EC2::VPCEndpoint", { policy: "PolicyDocument" }),
    "aws:ec2/vpcEndpointService:VpcEndpointService": cfn("AWS::EC2::VPCEndpointService", undefined, {
        allowedPrincipals: inPlace("ec2/vpc_endpoint_service.go", "ModifyVpcEndpointServicePermissions"),
    }),
    "aws:ec2/vpnConnection:VpnConnection": {
        ...cfn("AWS::EC2::VPNConnection", undefined, {
            customerGatewayId: inPlace("ec2/vpnsite_connection.go", "ModifyVpnConnection"),
            transitGatewayId: inPlace("ec2/vpnsite_connection.go", "ModifyVpnConnection"),
        }),
    },
    "aws:ec2transitgateway/route:Route": cfn("AWS::EC2::TransitGatewayRoute"),
    "aws:ec2transitgateway/routeTable:RouteTable": cfn("AWS::EC2::TransitGatewayRouteTable"),
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": cfn(
        "AWS::EC2::TransitGatewayRouteTableAssociation",
    ),
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": cfn(
        "AWS::EC2::TransitGatewayRouteTablePropagation",
    ),
    "aws:ec2transitgateway/transitGateway:TransitGateway": cfn("AWS::EC2::TransitGateway"),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": cfn(
        "AWS::EC2::TransitGatewayVpcAttachment",
        undefined,
        {
            subnetIds: inPlace(
                "ec2/transitgateway_vpc_attachment.go",
                "ModifyTransitGatewayVpcAttachment AddSubnetIds/RemoveSubnetIds",
            ),
        },
    ),
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": providerOnly({
        transitGatewayAttachmentId: forceNew("ec2/transitgateway_vpc_attachment_accepter.go"),
    }),
    "aws:ecr/repository:Repository": cfn("AWS::ECR::Repository", {
        name: "RepositoryName",
        encryptionConfigurations: "EncryptionConfiguration",
    }),
    "aws:ecs/cluster:Cluster": cfn("AWS::ECS::Cluster", { name: "ClusterName", settings: "ClusterSettings" }),
    "aws:ecs/service:Service": cfn("AWS::ECS::Service", { name: "ServiceName" }),
    "aws:ecs/taskDefinition:TaskDefinition": cfn("AWS::ECS::TaskDefinition"),
    "aws:iam/instanceProfile:InstanceProfile": cfn("AWS::IAM::InstanceProfile", {
        role: "Roles",
        name: "InstanceProfileName",
    }),
    "aws:iam/policy:Policy": cfn("AWS::IAM::ManagedPolicy", {
        policy: "PolicyDocument",
        name: "ManagedPolicyName",
    }),
    "aws:iam/role:Role": cfn("AWS::IAM::Role", {
        assumeRolePolicy: "AssumeRolePolicyDocument",
        name: "RoleName",
    }),
    "aws:iam/rolePolicy:RolePolicy": cfn("AWS::IAM::RolePolicy", {
        role: "RoleName",
        name: "PolicyName",
        policy: "PolicyDocument",
    }),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": providerOnly({
        role: forceNew("iam/role_policy_attachment.go"),
        policyArn: forceNew("iam/role_policy_attachment.go"),
    }),
    "aws:kms/alias:Alias": cfn("AWS::KMS::Alias", { name: "AliasName" }),
    "aws:kms/key:Key": cfn("AWS::KMS::Key", {
        deletionWindowInDays: "PendingWindowInDays",
        policy: "KeyPolicy",
    }),
    "aws:lambda/function:Function": cfn("AWS::Lambda::Function", { name: "FunctionName" }),
    "aws:lambda/permission:Permission": cfn("AWS::Lambda::Permission", { function: "FunctionName" }),
    "aws:lb/listener:Listener": cfn("AWS::ElasticLoadBalancingV2::Listener"),
    "aws:lb/listenerRule:ListenerRule": cfn("AWS::ElasticLoadBalancingV2::ListenerRule"),
    "aws:lb/loadBalancer:LoadBalancer": cfn("AWS::ElasticLoadBalancingV2::LoadBalancer", {
        internal: "Scheme",
        loadBalancerType: "Type",
    }),
    "aws:lb/targetGroup:TargetGroup": cfn("AWS::ElasticLoadBalancingV2::TargetGroup"),
    "aws:networkfirewall/firewall:Firewall": cfn("AWS::NetworkFirewall::Firewall", { name: "FirewallName" }),
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": cfn("AWS::NetworkFirewall::FirewallPolicy", {
        name: "FirewallPolicyName",
    }),
    "aws:networkfirewall/loggingConfiguration:LoggingConfiguration": cfn(
        "AWS::NetworkFirewall::LoggingConfiguration",
    ),
    "aws:networkfirewall/ruleGroup:RuleGroup": {
        ...cfn("AWS::NetworkFirewall::RuleGroup", { name: "RuleGroupName" }),
        nested: {
            "ruleGroup.statefulRuleOptions.ruleOrder": forceNew(
                "networkfirewall/rule_group.go",
                "forceNewIfNotRuleOrderDefault: the rule order cannot change in place",
            ),
        },
    },
    "aws:ram/principalAssociation:PrincipalAssociation": providerOnly({
        principal: forceNew("ram/principal_association.go"),
        resourceShareArn: forceNew("ram/principal_association.go"),
    }),
    "aws:ram/resourceAssociation:ResourceAssociation": providerOnly({
        resourceArn: forceNew("ram/resource_association.go"),
        resourceShareArn: forceNew("ram/resource_association.go"),
    }),
    "aws:ram/resourceShare:ResourceShare": cfn("AWS::RAM::ResourceShare"),
    "aws:route53/resolverEndpoint:ResolverEndpoint": cfn("AWS::Route53Resolver::ResolverEndpoint"),
    "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": cfn(
        "AWS::Route53Resolver::ResolverQueryLoggingConfig",
    ),
    "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation": cfn(
        "AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation",
    ),
    "aws:route53/resolverRule:ResolverRule": cfn("AWS::Route53Resolver::ResolverRule"),
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation": cfn(
        "AWS::Route53Resolver::ResolverRuleAssociation",
        { vpcId: "VPCId" },
    ),
    "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": providerOnly({
        zoneId: forceNew("route53/vpc_association_authorization.go"),
        vpcId: forceNew("route53/vpc_association_authorization.go"),
        vpcRegion: forceNew("route53/vpc_association_authorization.go"),
    }),
    "aws:route53/zone:Zone": cfn("AWS::Route53::HostedZone", { comment: "HostedZoneConfig", vpcs: "VPCs" }),
    "aws:route53/zoneAssociation:ZoneAssociation": providerOnly({
        zoneId: forceNew("route53/zone_association.go"),
        vpcId: forceNew("route53/zone_association.go"),
        vpcRegion: forceNew("route53/zone_association.go"),
    }),
    "aws:s3/bucket:Bucket": cfn("AWS::S3::Bucket", { bucket: "BucketName" }),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": providerOnly({
        bucket: forceNew("s3/bucket_lifecycle_configuration.go"),
    }),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": providerOnly({
        bucket: forceNew("s3/bucket_ownership_controls.go"),
    }),
    "aws:s3/bucketPolicy:BucketPolicy": cfn("AWS::S3::BucketPolicy", { policy: "PolicyDocument" }),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": providerOnly({
        bucket: forceNew("s3/bucket_public_access_block.go"),
    }),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": providerOnly({
        bucket: forceNew("s3/bucket_server_side_encryption_configuration.go"),
    }),
    "aws:s3/bucketVersioning:BucketVersioning": providerOnly({
        bucket: forceNew("s3/bucket_versioning.go"),
    }),
    "aws:sns/topic:Topic": cfn("AWS::SNS::Topic", { name: "TopicName" }),
    "aws:sns/topicSubscription:TopicSubscription": cfn("AWS::SNS::Subscription", { topic: "TopicArn" }),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": cfn(
        "AWS::EC2::SecurityGroupEgress",
        {
            securityGroupId: "GroupId",
            cidrIpv4: "CidrIp",
            prefixListId: "DestinationPrefixListId",
            referencedSecurityGroupId: "DestinationSecurityGroupId",
        },
        sgRule("ec2/vpc_security_group_egress_rule.go"),
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": cfn(
        "AWS::EC2::SecurityGroupIngress",
        {
            securityGroupId: "GroupId",
            cidrIpv4: "CidrIp",
            prefixListId: "SourcePrefixListId",
            referencedSecurityGroupId: "SourceSecurityGroupId",
        },
        sgRule(SG_RULE),
    ),
    "aws:wafv2/webAcl:WebAcl": cfn("AWS::WAFv2::WebACL"),
    "aws:wafv2/webAclAssociation:WebAclAssociation": cfn("AWS::WAFv2::WebACLAssociation", {
        webAclArn: "WebACLArn",
    }),
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": cfn(
        "AWS::WAFv2::LoggingConfiguration",
    ),
};

/**
 * The VPN connection's tunnel options (`tunnel1*`, `tunnel2*`): CloudFormation replaces the connection
 * on any change of `VpnTunnelOptionsSpecifications`; the provider modifies them in place
 * (ModifyVpnTunnelOptions).
 */
export const VPN_TUNNEL_OPTION = /^tunnel[12][A-Z]/;
export const VPN_TUNNEL_RULE = inPlace("ec2/vpnsite_connection.go", "ModifyVpnTunnelOptions");
