import { expect } from "chai";
import type { Recorded } from "../../harness";
import {
    T,
    LOG_KEY,
    ITEM_SCHEMA,
    ROUTES,
    runApi,
    statementsOf,
    lambdaRuns,
    byId,
} from "./lambda-api.fixture";

describe("LambdaApi", () => {
    let run: Recorded;
    let preview: Recorded;
    let executionArn: string;
    const method = (slug: string) => run.find(T.method, `orders-${slug}`);

    before(async () => {
        ({ run, preview, executionArn } = await lambdaRuns());
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
                        : String(byId(run, T.resource, m.inputs.resourceId).inputs.pathPart);
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
});
