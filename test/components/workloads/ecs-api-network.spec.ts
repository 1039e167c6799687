import { expect } from "chai";
import type { Recorded } from "../../harness";
import {
    T,
    ACCOUNT,
    REGION,
    LOG_KEY,
    VPC_CIDR,
    DDB_PL,
    S3_PL,
    WORKLOAD,
    VPCLINK,
    statementsOf,
    rulesOf,
    ecsRuns,
} from "./ecs-api.fixture";

describe("EcsApi network path", () => {
    let run: Recorded;
    let https: Recorded;

    before(async () => {
        ({ run, https } = await ecsRuns());
    });

    describe("load balancer", () => {
        it("is internal, in the workload subnets, drops invalid headers and logs to its own bucket", () => {
            const alb = run.find(T.alb, "pets-alb");
            const bucket = run.find(T.bucket, "pets-alb-logs-bucket");
            expect(alb.inputs).to.deep.include({
                internal: true,
                loadBalancerType: "application",
                subnets: WORKLOAD.map((s) => s.subnetId),
                securityGroups: [run.find(T.sg, "pets-alb-sg").id],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: true,
            });
            expect(alb.inputs.accessLogs).to.deep.equal({ bucket: bucket.outputs.bucket, enabled: true });
            expect(alb.dependencies).to.include(run.find(T.bucketPolicy, "pets-alb-logs-policy").urn);
        });

        it("stores access logs with SSE-S3, writable by ELB log delivery of the region and this account", () => {
            const encryption = run.find(T.encryption, "pets-alb-logs-encryption");
            expect(encryption.inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            const bucketArn = String(run.find(T.bucket, "pets-alb-logs-bucket").outputs.arn);
            const statements = statementsOf(run.find(T.bucketPolicy, "pets-alb-logs-policy").inputs.policy);
            const writers = statements.filter((s) => s.Sid?.startsWith("Elb"));
            expect(writers).to.deep.equal([
                {
                    Sid: "ElbLogDeliveryWrite",
                    Effect: "Allow",
                    Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
                },
                {
                    Sid: "ElbRegionalAccountWrite",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::054676820928:root" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
                },
            ]);
            expect(statements.find((s) => s.Sid === "DenyInsecureTransport")?.Effect).to.equal("Deny");
            expect(run.find(T.bucket, "pets-alb-logs-bucket").protect).to.equal(true);
        });

        it("listens on HTTP 80 inside the VPC and answers unknown paths 404", () => {
            const listener = run.find(T.listener, "pets-listener");
            expect(listener.inputs).to.deep.include({
                port: 80,
                protocol: "HTTP",
                loadBalancerArn: run.find(T.alb, "pets-alb").id,
            });
            expect(listener.inputs.certificateArn).to.equal(undefined);
            expect(listener.inputs.defaultActions).to.deep.equal([
                {
                    type: "fixed-response",
                    fixedResponse: {
                        statusCode: "404",
                        contentType: "application/json",
                        messageBody: '{"message":"Not found"}',
                    },
                },
            ]);
        });

        it("listens on HTTPS 443 with the certificate and a TLS 1.2+ policy when one is given", () => {
            expect(https.find(T.listener, "pets-listener").inputs).to.deep.include({
                port: 443,
                protocol: "HTTPS",
                certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`,
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            });
            expect(https.find(T.integration, "pets-alb").inputs.tlsConfig).to.deep.equal({
                serverNameToVerify: "pets.internal.example.com",
            });
        });

        it("routes /pets* to petstore and /food* to foodstore", () => {
            const listener = run.find(T.listener, "pets-listener");
            const routes = run.all(T.listenerRule).map((r) => ({
                priority: r.inputs.priority,
                paths: (r.inputs.conditions as { pathPattern: { values: string[] } }[])[0].pathPattern.values,
                target: run
                    .all(T.targetGroup)
                    .find(
                        (tg) =>
                            tg.id === (r.inputs.actions as { targetGroupArn: string }[])[0].targetGroupArn,
                    )?.name,
                listener: r.inputs.listenerArn === listener.id,
            }));
            expect(routes).to.deep.equal([
                { priority: 10, paths: ["/pets", "/pets/*"], target: "pets-petstore-tg", listener: true },
                { priority: 20, paths: ["/food", "/food/*"], target: "pets-foodstore-tg", listener: true },
            ]);
        });

        it("checks target health on /health of each task's port", () => {
            for (const service of ["petstore", "foodstore"]) {
                const tg = run.find(T.targetGroup, `pets-${service}-tg`);
                expect(tg.inputs).to.deep.include({ targetType: "ip", protocol: "HTTP", port: 8080 });
                expect(tg.inputs.healthCheck).to.deep.include({
                    path: "/health",
                    matcher: "200",
                    protocol: "HTTP",
                });
            }
        });

        it("is protected by a web ACL with the common and known-bad-inputs rule groups and the rate rule", () => {
            const acl = run.find(T.webAcl, "pets-waf-acl");
            expect(run.find(T.wafAssoc, "pets-waf-assoc-alb").inputs).to.deep.equal({
                resourceArn: run.find(T.alb, "pets-alb").id,
                webAclArn: acl.outputs.arn,
            });
            expect((acl.inputs.rules as { name: string }[]).map((r) => r.name)).to.deep.equal([
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "rate-limit-per-ip",
            ]);
        });

        it("rate-limits each caller by the address the HTTP API passes on, not the VPC link's interfaces", () => {
            // Behind the VPC link every request's source is a VPC-link interface: a per-source limit
            // would throttle every caller as one.
            const rules = run.find(T.webAcl, "pets-waf-acl").inputs.rules as {
                name: string;
                statement: { rateBasedStatement?: Record<string, unknown> };
            }[];
            expect(
                rules.find((r) => r.name === "rate-limit-per-ip")?.statement.rateBasedStatement,
            ).to.deep.equal({
                limit: 1000,
                evaluationWindowSec: 60,
                aggregateKeyType: "FORWARDED_IP",
                forwardedIpConfig: { headerName: "x-client-ip", fallbackBehavior: "MATCH" },
            });
            // API Gateway overwrites the header with the caller's source address: a client cannot set it.
            expect(run.find(T.integration, "pets-alb").inputs.requestParameters).to.deep.equal({
                "overwrite:header.x-client-ip": "$context.identity.sourceIp",
            });
        });
    });

    describe("security groups", () => {
        it("lets the VPC link out only to the ALB port in the workload subnets", () => {
            expect(rulesOf(run, T.egress, "pets-vpclink-sg")).to.deep.equal([
                "tcp 80-80 10.90.0.0/23",
                "tcp 80-80 10.90.2.0/23",
            ]);
            expect(rulesOf(run, T.ingress, "pets-vpclink-sg")).to.deep.equal([]);
        });

        it("lets the listener port into the ALB only from the VPC link, and the ALB out only to the tasks", () => {
            expect(rulesOf(run, T.ingress, "pets-alb-sg")).to.deep.equal(["tcp 80-80 pets-vpclink-sg"]);
            expect(rulesOf(run, T.egress, "pets-alb-sg")).to.deep.equal(["tcp 8080-8080 pets-tasks-sg"]);
            expect(rulesOf(https, T.ingress, "pets-alb-sg")).to.deep.equal(["tcp 443-443 pets-vpclink-sg"]);
        });

        it("lets tasks in only from the ALB, and out only on HTTPS to the endpoints, DynamoDB and S3", () => {
            expect(rulesOf(run, T.ingress, "pets-tasks-sg")).to.deep.equal(["tcp 8080-8080 pets-alb-sg"]);
            expect(rulesOf(run, T.egress, "pets-tasks-sg")).to.deep.equal(
                [`tcp 443-443 ${VPC_CIDR}`, `tcp 443-443 ${DDB_PL}`, `tcp 443-443 ${S3_PL}`].sort(),
            );
        });

        it("describes every group and rule in EC2's character set (CreateSecurityGroup)", () => {
            const ec2Text = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
            for (const r of [...run.all(T.sg), ...run.all(T.egress), ...run.all(T.ingress)]) {
                expect(r.inputs.description, r.name).to.match(ec2Text);
            }
        });

        it("declares no inline rules on any group", () => {
            for (const sg of run.all(T.sg)) {
                expect(sg.inputs.ingress, sg.name).to.equal(undefined);
                expect(sg.inputs.egress, sg.name).to.equal(undefined);
            }
        });
    });

    describe("HTTP API", () => {
        it("puts the VPC link in the vpclink subnets with its security group", () => {
            expect(run.find(T.vpcLink, "pets-vpc-link").inputs).to.deep.include({
                subnetIds: VPCLINK.map((s) => s.subnetId),
                securityGroupIds: [run.find(T.sg, "pets-vpclink-sg").id],
            });
        });

        it("proxies to the ALB listener through the VPC link", () => {
            const integration = run.find(T.integration, "pets-alb");
            expect(integration.inputs).to.deep.include({
                apiId: run.find(T.api, "pets-http-api").id,
                integrationType: "HTTP_PROXY",
                integrationMethod: "ANY",
                integrationUri: run.find(T.listener, "pets-listener").id,
                connectionType: "VPC_LINK",
                connectionId: run.find(T.vpcLink, "pets-vpc-link").id,
            });
            expect(run.find(T.api, "pets-http-api").inputs.protocolType).to.equal("HTTP");
        });

        it("declares the four routes of each service, with the JWT authorizer on exactly the write routes", () => {
            const authorizer = run.find(T.authorizer, "pets-jwt");
            const integration = run.find(T.integration, "pets-alb");
            const routes = run
                .all(T.route)
                .map((r) => {
                    expect(r.inputs.target).to.equal(`integrations/${String(integration.id)}`);
                    const auth =
                        r.inputs.authorizationType === "JWT" && r.inputs.authorizerId === authorizer.id
                            ? "JWT"
                            : String(r.inputs.authorizationType);
                    expect(r.inputs.authorizerId === undefined).to.equal(auth === "NONE");
                    return `${String(r.inputs.routeKey)} ${auth}`;
                })
                .sort();
            expect(routes).to.deep.equal(
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
        });

        it("checks tokens of the user pool: its issuer and its API client as audience", () => {
            const pool = run.find(T.pool, "pets-users-pool");
            const client = run.find(T.poolClient, "pets-users-api-client");
            expect(run.find(T.authorizer, "pets-jwt").inputs).to.deep.include({
                authorizerType: "JWT",
                identitySources: ["$request.header.Authorization"],
                jwtConfiguration: {
                    issuer: `https://cognito-idp.${REGION}.amazonaws.com/${String(pool.id)}`,
                    audiences: [client.id],
                },
            });
        });

        it("deploys a default stage with JSON access logs to an encrypted group and default throttling", () => {
            const stage = run.find(T.stage, "pets-http-stage");
            const group = run.find(T.logGroup, "pets-http-access-logs");
            expect(stage.inputs).to.deep.include({ name: "$default", autoDeploy: true });
            const logs = stage.inputs.accessLogSettings as { destinationArn: string; format: string };
            expect(logs.destinationArn).to.equal(group.outputs.arn);
            expect(group.inputs).to.deep.include({ kmsKeyId: LOG_KEY, retentionInDays: 30 });
            expect(JSON.parse(logs.format)).to.deep.include({
                requestId: "$context.requestId",
                sourceIp: "$context.identity.sourceIp",
                routeKey: "$context.routeKey",
                status: "$context.status",
                responseLatency: "$context.responseLatency",
            });
            expect(stage.inputs.defaultRouteSettings).to.deep.equal({
                throttlingRateLimit: 100,
                throttlingBurstLimit: 200,
                detailedMetricsEnabled: true,
            });
            for (const route of run.all(T.route)) expect(stage.dependencies).to.include(route.urn);
        });
    });
});
