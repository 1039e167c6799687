import { expect } from "chai";
import type { ApiRoute } from "../../../components/workloads/api-routes";
import type { LambdaApiArgs } from "../../../components/workloads/lambda-api";
import { StackRunError } from "../../../cli/mock-cloud/run";
import { isUnknown, type Recorded, type RecordedResource } from "../../harness";
import { analyzeRun } from "../../policy-pack/recorded";
import {
    T,
    ACCOUNT,
    REGION,
    VPC_CIDR,
    SUBNETS,
    ROUTES,
    type Overrides,
    runApi,
    statementsOf,
    lambdaRuns,
} from "./lambda-api.fixture";

describe("LambdaApi endpoints, outputs and bad input", () => {
    let run: Recorded;
    let privateRun: Recorded;
    let preview: Recorded;

    before(async () => {
        ({ run, privateRun, preview } = await lambdaRuns());
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
        it("breaks no policy of the pack beyond the public route and the opt-in concurrency", async () => {
            for (const recorded of [run, privateRun]) {
                // The user pool of the test (dev settings) is covered by its own spec.
                const ours = (f: { urn?: string }) =>
                    f.urn === undefined || f.urn.includes("workloads:LambdaApi");
                const findings = (await analyzeRun(recorded)).filter(ours);
                // Reserved concurrency is opt-in (a new account's quota may not allow it): the advisory
                // policy reminds the team to reserve once it does.
                expect(findings.map((f) => `${f.policy} ${String(f.urn).split("::").pop()}`)).to.deep.equal([
                    "lambda-function-reserved-concurrency orders-authorizer",
                    "lambda-function-reserved-concurrency orders-items",
                    "apigateway-method-authorization orders-get-items",
                ]);
                const allowed = (
                    await analyzeRun(recorded, {
                        "apigateway-method-authorization": {
                            allowedUnauthenticatedMethods: ["orders-get-items"],
                        },
                    })
                ).filter((f) => ours(f) && f.policy !== "lambda-function-reserved-concurrency");
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
