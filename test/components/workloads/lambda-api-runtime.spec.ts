import { expect } from "chai";
import { LAMBDA_TABLE_ACTIONS } from "../../../services/contract";
import type { Recorded } from "../../harness";
import {
    T,
    REGION,
    LOG_KEY,
    VPC_CIDR,
    PREFIX_LIST,
    SUBNETS,
    statementsOf,
    lambdaRuns,
    runApi,
} from "./lambda-api.fixture";

describe("LambdaApi runtime and protection", () => {
    let run: Recorded;

    before(async () => {
        ({ run } = await lambdaRuns());
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

        it("describes its security group and rules in EC2's character set (CreateSecurityGroup)", () => {
            const ec2Text = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
            for (const r of [...run.all(T.sg), ...run.all(T.egress), ...run.all(T.ingress)]) {
                expect(r.inputs.description, r.name).to.match(ec2Text);
            }
        });

        it("traces and encrypts the environment with the data key, reserving no concurrency unless asked", () => {
            const key = run.find(T.key, "orders-data-key");
            const items = run.find(T.fn, "orders-items");
            const authorizer = run.find(T.fn, "orders-authorizer");
            for (const fn of [items, authorizer]) {
                expect(fn.inputs.tracingConfig).to.deep.equal({ mode: "Active" });
                expect(fn.inputs.kmsKeyArn).to.equal(key.outputs.arn);
                expect(fn.inputs.runtime).to.equal("nodejs22.x");
                expect(fn.inputs.handler).to.equal("index.handler");
            }
            // AWS refuses a reservation that leaves an account fewer than 100 unreserved executions, so
            // a freshly vended account (quota 10) could not deploy a default reservation.
            expect(items.inputs).to.not.have.property("reservedConcurrentExecutions");
            expect(authorizer.inputs).to.not.have.property("reservedConcurrentExecutions");
            expect(key.inputs.enableKeyRotation).to.equal(true);
            expect(key.protect).to.equal(true);
        });

        it("reserves the concurrency it is given", async () => {
            const reserved = await runApi({ functions: { itemsConcurrency: 20, authorizerConcurrency: 10 } });
            expect(reserved.find(T.fn, "orders-items").inputs.reservedConcurrentExecutions).to.equal(20);
            expect(reserved.find(T.fn, "orders-authorizer").inputs.reservedConcurrentExecutions).to.equal(10);
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

        it("sends HTTPS to the endpoints' security group instead of the whole VPC when it is given", async () => {
            const withEndpoints = await runApi((args) => ({
                ...args,
                network: { ...args.network, endpointSecurityGroupId: "sg-0e0e0e0e0e0e0e0e0" },
            }));
            const sg = withEndpoints.find(T.sg, "orders-fn-sg");
            expect(
                withEndpoints
                    .all(T.egress)
                    .filter((r) => r.inputs.securityGroupId === sg.id)
                    .map(
                        (r) =>
                            r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4 ?? r.inputs.prefixListId,
                    ),
            ).to.deep.equal(["sg-0e0e0e0e0e0e0e0e0", PREFIX_LIST]);
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

        it("without tracing, passes the trace header on and grants no X-Ray actions", async () => {
            const untraced = await runApi({ tracing: false });
            for (const name of ["orders-items", "orders-authorizer"]) {
                expect(untraced.find(T.fn, name).inputs.tracingConfig).to.deep.equal({ mode: "PassThrough" });
                const role = untraced.find(T.role, `${name}-role`);
                const policy = untraced.all(T.rolePolicy).find((p) => p.inputs.role === role.id)!;
                expect(statementsOf(policy.inputs.policy).map((s) => s.Sid)).to.not.include("Tracing");
            }
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
});
