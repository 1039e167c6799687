import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LAMBDA_TABLE_ACTIONS } from "../../../services/contract";
import type { ApiRoute } from "../../../components/workloads/api-routes";
import { LambdaApi, type LambdaApiArgs } from "../../../components/workloads/lambda-api";
import { UserPool } from "../../../components/workloads/user-pool";
import { StackRunError } from "../../../cli/mock-cloud/run";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";
import { analyzeRun } from "../../policy-pack/recorded";

const T = {
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

const ACCOUNT = "222233334444";
const REGION = "eu-central-1";
const LOG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VPC_CIDR = "10.80.0.0/20";
const PREFIX_LIST = "pl-6ea54007";
const SUBNETS = [
    { subnetId: "subnet-0aaaaaaaaaaaaaaaa", availabilityZone: `${REGION}a` },
    { subnetId: "subnet-0bbbbbbbbbbbbbbbb", availabilityZone: `${REGION}b` },
    { subnetId: "subnet-0cccccccccccccccc", availabilityZone: `${REGION}c` },
];
const ITEM_SCHEMA = {
    $schema: "http://json-schema.org/draft-04/schema#",
    type: "object",
    additionalProperties: false,
    required: ["name"],
    properties: { name: { type: "string", maxLength: 100 } },
};

const ROUTES: ApiRoute[] = [
    { method: "GET", path: "/items", authorization: "NONE", public: true },
    { method: "POST", path: "/items", authorization: "COGNITO_USER_POOLS", requestModel: "Item" },
    { method: "GET", path: "/items/{id}", authorization: "CUSTOM" },
    { method: "PUT", path: "/items/{id}", authorization: "AWS_IAM", requestModel: "Item" },
    { method: "DELETE", path: "/items/{id}", authorization: "AWS_IAM", apiKeyRequired: true },
];

const code = (body: string) =>
    new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(body) });

function baseArgs(): LambdaApiArgs {
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

type Overrides = Partial<LambdaApiArgs> | ((args: LambdaApiArgs) => LambdaApiArgs);

function runApi(overrides: Overrides = {}, preview = false, withPool = true): Promise<Recorded> {
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

interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}
const statementsOf = (policy: unknown): Statement[] =>
    (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

describe("LambdaApi", () => {
    let run: Recorded;
    let privateRun: Recorded;
    let preview: Recorded;
    let executionArn: string;

    const method = (slug: string) => run.find(T.method, `orders-${slug}`);
    const byId = (type: string, id: unknown): RecordedResource => {
        const found = run.all(type).find((r) => r.id === id);
        if (!found) throw new Error(`no ${type} with id ${String(id)}`);
        return found;
    };

    before(async () => {
        run = await runApi();
        privateRun = await runApi({ endpointType: "PRIVATE" });
        preview = await runApi({}, true);
        executionArn = String(run.find(T.api, "orders-api").outputs.executionArn);
    });

    describe("methods and authorization", () => {
        it("declares exactly the routes of the table, each with its configured authorization", () => {
            const declared = run
                .all(T.method)
                .map((m) => {
                    const resource =
                        m.inputs.resourceId === run.find(T.api, "orders-api").outputs.rootResourceId;
                    const path = resource
                        ? "/"
                        : String(byId(T.resource, m.inputs.resourceId).inputs.pathPart);
                    return `${String(m.inputs.httpMethod)} ${path} ${String(m.inputs.authorization)}`;
                })
                .sort();
            expect(declared).to.deep.equal(
                [
                    "GET items NONE",
                    "POST items COGNITO_USER_POOLS",
                    "GET {id} CUSTOM",
                    "PUT {id} AWS_IAM",
                    "DELETE {id} AWS_IAM",
                ].sort(),
            );
        });

        it("leaves only the route marked public without authorization", () => {
            const open = run.all(T.method).filter((m) => m.inputs.authorization === "NONE");
            expect(open.map((m) => m.name)).to.deep.equal(["orders-get-items"]);
            for (const m of run.all(T.method).filter((x) => x.inputs.authorization !== "NONE")) {
                expect(["COGNITO_USER_POOLS", "CUSTOM", "AWS_IAM"]).to.include(m.inputs.authorization);
            }
        });

        it("uses the Cognito authorizer of the user pool on COGNITO_USER_POOLS routes", () => {
            const cognito = run.find(T.authorizer, "orders-cognito");
            expect(cognito.inputs).to.deep.include({
                type: "COGNITO_USER_POOLS",
                identitySource: "method.request.header.Authorization",
            });
            const pool = run.find("aws:cognito/userPool:UserPool", "orders-users-pool");
            expect(cognito.inputs.providerArns).to.deep.equal([pool.outputs.arn]);
            expect(method("post-items").inputs.authorizerId).to.equal(cognito.id);
        });

        it("uses the Lambda REQUEST authorizer, with caching keyed by token, method and path, on CUSTOM routes", () => {
            const custom = run.find(T.authorizer, "orders-lambda-authorizer");
            const fn = run.find(T.fn, "orders-authorizer");
            expect(custom.inputs).to.deep.include({
                type: "REQUEST",
                identitySource: "method.request.header.Authorization,context.httpMethod,context.resourcePath",
                authorizerResultTtlInSeconds: 300,
                authorizerUri: fn.outputs.invokeArn,
            });
            expect(method("get-items-id").inputs.authorizerId).to.equal(custom.id);
        });

        it("gives AWS_IAM and NONE methods no authorizer", () => {
            for (const slug of ["get-items", "put-items-id", "delete-items-id"]) {
                expect(method(slug).inputs.authorizerId, slug).to.equal(undefined);
            }
        });

        it("requires an API key on partner routes only", () => {
            const keyed = run.all(T.method).filter((m) => m.inputs.apiKeyRequired === true);
            expect(keyed.map((m) => m.name)).to.deep.equal(["orders-delete-items-id"]);
        });

        it("builds /items under the root and /items/{id} under /items", () => {
            const api = run.find(T.api, "orders-api");
            const items = run.find(T.resource, "orders-res-items");
            const item = run.find(T.resource, "orders-res-items-id");
            expect(items.inputs).to.deep.include({ parentId: api.outputs.rootResourceId, pathPart: "items" });
            expect(item.inputs).to.deep.include({ parentId: items.id, pathPart: "{id}" });
            expect(run.all(T.resource)).to.have.length(2);
        });

        it("proxies every method to the items function", () => {
            const items = run.find(T.fn, "orders-items");
            expect(run.all(T.integration)).to.have.length(ROUTES.length);
            for (const integration of run.all(T.integration)) {
                expect(integration.inputs).to.deep.include({
                    type: "AWS_PROXY",
                    integrationHttpMethod: "POST",
                    uri: items.outputs.invokeArn,
                });
            }
        });
    });

    describe("request validation and error responses", () => {
        it("validates body and parameters of every method with one validator", () => {
            const validator = run.find(T.validator, "orders-validator");
            expect(validator.inputs).to.deep.include({
                validateRequestBody: true,
                validateRequestParameters: true,
            });
            for (const m of run.all(T.method)) expect(m.inputs.requestValidatorId).to.equal(validator.id);
        });

        it("checks bodies of POST and PUT against the JSON schema model", () => {
            const model = run.find(T.model, "orders-model-item");
            expect(model.inputs).to.deep.include({ name: "Item", contentType: "application/json" });
            expect(JSON.parse(String(model.inputs.schema))).to.deep.equal(ITEM_SCHEMA);
            expect(method("post-items").inputs.requestModels).to.deep.equal({ "application/json": "Item" });
            expect(method("put-items-id").inputs.requestModels).to.deep.equal({ "application/json": "Item" });
            expect(method("get-items").inputs.requestModels).to.equal(undefined);
        });

        it("requires the id path parameter on /items/{id}", () => {
            for (const slug of ["get-items-id", "put-items-id", "delete-items-id"]) {
                expect(method(slug).inputs.requestParameters).to.deep.equal({
                    "method.request.path.id": true,
                });
            }
            expect(method("get-items").inputs.requestParameters).to.deep.equal({});
        });

        it("answers 4XX and 5XX with generic bodies that reveal no error detail", () => {
            const responses = run.all(T.response);
            expect(responses.map((r) => r.inputs.responseType).sort()).to.deep.equal([
                "DEFAULT_4XX",
                "DEFAULT_5XX",
            ]);
            for (const r of responses) {
                const body = (r.inputs.responseTemplates as Record<string, string>)["application/json"];
                expect(body).not.to.match(/\$context\.(error|authorizer)/);
                expect(JSON.parse(body.replace("$context.requestId", "x"))).to.have.keys(
                    "message",
                    "requestId",
                );
            }
        });
    });

    describe("Lambda permissions and invoke policies", () => {
        it("lets API Gateway invoke the items function only for each route's method and path", () => {
            const items = run.find(T.fn, "orders-items");
            const permissions = run.all(T.permission).filter((p) => p.inputs.function === items.outputs.name);
            expect(permissions.map((p) => p.inputs.sourceArn).sort()).to.deep.equal(
                [
                    `${executionArn}/*/GET/items`,
                    `${executionArn}/*/POST/items`,
                    `${executionArn}/*/GET/items/*`,
                    `${executionArn}/*/PUT/items/*`,
                    `${executionArn}/*/DELETE/items/*`,
                ].sort(),
            );
            for (const p of permissions) {
                expect(p.inputs).to.deep.include({
                    action: "lambda:InvokeFunction",
                    principal: "apigateway.amazonaws.com",
                });
            }
        });

        it("lets API Gateway invoke the authorizer only as this API's authorizer", () => {
            const permission = run.find(T.permission, "orders-allow-authorizer");
            const authorizer = run.find(T.authorizer, "orders-lambda-authorizer");
            expect(permission.inputs.function).to.equal(run.find(T.fn, "orders-authorizer").outputs.name);
            expect(permission.inputs.sourceArn).to.equal(`${executionArn}/authorizers/${authorizer.id}`);
        });

        it("grants no permission without a source ARN", () => {
            expect(run.all(T.permission)).to.have.length(ROUTES.length + 1);
            for (const p of run.all(T.permission))
                expect(String(p.inputs.sourceArn)).to.match(/^arn:aws:execute-api:/);
        });

        it("gives each AWS_IAM route a managed policy allowing execute-api:Invoke on exactly that method", () => {
            const policies = run.all(T.policy);
            expect(policies.map((p) => p.name).sort()).to.deep.equal([
                "orders-invoke-delete-items-id",
                "orders-invoke-put-items-id",
            ]);
            expect(
                statementsOf(run.find(T.policy, "orders-invoke-put-items-id").inputs.policy),
            ).to.deep.equal([
                {
                    Sid: "InvokeOneMethod",
                    Effect: "Allow",
                    Action: "execute-api:Invoke",
                    Resource: `${executionArn}/v1/PUT/items/*`,
                },
            ]);
            expect(run.outputs.invokePolicyArns).to.deep.equal({
                "PUT /items/{id}": run.find(T.policy, "orders-invoke-put-items-id").outputs.arn,
                "DELETE /items/{id}": run.find(T.policy, "orders-invoke-delete-items-id").outputs.arn,
            });
        });
    });

    describe("deployment and stage", () => {
        it("redeploys when the route table changes and only then, after every method and integration", async () => {
            const deployment = run.find(T.deployment, "orders-deployment");
            const config = (deployment.inputs.triggers as Record<string, string>).config;
            expect(config).to.match(/^[0-9a-f]{64}$/);
            // The preview declares the same API, so it computes the same hash without any ID known.
            const inPreview = preview.find(T.deployment, "orders-deployment").inputs.triggers as Record<
                string,
                string
            >;
            expect(inPreview.config).to.equal(config);
            const changed = await runApi({
                routes: ROUTES.map((r) => (r.method === "PUT" ? { ...r, authorization: "CUSTOM" } : r)),
            });
            const changedTriggers = changed.find(T.deployment, "orders-deployment").inputs.triggers as Record<
                string,
                string
            >;
            expect(changedTriggers.config).not.to.equal(config);
            for (const r of [...run.all(T.method), ...run.all(T.integration), ...run.all(T.response)]) {
                expect(deployment.dependencies).to.include(r.urn);
            }
            expect(deployment.deleteBeforeReplace).to.equal(false);
        });

        it("traces with X-Ray and writes JSON access logs with request ID, caller, status and latency", () => {
            const stage = run.find(T.stage, "orders-stage");
            expect(stage.inputs).to.deep.include({ stageName: "v1", xrayTracingEnabled: true });
            const settings = stage.inputs.accessLogSettings as { destinationArn: string; format: string };
            const group = run.find(T.logGroup, "orders-access-logs");
            expect(settings.destinationArn).to.equal(group.outputs.arn);
            expect(group.inputs).to.deep.include({ kmsKeyId: LOG_KEY, retentionInDays: 90 });
            const format = JSON.parse(settings.format) as Record<string, string>;
            expect(format).to.deep.include({
                requestId: "$context.requestId",
                caller: "$context.identity.caller",
                sourceIp: "$context.identity.sourceIp",
                status: "$context.status",
                responseLatency: "$context.responseLatency",
            });
        });

        it("logs execution at ERROR (no data trace) with metrics and default throttling on every method", () => {
            const settings = run.find(T.methodSettings, "orders-method-settings");
            expect(settings.inputs).to.deep.include({ methodPath: "*/*", stageName: "v1" });
            expect(settings.inputs.settings).to.deep.equal({
                loggingLevel: "ERROR",
                dataTraceEnabled: false,
                metricsEnabled: true,
                throttlingRateLimit: 100,
                throttlingBurstLimit: 200,
            });
        });

        it("creates the execution log group first, encrypted and with retention, and the account's logging role", () => {
            const api = run.find(T.api, "orders-api");
            const group = run.find(T.logGroup, "orders-execution-logs");
            expect(group.inputs).to.deep.include({
                name: `API-Gateway-Execution-Logs_${String(api.id)}/v1`,
                kmsKeyId: LOG_KEY,
                retentionInDays: 90,
            });
            const stage = run.find(T.stage, "orders-stage");
            const account = run.find(T.account, "orders-apigw-account");
            expect(stage.dependencies).to.include.members([group.urn, account.urn]);
            const role = run.find(T.role, "orders-apigw-logs-role");
            expect(account.inputs.cloudwatchRoleArn).to.equal(role.outputs.arn);
            expect(statementsOf(role.inputs.assumeRolePolicy)[0].Principal).to.deep.equal({
                Service: "apigateway.amazonaws.com",
            });
        });

        it("takes throttling and the stage name from args, and leaves the account role to others when told", async () => {
            const custom = await runApi({
                stageName: "prod",
                throttling: { rateLimit: 50, burstLimit: 75 },
                accountLoggingRole: false,
            });
            expect(custom.find(T.stage, "orders-stage").inputs.stageName).to.equal("prod");
            expect(custom.find(T.methodSettings, "orders-method-settings").inputs.settings).to.deep.include({
                throttlingRateLimit: 50,
                throttlingBurstLimit: 75,
            });
            expect(custom.all(T.account)).to.have.length(0);
            expect(custom.all(T.role).map((r) => r.name)).not.to.include("orders-apigw-logs-role");
        });
    });

    describe("WAF", () => {
        it("associates a web ACL with managed rule groups and the rate rule with the stage", () => {
            const stage = run.find(T.stage, "orders-stage");
            const acl = run.find(T.webAcl, "orders-waf-acl");
            const association = run.find(T.wafAssoc, "orders-waf-assoc-stage");
            expect(association.inputs).to.deep.equal({
                resourceArn: stage.outputs.arn,
                webAclArn: acl.outputs.arn,
            });
            expect(stage.outputs.arn).to.match(
                new RegExp(`^arn:aws:apigateway:${REGION}::/restapis/[a-z0-9]{10}/stages/v1$`),
            );
            const rules = acl.inputs.rules as {
                name: string;
                statement: Record<string, Record<string, unknown>>;
            }[];
            expect(rules.map((r) => r.name)).to.include.members([
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesSQLiRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList",
                "rate-limit-per-ip",
            ]);
            expect(rules.at(-1)!.statement.rateBasedStatement).to.deep.include({
                limit: 1000,
                evaluationWindowSec: 60,
            });
        });
    });

    describe("usage plan", () => {
        it("gives each partner an API key in a throttled usage plan on the stage", () => {
            const plan = run.find(T.usagePlan, "orders-partners");
            expect(plan.inputs.apiStages).to.deep.equal([
                { apiId: run.find(T.api, "orders-api").id, stage: "v1" },
            ]);
            expect(plan.inputs.throttleSettings).to.deep.equal({ rateLimit: 10, burstLimit: 20 });
            expect(plan.inputs.quotaSettings).to.deep.equal({ limit: 10000, period: "DAY" });
            expect(
                run
                    .all(T.apiKey)
                    .map((k) => k.name)
                    .sort(),
            ).to.deep.equal(["orders-key-acme", "orders-key-globex"]);
            for (const partner of ["acme", "globex"]) {
                const key = run.find(T.apiKey, `orders-key-${partner}`);
                expect(run.find(T.usagePlanKey, `orders-key-${partner}`).inputs).to.deep.equal({
                    keyId: key.id,
                    keyType: "API_KEY",
                    usagePlanId: plan.id,
                });
                expect(key.inputs.value).to.equal(undefined);
            }
        });
    });

    describe("functions", () => {
        it("runs both functions in the workload subnets of three AZs behind the functions' security group", () => {
            const sg = run.find(T.sg, "orders-fn-sg");
            for (const name of ["orders-items", "orders-authorizer"]) {
                const fn = run.find(T.fn, name);
                expect(fn.inputs.vpcConfig).to.deep.equal({
                    subnetIds: SUBNETS.map((s) => s.subnetId),
                    securityGroupIds: [sg.id],
                });
            }
        });

        it("traces, encrypts the environment with the data key and reserves concurrency", () => {
            const key = run.find(T.key, "orders-data-key");
            const items = run.find(T.fn, "orders-items");
            const authorizer = run.find(T.fn, "orders-authorizer");
            for (const fn of [items, authorizer]) {
                expect(fn.inputs.tracingConfig).to.deep.equal({ mode: "Active" });
                expect(fn.inputs.kmsKeyArn).to.equal(key.outputs.arn);
                expect(fn.inputs.runtime).to.equal("nodejs22.x");
                expect(fn.inputs.handler).to.equal("index.handler");
            }
            expect(items.inputs.reservedConcurrentExecutions).to.equal(20);
            expect(authorizer.inputs.reservedConcurrentExecutions).to.equal(10);
            expect(key.inputs.enableKeyRotation).to.equal(true);
            expect(key.protect).to.equal(true);
        });

        it("gives the items function its table's name and the authorizer exactly its settings", () => {
            const table = run.find(T.table, "orders-items");
            expect(run.find(T.fn, "orders-items").inputs.environment).to.deep.equal({
                variables: { TABLE_NAME: table.outputs.name },
            });
            expect(run.find(T.fn, "orders-authorizer").inputs.environment).to.deep.equal({
                variables: {
                    JWT_ISSUER: "https://issuer.example.com",
                    JWT_AUDIENCE: "orders-api",
                    JWKS_JSON: '{"keys":[]}',
                },
            });
        });

        it("creates each function's encrypted log group with retention before the function", () => {
            for (const name of ["orders-items", "orders-authorizer"]) {
                const group = run.find(T.logGroup, `${name}-logs`);
                const fn = run.find(T.fn, name);
                expect(group.inputs).to.deep.include({
                    name: `/aws/lambda/${name}`,
                    kmsKeyId: LOG_KEY,
                    retentionInDays: 90,
                });
                expect(fn.dependencies).to.include(group.urn);
                expect(fn.inputs.loggingConfig).to.deep.include({
                    logFormat: "JSON",
                    logGroup: `/aws/lambda/${name}`,
                });
            }
        });

        it("lets the functions out only on HTTPS to the VPC CIDR and the DynamoDB prefix list, and never in", () => {
            const sg = run.find(T.sg, "orders-fn-sg");
            expect(sg.inputs.egress).to.equal(undefined);
            expect(sg.inputs.ingress).to.equal(undefined);
            const rules = run.all(T.egress).filter((r) => r.inputs.securityGroupId === sg.id);
            expect(
                rules.map((r) => [
                    r.inputs.ipProtocol,
                    r.inputs.fromPort,
                    r.inputs.toPort,
                    r.inputs.cidrIpv4 ?? r.inputs.prefixListId,
                ]),
            ).to.deep.equal([
                ["tcp", 443, 443, VPC_CIDR],
                ["tcp", 443, 443, PREFIX_LIST],
            ]);
            expect(run.all(T.ingress).filter((r) => r.inputs.securityGroupId === sg.id)).to.have.length(0);
        });
    });

    describe("roles", () => {
        const policyOf = (role: string) =>
            statementsOf(
                run.all(T.rolePolicy).find((p) => p.inputs.role === run.find(T.role, role).id)!.inputs.policy,
            );
        const vpcStatement = {
            Sid: "VpcNetworkInterfaces",
            Effect: "Allow",
            Action: [
                "ec2:AssignPrivateIpAddresses",
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSubnets",
                "ec2:UnassignPrivateIpAddresses",
            ],
            Resource: "*",
        };
        const tracing = {
            Sid: "Tracing",
            Effect: "Allow",
            Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
            Resource: "*",
        };

        it("lets the items function use exactly its actions on its own table and nothing else of DynamoDB", () => {
            const table = run.find(T.table, "orders-items");
            const group = run.find(T.logGroup, "orders-items-logs");
            expect(policyOf("orders-items-role")).to.deep.equal([
                {
                    Sid: "OwnLogGroup",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${String(group.outputs.arn)}:*`,
                },
                vpcStatement,
                tracing,
                {
                    Sid: "ItemsTable",
                    Effect: "Allow",
                    Action: [...LAMBDA_TABLE_ACTIONS],
                    Resource: [table.outputs.arn],
                },
            ]);
            expect(LAMBDA_TABLE_ACTIONS).to.deep.equal([
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Scan",
            ]);
        });

        it("gives the authorizer no data access at all", () => {
            const group = run.find(T.logGroup, "orders-authorizer-logs");
            expect(policyOf("orders-authorizer-role")).to.deep.equal([
                {
                    Sid: "OwnLogGroup",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${String(group.outputs.arn)}:*`,
                },
                vpcStatement,
                tracing,
            ]);
        });

        it("gives each function a role of its own that only Lambda assumes, with no managed policies", () => {
            for (const role of ["orders-items-role", "orders-authorizer-role"]) {
                expect(statementsOf(run.find(T.role, role).inputs.assumeRolePolicy)).to.deep.equal([
                    {
                        Effect: "Allow",
                        Principal: { Service: "lambda.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ]);
            }
            expect(run.find(T.fn, "orders-items").inputs.role).to.equal(
                run.find(T.role, "orders-items-role").outputs.arn,
            );
            expect(run.all("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(0);
        });
    });

    describe("table", () => {
        it("is on-demand, encrypted with the data key, recoverable, deletion-protected and protected", () => {
            const table = run.find(T.table, "orders-items");
            expect(table.inputs).to.deep.include({
                billingMode: "PAY_PER_REQUEST",
                hashKey: "id",
                deletionProtectionEnabled: true,
            });
            expect(table.inputs.serverSideEncryption).to.deep.equal({
                enabled: true,
                kmsKeyArn: run.find(T.key, "orders-data-key").outputs.arn,
            });
            expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
            expect(table.protect).to.equal(true);
        });
    });

    describe("alarms", () => {
        it("alarms on 5XX rate, p99 latency, each function's throttles and WAF blocks, to the topic", () => {
            const topic = run.find(T.topic, "orders-alarms-topic");
            const api = run.find(T.api, "orders-api");
            const alarms = Object.fromEntries(run.all(T.alarm).map((a) => [a.name, a.inputs]));
            expect(Object.keys(alarms).sort()).to.deep.equal([
                "orders-5xx-rate",
                "orders-authorizer-throttles",
                "orders-items-throttles",
                "orders-p99-latency",
                "orders-waf-blocked",
            ]);
            const stage = { ApiName: api.outputs.name, Stage: "v1" };
            expect(alarms["orders-5xx-rate"]).to.deep.include({
                namespace: "AWS/ApiGateway",
                metricName: "5XXError",
                statistic: "Average",
                threshold: 0.05,
                dimensions: stage,
            });
            expect(alarms["orders-p99-latency"]).to.deep.include({
                metricName: "Latency",
                extendedStatistic: "p99",
                threshold: 2500,
                dimensions: stage,
            });
            expect(alarms["orders-items-throttles"]).to.deep.include({
                namespace: "AWS/Lambda",
                metricName: "Throttles",
                dimensions: { FunctionName: "orders-items" },
            });
            expect(alarms["orders-waf-blocked"]).to.deep.include({
                namespace: "AWS/WAFV2",
                metricName: "BlockedRequests",
                dimensions: { WebACL: "orders-waf", Region: REGION, Rule: "ALL" },
                threshold: 100,
            });
            for (const alarm of Object.values(alarms)) {
                expect(alarm.alarmActions).to.deep.equal([topic.id]);
                expect(alarm.comparisonOperator).to.equal("GreaterThanThreshold");
            }
        });

        it("encrypts the topic with a key CloudWatch may use, and subscribes the configured endpoints", () => {
            const topic = run.find(T.topic, "orders-alarms-topic");
            const key = run.find(T.key, "orders-alarms-key");
            expect(topic.inputs.kmsMasterKeyId).to.equal(key.outputs.arn);
            const services = statementsOf(key.inputs.policy).find((s) => s.Sid === "ServicesOfThisAccount")!;
            expect(services.Principal).to.deep.equal({ Service: ["cloudwatch.amazonaws.com"] });
            expect(services.Action).to.deep.equal(["kms:Decrypt", "kms:GenerateDataKey*"]);
            expect(run.find(T.subscription, "orders-alarms-sub-0").inputs).to.deep.equal({
                topic: topic.id,
                protocol: "email",
                endpoint: "oncall@example.com",
            });
        });
    });

    describe("endpoint types", () => {
        it("is REGIONAL by default, with no resource policy and no interface endpoint", () => {
            expect(run.find(T.api, "orders-api").inputs.endpointConfiguration).to.deep.equal({
                types: "REGIONAL",
            });
            expect(run.all(T.apiPolicy)).to.have.length(0);
            expect(run.all(T.endpoint)).to.have.length(0);
        });

        it("puts a PRIVATE API behind an execute-api interface endpoint with private DNS in the workload subnets", () => {
            const endpoint = privateRun.find(T.endpoint, "orders-execute-api");
            expect(endpoint.inputs).to.deep.include({
                serviceName: `com.amazonaws.${REGION}.execute-api`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: SUBNETS.map((s) => s.subnetId),
            });
            const sg = privateRun.find(T.sg, "orders-vpce-sg");
            expect(endpoint.inputs.securityGroupIds).to.deep.equal([sg.id]);
            const ingress = privateRun.all(T.ingress).filter((r) => r.inputs.securityGroupId === sg.id);
            expect(
                ingress.map((r) => [
                    r.inputs.ipProtocol,
                    r.inputs.fromPort,
                    r.inputs.toPort,
                    r.inputs.cidrIpv4,
                ]),
            ).to.deep.equal([["tcp", 443, 443, VPC_CIDR]]);
            expect(privateRun.find(T.api, "orders-api").inputs.endpointConfiguration).to.deep.equal({
                types: "PRIVATE",
                vpcEndpointIds: [endpoint.id],
            });
        });

        it("allows a PRIVATE API only through its endpoint (aws:SourceVpce) and denies everything else", () => {
            const endpoint = privateRun.find(T.endpoint, "orders-execute-api");
            const api = privateRun.find(T.api, "orders-api");
            const policy = privateRun.find(T.apiPolicy, "orders-api-policy");
            expect(policy.inputs.restApiId).to.equal(api.id);
            const resource = `${String(api.outputs.executionArn)}/*`;
            expect(statementsOf(policy.inputs.policy)).to.deep.equal([
                {
                    Sid: "AllowOnlyThroughTheSpokeEndpoint",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "execute-api:Invoke",
                    Resource: resource,
                    Condition: { StringEquals: { "aws:SourceVpce": endpoint.id } },
                },
                {
                    Sid: "DenyEverythingElse",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "execute-api:Invoke",
                    Resource: resource,
                    Condition: { StringNotEquals: { "aws:SourceVpce": endpoint.id } },
                },
            ]);
            const deployment = privateRun.find(T.deployment, "orders-deployment");
            expect(deployment.dependencies).to.include(policy.urn);
            expect((deployment.inputs.triggers as Record<string, string>).executeApiEndpoint).to.equal(
                endpoint.id,
            );
        });

        it("uses the spoke's execute-api endpoint when given one instead of creating another", async () => {
            const given = await runApi({
                endpointType: "PRIVATE",
                executeApiEndpointId: "vpce-0fedcba9876543210",
            });
            expect(given.all(T.endpoint)).to.have.length(0);
            expect(given.find(T.api, "orders-api").inputs.endpointConfiguration).to.deep.equal({
                types: "PRIVATE",
                vpcEndpointIds: ["vpce-0fedcba9876543210"],
            });
            const allow = statementsOf(given.find(T.apiPolicy, "orders-api-policy").inputs.policy)[0];
            expect(allow.Condition).to.deep.equal({
                StringEquals: { "aws:SourceVpce": "vpce-0fedcba9876543210" },
            });
        });
    });

    describe("outputs and IDs", () => {
        it("exports the invoke URL, IDs, table and user pool after an update", () => {
            const api = run.find(T.api, "orders-api");
            expect(api.id).to.match(/^[a-z0-9]{10}$/);
            expect(run.outputs.apiEndpoint).to.equal(
                `https://${String(api.id)}.execute-api.${REGION}.amazonaws.com/v1`,
            );
            expect(run.outputs.restApiId).to.equal(api.id);
            expect(run.outputs.stageName).to.equal("v1");
            expect(run.outputs.tableName).to.equal(run.find(T.table, "orders-items").outputs.name);
            expect(run.outputs.tableArn).to.match(
                new RegExp(`^arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders-items-`),
            );
            expect(run.outputs.userPoolId).to.equal(
                run.find("aws:cognito/userPool:UserPool", "orders-users-pool").id,
            );
            expect(run.outputs.userPoolClientId).to.match(/^[a-z0-9]{26}$/);
        });

        it("leaves IDs unknown in a preview while names stay the same", () => {
            expect(isUnknown(preview.outputs.apiEndpoint)).to.equal(true);
            expect(isUnknown(preview.outputs.restApiId)).to.equal(true);
            expect(isUnknown(preview.find(T.permission, "orders-allow-get-items").inputs.sourceArn)).to.equal(
                true,
            );
            expect(preview.resources.map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal(
                run.resources.map((r) => `${r.type}::${r.name}`).sort(),
            );
        });

        it("parents every child to the component and passes the provider on", () => {
            const component = run.find("hub-network:workloads:LambdaApi", "orders");
            const inside = (r: RecordedResource): boolean =>
                r.parent === component.urn ||
                (r.parent !== undefined && r.parent !== "" && inside(run.byUrn(r.parent)));
            const custom = run.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws");
            const outside = custom.filter((r) => !inside(r) && !r.name.startsWith("orders-users"));
            expect(outside.map((r) => r.name)).to.deep.equal([]);
            for (const r of custom) expect(r.provider, r.name).to.match(/::spoke::/);
        });

        it("runs without an authorizer, user pool or partners when no route needs them", async () => {
            const plain = await runApi(
                (args) => ({
                    ...args,
                    routes: [{ method: "GET", path: "/items", authorization: "AWS_IAM" }],
                    authorizer: undefined,
                    partnerAccess: undefined,
                    userPool: undefined,
                }),
                false,
                false,
            );
            expect(plain.all(T.fn).map((f) => f.name)).to.deep.equal(["orders-items"]);
            expect(plain.all(T.authorizer)).to.have.length(0);
            expect(plain.all(T.usagePlan)).to.have.length(0);
            expect(plain.all(T.alarm).map((a) => a.name)).not.to.include("orders-authorizer-throttles");
        });
    });

    describe("policy pack", () => {
        it("breaks no policy of the pack beyond the public route, which needs its allowance", async () => {
            for (const recorded of [run, privateRun]) {
                // The user pool of the test (dev settings) is covered by its own spec.
                const ours = (f: { urn?: string }) =>
                    f.urn === undefined || f.urn.includes("workloads:LambdaApi");
                const findings = (await analyzeRun(recorded)).filter(ours);
                expect(findings.map((f) => `${f.policy} ${String(f.urn).split("::").pop()}`)).to.deep.equal([
                    "apigateway-method-authorization orders-get-items",
                ]);
                const allowed = (
                    await analyzeRun(recorded, {
                        "apigateway-method-authorization": {
                            allowedUnauthenticatedMethods: ["orders-get-items"],
                        },
                    })
                ).filter(ours);
                expect(allowed).to.deep.equal([]);
            }
        });
    });

    describe("bad input", () => {
        async function failure(overrides: Overrides): Promise<{ message: string; declared: string[] }> {
            try {
                await runApi(overrides);
            } catch (e) {
                const declared =
                    e instanceof StackRunError
                        ? e.resources
                              .filter((r) => r.type.startsWith("aws:") && !r.name.startsWith("orders-users"))
                              .map((r) => r.name)
                        : [];
                return { message: String(e), declared };
            }
            throw new Error("expected the program to fail");
        }
        const routesWith = (route: ApiRoute) => (args: LambdaApiArgs) => ({
            ...args,
            routes: [...ROUTES, route],
        });

        it("rejects an unknown authorization before declaring anything", async () => {
            const { message, declared } = await failure(
                routesWith({ method: "PATCH", path: "/items/{id}", authorization: "OPEN" as "NONE" }),
            );
            expect(message).to.include(
                "LambdaApi orders: route 'PATCH /items/{id}' has unknown authorization 'OPEN'; expected one of COGNITO_USER_POOLS, CUSTOM, AWS_IAM, NONE",
            );
            expect(declared).to.deep.equal([]);
        });

        it("rejects a route without authorization that is not marked public", async () => {
            const { message } = await failure(
                routesWith({ method: "GET", path: "/health", authorization: "NONE" }),
            );
            expect(message).to.include(
                "LambdaApi orders: route 'GET /health' has no authorization; set public: true if anyone may call it",
            );
        });

        it("rejects a public write route without publicWrite", async () => {
            const { message, declared } = await failure(
                routesWith({ method: "PATCH", path: "/items/{id}", authorization: "NONE", public: true }),
            );
            expect(message).to.include(
                "LambdaApi orders: route 'PATCH /items/{id}' lets anyone change data; set publicWrite: true as well if that is intended",
            );
            expect(declared).to.deep.equal([]);
        });

        it("rejects a WAF rate limit under WAF's minimum before declaring anything", async () => {
            const { message, declared } = await failure({ waf: { rateLimitPerMinute: 5 } });
            expect(message).to.include(
                "LambdaApi orders: rateLimitPerMinute 5 is outside what WAF accepts; expected a whole number from 10 to 2000000000",
            );
            expect(declared).to.deep.equal([]);
        });

        it("rejects a PRIVATE API with no way to an execute-api endpoint", async () => {
            const { message } = await failure({ endpointType: "PRIVATE", endpointSubnets: [] });
            expect(message).to.include(
                "LambdaApi orders: endpointType PRIVATE needs an execute-api interface endpoint; give executeApiEndpointId or subnets in endpointSubnets",
            );
        });

        it("rejects an unknown endpoint type", async () => {
            const { message } = await failure({ endpointType: "EDGE" as "REGIONAL" });
            expect(message).to.include(
                "LambdaApi orders: endpointType 'EDGE' is not supported; expected REGIONAL or PRIVATE",
            );
        });

        it("rejects functions in fewer than two AZs", async () => {
            const { message } = await failure((args) => ({
                ...args,
                network: {
                    ...args.network,
                    subnets: [SUBNETS[0], { ...SUBNETS[1], availabilityZone: `${REGION}a` }],
                },
            }));
            expect(message).to.include(
                `LambdaApi orders: network.subnets spans 1 AZ (${REGION}a); expected subnets in at least 2 AZs`,
            );
        });

        it("rejects CUSTOM routes without an authorizer and an authorizer without a key source", async () => {
            expect((await failure({ authorizer: undefined })).message).to.include(
                "LambdaApi orders: routes GET /items/{id} use CUSTOM but no authorizer is given",
            );
            const { message } = await failure((args) => ({
                ...args,
                authorizer: { ...args.authorizer!, environment: { JWT_ISSUER: "x", JWT_AUDIENCE: "y" } },
            }));
            expect(message).to.include(
                "authorizer.environment has no key source; expected exactly one of JWKS_URL, JWKS_JSON, JWT_PUBLIC_KEY",
            );
        });

        it("rejects COGNITO_USER_POOLS routes without a user pool", async () => {
            const { message } = await failure((args) => ({ ...args, userPool: undefined }));
            expect(message).to.include(
                "LambdaApi orders: routes POST /items use COGNITO_USER_POOLS but no userPool is given; pass a UserPool",
            );
        });

        it("rejects partner routes without partners", async () => {
            const { message } = await failure({ partnerAccess: undefined });
            expect(message).to.include(
                "LambdaApi orders: routes DELETE /items/{id} require an API key but partnerAccess names no partner",
            );
        });

        it("rejects a model that is not defined", async () => {
            const { message } = await failure({ models: {} });
            expect(message).to.include(
                "route 'POST /items' refers to model 'Item', which models does not define",
            );
        });
    });
});
