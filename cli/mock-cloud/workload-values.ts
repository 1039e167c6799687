/**
 * The mock cloud's knowledge of the workload types (API Gateway, Lambda, Cognito, WAF, DynamoDB, ECS,
 * ELB, SNS, CloudWatch alarms): their ARNs, physical IDs and computed attributes, as AWS shapes them.
 */
import { partitionOf } from "../../components/shared/aws-context";
import { alnumOf, hexId, uuidOf, type State } from "./seeds";

/** Where a resource is: the region and account its provider reaches. */
export interface Placement {
    readonly region: string;
    readonly accountId: string;
}

/** The load balancer kind in ELB ARNs, by `loadBalancerType` (`application` is `app`). */
const LB_KIND: Record<string, string> = { network: "net", gateway: "gwy" };

/** Workload types (API Gateway, Lambda, Cognito, WAF, DynamoDB, ECS, ELB, SNS): ARN paths. */
export const WORKLOAD_ARN: Record<string, (id: string, s: State) => string> = {
    "aws:wafv2/webAcl:WebAcl": (id, s) => `wafv2:{region}:{account}:regional/webacl/${String(s.name)}/${id}`,
    "aws:wafv2/ipSet:IpSet": (id, s) => `wafv2:{region}:{account}:regional/ipset/${String(s.name)}/${id}`,
    "aws:cognito/userPool:UserPool": (id) => `cognito-idp:{region}:{account}:userpool/${id}`,
    "aws:apigateway/restApi:RestApi": (id) => `apigateway:{region}::/restapis/${id}`,
    "aws:apigateway/stage:Stage": (_id, s) =>
        `apigateway:{region}::/restapis/${String(s.restApi)}/stages/${String(s.stageName)}`,
    "aws:apigateway/apiKey:ApiKey": (id) => `apigateway:{region}::/apikeys/${id}`,
    "aws:apigateway/usagePlan:UsagePlan": (id) => `apigateway:{region}::/usageplans/${id}`,
    "aws:apigatewayv2/api:Api": (id) => `apigateway:{region}::/apis/${id}`,
    "aws:apigatewayv2/stage:Stage": (_id, s) =>
        `apigateway:{region}::/apis/${String(s.apiId)}/stages/${String(s.name)}`,
    "aws:apigatewayv2/vpcLink:VpcLink": (id) => `apigateway:{region}::/vpclinks/${id}`,
    "aws:lambda/function:Function": (_id, s) => `lambda:{region}:{account}:function:${String(s.name)}`,
    "aws:dynamodb/table:Table": (_id, s) => `dynamodb:{region}:{account}:table/${String(s.name)}`,
    "aws:sns/topic:Topic": (_id, s) => `sns:{region}:{account}:${String(s.name)}`,
    "aws:cloudwatch/metricAlarm:MetricAlarm": (_id, s) =>
        `cloudwatch:{region}:{account}:alarm:${String(s.name)}`,
    "aws:ecs/cluster:Cluster": (_id, s) => `ecs:{region}:{account}:cluster/${String(s.name)}`,
    "aws:ecs/taskDefinition:TaskDefinition": (_id, s) =>
        `ecs:{region}:{account}:task-definition/${String(s.family)}:1`,
    "aws:ecs/service:Service": (_id, s) =>
        `ecs:{region}:{account}:service/${String(s.cluster).split("/").pop()}/${String(s.name)}`,
    "aws:ecr/repository:Repository": (_id, s) => `ecr:{region}:{account}:repository/${String(s.name)}`,
    "aws:lb/loadBalancer:LoadBalancer": (id, s) =>
        `elasticloadbalancing:{region}:{account}:loadbalancer/${LB_KIND[String(s.loadBalancerType)] ?? "app"}/${String(s.name)}/${hexId(id, 16)}`,
    "aws:lb/targetGroup:TargetGroup": (id, s) =>
        `elasticloadbalancing:{region}:{account}:targetgroup/${String(s.name)}/${hexId(id, 16)}`,
    "aws:lb/listener:Listener": (id, s) =>
        `${String(s.loadBalancerArn)
            .replace(/^arn:[^:]+:/, "")
            .replace(":loadbalancer/", ":listener/")}/${hexId(id, 16)}`,
    "aws:lb/listenerRule:ListenerRule": (id, s) =>
        `${String(s.listenerArn)
            .replace(/^arn:[^:]+:/, "")
            .replace(":listener/", ":listener-rule/")}/${hexId(id, 16)}`,
};

/** Workload types whose ID is their ARN. */
export const WORKLOAD_ID_IS_ARN = [
    "aws:sns/topic:Topic",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/listener:Listener",
    "aws:lb/listenerRule:ListenerRule",
];

/** Workload types whose physical name is set from the logical name when not given. */
export const WORKLOAD_NAMED: Record<string, string> = {
    "aws:wafv2/webAcl:WebAcl": "name",
    "aws:wafv2/ipSet:IpSet": "name",
    "aws:cognito/userPool:UserPool": "name",
    "aws:cognito/userPoolClient:UserPoolClient": "name",
    "aws:apigateway/restApi:RestApi": "name",
    "aws:apigateway/apiKey:ApiKey": "name",
    "aws:apigateway/usagePlan:UsagePlan": "name",
    "aws:apigatewayv2/api:Api": "name",
    "aws:apigatewayv2/vpcLink:VpcLink": "name",
    "aws:lambda/function:Function": "name",
    "aws:dynamodb/table:Table": "name",
    "aws:sns/topic:Topic": "name",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
    "aws:ecs/cluster:Cluster": "name",
    "aws:ecs/service:Service": "name",
    "aws:ecr/repository:Repository": "name",
    "aws:lb/loadBalancer:LoadBalancer": "name",
    "aws:lb/targetGroup:TargetGroup": "name",
};

/** Physical IDs of workload types, as AWS shapes them; undefined for other types. */
export function workloadIdOf(type: string, s: State, seed: string, scope: Placement): string | undefined {
    switch (type) {
        case "aws:wafv2/webAcl:WebAcl":
        case "aws:wafv2/ipSet:IpSet":
            return uuidOf(seed);
        case "aws:cognito/userPool:UserPool":
            return `${scope.region}_${alnumOf(seed, 9, true)}`;
        case "aws:cognito/userPoolClient:UserPoolClient":
            return alnumOf(seed, 26);
        case "aws:apigateway/restApi:RestApi":
        case "aws:apigateway/apiKey:ApiKey":
        case "aws:apigateway/usagePlan:UsagePlan":
        case "aws:apigatewayv2/api:Api":
            return alnumOf(seed, 10);
        case "aws:apigateway/resource:Resource":
        case "aws:apigateway/deployment:Deployment":
        case "aws:apigateway/authorizer:Authorizer":
        case "aws:apigateway/requestValidator:RequestValidator":
        case "aws:apigatewayv2/vpcLink:VpcLink":
        case "aws:apigatewayv2/integration:Integration":
        case "aws:apigatewayv2/route:Route":
        case "aws:apigatewayv2/authorizer:Authorizer":
            return alnumOf(seed, 6);
        case "aws:apigateway/stage:Stage":
            return `ags-${String(s.restApi)}-${String(s.stageName)}`;
        case "aws:lambda/function:Function":
        case "aws:dynamodb/table:Table":
        case "aws:apigatewayv2/stage:Stage":
            return String(s.name);
        case "aws:ecs/taskDefinition:TaskDefinition":
            return String(s.family);
        case "aws:lambda/permission:Permission":
            return String(s.statementId ?? alnumOf(seed, 12));
        default:
            return undefined;
    }
}

/** Computed attributes of workload types; undefined for other types. */
export function workloadComputed(
    type: string,
    id: string,
    s: State,
    seed: string,
    scope: Placement,
): State | undefined {
    const partition = partitionOf(scope.region);
    const executeApi = `arn:${partition}:execute-api:${scope.region}:${scope.accountId}`;
    const apiHost = (apiId: unknown) => `${String(apiId)}.execute-api.${scope.region}.amazonaws.com`;
    switch (type) {
        case "aws:cognito/userPool:UserPool":
            return { endpoint: `cognito-idp.${scope.region}.amazonaws.com/${id}`, estimatedNumberOfUsers: 0 };
        case "aws:apigateway/restApi:RestApi":
            return { rootResourceId: alnumOf(`${seed}/root`, 10), executionArn: `${executeApi}:${id}` };
        case "aws:apigateway/stage:Stage":
            return {
                invokeUrl: `https://${apiHost(s.restApi)}/${String(s.stageName)}`,
                executionArn: `${executeApi}:${String(s.restApi)}/${String(s.stageName)}`,
            };
        case "aws:apigatewayv2/api:Api":
            return { apiEndpoint: `https://${apiHost(id)}`, executionArn: `${executeApi}:${id}` };
        case "aws:apigatewayv2/stage:Stage":
            return {
                invokeUrl: `https://${apiHost(s.apiId)}/${s.name === "$default" ? "" : String(s.name)}`,
                executionArn: `${executeApi}:${String(s.apiId)}/${String(s.name)}`,
            };
        case "aws:lambda/function:Function":
            return {
                invokeArn: `arn:${partition}:apigateway:${scope.region}:lambda:path/2015-03-31/functions/${String(s.arn)}/invocations`,
                qualifiedArn: `${String(s.arn)}:$LATEST`,
                version: "$LATEST",
            };
        case "aws:ecr/repository:Repository":
            return {
                registryId: scope.accountId,
                repositoryUrl: `${scope.accountId}.dkr.ecr.${scope.region}.amazonaws.com/${String(s.name)}`,
            };
        case "aws:ecs/taskDefinition:TaskDefinition":
            return { revision: 1, arnWithoutRevision: String(s.arn).replace(/:1$/, "") };
        case "aws:lb/loadBalancer:LoadBalancer":
            return {
                arnSuffix: String(s.arn).split(":loadbalancer/")[1],
                dnsName: `${s.internal ? "internal-" : ""}${String(s.name)}-${parseInt(hexId(seed, 8), 16)}.${scope.region}.elb.amazonaws.com`,
                zoneId: "Z32O12XQLNTSW2",
            };
        case "aws:lb/targetGroup:TargetGroup":
            return { arnSuffix: `targetgroup/${String(s.arn).split(":targetgroup/")[1]}` };
        case "awsx:ecr:Image":
            return { imageUri: `${String(s.repositoryUrl)}@sha256:${hexId(seed, 64)}` };
        default:
            return undefined;
    }
}
