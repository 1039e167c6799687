import { expect } from "chai";
import type { Document } from "yaml";
import {
    copyProject,
    isUnknown,
    runEnvironment,
    runFixtureStack,
    type Recorded,
    type RecordedResource,
} from "../harness";
import { analyzeRun } from "../policy-pack/recorded";

const T = {
    lambdaApi: "hub-network:workloads:LambdaApi",
    ecsApi: "hub-network:workloads:EcsApi",
    userPoolComponent: "hub-network:workloads:UserPool",
    logKey: "hub-network:shared:LogKey",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    restApi: "aws:apigateway/restApi:RestApi",
    restApiPolicy: "aws:apigateway/restApiPolicy:RestApiPolicy",
    resource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    restAuthorizer: "aws:apigateway/authorizer:Authorizer",
    stage: "aws:apigateway/stage:Stage",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    policy: "aws:iam/policy:Policy",
    fn: "aws:lambda/function:Function",
    table: "aws:dynamodb/table:Table",
    pool: "aws:cognito/userPool:UserPool",
    poolClient: "aws:cognito/userPoolClient:UserPoolClient",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    wafAssoc: "aws:wafv2/webAclAssociation:WebAclAssociation",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    service: "aws:ecs/service:Service",
    scalingTarget: "aws:appautoscaling/target:Target",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    httpApi: "aws:apigatewayv2/api:Api",
    vpcLink: "aws:apigatewayv2/vpcLink:VpcLink",
    route: "aws:apigatewayv2/route:Route",
    jwt: "aws:apigatewayv2/authorizer:Authorizer",
};

const providerName = (r: RecordedResource) => (r.provider ? r.provider.split("::").slice(-2)[0] : "default");
const tagsOf = (r: RecordedResource) => (r.inputs.tags ?? {}) as Record<string, string>;
const sorted = (values: unknown) => [...(values as string[])].sort();

/** The subnets of `tier` in the spoke's primary VPC (the stack's default provider). */
function tierIds(run: Recorded, tier: string): string[] {
    const vpc = run.all(T.vpc).find((v) => providerName(v) === "default");
    return run
        .all(T.subnet)
        .filter((s) => s.inputs.vpcId === vpc?.id && tagsOf(s)["hub-network:subnet-tier"] === tier)
        .map((s) => String(s.id))
        .sort();
}

/** True when `r` is declared (directly or further down) inside a component of type `type`. */
const inside = (r: RecordedResource, type: string) => r.urn.split("::")[2].split("$").includes(type);

interface Statement {
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}
const statementsOf = (policy: unknown): Statement[] =>
    (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

const SPOKES = ["app1", "orders", "petstore"].flatMap((s) => [`spoke-${s}-dev`, `spoke-${s}-prod`]);

describe("spoke workloads", () => {
    const runs: Record<string, Recorded> = {};
    let devNetwork: Recorded;
    let preview: Recorded;
    let custom: Recorded;

    before(async function () {
        // eleven stack runs (the hub stacks the spokes reference, then the spokes) and two more spokes
        this.timeout(240_000);
        const dev = await runEnvironment("dev", {
            only: (s) => s.startsWith("spoke-") || s === "network-dev",
        });
        const prod = await runEnvironment("prod", { only: (s) => s.startsWith("spoke-") });
        Object.assign(runs, dev, prod);
        devNetwork = dev["network-dev"];
        const stackOutputs = { "network-dev": devNetwork.outputs };
        preview = await runFixtureStack("spoke-orders-dev", { preview: true, stackOutputs });
        // A public list, a CUSTOM route with the authorizer and a few settings, over the fixture's orders.
        const root = copyProject({
            "stacks/config/Pulumi.spoke-orders-dev.yaml": (doc: Document) => {
                const api = ["config", "hub-network:spoke", "api"];
                doc.setIn([...api, "routes", "list"], { authorization: "NONE", public: true });
                doc.setIn([...api, "routes", "get"], { authorization: "CUSTOM" });
                doc.deleteIn([...api, "partners"]);
                doc.setIn([...api, "authorizer"], {
                    issuer: "https://login.example.com",
                    audience: "orders-api",
                    jwksJson: '{"keys":[]}',
                    resultTtlSeconds: 60,
                });
                doc.setIn([...api, "rateLimitPerMinute"], 300);
                doc.setIn([...api, "concurrency"], { items: 8, authorizer: 4 });
                doc.setIn([...api, "alarms"], { email: ["oncall@example.com", "pager@example.com"] });
            },
        });
        custom = await runFixtureStack("spoke-orders-dev", { root, stackOutputs });
    });

    it("builds the workload of every fixture spoke from its config and exports its endpoint", () => {
        expect(Object.keys(runs).filter((s) => s.startsWith("spoke-"))).to.have.members(SPOKES);
        for (const stack of SPOKES) {
            const run = runs[stack];
            const ecs = stack.startsWith("spoke-petstore-");
            expect(
                run.all(T.lambdaApi).map((c) => c.name),
                stack,
            ).to.deep.equal(ecs ? [] : [stack.split("-")[1]]);
            expect(
                run.all(T.ecsApi).map((c) => c.name),
                stack,
            ).to.deep.equal(ecs ? ["petstore"] : []);
            const endpoint = ecs
                ? run.find(T.httpApi, "petstore-http-api").outputs.apiEndpoint
                : run.find(T.stage, `${stack.split("-")[1]}-stage`).outputs.invokeUrl;
            expect(run.outputs.apiEndpoint, stack).to.equal(endpoint);
            expect(run.outputs.apiEndpoint, stack).to.match(
                ecs
                    ? /^https:\/\/[a-z0-9]{10}\.execute-api\.eu-west-1\.amazonaws\.com$/
                    : /^https:\/\/[a-z0-9]{10}\.execute-api\.eu-west-1\.amazonaws\.com\/v1$/,
            );
        }
    });

    it("exports the user pool and tables the workload made", () => {
        for (const stack of SPOKES) {
            const run = runs[stack];
            const name = stack.split("-")[1];
            expect(run.outputs.userPoolId, stack).to.equal(run.find(T.pool, `${name}-users-pool`).id);
            expect(run.outputs.userPoolClientId, stack).to.equal(
                run.find(T.poolClient, `${name}-users-api-client`).id,
            );
            if (name === "petstore") {
                expect(run.outputs.tableNames, stack).to.deep.equal({
                    petstore: run.find(T.table, "petstore-petstore-items").outputs.name,
                    foodstore: run.find(T.table, "petstore-foodstore-items").outputs.name,
                });
            } else {
                expect(run.outputs.tableName, stack).to.equal(
                    run.find(T.table, `${name}-items`).outputs.name,
                );
            }
        }
    });

    it("declares the workload in the spoke account's primary region only, tagged like the spoke", () => {
        for (const stack of SPOKES) {
            const run = runs[stack];
            const workload = run.resources.filter(
                (r) =>
                    r.custom &&
                    (inside(r, T.lambdaApi) || inside(r, T.ecsApi) || inside(r, T.userPoolComponent)),
            );
            expect(workload.length, stack).to.be.greaterThan(40);
            expect([...new Set(workload.map(providerName))], stack).to.deep.equal(["default"]);
            const fn = stack.startsWith("spoke-petstore-")
                ? run.find(T.service, "petstore-petstore-service")
                : run.find(T.fn, `${stack.split("-")[1]}-items`);
            expect(tagsOf(fn), stack).to.include({
                "hub-network:stack-role": "spoke",
                "hub-network:spoke": stack.split("-")[1],
                "hub-network:environment": stack.split("-")[2],
            });
        }
    });

    it("encrypts every log group with the spoke's own log key and keeps it as long as the environment says", () => {
        for (const stack of SPOKES) {
            const run = runs[stack];
            // one log key per region: the workload reuses the spoke's key instead of making its own
            expect(
                run.all(T.logKey).map((k) => k.name),
                stack,
            ).to.deep.equal(stack === "spoke-app1-prod" ? ["logs", "logs-dr"] : ["logs"]);
            const key = run.find(T.key, "logs-key");
            const groups = run.all(T.logGroup).filter((g) => providerName(g) === "default");
            expect(groups.length, stack).to.be.greaterThan(3);
            for (const group of groups) {
                expect(group.inputs.kmsKeyId, `${stack} ${group.name}`).to.equal(key.outputs.arn);
                expect(group.inputs.retentionInDays, `${stack} ${group.name}`).to.equal(
                    stack.endsWith("-prod") ? 365 : 30,
                );
            }
        }
    });

    it("keeps to the invoke budget: the AZ lookup per region and nothing for the workload", () => {
        expect(runs["spoke-orders-dev"].invokes.map((i) => i.token)).to.deep.equal([
            "aws:index/getAvailabilityZones:getAvailabilityZones",
        ]);
        expect(runs["spoke-petstore-prod"].invokes).to.have.length(1);
        expect(runs["spoke-app1-prod"].invokes).to.have.length(2);
    });

    describe("lambda-api (orders, app1)", () => {
        it("declares each route with its configured authorization and none open", () => {
            const methodsOf = (run: Recorded, name: string) => {
                const cognito = run.find(T.restAuthorizer, `${name}-cognito`);
                expect(cognito.inputs).to.deep.include({
                    type: "COGNITO_USER_POOLS",
                    providerArns: [run.find(T.pool, `${name}-users-pool`).outputs.arn],
                });
                const pathOf = new Map(run.all(T.resource).map((r) => [r.id, r.inputs.pathPart]));
                return run
                    .all(T.method)
                    .map((m) => [
                        `${String(m.inputs.httpMethod)} ${String(pathOf.get(String(m.inputs.resourceId)))}`,
                        m.inputs.authorization,
                        m.inputs.authorizerId === cognito.id ? "cognito" : (m.inputs.authorizerId ?? "-"),
                        m.inputs.apiKeyRequired,
                        (m.inputs.requestModels as Record<string, string> | undefined)?.[
                            "application/json"
                        ] ?? "-",
                    ])
                    .sort();
            };
            // orders in dev: a partner route and a SigV4 route over the defaults
            expect(methodsOf(runs["spoke-orders-dev"], "orders")).to.deep.equal(
                [
                    ["GET orders", "COGNITO_USER_POOLS", "cognito", true, "-"],
                    ["POST orders", "COGNITO_USER_POOLS", "cognito", false, "Item"],
                    ["GET {id}", "COGNITO_USER_POOLS", "cognito", false, "-"],
                    ["PUT {id}", "COGNITO_USER_POOLS", "cognito", false, "Item"],
                    ["DELETE {id}", "AWS_IAM", "-", false, "-"],
                ].sort(),
            );
            // the defaults: a user pool token on every route of /items
            for (const stack of ["spoke-orders-prod", "spoke-app1-dev", "spoke-app1-prod"]) {
                expect(methodsOf(runs[stack], stack.split("-")[1]), stack).to.deep.equal(
                    [
                        ["GET items", "COGNITO_USER_POOLS", "cognito", false, "-"],
                        ["POST items", "COGNITO_USER_POOLS", "cognito", false, "Item"],
                        ["GET {id}", "COGNITO_USER_POOLS", "cognito", false, "-"],
                        ["PUT {id}", "COGNITO_USER_POOLS", "cognito", false, "Item"],
                        ["DELETE {id}", "COGNITO_USER_POOLS", "cognito", false, "-"],
                    ].sort(),
                );
            }
        });

        it("gives the SigV4 route its invoke policy and the partner its API key, and exports both", () => {
            const run = runs["spoke-orders-dev"];
            const api = run.find(T.restApi, "orders-api");
            const policy = run.find(T.policy, "orders-invoke-delete-orders-id");
            expect(statementsOf(policy.inputs.policy)).to.deep.equal([
                {
                    Sid: "InvokeOneMethod",
                    Effect: "Allow",
                    Action: "execute-api:Invoke",
                    Resource: `${String(api.outputs.executionArn)}/v1/DELETE/orders/*`,
                },
            ]);
            expect(run.outputs.invokePolicyArns).to.deep.equal({ "DELETE /orders/{id}": policy.outputs.arn });
            const key = run.find(T.apiKey, "orders-key-acme-logistics");
            expect(run.outputs.apiKeyIds).to.deep.equal({ "acme-logistics": key.id });
            expect(run.find(T.usagePlan, "orders-partners").inputs.apiStages).to.deep.equal([
                { apiId: api.id, stage: "v1" },
            ]);
            // the others have neither: no AWS_IAM route, no partner
            for (const stack of ["spoke-orders-prod", "spoke-app1-dev", "spoke-app1-prod"]) {
                expect(runs[stack].outputs, stack).to.not.have.any.keys("invokePolicyArns", "apiKeyIds");
                expect(runs[stack].all(T.usagePlan), stack).to.deep.equal([]);
            }
        });

        it("puts app1's production API behind the spoke's own execute-api endpoint, allowing only it", () => {
            const run = runs["spoke-app1-prod"];
            const vpc = run.find(T.vpc, "app1-vpc");
            const executeApi = run
                .all(T.endpoint)
                .filter((e) => e.inputs.serviceName === "com.amazonaws.eu-west-1.execute-api");
            // one endpoint with private DNS in the VPC: the spoke's (AWS refuses a second one)
            expect(executeApi.map((e) => [e.name, e.inputs.vpcId, e.inputs.privateDnsEnabled])).to.deep.equal(
                [["app1-execute-api", vpc.id, true]],
            );
            expect([...(executeApi[0].inputs.subnetIds as string[])].sort()).to.deep.equal(
                tierIds(run, "workload"),
            );
            expect(run.all(T.endpoint).filter((e) => inside(e, T.lambdaApi))).to.deep.equal([]);
            const api = run.find(T.restApi, "app1-api");
            expect(api.inputs.endpointConfiguration).to.deep.equal({
                types: "PRIVATE",
                vpcEndpointIds: [executeApi[0].id],
            });
            const resource = `${String(api.outputs.executionArn)}/*`;
            const statements = statementsOf(run.find(T.restApiPolicy, "app1-api-policy").inputs.policy);
            expect(statements.map((s) => [s.Effect, s.Resource, s.Condition])).to.deep.equal([
                ["Allow", resource, { StringEquals: { "aws:SourceVpce": executeApi[0].id } }],
                ["Deny", resource, { StringNotEquals: { "aws:SourceVpce": executeApi[0].id } }],
            ]);
        });

        it("keeps the other lambda-api spokes REGIONAL, without a resource policy or execute-api endpoint", () => {
            for (const stack of ["spoke-app1-dev", "spoke-orders-dev", "spoke-orders-prod"]) {
                const run = runs[stack];
                expect(run.all(T.restApi)[0].inputs.endpointConfiguration, stack).to.deep.equal({
                    types: "REGIONAL",
                });
                expect(run.all(T.restApiPolicy), stack).to.deep.equal([]);
                // no execute-api endpoint: the only interface endpoint is X-Ray's, for active tracing
                expect(
                    run
                        .all(T.endpoint)
                        .filter((e) => e.inputs.vpcEndpointType === "Interface")
                        .map((e) => e.inputs.serviceName),
                    stack,
                ).to.deep.equal([`com.amazonaws.${run.outputs.region}.xray`]);
            }
        });

        it("protects the stage with a web ACL: managed rule groups and the default rate rule", () => {
            const run = runs["spoke-app1-dev"];
            const acl = run.find(T.webAcl, "app1-waf-acl");
            expect(run.find(T.wafAssoc, "app1-waf-assoc-stage").inputs).to.deep.equal({
                resourceArn: run.find(T.stage, "app1-stage").outputs.arn,
                webAclArn: acl.outputs.arn,
            });
            const rules = acl.inputs.rules as {
                name: string;
                statement: Record<string, Record<string, unknown>>;
            }[];
            expect(rules.map((r) => r.name)).to.deep.equal([
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesSQLiRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList",
                "rate-limit-per-ip",
            ]);
            expect(rules[4].statement.rateBasedStatement).to.deep.include({
                limit: 1000,
                aggregateKeyType: "IP",
            });
        });

        it("keeps the table protected, encrypted with the workload key and recoverable", () => {
            for (const stack of ["spoke-orders-prod", "spoke-app1-prod"]) {
                const run = runs[stack];
                const name = stack.split("-")[1];
                const table = run.find(T.table, `${name}-items`);
                expect(table.protect, stack).to.equal(true);
                expect(table.inputs).to.deep.include({
                    deletionProtectionEnabled: true,
                    pointInTimeRecovery: { enabled: true },
                    serverSideEncryption: {
                        enabled: true,
                        kmsKeyArn: run.find(T.key, `${name}-data-key`).outputs.arn,
                    },
                });
            }
        });

        it("runs the functions in the spoke's workload subnets, out only to the endpoints and DynamoDB's prefix list", () => {
            for (const stack of ["spoke-orders-dev", "spoke-app1-prod"]) {
                const run = runs[stack];
                const name = stack.split("-")[1];
                const sg = run.find(T.sg, `${name}-fn-sg`);
                const vpc = run.find(T.vpc, `${name}-vpc`);
                expect(sg.inputs.vpcId).to.equal(vpc.id);
                const fn = run.find(T.fn, `${name}-items`);
                const vpcConfig = fn.inputs.vpcConfig as { subnetIds: string[]; securityGroupIds: string[] };
                expect(sorted(vpcConfig.subnetIds), stack).to.deep.equal(tierIds(run, "workload"));
                expect(vpcConfig.subnetIds, stack).to.have.length(stack.endsWith("-prod") ? 3 : 2);
                expect(vpcConfig.securityGroupIds).to.deep.equal([sg.id]);
                expect(fn.inputs.reservedConcurrentExecutions).to.equal(undefined);
                const egress = run
                    .all(T.egress)
                    .filter((r) => r.inputs.securityGroupId === sg.id)
                    .map((r) => [
                        r.inputs.fromPort,
                        r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4 ?? r.inputs.prefixListId,
                    ]);
                const prefixList = run.find(T.endpoint, `${name}-dynamodb`).outputs.prefixListId;
                expect(String(prefixList)).to.match(/^pl-[0-9a-f]{8}$/);
                expect(egress, stack).to.have.deep.members([
                    [443, run.find(T.sg, `${name}-endpoints`).id],
                    [443, prefixList],
                ]);
            }
        });

        it("sends alarms to the owner unless told otherwise, and turns threat protection on in production", () => {
            for (const stack of ["spoke-orders-dev", "spoke-orders-prod"]) {
                const run = runs[stack];
                expect(
                    run.all(T.subscription).map((s) => [s.inputs.protocol, s.inputs.endpoint]),
                ).to.deep.equal([["email", "orders-team@example.com"]]);
                const pool = run.find(T.pool, "orders-users-pool");
                expect(pool.inputs.mfaConfiguration).to.equal("OPTIONAL");
                expect(pool.inputs.userPoolAddOns, stack).to.deep.equal({
                    advancedSecurityMode: stack.endsWith("-prod") ? "ENFORCED" : "OFF",
                });
            }
        });

        it("builds a CUSTOM route's authorizer, a public route and the other settings from config", () => {
            const run = custom;
            const authorizerFn = run.find(T.fn, "orders-authorizer");
            expect(
                (authorizerFn.inputs.environment as { variables: Record<string, string> }).variables,
            ).to.deep.equal({
                JWT_ISSUER: "https://login.example.com",
                JWT_AUDIENCE: "orders-api",
                JWKS_JSON: '{"keys":[]}',
            });
            expect(authorizerFn.inputs.reservedConcurrentExecutions).to.equal(4);
            expect(run.find(T.fn, "orders-items").inputs.reservedConcurrentExecutions).to.equal(8);
            const lambdaAuthorizer = run.find(T.restAuthorizer, "orders-lambda-authorizer");
            expect(lambdaAuthorizer.inputs).to.deep.include({
                type: "REQUEST",
                authorizerResultTtlInSeconds: 60,
                authorizerUri: authorizerFn.outputs.invokeArn,
            });
            const method = (name: string) => run.find(T.method, name).inputs;
            expect(method("orders-get-orders-id")).to.deep.include({
                authorization: "CUSTOM",
                authorizerId: lambdaAuthorizer.id,
            });
            expect(method("orders-get-orders").authorization).to.equal("NONE");
            expect(method("orders-get-orders").authorizerId).to.equal(undefined);
            expect(
                run
                    .all(T.method)
                    .filter((m) => m.inputs.authorization === "NONE")
                    .map((m) => m.name),
            ).to.deep.equal(["orders-get-orders"]);
            expect(run.all(T.usagePlan)).to.deep.equal([]);
            const rules = run.find(T.webAcl, "orders-waf-acl").inputs.rules as {
                statement: Record<string, Record<string, unknown>>;
            }[];
            expect(rules.at(-1)?.statement.rateBasedStatement.limit).to.equal(300);
            expect(run.all(T.subscription).map((s) => s.inputs.endpoint)).to.deep.equal([
                "oncall@example.com",
                "pager@example.com",
            ]);
        });

        it("declares the same resources in a preview, with the endpoint unknown", () => {
            expect(preview.resources.map((r) => r.urn).sort()).to.deep.equal(
                runs["spoke-orders-dev"].resources.map((r) => r.urn).sort(),
            );
            expect(isUnknown(preview.outputs.apiEndpoint)).to.equal(true);
            const fn = preview.find(T.fn, "orders-items");
            const vpcConfig = fn.inputs.vpcConfig as { subnetIds: unknown[] };
            expect(vpcConfig.subnetIds.every(isUnknown)).to.equal(true);
        });
    });

    describe("ecs-api (petstore)", () => {
        it("runs both services in the workload subnets without public IPs, sized from config", () => {
            for (const [stack, min, max] of [
                ["spoke-petstore-dev", 1, 2],
                ["spoke-petstore-prod", 3, 6],
            ] as const) {
                const run = runs[stack];
                const tasksSg = run.find(T.sg, "petstore-tasks-sg");
                for (const service of ["petstore", "foodstore"]) {
                    const svc = run.find(T.service, `petstore-${service}-service`);
                    const network = svc.inputs.networkConfiguration as Record<string, unknown>;
                    expect(sorted(network.subnets), stack).to.deep.equal(tierIds(run, "workload"));
                    expect(network, stack).to.deep.include({
                        securityGroups: [tasksSg.id],
                        assignPublicIp: false,
                    });
                    expect(svc.inputs.desiredCount, stack).to.equal(min);
                    expect(
                        run.find(T.scalingTarget, `petstore-${service}-scaling`).inputs,
                        stack,
                    ).to.deep.include({
                        minCapacity: min,
                        maxCapacity: max,
                    });
                }
                expect(run.find(T.sg, "petstore-tasks-sg").inputs.vpcId).to.equal(
                    run.find(T.vpc, "petstore-vpc").id,
                );
            }
        });

        it("reaches the internal ALB in the workload subnets through a VPC link in the vpclink subnets", () => {
            for (const stack of ["spoke-petstore-dev", "spoke-petstore-prod"]) {
                const run = runs[stack];
                const link = run.find(T.vpcLink, "petstore-vpc-link");
                expect(sorted(link.inputs.subnetIds), stack).to.deep.equal(tierIds(run, "vpclink"));
                expect(link.inputs.securityGroupIds).to.deep.equal([
                    run.find(T.sg, "petstore-vpclink-sg").id,
                ]);
                const alb = run.find(T.alb, "petstore-alb");
                expect(alb.inputs.internal).to.equal(true);
                expect(sorted(alb.inputs.subnets), stack).to.deep.equal(tierIds(run, "workload"));
                expect(run.find(T.listener, "petstore-listener").inputs).to.deep.include({
                    port: 80,
                    protocol: "HTTP",
                });
                expect(run.find(T.wafAssoc, "petstore-waf-assoc-alb").inputs).to.deep.equal({
                    resourceArn: alb.outputs.arn,
                    webAclArn: run.find(T.webAcl, "petstore-waf-acl").outputs.arn,
                });
            }
        });

        it("lets the tasks out only to the interface endpoints and the spoke's S3 and DynamoDB prefix lists", () => {
            const run = runs["spoke-petstore-dev"];
            const sg = run.find(T.sg, "petstore-tasks-sg");
            expect(
                run
                    .all(T.egress)
                    .filter((r) => r.inputs.securityGroupId === sg.id)
                    .map(
                        (r) =>
                            r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4 ?? r.inputs.prefixListId,
                    ),
            ).to.have.deep.members([
                run.find(T.sg, "petstore-endpoints").id,
                run.find(T.endpoint, "petstore-dynamodb").outputs.prefixListId,
                run.find(T.endpoint, "petstore-s3").outputs.prefixListId,
            ]);
        });

        it("keeps reads public and writes behind the spoke's user pool", () => {
            const run = runs["spoke-petstore-prod"];
            const jwt = run.find(T.jwt, "petstore-jwt");
            const pool = run.find(T.pool, "petstore-users-pool");
            expect(jwt.inputs.jwtConfiguration).to.deep.equal({
                issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${pool.id}`,
                audiences: [run.find(T.poolClient, "petstore-users-api-client").id],
            });
            expect(
                run
                    .all(T.route)
                    .map(
                        (r) =>
                            `${String(r.inputs.routeKey)} ${r.inputs.authorizerId === jwt.id ? "JWT" : String(r.inputs.authorizationType)}`,
                    )
                    .sort(),
            ).to.deep.equal(
                [
                    "GET /pets NONE",
                    "GET /pets/{id} NONE",
                    "PUT /pets/{id} JWT",
                    "DELETE /pets/{id} JWT",
                    "GET /food NONE",
                    "GET /food/{id} NONE",
                    "PUT /food/{id} JWT",
                    "DELETE /food/{id} JWT",
                ].sort(),
            );
            expect(pool.inputs.userPoolAddOns).to.deep.equal({ advancedSecurityMode: "ENFORCED" });
        });

        it("keeps each service's table protected with deletion protection and point-in-time recovery", () => {
            const run = runs["spoke-petstore-prod"];
            for (const service of ["petstore", "foodstore"]) {
                const table = run.find(T.table, `petstore-${service}-items`);
                expect(table.protect).to.equal(true);
                expect(table.inputs).to.deep.include({
                    deletionProtectionEnabled: true,
                    pointInTimeRecovery: { enabled: true },
                });
            }
        });
    });

    describe("the policy pack over the fixture spokes", () => {
        for (const stack of SPOKES) {
            it(`finds no mandatory violation in ${stack}`, async () => {
                const findings = await analyzeRun(runs[stack]);
                expect(
                    findings.filter((f) => f.level === "mandatory").map((f) => `${f.policy}: ${f.message}`),
                ).to.deep.equal([]);
            });
        }

        it("finds no mandatory violation in a preview of spoke-orders-dev, with IDs unknown", async () => {
            const findings = await analyzeRun(preview);
            expect(
                findings.filter((f) => f.level === "mandatory").map((f) => `${f.policy}: ${f.message}`),
            ).to.deep.equal([]);
        });
    });
});
