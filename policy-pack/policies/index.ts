/** Every policy of the pack, in the order the catalogue (docs/policies.md) lists them. */
import type { PackResourcePolicy, PackStackPolicy } from "../lib/policy";
import { defaultSecurityGroupNoRules } from "./ec2/default-security-group/no-rules";
import { launchTemplateEncryptedVolumes } from "./ec2/launch-template/encrypted-volumes";
import { launchTemplateImdsv2 } from "./ec2/launch-template/imdsv2";
import { vpnConnectionTunnelOptions } from "./ec2/vpn-connection/tunnel-options";
import { launchTemplateNoPublicIp } from "./ec2/launch-template/no-public-ip";
import { securityGroupNoWorldAdminPorts } from "./ec2/security-group/no-world-admin-ports";
import { securityGroupNoWorldOpenIngress } from "./ec2/security-group/no-world-open-ingress";
import { securityGroupRuleDescriptions } from "./ec2/security-group/rule-descriptions";
import { subnetNoPublicIpOnLaunch } from "./ec2/subnet/no-public-ip-on-launch";
import { transitGatewayNoDefaultRouteTables } from "./ec2/transit-gateway/no-default-route-tables";
import { vpcEndpointServiceNoWildcardPrincipals } from "./ec2/vpc-endpoint-service/no-wildcard-principals";
import { logGroupKmsEncrypted } from "./cloudwatch/log-group/kms-encrypted";
import { logGroupRetention } from "./cloudwatch/log-group/retention";
import { iamPolicyNoWildcardActions } from "./iam/policy/no-wildcard-actions";
import { iamRoleTrustNotPublic } from "./iam/role/trust-not-public";
import { kmsKeyNoPublicPrincipal } from "./kms/key/no-public-principal";
import { kmsKeyRotation } from "./kms/key/rotation";
import { firewallProtection } from "./networkfirewall/firewall/protection";
import { firewallPolicyHasRuleGroups } from "./networkfirewall/firewall-policy/has-rule-groups";
import { firewallPolicyStatelessDefaultForward } from "./networkfirewall/firewall-policy/stateless-default-forward";
import { firewallPolicyStrictOrderDefaultDrop } from "./networkfirewall/firewall-policy/strict-order-default-drop";
import { firewallPolicyBlockListFirst } from "./networkfirewall/firewall-policy/block-list-first";
import { cloudtrailTrailProtectedLogs } from "./cloudtrail/trail/protected-logs";
import { cloudtrailTrailTableDataEvents } from "./cloudtrail/trail/table-data-events";
import { guarddutyDetectorEnabled } from "./guardduty/detector/enabled";
import { guarddutyRequiredStackRoles } from "./guardduty/organization/required-stack-roles";
import { ruleGroupNotEmpty } from "./networkfirewall/rule-group/not-empty";
import { routeTableInspectionSameAzFirewall } from "./ec2/route-table/inspection-same-az-firewall";
import { routeTableSpokeDefaultRouteToTgw } from "./ec2/route-table/spoke-default-route-to-tgw";
import { vpcFlowLogs } from "./ec2/vpc/flow-logs";
import { vpcSpokeNoInternetEdge } from "./ec2/vpc/spoke-no-internet-edge";
import { vpcAttachmentInspectionApplianceMode } from "./ec2transitgateway/vpc-attachment/inspection-appliance-mode";
import { bucketEncryption } from "./s3/bucket/encryption";
import { bucketPublicAccessBlock } from "./s3/bucket/public-access-block";
import { bucketTlsOnly } from "./s3/bucket/tls-only";
import { ramPrincipalAssociationAllowedPrincipals } from "./ram/principal-association/allowed-principals";
import { ramResourceShareNoExternalPrincipals } from "./ram/resource-share/no-external-principals";
import { targetGroupGwlbGeneve } from "./elbv2/target-group/gwlb-geneve";
import { resolverEndpointTwoAzs } from "./route53resolver/endpoint/two-azs";
import { resolverRuleForwardTargetsAllowed } from "./route53resolver/rule/forward-targets-allowed";
import { resolverCorporateRuleNoLoop } from "./route53resolver/rule-association/corporate-rule-no-loop";
import { dynamodbTableKmsEncrypted } from "./dynamodb/table/kms-encrypted";
import { dynamodbTablePointInTimeRecovery } from "./dynamodb/table/point-in-time-recovery";
import { dynamodbTableDeletionProtection } from "./dynamodb/table/deletion-protection";
import { lambdaPermissionNotPublic } from "./lambda/permission/not-public";
import { lambdaPermissionServiceSourceArn } from "./lambda/permission/service-source-arn";
import { lambdaFunctionUrlIamAuth } from "./lambda/function-url/iam-auth";
import { lambdaFunctionSupportedRuntime } from "./lambda/function/supported-runtime";
import { lambdaFunctionInVpc } from "./lambda/function/in-vpc";
import { lambdaFunctionTracing } from "./lambda/function/tracing";
import { lambdaFunctionEnvironmentKms } from "./lambda/function/environment-kms";
import { lambdaFunctionReservedConcurrency } from "./lambda/function/reserved-concurrency";
import { apigatewayStageAccessLogging } from "./apigateway/stage/access-logging";
import { apigatewayStageXray } from "./apigateway/stage/xray";
import { apigatewayMethodAuthorization } from "./apigateway/method/authorization";
import { apigatewayRestApiEndpointTypes } from "./apigateway/rest-api/endpoint-types";
import { apigatewayv2StageAccessLogging } from "./apigatewayv2/stage/access-logging";
import { apigatewayv2RouteWriteAuthorizer } from "./apigatewayv2/route/write-authorizer";
import { apigatewayStageExecutionLogging } from "./apigateway/stage/execution-logging";
import { apigatewayStageThrottling } from "./apigateway/stage/throttling";
import { ecsTaskDefinitionReadOnlyRoot } from "./ecs/task-definition/read-only-root";
import { ecsTaskDefinitionNotPrivileged } from "./ecs/task-definition/not-privileged";
import { ecsTaskDefinitionNonRootUser } from "./ecs/task-definition/non-root-user";
import { ecsTaskDefinitionAwsvpcNetworkMode } from "./ecs/task-definition/awsvpc-network-mode";
import { ecsTaskDefinitionLogging } from "./ecs/task-definition/logging";
import { ecsTaskDefinitionNoSecretsInEnvironment } from "./ecs/task-definition/no-secrets-in-environment";
import { ecsServiceNoPublicIp } from "./ecs/service/no-public-ip";
import { ecsClusterContainerInsights } from "./ecs/cluster/container-insights";
import { wafv2WebAclManagedRuleGroup } from "./wafv2/web-acl/managed-rule-group";
import { wafv2WebAclRateLimit } from "./wafv2/web-acl/rate-limit";
import { wafv2WebAclMetrics } from "./wafv2/web-acl/metrics";
import { wafv2WebAclLogging } from "./wafv2/web-acl/logging";
import { cognitoUserPoolPasswordPolicy } from "./cognito/user-pool/password-policy";
import { cognitoUserPoolMfa } from "./cognito/user-pool/mfa";
import { cognitoUserPoolAdvancedSecurity } from "./cognito/user-pool/advanced-security";
import { elbv2LoadBalancerAccessLogs } from "./elbv2/load-balancer/access-logs";
import { elbv2LoadBalancerDropInvalidHeaders } from "./elbv2/load-balancer/drop-invalid-headers";
import { elbv2LoadBalancerDeletionProtection } from "./elbv2/load-balancer/deletion-protection";
import { elbv2ListenerHttpRedirectsHttps } from "./elbv2/listener/http-redirects-https";
import { apigatewayStageWafAssociation } from "./apigateway/stage/waf-association";
import { elbv2LoadBalancerWafAssociation } from "./elbv2/load-balancer/waf-association";
import { resolverEndpointSecurityGroupDnsOnly } from "./route53resolver/endpoint/security-group-dns-only";
import { firewallCoversAttachmentAzs } from "./networkfirewall/firewall/covers-attachment-azs";
import { routeTableGwlbSameAzEndpoint } from "./ec2/route-table/gwlb-same-az-endpoint";
import { iamPolicyNoWildcardResources } from "./iam/policy/no-wildcard-resources";
import { iamPolicyNoPrivilegeEscalation } from "./iam/policy/no-privilege-escalation";
import { iamPolicyAttachmentNoAdmin } from "./iam/policy-attachment/no-admin";
import { iamRoleTrustNoAccountRoot } from "./iam/role/trust-no-account-root";
import { s3BucketNoPublicAcl } from "./s3/bucket-acl/no-public-acl";
import { s3BucketPolicyNoPublicPrincipal } from "./s3/bucket-policy/no-public-principal";
import { bucketOwnershipControls } from "./s3/bucket/ownership-controls";
import { bucketAccessLogging } from "./s3/bucket/access-logging";
import { elbv2ListenerTlsPolicy } from "./elbv2/listener/tls-policy";
import { elbv2ListenerCertificate } from "./elbv2/listener/certificate";
import { elbv2LoadBalancerDesyncMitigation } from "./elbv2/load-balancer/desync-mitigation";
import { ecrRepositoryScanOnPush } from "./ecr/repository/scan-on-push";
import { ecrRepositoryImmutableTags } from "./ecr/repository/immutable-tags";
import { snsTopicKmsEncrypted } from "./sns/topic/kms-encrypted";
import { cloudwatchMetricAlarmActionsEnabled } from "./cloudwatch/metric-alarm/actions-enabled";
import { ecsServiceFargateLatest } from "./ecs/service/fargate-latest";
import { ecsTaskDefinitionNoHostPid } from "./ecs/task-definition/no-host-pid";
import { autoscalingGroupElbHealthCheck } from "./autoscaling/group/elb-health-check";
import { autoscalingGroupLaunchTemplate } from "./autoscaling/group/launch-template";
import { firewallLogging } from "./networkfirewall/firewall/logging";
import { vpcDefaultSecurityGroupAdopted } from "./ec2/vpc/default-security-group-adopted";
import { apigatewayStageClientCertificate } from "./apigateway/stage/client-certificate";

/* eslint-disable @typescript-eslint/no-explicit-any -- settings types differ per policy */
/** Resource policies: each judges one resource at a time. */
export const resourcePolicies: readonly PackResourcePolicy<any>[] = [
    securityGroupNoWorldOpenIngress,
    securityGroupNoWorldAdminPorts,
    securityGroupRuleDescriptions,
    defaultSecurityGroupNoRules,
    subnetNoPublicIpOnLaunch,
    transitGatewayNoDefaultRouteTables,
    vpcEndpointServiceNoWildcardPrincipals,
    vpnConnectionTunnelOptions,
    launchTemplateImdsv2,
    launchTemplateEncryptedVolumes,
    launchTemplateNoPublicIp,
    ramResourceShareNoExternalPrincipals,
    ramPrincipalAssociationAllowedPrincipals,
    firewallPolicyHasRuleGroups,
    firewallPolicyStatelessDefaultForward,
    firewallPolicyStrictOrderDefaultDrop,
    firewallProtection,
    ruleGroupNotEmpty,
    kmsKeyRotation,
    kmsKeyNoPublicPrincipal,
    logGroupRetention,
    logGroupKmsEncrypted,
    iamPolicyNoWildcardActions,
    iamRoleTrustNotPublic,
    targetGroupGwlbGeneve,
    resolverEndpointTwoAzs,
    resolverRuleForwardTargetsAllowed,
    dynamodbTableKmsEncrypted,
    dynamodbTablePointInTimeRecovery,
    dynamodbTableDeletionProtection,
    lambdaPermissionNotPublic,
    lambdaPermissionServiceSourceArn,
    lambdaFunctionUrlIamAuth,
    lambdaFunctionSupportedRuntime,
    lambdaFunctionInVpc,
    lambdaFunctionTracing,
    lambdaFunctionEnvironmentKms,
    lambdaFunctionReservedConcurrency,
    apigatewayStageAccessLogging,
    apigatewayStageXray,
    apigatewayMethodAuthorization,
    apigatewayRestApiEndpointTypes,
    apigatewayv2StageAccessLogging,
    apigatewayv2RouteWriteAuthorizer,
    ecsTaskDefinitionReadOnlyRoot,
    ecsTaskDefinitionNotPrivileged,
    ecsTaskDefinitionNonRootUser,
    ecsTaskDefinitionAwsvpcNetworkMode,
    ecsTaskDefinitionLogging,
    ecsTaskDefinitionNoSecretsInEnvironment,
    ecsServiceNoPublicIp,
    ecsClusterContainerInsights,
    wafv2WebAclManagedRuleGroup,
    wafv2WebAclRateLimit,
    wafv2WebAclMetrics,
    cognitoUserPoolPasswordPolicy,
    cognitoUserPoolMfa,
    cognitoUserPoolAdvancedSecurity,
    elbv2LoadBalancerAccessLogs,
    elbv2LoadBalancerDropInvalidHeaders,
    elbv2LoadBalancerDeletionProtection,
    elbv2LoadBalancerDesyncMitigation,
    elbv2ListenerTlsPolicy,
    elbv2ListenerCertificate,
    iamPolicyNoWildcardResources,
    iamPolicyNoPrivilegeEscalation,
    iamPolicyAttachmentNoAdmin,
    iamRoleTrustNoAccountRoot,
    s3BucketNoPublicAcl,
    s3BucketPolicyNoPublicPrincipal,
    ecrRepositoryScanOnPush,
    ecrRepositoryImmutableTags,
    snsTopicKmsEncrypted,
    cloudwatchMetricAlarmActionsEnabled,
    ecsServiceFargateLatest,
    ecsTaskDefinitionNoHostPid,
    autoscalingGroupElbHealthCheck,
    autoscalingGroupLaunchTemplate,
    cloudtrailTrailProtectedLogs,
    cloudtrailTrailTableDataEvents,
    guarddutyDetectorEnabled,
];

/** Stack policies: each judges how the stack's resources fit together. */
export const stackPolicies: readonly PackStackPolicy<any>[] = [
    vpcFlowLogs,
    guarddutyRequiredStackRoles,
    vpcSpokeNoInternetEdge,
    routeTableSpokeDefaultRouteToTgw,
    routeTableInspectionSameAzFirewall,
    vpcAttachmentInspectionApplianceMode,
    bucketPublicAccessBlock,
    bucketEncryption,
    bucketTlsOnly,
    resolverCorporateRuleNoLoop,
    apigatewayStageExecutionLogging,
    apigatewayStageThrottling,
    wafv2WebAclLogging,
    elbv2ListenerHttpRedirectsHttps,
    apigatewayStageWafAssociation,
    elbv2LoadBalancerWafAssociation,
    resolverEndpointSecurityGroupDnsOnly,
    firewallCoversAttachmentAzs,
    routeTableGwlbSameAzEndpoint,
    bucketOwnershipControls,
    bucketAccessLogging,
    firewallLogging,
    vpcDefaultSecurityGroupAdopted,
    apigatewayStageClientCertificate,
    firewallPolicyBlockListFirst,
];
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Every policy of the pack. */
export const policies = [...resourcePolicies, ...stackPolicies];
