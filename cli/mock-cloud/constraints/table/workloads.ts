/** Lambda, API Gateway (REST and HTTP), ECS, ELB, Cognito, DynamoDB, ECR, WAF, SNS, scaling, alarms. */
import type { ConstraintRow } from "../rules";
import { api, count, exclusive, length, oneOf, pattern, range, row } from "./rows";

const FN = "aws:lambda/function:Function";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";

const lambda = (action: string) => `https://docs.aws.amazon.com/lambda/latest/api/API_${action}.html`;
const apigw = (action: string) => `https://docs.aws.amazon.com/apigateway/latest/api/API_${action}.html`;
const apigw2 = (resource: string) =>
    `https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/${resource}.html`;
const elb = (action: string) => api("elasticloadbalancing", action);
const cognito = (action: string) =>
    `https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_${action}.html`;
const waf = (action: string) => `https://docs.aws.amazon.com/waf/latest/APIReference/API_${action}.html`;

/** ELB load balancer and target group names: up to 32 letters, digits and inner hyphens. */
const ELB_NAME = pattern(/^(?!internal-)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/);
/** WAF entity names: 1 to 128 word characters and hyphens. */
const WAF_NAME = pattern(/^[\w-]{1,128}$/);
/** WAF metric names. */
const WAF_METRIC = pattern(/^[\w#:.\-/]{1,255}$/);
/** ECS cluster and task family names. */
const ECS_NAME = pattern(/^[a-zA-Z0-9_-]{1,255}$/);

export const WORKLOAD_ROWS: readonly ConstraintRow[] = [
    // Lambda
    row(FN, "name", "FunctionName", pattern(/^[a-zA-Z0-9-_]{1,64}$/), lambda("CreateFunction")),
    row(FN, "description", "Description", length(0, 256), lambda("CreateFunction")),
    row(FN, "memorySize", "MemorySize", range(128, 10240), lambda("CreateFunction")),
    row(FN, "timeout", "Timeout", range(1, 900), lambda("CreateFunction")),
    row(FN, "handler", "Handler", pattern(/^[^\s]{1,128}$/), lambda("CreateFunction")),
    row(
        FN,
        "reservedConcurrentExecutions",
        "ReservedConcurrentExecutions",
        range(0),
        lambda("PutFunctionConcurrency"),
    ),
    row(FN, "architectures", "Architectures", count(1, 1), lambda("CreateFunction")),
    row(FN, "architectures[]", "Architectures", oneOf("x86_64", "arm64"), lambda("CreateFunction")),
    row(
        FN,
        "environment.variables{}",
        "Variables",
        pattern(/^[a-zA-Z]([a-zA-Z0-9_])+$/),
        lambda("Environment"),
    ),
    row(FN, "tracingConfig.mode", "Mode", oneOf("Active", "PassThrough"), lambda("TracingConfig")),
    row(
        "aws:lambda/permission:Permission",
        "action",
        "Action",
        pattern(/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/),
        lambda("AddPermission"),
    ),
    // API Gateway (REST)
    row(
        "aws:apigateway/model:Model",
        "name",
        "name",
        pattern(/^[a-zA-Z0-9]+$/),
        `${apigw("CreateModel")} (must be alphanumeric)`,
    ),
    row(
        "aws:apigateway/stage:Stage",
        "stageName",
        "stageName",
        pattern(/^[a-zA-Z0-9_-]{1,128}$/),
        `${apigw("CreateStage")}; AWS::ApiGateway::Stage StageName (alphanumerics, hyphens, underscores, at most 128)`,
    ),
    row(
        "aws:apigateway/authorizer:Authorizer",
        "type",
        "type",
        oneOf("TOKEN", "REQUEST", "COGNITO_USER_POOLS"),
        apigw("CreateAuthorizer"),
    ),
    row(
        "aws:apigateway/method:Method",
        "authorization",
        "authorizationType",
        oneOf("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"),
        apigw("PutMethod"),
    ),
    row(
        "aws:apigateway/method:Method",
        "httpMethod",
        "httpMethod",
        oneOf("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"),
        apigw("PutMethod"),
    ),
    row(
        "aws:apigateway/integration:Integration",
        "type",
        "type",
        oneOf("HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"),
        apigw("PutIntegration"),
    ),
    row(
        "aws:apigateway/restApi:RestApi",
        "apiKeySource",
        "apiKeySource",
        oneOf("HEADER", "AUTHORIZER"),
        apigw("CreateRestApi"),
    ),
    row(
        "aws:apigateway/restApi:RestApi",
        "endpointConfiguration.types",
        "types",
        oneOf("EDGE", "REGIONAL", "PRIVATE"),
        apigw("EndpointConfiguration"),
    ),
    row(
        "aws:apigateway/usagePlanKey:UsagePlanKey",
        "keyType",
        "keyType",
        oneOf("API_KEY"),
        apigw("CreateUsagePlanKey"),
    ),
    row(
        "aws:apigateway/methodSettings:MethodSettings",
        "settings.loggingLevel",
        "loggingLevel",
        oneOf("OFF", "ERROR", "INFO"),
        apigw("MethodSetting"),
    ),
    // API Gateway (HTTP)
    row(
        "aws:apigatewayv2/api:Api",
        "protocolType",
        "protocolType",
        oneOf("HTTP", "WEBSOCKET"),
        apigw2("apis"),
    ),
    row(
        "aws:apigatewayv2/authorizer:Authorizer",
        "authorizerType",
        "authorizerType",
        oneOf("REQUEST", "JWT"),
        apigw2("apis-apiid-authorizers"),
    ),
    row(
        "aws:apigatewayv2/authorizer:Authorizer",
        "name",
        "name",
        length(1, 128),
        apigw2("apis-apiid-authorizers"),
    ),
    row(
        "aws:apigatewayv2/integration:Integration",
        "integrationType",
        "integrationType",
        oneOf("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"),
        apigw2("apis-apiid-integrations"),
    ),
    row(
        "aws:apigatewayv2/integration:Integration",
        "connectionType",
        "connectionType",
        oneOf("INTERNET", "VPC_LINK"),
        apigw2("apis-apiid-integrations"),
    ),
    row(
        "aws:apigatewayv2/integration:Integration",
        "payloadFormatVersion",
        "payloadFormatVersion",
        oneOf("1.0", "2.0"),
        apigw2("apis-apiid-integrations"),
    ),
    row(
        "aws:apigatewayv2/integration:Integration",
        "timeoutMilliseconds",
        "timeoutInMillis",
        range(50, 30000),
        apigw2("apis-apiid-integrations"),
    ),
    row(
        "aws:apigatewayv2/route:Route",
        "authorizationType",
        "authorizationType",
        oneOf("NONE", "AWS_IAM", "CUSTOM", "JWT"),
        apigw2("apis-apiid-routes"),
    ),
    // ECS
    row("aws:ecs/cluster:Cluster", "name", "clusterName", ECS_NAME, api("AmazonECS", "CreateCluster")),
    row(
        "aws:ecs/taskDefinition:TaskDefinition",
        "family",
        "family",
        ECS_NAME,
        api("AmazonECS", "RegisterTaskDefinition"),
    ),
    row(
        "aws:ecs/taskDefinition:TaskDefinition",
        "networkMode",
        "networkMode",
        oneOf("bridge", "host", "awsvpc", "none"),
        api("AmazonECS", "RegisterTaskDefinition"),
    ),
    row(
        "aws:ecs/taskDefinition:TaskDefinition",
        "requiresCompatibilities[]",
        "requiresCompatibilities",
        oneOf("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"),
        api("AmazonECS", "RegisterTaskDefinition"),
    ),
    row(
        "aws:ecs/service:Service",
        "launchType",
        "launchType",
        oneOf("EC2", "FARGATE", "EXTERNAL"),
        api("AmazonECS", "CreateService"),
    ),
    row(
        "aws:ecs/service:Service",
        "propagateTags",
        "propagateTags",
        oneOf("TASK_DEFINITION", "SERVICE", "NONE"),
        api("AmazonECS", "CreateService"),
    ),
    // Elastic Load Balancing
    row(LB, "name", "Name", ELB_NAME, elb("CreateLoadBalancer")),
    row(
        LB,
        "loadBalancerType",
        "Type",
        oneOf("application", "network", "gateway"),
        elb("CreateLoadBalancer"),
    ),
    row(
        LB,
        "desyncMitigationMode",
        "routing.http.desync_mitigation_mode",
        oneOf("monitor", "defensive", "strictest"),
        elb("LoadBalancerAttribute"),
    ),
    row(TG, "name", "Name", ELB_NAME, elb("CreateTargetGroup")),
    row(
        TG,
        "protocol",
        "Protocol",
        oneOf("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"),
        elb("CreateTargetGroup"),
    ),
    row(TG, "targetType", "TargetType", oneOf("instance", "ip", "lambda", "alb"), elb("CreateTargetGroup")),
    row(TG, "port", "Port", range(1, 65535), elb("CreateTargetGroup")),
    row(
        TG,
        "deregistrationDelay",
        "deregistration_delay.timeout_seconds",
        range(0, 3600),
        elb("TargetGroupAttribute"),
    ),
    row(TG, "healthCheck.interval", "HealthCheckIntervalSeconds", range(5, 300), elb("CreateTargetGroup")),
    row(TG, "healthCheck.timeout", "HealthCheckTimeoutSeconds", range(2, 120), elb("CreateTargetGroup")),
    row(TG, "healthCheck.healthyThreshold", "HealthyThresholdCount", range(2, 10), elb("CreateTargetGroup")),
    row(
        TG,
        "healthCheck.unhealthyThreshold",
        "UnhealthyThresholdCount",
        range(2, 10),
        elb("CreateTargetGroup"),
    ),
    row("aws:lb/listener:Listener", "port", "Port", range(1, 65535), elb("CreateListener")),
    row(
        "aws:lb/listener:Listener",
        "protocol",
        "Protocol",
        oneOf("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"),
        elb("CreateListener"),
    ),
    row("aws:lb/listenerRule:ListenerRule", "priority", "Priority", range(1, 50000), elb("CreateRule")),
    // Cognito
    row(
        "aws:cognito/userPool:UserPool",
        "name",
        "PoolName",
        pattern(/^[\w\s+=,.@-]{1,128}$/),
        cognito("CreateUserPool"),
    ),
    row(
        "aws:cognito/userPool:UserPool",
        "mfaConfiguration",
        "MfaConfiguration",
        oneOf("OFF", "ON", "OPTIONAL"),
        cognito("CreateUserPool"),
    ),
    row(
        "aws:cognito/userPool:UserPool",
        "deletionProtection",
        "DeletionProtection",
        oneOf("ACTIVE", "INACTIVE"),
        cognito("CreateUserPool"),
    ),
    row(
        "aws:cognito/userPool:UserPool",
        "userPoolTier",
        "UserPoolTier",
        oneOf("LITE", "ESSENTIALS", "PLUS"),
        cognito("CreateUserPool"),
    ),
    row(
        "aws:cognito/userPoolClient:UserPoolClient",
        "name",
        "ClientName",
        pattern(/^[\w\s+=,.@-]{1,128}$/),
        cognito("CreateUserPoolClient"),
    ),
    // DynamoDB and ECR
    row(
        "aws:dynamodb/table:Table",
        "name",
        "TableName",
        pattern(/^[a-zA-Z0-9_.-]{3,255}$/),
        api("amazondynamodb", "CreateTable"),
    ),
    row(
        "aws:dynamodb/table:Table",
        "billingMode",
        "BillingMode",
        oneOf("PROVISIONED", "PAY_PER_REQUEST"),
        api("amazondynamodb", "CreateTable"),
    ),
    row(
        "aws:dynamodb/table:Table",
        "attributes[].type",
        "AttributeType",
        oneOf("S", "N", "B"),
        api("amazondynamodb", "AttributeDefinition"),
    ),
    row(
        "aws:ecr/repository:Repository",
        "name",
        "repositoryName",
        pattern(/^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/),
        api("AmazonECR", "CreateRepository"),
    ),
    row(
        "aws:ecr/repository:Repository",
        "imageTagMutability",
        "imageTagMutability",
        oneOf("MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"),
        api("AmazonECR", "CreateRepository"),
    ),
    // WAF
    row(WEB_ACL, "name", "Name", WAF_NAME, waf("CreateWebACL")),
    row(WEB_ACL, "scope", "Scope", oneOf("CLOUDFRONT", "REGIONAL"), waf("CreateWebACL")),
    row(
        WEB_ACL,
        "description",
        "Description",
        pattern(/^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/),
        waf("CreateWebACL"),
    ),
    row(WEB_ACL, "description", "Description", length(1, 256), waf("CreateWebACL")),
    row(WEB_ACL, "visibilityConfig.metricName", "MetricName", WAF_METRIC, waf("VisibilityConfig")),
    row(WEB_ACL, "rules[].name", "Name", WAF_NAME, waf("Rule")),
    row(WEB_ACL, "rules[].visibilityConfig.metricName", "MetricName", WAF_METRIC, waf("VisibilityConfig")),
    row(WEB_ACL, "rules[].priority", "Priority", range(0), waf("Rule")),
    row(
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        "logDestinationConfigs",
        "LogDestinationConfigs",
        count(1, 1),
        waf("LoggingConfiguration"),
    ),
    row(
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        "logDestinationConfigs[]",
        "LogDestinationConfigs",
        pattern(/(:log-group:aws-waf-logs-|:firehose:.*:deliverystream\/aws-waf-logs-|:::aws-waf-logs-)/),
        "https://docs.aws.amazon.com/waf/latest/developerguide/logging-destinations.html (destination names start with aws-waf-logs-)",
    ),
    // SNS, scaling, alarms
    row(
        "aws:sns/topicSubscription:TopicSubscription",
        "protocol",
        "Protocol",
        oneOf("http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"),
        "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html",
    ),
    row(
        "aws:appautoscaling/policy:Policy",
        "policyType",
        "PolicyType",
        oneOf("StepScaling", "TargetTrackingScaling", "PredictiveScaling"),
        "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html",
    ),
    row(
        "aws:autoscaling/group:Group",
        "healthCheckType",
        "HealthCheckType",
        oneOf("EC2", "ELB", "VPC_LATTICE", "EBS"),
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html",
    ),
    row(
        ALARM,
        "comparisonOperator",
        "ComparisonOperator",
        oneOf(
            "GreaterThanOrEqualToThreshold",
            "GreaterThanThreshold",
            "LessThanThreshold",
            "LessThanOrEqualToThreshold",
            "LessThanLowerOrGreaterThanUpperThreshold",
            "LessThanLowerThreshold",
            "GreaterThanUpperThreshold",
        ),
        api("AmazonCloudWatch", "PutMetricAlarm"),
    ),
    row(
        ALARM,
        "statistic",
        "Statistic",
        oneOf("SampleCount", "Average", "Sum", "Minimum", "Maximum"),
        api("AmazonCloudWatch", "PutMetricAlarm"),
    ),
    row(
        ALARM,
        "statistic",
        "Statistic",
        exclusive("extendedStatistic"),
        `${api("AmazonCloudWatch", "PutMetricAlarm")} (specify Statistic or ExtendedStatistic, not both)`,
    ),
    row(
        ALARM,
        "treatMissingData",
        "TreatMissingData",
        oneOf("breaching", "notBreaching", "ignore", "missing"),
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data",
    ),
    row(
        ALARM,
        "alarmDescription",
        "AlarmDescription",
        length(0, 1024),
        api("AmazonCloudWatch", "PutMetricAlarm"),
    ),
    row(ALARM, "evaluationPeriods", "EvaluationPeriods", range(1), api("AmazonCloudWatch", "PutMetricAlarm")),
    row(ALARM, "dimensions", "Dimensions", count(0, 30), api("AmazonCloudWatch", "PutMetricAlarm")),
];
