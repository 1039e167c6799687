/** What the LambdaApi specs share: args, a runner, and the runs they all read. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ApiRoute } from "../../../components/workloads/api-routes";
import { LambdaApi, type LambdaApiArgs } from "../../../components/workloads/lambda-api";
import { UserPool } from "../../../components/workloads/user-pool";
import { runProgram, type Recorded, type RecordedResource } from "../../harness";

export const T = {
    api: "aws:apigateway/restApi:RestApi",
    apiPolicy: "aws:apigateway/restApiPolicy:RestApiPolicy",
    resource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    authorizer: "aws:apigateway/authorizer:Authorizer",
    model: "aws:apigateway/model:Model",
    validator: "aws:apigateway/requestValidator:RequestValidator",
    response: "aws:apigateway/response:Response",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    account: "aws:apigateway/account:Account",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    table: "aws:dynamodb/table:Table",
    key: "aws:kms/key:Key",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    wafAssoc: "aws:wafv2/webAclAssociation:WebAclAssociation",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
};

export const ACCOUNT = "222233334444";
export const REGION = "eu-central-1";
export const LOG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VPC_CIDR = "10.80.0.0/20";
export const PREFIX_LIST = "pl-6ea54007";
export const SUBNETS = [
    { subnetId: "subnet-0aaaaaaaaaaaaaaaa", availabilityZone: `${REGION}a` },
    { subnetId: "subnet-0bbbbbbbbbbbbbbbb", availabilityZone: `${REGION}b` },
    { subnetId: "subnet-0cccccccccccccccc", availabilityZone: `${REGION}c` },
];
export const ITEM_SCHEMA = {
    $schema: "http://json-schema.org/draft-04/schema#",
    type: "object",
    additionalProperties: false,
    required: ["name"],
    properties: { name: { type: "string", maxLength: 100 } },
};

export const ROUTES: ApiRoute[] = [
    { method: "GET", path: "/items", authorization: "NONE", public: true },
    { method: "POST", path: "/items", authorization: "COGNITO_USER_POOLS", requestModel: "Item" },
    { method: "GET", path: "/items/{id}", authorization: "CUSTOM" },
    { method: "PUT", path: "/items/{id}", authorization: "AWS_IAM", requestModel: "Item" },
    { method: "DELETE", path: "/items/{id}", authorization: "AWS_IAM", apiKeyRequired: true },
];

const code = (body: string) =>
    new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(body) });

export function baseArgs(): LambdaApiArgs {
    return {
        accountId: ACCOUNT,
        region: REGION,
        network: { vpcId: "vpc-0123456789abcdef0", vpcCidr: VPC_CIDR, subnets: SUBNETS },
        dynamoDbPrefixListId: PREFIX_LIST,
        routes: ROUTES,
        models: { Item: ITEM_SCHEMA },
        itemsCode: code("exports.handler = async () => ({ statusCode: 200 });"),
        authorizer: {
            code: code("exports.handler = async () => ({});"),
            environment: {
                JWT_ISSUER: "https://issuer.example.com",
                JWT_AUDIENCE: "orders-api",
                JWKS_JSON: '{"keys":[]}',
            },
        },
        partnerAccess: { partners: ["acme", "globex"] },
        logs: { kmsKeyArn: LOG_KEY, retentionDays: 90 },
        alarms: { subscriptions: [{ protocol: "email", endpoint: "oncall@example.com" }] },
        tags: { owner: "orders-team" },
    };
}

export type Overrides = Partial<LambdaApiArgs> | ((args: LambdaApiArgs) => LambdaApiArgs);

export function runApi(overrides: Overrides = {}, preview = false, withPool = true): Promise<Recorded> {
    return runProgram(
        () => {
            const provider = new aws.Provider("spoke", { region: REGION });
            const pool = withPool
                ? new UserPool("orders-users", { region: REGION }, { provider })
                : undefined;
            const base = { ...baseArgs(), userPool: pool };
            const args = typeof overrides === "function" ? overrides(base) : { ...base, ...overrides };
            const api = new LambdaApi("orders", args, { provider });
            return {
                apiEndpoint: api.apiEndpoint,
                restApiId: api.restApiId,
                stageName: api.stageName,
                tableName: api.tableName,
                tableArn: api.tableArn,
                userPoolId: api.userPoolId,
                userPoolClientId: api.userPoolClientId,
                invokePolicyArns: api.invokePolicyArns,
            };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

export interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}
export const statementsOf = (policy: unknown): Statement[] =>
    (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

/** The runs every LambdaApi spec reads: REGIONAL and PRIVATE after an update, REGIONAL in a preview. */
export interface LambdaRuns {
    readonly run: Recorded;
    readonly privateRun: Recorded;
    readonly preview: Recorded;
    /** The REST API's execution ARN in `run`. */
    readonly executionArn: string;
}

let runs: Promise<LambdaRuns> | undefined;

/** The shared runs, made once per test process. */
export function lambdaRuns(): Promise<LambdaRuns> {
    runs ??= (async () => {
        const run = await runApi();
        const privateRun = await runApi({ endpointType: "PRIVATE" });
        const preview = await runApi({}, true);
        return {
            run,
            privateRun,
            preview,
            executionArn: String(run.find(T.api, "orders-api").outputs.executionArn),
        };
    })();
    return runs;
}

/** The resource of `type` whose ID is `id`. */
export function byId(run: Recorded, type: string, id: unknown): RecordedResource {
    const found = run.all(type).find((r) => r.id === id);
    if (!found) throw new Error(`no ${type} with id ${String(id)}`);
    return found;
}
