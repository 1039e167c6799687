/**
 * The bootstrap's action table, everything but the network: IAM, KMS, logs and alarms, S3, Lambda,
 * API Gateway, ECS and ECR, load balancers, Auto Scaling, Cognito, DynamoDB, SNS, WAF, EventBridge and
 * the detection services. Paths are under terraform-provider-aws internal/service/.
 */
import { LOG_DELIVERY } from "./actions-network";
import { row, type ActionRow } from "./table";

const S3_BUCKET_READ =
    // aws_s3_bucket's read reads every sub-resource of the bucket (s3/bucket.go resourceBucketRead).
    "s3:ListBucket s3:GetBucketAcl s3:GetBucketCORS s3:GetBucketWebsite s3:GetBucketVersioning " +
    "s3:GetAccelerateConfiguration s3:GetBucketRequestPayment s3:GetBucketLogging s3:GetLifecycleConfiguration " +
    "s3:GetReplicationConfiguration s3:GetEncryptionConfiguration s3:GetBucketObjectLockConfiguration " +
    "s3:GetBucketPolicy s3:GetBucketTagging";
/** A bucket sub-resource whose delete is a put of the empty configuration (S3's own action naming). */
const bucketPart = (source: string, put: string, get: string, del = put) =>
    row(`s3/${source}`, put, get, put, del);
/** API Gateway authorizes by HTTP verb on the API's path:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-create-and-manage-api.html */
const apigw = (source: string, extra: Parameters<typeof row>[5] = {}) =>
    row(
        source,
        "apigateway:POST apigateway:PUT apigateway:GET",
        "apigateway:GET",
        "apigateway:PATCH apigateway:PUT apigateway:POST apigateway:DELETE",
        "apigateway:DELETE",
        extra,
    );
const ELB = "elasticloadbalancing";

/** Service resource type token -> the actions of its calls. */
export const SERVICE_ACTIONS: Readonly<Record<string, ActionRow>> = {
    "aws:iam/role:Role": row(
        // Delete first removes the role from instance profiles and drops its policies.
        "iam/role.go",
        "iam:CreateRole iam:TagRole iam:PutRolePolicy iam:AttachRolePolicy",
        "iam:GetRole iam:ListRolePolicies iam:ListAttachedRolePolicies",
        "iam:UpdateRole iam:UpdateRoleDescription iam:UpdateAssumeRolePolicy iam:TagRole iam:UntagRole",
        "iam:DeleteRole iam:ListInstanceProfilesForRole iam:RemoveRoleFromInstanceProfile iam:DeleteRolePolicy iam:DetachRolePolicy",
    ),
    "aws:iam/rolePolicy:RolePolicy": row(
        "iam/role_policy.go",
        "iam:PutRolePolicy",
        "iam:GetRolePolicy",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
    ),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": row(
        "iam/role_policy_attachment.go",
        "iam:AttachRolePolicy",
        "iam:ListAttachedRolePolicies",
        "",
        "iam:DetachRolePolicy",
    ),
    "aws:iam/policy:Policy": row(
        "iam/policy.go",
        "iam:CreatePolicy iam:TagPolicy",
        "iam:GetPolicy iam:GetPolicyVersion iam:ListPolicyVersions",
        "iam:CreatePolicyVersion iam:DeletePolicyVersion iam:TagPolicy iam:UntagPolicy",
        "iam:DeletePolicy iam:ListPolicyVersions iam:DeletePolicyVersion",
    ),
    "aws:iam/instanceProfile:InstanceProfile": row(
        // Adding a role to an instance profile requires iam:PassRole on the role:
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html
        "iam/instance_profile.go",
        "iam:CreateInstanceProfile iam:TagInstanceProfile iam:AddRoleToInstanceProfile",
        "iam:GetInstanceProfile",
        "iam:AddRoleToInstanceProfile iam:RemoveRoleFromInstanceProfile iam:TagInstanceProfile iam:UntagInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile iam:DeleteInstanceProfile",
        { passRoleTo: ["ec2.amazonaws.com"] },
    ),
    "aws:kms/key:Key": row(
        "kms/key.go",
        "kms:CreateKey kms:TagResource kms:EnableKeyRotation kms:PutKeyPolicy",
        "kms:DescribeKey kms:GetKeyPolicy kms:GetKeyRotationStatus kms:ListResourceTags",
        "kms:UpdateKeyDescription kms:PutKeyPolicy kms:EnableKeyRotation kms:DisableKeyRotation kms:EnableKey kms:DisableKey kms:TagResource kms:UntagResource",
        "kms:ScheduleKeyDeletion",
    ),
    "aws:kms/alias:Alias": row(
        "kms/alias.go",
        "kms:CreateAlias",
        "kms:ListAliases",
        "kms:UpdateAlias",
        "kms:DeleteAlias",
    ),
    "aws:cloudwatch/logGroup:LogGroup": row(
        "logs/group.go",
        "logs:CreateLogGroup logs:PutRetentionPolicy logs:TagResource logs:AssociateKmsKey",
        "logs:DescribeLogGroups logs:ListTagsForResource",
        "logs:PutRetentionPolicy logs:DeleteRetentionPolicy logs:AssociateKmsKey logs:DisassociateKmsKey logs:TagResource logs:UntagResource",
        "logs:DeleteLogGroup",
    ),
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": row(
        "logs/resource_policy.go",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:PutResourcePolicy",
        "logs:DeleteResourcePolicy",
    ),
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": row(
        // A Lambda destination needs no role to pass; CloudWatch Logs checks it may invoke the function.
        "logs/subscription_filter.go",
        "logs:PutSubscriptionFilter",
        "logs:DescribeSubscriptionFilters",
        "logs:PutSubscriptionFilter",
        "logs:DeleteSubscriptionFilter",
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": row(
        "cloudwatch/metric_alarm.go",
        "cloudwatch:PutMetricAlarm cloudwatch:TagResource",
        "cloudwatch:DescribeAlarms cloudwatch:ListTagsForResource",
        "cloudwatch:PutMetricAlarm cloudwatch:TagResource cloudwatch:UntagResource",
        "cloudwatch:DeleteAlarms",
    ),
    "aws:cloudwatch/eventBus:EventBus": row(
        "events/bus.go",
        "events:CreateEventBus events:TagResource",
        "events:DescribeEventBus events:ListTagsForResource",
        "events:UpdateEventBus events:TagResource events:UntagResource",
        "events:DeleteEventBus",
    ),
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": row(
        "events/bus_policy.go",
        "events:PutPermission",
        "events:DescribeEventBus",
        "events:PutPermission",
        "events:RemovePermission",
    ),
    "aws:cloudwatch/eventRule:EventRule": row(
        "events/rule.go",
        "events:PutRule events:TagResource",
        "events:DescribeRule events:ListTagsForResource",
        "events:PutRule events:EnableRule events:DisableRule events:TagResource events:UntagResource",
        "events:DeleteRule",
    ),
    "aws:cloudwatch/eventTarget:EventTarget": row(
        "events/target.go",
        "events:PutTargets",
        "events:ListTargetsByRule",
        "events:PutTargets",
        "events:RemoveTargets",
        { passRoleTo: ["events.amazonaws.com"] },
    ),
    "aws:s3/bucket:Bucket": row(
        "s3/bucket.go",
        "s3:CreateBucket s3:PutBucketTagging",
        S3_BUCKET_READ,
        "s3:PutBucketTagging",
        "s3:DeleteBucket",
    ),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketPart(
        "bucket_lifecycle_configuration.go",
        "s3:PutLifecycleConfiguration",
        "s3:GetLifecycleConfiguration",
    ),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketPart(
        "bucket_ownership_controls.go",
        "s3:PutBucketOwnershipControls",
        "s3:GetBucketOwnershipControls",
    ),
    "aws:s3/bucketPolicy:BucketPolicy": bucketPart(
        "bucket_policy.go",
        "s3:PutBucketPolicy",
        "s3:GetBucketPolicy",
        "s3:DeleteBucketPolicy",
    ),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketPart(
        "bucket_public_access_block.go",
        "s3:PutBucketPublicAccessBlock",
        "s3:GetBucketPublicAccessBlock",
    ),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketPart(
        "bucket_server_side_encryption_configuration.go",
        "s3:PutEncryptionConfiguration",
        "s3:GetEncryptionConfiguration",
    ),
    "aws:s3/bucketVersioning:BucketVersioning": bucketPart(
        "bucket_versioning.go",
        "s3:PutBucketVersioning",
        "s3:GetBucketVersioning",
    ),
    "aws:s3/bucketLogging:BucketLogging": bucketPart(
        "bucket_logging.go",
        "s3:PutBucketLogging",
        "s3:GetBucketLogging",
    ),
    "aws:lambda/function:Function": row(
        // In a VPC, Lambda checks the caller may describe the subnets and security groups; a customer
        // managed key for the environment is used with the caller's grant:
        // https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html,
        // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
        "lambda/function.go",
        "lambda:CreateFunction lambda:TagResource lambda:PutFunctionConcurrency ec2:DescribeSecurityGroups ec2:DescribeSubnets ec2:DescribeVpcs kms:Encrypt kms:CreateGrant",
        // Read: GetFunction, the latest version (ListVersionsByFunction) and, for zip packages in the
        // commercial partition, the code-signing config; the waiters read the configuration.
        "lambda:GetFunction lambda:GetFunctionConfiguration lambda:ListVersionsByFunction lambda:GetFunctionCodeSigningConfig",
        "lambda:UpdateFunctionCode lambda:UpdateFunctionConfiguration lambda:PutFunctionConcurrency lambda:DeleteFunctionConcurrency lambda:PublishVersion lambda:TagResource lambda:UntagResource kms:Encrypt kms:CreateGrant",
        "lambda:DeleteFunction",
        { passRoleTo: ["lambda.amazonaws.com"] },
    ),
    "aws:lambda/permission:Permission": row(
        "lambda/permission.go",
        "lambda:AddPermission",
        "lambda:GetPolicy",
        "",
        "lambda:RemovePermission",
    ),
    "aws:apigateway/account:Account": apigw("apigateway/account.go", {
        passRoleTo: ["apigateway.amazonaws.com"],
    }),
    "aws:apigateway/apiKey:ApiKey": apigw("apigateway/api_key.go"),
    "aws:apigateway/authorizer:Authorizer": apigw("apigateway/authorizer.go", {
        passRoleTo: ["apigateway.amazonaws.com"],
    }),
    "aws:apigateway/deployment:Deployment": apigw("apigateway/deployment.go"),
    "aws:apigateway/integration:Integration": apigw("apigateway/integration.go", {
        passRoleTo: ["apigateway.amazonaws.com"],
    }),
    "aws:apigateway/method:Method": apigw("apigateway/method.go"),
    "aws:apigateway/methodSettings:MethodSettings": apigw("apigateway/method_settings.go"),
    "aws:apigateway/model:Model": apigw("apigateway/model.go"),
    "aws:apigateway/requestValidator:RequestValidator": apigw("apigateway/request_validator.go"),
    "aws:apigateway/resource:Resource": apigw("apigateway/resource.go"),
    "aws:apigateway/response:Response": apigw("apigateway/gateway_response.go"),
    "aws:apigateway/restApi:RestApi": apigw("apigateway/rest_api.go"),
    "aws:apigateway/restApiPolicy:RestApiPolicy": apigw("apigateway/rest_api_policy.go"),
    "aws:apigateway/stage:Stage": apigw("apigateway/stage.go"),
    "aws:apigateway/usagePlan:UsagePlan": apigw("apigateway/usage_plan.go"),
    "aws:apigateway/usagePlanKey:UsagePlanKey": apigw("apigateway/usage_plan_key.go"),
    "aws:apigatewayv2/api:Api": apigw("apigatewayv2/api.go"),
    "aws:apigatewayv2/authorizer:Authorizer": apigw("apigatewayv2/authorizer.go"),
    "aws:apigatewayv2/integration:Integration": apigw("apigatewayv2/integration.go"),
    "aws:apigatewayv2/route:Route": apigw("apigatewayv2/route.go"),
    "aws:apigatewayv2/stage:Stage": row(
        // Access logs of an HTTP API are vended logs:
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
        "apigatewayv2/stage.go",
        `apigateway:POST apigateway:GET ${LOG_DELIVERY}`,
        "apigateway:GET",
        `apigateway:PATCH apigateway:DELETE ${LOG_DELIVERY}`,
        "apigateway:DELETE",
    ),
    "aws:apigatewayv2/vpcLink:VpcLink": row(
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html
        "apigatewayv2/vpc_link.go",
        "apigateway:POST apigateway:GET ec2:CreateNetworkInterface ec2:DescribeNetworkInterfaces ec2:DescribeSecurityGroups ec2:DescribeSubnets ec2:DescribeVpcs ec2:CreateTags",
        "apigateway:GET",
        "apigateway:PATCH apigateway:PUT apigateway:DELETE",
        "apigateway:DELETE ec2:DeleteNetworkInterface",
        { serviceLinkedRoles: ["ops.apigateway.amazonaws.com"] },
    ),
    "aws:ecs/cluster:Cluster": row(
        "ecs/cluster.go",
        "ecs:CreateCluster ecs:TagResource",
        "ecs:DescribeClusters",
        "ecs:UpdateCluster ecs:UpdateClusterSettings ecs:TagResource ecs:UntagResource",
        "ecs:DeleteCluster",
        { serviceLinkedRoles: ["ecs.amazonaws.com"] },
    ),
    "aws:ecs/taskDefinition:TaskDefinition": row(
        "ecs/task_definition.go",
        "ecs:RegisterTaskDefinition ecs:TagResource",
        "ecs:DescribeTaskDefinition",
        "ecs:RegisterTaskDefinition ecs:TagResource ecs:UntagResource",
        "ecs:DeregisterTaskDefinition",
        { passRoleTo: ["ecs-tasks.amazonaws.com"] },
    ),
    "aws:ecs/service:Service": row(
        "ecs/service.go",
        "ecs:CreateService ecs:TagResource",
        "ecs:DescribeServices",
        "ecs:UpdateService ecs:TagResource ecs:UntagResource",
        "ecs:UpdateService ecs:DeleteService",
    ),
    "aws:ecr/repository:Repository": row(
        "ecr/repository.go",
        "ecr:CreateRepository ecr:TagResource",
        "ecr:DescribeRepositories ecr:ListTagsForResource",
        "ecr:PutImageScanningConfiguration ecr:PutImageTagMutability ecr:TagResource ecr:UntagResource",
        "ecr:DeleteRepository",
    ),
    // A component: awsx builds the image locally and pushes it with the registry's token.
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html
    "awsx:ecr:Image": row(
        "https://github.com/pulumi/pulumi-awsx/blob/master/awsx/ecr/image.ts",
        "ecr:GetAuthorizationToken ecr:BatchCheckLayerAvailability ecr:InitiateLayerUpload ecr:UploadLayerPart ecr:CompleteLayerUpload ecr:PutImage ecr:BatchGetImage",
        "ecr:GetAuthorizationToken ecr:BatchGetImage ecr:DescribeImages",
        "ecr:GetAuthorizationToken ecr:BatchCheckLayerAvailability ecr:InitiateLayerUpload ecr:UploadLayerPart ecr:CompleteLayerUpload ecr:PutImage ecr:BatchGetImage",
        "",
    ),
    "aws:appautoscaling/target:Target": row(
        // Registering an ECS service checks the caller may describe and update it:
        // https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_id-based-policy-examples.html
        "appautoscaling/target.go",
        "application-autoscaling:RegisterScalableTarget application-autoscaling:TagResource ecs:DescribeServices ecs:UpdateService",
        "application-autoscaling:DescribeScalableTargets application-autoscaling:ListTagsForResource",
        "application-autoscaling:RegisterScalableTarget application-autoscaling:TagResource application-autoscaling:UntagResource",
        "application-autoscaling:DeregisterScalableTarget",
        { serviceLinkedRoles: ["ecs.application-autoscaling.amazonaws.com"] },
    ),
    "aws:appautoscaling/policy:Policy": row(
        "appautoscaling/policy.go",
        "application-autoscaling:PutScalingPolicy cloudwatch:PutMetricAlarm cloudwatch:DescribeAlarms",
        "application-autoscaling:DescribeScalingPolicies",
        "application-autoscaling:PutScalingPolicy cloudwatch:PutMetricAlarm cloudwatch:DescribeAlarms",
        "application-autoscaling:DeleteScalingPolicy cloudwatch:DeleteAlarms",
    ),
    "aws:autoscaling/group:Group": row(
        // A group with a launch template checks the caller may run its instances and pass its profile:
        // https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-launch-template-permissions.html
        "autoscaling/group.go",
        "autoscaling:CreateAutoScalingGroup autoscaling:CreateOrUpdateTags ec2:RunInstances ec2:CreateTags ec2:DescribeLaunchTemplateVersions",
        "autoscaling:DescribeAutoScalingGroups autoscaling:DescribeLifecycleHooks autoscaling:DescribeTrafficSources autoscaling:DescribeLoadBalancerTargetGroups autoscaling:DescribeWarmPool autoscaling:DescribeScalingActivities",
        "autoscaling:UpdateAutoScalingGroup autoscaling:AttachTrafficSources autoscaling:DetachTrafficSources autoscaling:CreateOrUpdateTags autoscaling:DeleteTags ec2:RunInstances ec2:DescribeLaunchTemplateVersions",
        "autoscaling:UpdateAutoScalingGroup autoscaling:DeleteAutoScalingGroup",
        { passRoleTo: ["ec2.amazonaws.com"], serviceLinkedRoles: ["autoscaling.amazonaws.com"] },
    ),
    "aws:lb/loadBalancer:LoadBalancer": row(
        "elbv2/load_balancer.go",
        `${ELB}:CreateLoadBalancer ${ELB}:AddTags ${ELB}:ModifyLoadBalancerAttributes`,
        `${ELB}:DescribeLoadBalancers ${ELB}:DescribeLoadBalancerAttributes ${ELB}:DescribeTags`,
        `${ELB}:ModifyLoadBalancerAttributes ${ELB}:SetSecurityGroups ${ELB}:SetSubnets ${ELB}:SetIpAddressType ${ELB}:AddTags ${ELB}:RemoveTags`,
        `${ELB}:DeleteLoadBalancer`,
        { serviceLinkedRoles: ["elasticloadbalancing.amazonaws.com"] },
    ),
    "aws:lb/targetGroup:TargetGroup": row(
        "elbv2/target_group.go",
        `${ELB}:CreateTargetGroup ${ELB}:AddTags ${ELB}:ModifyTargetGroupAttributes`,
        `${ELB}:DescribeTargetGroups ${ELB}:DescribeTargetGroupAttributes ${ELB}:DescribeTags`,
        `${ELB}:ModifyTargetGroup ${ELB}:ModifyTargetGroupAttributes ${ELB}:AddTags ${ELB}:RemoveTags`,
        `${ELB}:DeleteTargetGroup`,
    ),
    "aws:lb/listener:Listener": row(
        "elbv2/listener.go",
        `${ELB}:CreateListener ${ELB}:AddTags`,
        `${ELB}:DescribeListeners ${ELB}:DescribeTags`,
        `${ELB}:ModifyListener ${ELB}:AddTags ${ELB}:RemoveTags`,
        `${ELB}:DeleteListener`,
    ),
    "aws:lb/listenerRule:ListenerRule": row(
        "elbv2/listener_rule.go",
        `${ELB}:CreateRule ${ELB}:AddTags`,
        `${ELB}:DescribeRules ${ELB}:DescribeTags`,
        `${ELB}:ModifyRule ${ELB}:SetRulePriorities ${ELB}:AddTags ${ELB}:RemoveTags`,
        `${ELB}:DeleteRule`,
    ),
    "aws:cognito/userPool:UserPool": row(
        "cognitoidp/user_pool.go",
        "cognito-idp:CreateUserPool cognito-idp:TagResource cognito-idp:SetUserPoolMfaConfig",
        "cognito-idp:DescribeUserPool cognito-idp:GetUserPoolMfaConfig",
        "cognito-idp:UpdateUserPool cognito-idp:SetUserPoolMfaConfig cognito-idp:TagResource cognito-idp:UntagResource",
        "cognito-idp:DeleteUserPool",
    ),
    "aws:cognito/userPoolClient:UserPoolClient": row(
        "cognitoidp/user_pool_client.go",
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:UpdateUserPoolClient",
        "cognito-idp:DeleteUserPoolClient",
    ),
    "aws:dynamodb/table:Table": row(
        // A customer managed key is used through the caller's grant:
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
        "dynamodb/table.go",
        "dynamodb:CreateTable dynamodb:TagResource dynamodb:UpdateContinuousBackups dynamodb:DescribeTable kms:DescribeKey kms:CreateGrant",
        "dynamodb:DescribeTable dynamodb:DescribeContinuousBackups dynamodb:DescribeTimeToLive dynamodb:ListTagsOfResource",
        "dynamodb:UpdateTable dynamodb:UpdateContinuousBackups dynamodb:UpdateTimeToLive dynamodb:TagResource dynamodb:UntagResource kms:DescribeKey kms:CreateGrant",
        "dynamodb:DeleteTable dynamodb:DescribeTable",
    ),
    "aws:sns/topic:Topic": row(
        "sns/topic.go",
        "sns:CreateTopic sns:TagResource sns:SetTopicAttributes",
        "sns:GetTopicAttributes sns:ListTagsForResource",
        "sns:SetTopicAttributes sns:TagResource sns:UntagResource",
        "sns:DeleteTopic",
    ),
    "aws:sns/topicSubscription:TopicSubscription": row(
        "sns/topic_subscription.go",
        "sns:Subscribe",
        "sns:GetSubscriptionAttributes",
        "sns:SetSubscriptionAttributes",
        "sns:Unsubscribe",
    ),
    "aws:wafv2/webAcl:WebAcl": row(
        "wafv2/web_acl.go",
        "wafv2:CreateWebACL wafv2:TagResource",
        "wafv2:GetWebACL wafv2:ListTagsForResource",
        "wafv2:UpdateWebACL wafv2:TagResource wafv2:UntagResource",
        "wafv2:DeleteWebACL wafv2:GetWebACL",
    ),
    "aws:wafv2/ipSet:IpSet": row(
        "wafv2/ip_set.go",
        "wafv2:CreateIPSet wafv2:TagResource",
        "wafv2:GetIPSet wafv2:ListTagsForResource",
        "wafv2:UpdateIPSet wafv2:TagResource wafv2:UntagResource",
        "wafv2:DeleteIPSet wafv2:GetIPSet",
    ),
    "aws:wafv2/webAclAssociation:WebAclAssociation": row(
        // The associated resource's own action is checked too:
        // https://docs.aws.amazon.com/waf/latest/developerguide/security_iam_service-with-iam.html
        "wafv2/web_acl_association.go",
        `wafv2:AssociateWebACL apigateway:SetWebACL ${ELB}:SetWebAcl`,
        "wafv2:GetWebACLForResource",
        "",
        `wafv2:DisassociateWebACL apigateway:SetWebACL ${ELB}:SetWebAcl`,
    ),
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": row(
        // https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
        "wafv2/web_acl_logging_configuration.go",
        `wafv2:PutLoggingConfiguration ${LOG_DELIVERY}`,
        "wafv2:GetLoggingConfiguration",
        `wafv2:PutLoggingConfiguration ${LOG_DELIVERY}`,
        "wafv2:DeleteLoggingConfiguration logs:DeleteLogDelivery",
        { serviceLinkedRoles: ["wafv2.amazonaws.com"] },
    ),
    "aws:cloudtrail/trail:Trail": row(
        // An organization trail checks the organization and its trusted access:
        // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
        "cloudtrail/trail.go",
        "cloudtrail:CreateTrail cloudtrail:AddTags cloudtrail:PutEventSelectors cloudtrail:StartLogging " +
            "organizations:DescribeOrganization organizations:ListAWSServiceAccessForOrganization",
        "cloudtrail:GetTrail cloudtrail:DescribeTrails cloudtrail:GetTrailStatus cloudtrail:GetEventSelectors cloudtrail:GetInsightSelectors cloudtrail:ListTags",
        "cloudtrail:UpdateTrail cloudtrail:PutEventSelectors cloudtrail:StartLogging cloudtrail:StopLogging cloudtrail:AddTags cloudtrail:RemoveTags",
        "cloudtrail:DeleteTrail",
        { serviceLinkedRoles: ["cloudtrail.amazonaws.com"] },
    ),
    "aws:guardduty/detector:Detector": row(
        "guardduty/detector.go",
        "guardduty:CreateDetector guardduty:TagResource",
        "guardduty:GetDetector guardduty:ListTagsForResource",
        "guardduty:UpdateDetector guardduty:TagResource guardduty:UntagResource",
        "guardduty:DeleteDetector",
        { serviceLinkedRoles: ["guardduty.amazonaws.com"] },
    ),
    // The three designations below run in the organization's management account, through the
    // role the environment names (detection.managementRoleArn): that role, not a deployer, needs them.
    // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html#delegated_admin_permissions
    "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount": row(
        "guardduty/organization_admin_account.go",
        "guardduty:EnableOrganizationAdminAccount organizations:EnableAWSServiceAccess organizations:RegisterDelegatedAdministrator organizations:DescribeOrganization",
        "guardduty:ListOrganizationAdminAccounts",
        "",
        "guardduty:DisableOrganizationAdminAccount organizations:DeregisterDelegatedAdministrator",
    ),
    "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount": row(
        "securityhub/organization_admin_account.go",
        "securityhub:EnableOrganizationAdminAccount organizations:EnableAWSServiceAccess organizations:RegisterDelegatedAdministrator organizations:DescribeOrganization",
        "securityhub:ListOrganizationAdminAccounts",
        "",
        "securityhub:DisableOrganizationAdminAccount organizations:DeregisterDelegatedAdministrator",
    ),
    "aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount": row(
        "cloudtrail/organization_delegated_admin_account.go",
        "cloudtrail:RegisterOrganizationDelegatedAdmin organizations:RegisterDelegatedAdministrator organizations:DescribeOrganization",
        "organizations:ListDelegatedAdministrators",
        "",
        "cloudtrail:DeregisterOrganizationDelegatedAdmin organizations:DeregisterDelegatedAdministrator",
        { serviceLinkedRoles: ["cloudtrail.amazonaws.com"] },
    ),
    "aws:guardduty/organizationConfiguration:OrganizationConfiguration": row(
        "guardduty/organization_configuration.go",
        "guardduty:UpdateOrganizationConfiguration",
        "guardduty:DescribeOrganizationConfiguration",
        "guardduty:UpdateOrganizationConfiguration",
        "",
    ),
    "aws:securityhub/account:Account": row(
        "securityhub/account.go",
        "securityhub:EnableSecurityHub securityhub:TagResource",
        "securityhub:DescribeHub",
        "securityhub:UpdateSecurityHubConfiguration securityhub:TagResource securityhub:UntagResource",
        "securityhub:DisableSecurityHub",
        { serviceLinkedRoles: ["securityhub.amazonaws.com"] },
    ),
    "aws:securityhub/organizationConfiguration:OrganizationConfiguration": row(
        "securityhub/organization_configuration.go",
        "securityhub:UpdateOrganizationConfiguration",
        "securityhub:DescribeOrganizationConfiguration",
        "securityhub:UpdateOrganizationConfiguration",
        "",
    ),
    "aws:securityhub/member:Member": row(
        // Create invites the account when `invite` is set; delete disassociates it first.
        "securityhub/member.go",
        "securityhub:CreateMembers securityhub:InviteMembers",
        "securityhub:GetMembers",
        "",
        "securityhub:DisassociateMembers securityhub:DeleteMembers",
    ),
    "aws:securityhub/standardsSubscription:StandardsSubscription": row(
        "securityhub/standards_subscription.go",
        "securityhub:BatchEnableStandards",
        "securityhub:GetEnabledStandards",
        "",
        "securityhub:BatchDisableStandards",
    ),
};

/** Provider functions (invokes) the stacks call, by token -> the actions they need. */
export const INVOKE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
    // ec2/availability_zones_data_source.go
    "aws:index/getAvailabilityZones:getAvailabilityZones": ["ec2:DescribeAvailabilityZones"],
    // sts:GetCallerIdentity needs no permission; the partition and region are local.
    "aws:index/getCallerIdentity:getCallerIdentity": [],
    "aws:index/getPartition:getPartition": [],
    "aws:index/getRegion:getRegion": [],
};
