import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { Document } from "yaml";
import { readStackConfig } from "../../../cli/plan/stacks";
import { ConfigError, formatProblem } from "../../../stacks/schema/errors";
import { loadSpokeRequest, type SpokeRequest } from "../../../stacks/schema/spoke";
import { loadStackContext } from "../../../stacks/schema/stack-config";
import { lambdaRoutes, type EcsApiConfig, type LambdaApiConfig } from "../../../stacks/schema/workload";
import { copyProject, FIXTURE_ROOT } from "../../harness";

const KEY = "hub-network:spoke";
const fileOf = (stack: string) => `stacks/config/Pulumi.${stack}.yaml`;

/** Loads spoke `stack` from `root` (default the fixture project) as the stack does. */
const load = (stack: string, root = FIXTURE_ROOT): SpokeRequest =>
    loadSpokeRequest(loadStackContext(stack, readStackConfig(stack, root), root));

/** `[field path under the request, value]` edits; `undefined` deletes the field. */
type Edit = [string, unknown];

/** The request of `stack` with `edits` applied, loaded from a copy of the project. */
function attempt(stack: string, edits: Edit[]): { root: string; run: () => SpokeRequest } {
    const root = copyProject({
        [fileOf(stack)]: (doc: Document) => {
            for (const [field, value] of edits) {
                const keys = ["config", KEY, ...field.split(".")];
                if (value === undefined) doc.deleteIn(keys);
                else doc.setIn(keys, value);
            }
        },
    });
    return { root, run: () => load(stack, root) };
}

/** The problems loading `stack` with `edits` reports, each as `file:line: field 'value' message`. */
function problems(stack: string, edits: Edit[]): string[] {
    const { run } = attempt(stack, edits);
    try {
        run();
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).problems.map(formatProblem);
    }
    return expect.fail("expected a ConfigError");
}

/** The 1-based line of the first line containing `needle` in the edited copy of `stack`'s file. */
function lineOf(stack: string, edits: Edit[], needle: string): number {
    const { root } = attempt(stack, edits);
    const lines = fs.readFileSync(path.join(root, fileOf(stack)), "utf8").split("\n");
    const index = lines.findIndex((l) => l.includes(needle));
    if (index < 0) throw new Error(`'${needle}' is not in the edited ${fileOf(stack)}`);
    return index + 1;
}

const lambdaApiOf = (request: SpokeRequest): LambdaApiConfig => {
    if (request.api.kind !== "lambda-api") throw new Error(`${request.name} is not a lambda-api spoke`);
    return request.api;
};
const ecsApiOf = (request: SpokeRequest): EcsApiConfig => {
    if (request.api.kind !== "ecs-api") throw new Error(`${request.name} is not an ecs-api spoke`);
    return request.api;
};

const ORDERS = "spoke-orders-dev";
const PETSTORE = "spoke-petstore-dev";
const orders = fileOf(ORDERS);
const petstore = fileOf(PETSTORE);
const CERTIFICATE = "arn:aws:acm:eu-west-1:999999999999:certificate/12345678-1234-1234-1234-123456789012";

describe("workload settings (hub-network:spoke.api)", () => {
    describe("the fixture spokes", () => {
        it("gives a lambda-api without an api block the production defaults: Cognito on every route", () => {
            const api = lambdaApiOf(load("spoke-app1-dev"));
            expect(api).to.deep.equal({
                kind: "lambda-api",
                endpointType: "REGIONAL",
                collection: "items",
                routes: {},
                partners: [],
                rateLimitPerMinute: 1000,
                throttling: { rateLimit: 100, burstLimit: 200 },
                concurrency: {},
                alarms: { serverErrorRate: 0.05, p99LatencyMs: 2500, throttles: 0, wafBlockedRequests: 100 },
                mfa: "OPTIONAL",
            });
            expect(
                lambdaRoutes(api).map((r) => `${r.route.method} ${r.route.path} ${r.authorization}`),
            ).to.deep.equal([
                "GET /items COGNITO_USER_POOLS",
                "POST /items COGNITO_USER_POOLS",
                "GET /items/{id} COGNITO_USER_POOLS",
                "PUT /items/{id} COGNITO_USER_POOLS",
                "DELETE /items/{id} COGNITO_USER_POOLS",
            ]);
        });

        it("reads the orders spoke's collection, partner route and SigV4 route over the defaults", () => {
            const api = lambdaApiOf(load("spoke-orders-dev"));
            expect(api.partners).to.deep.equal(["acme-logistics"]);
            expect(
                lambdaRoutes(api).map((r) => [
                    r.operation,
                    `${r.route.method} ${r.route.path}`,
                    r.authorization,
                    r.apiKeyRequired,
                    r.public,
                ]),
            ).to.deep.equal([
                ["list", "GET /orders", "COGNITO_USER_POOLS", true, false],
                ["create", "POST /orders", "COGNITO_USER_POOLS", false, false],
                ["get", "GET /orders/{id}", "COGNITO_USER_POOLS", false, false],
                ["update", "PUT /orders/{id}", "COGNITO_USER_POOLS", false, false],
                ["delete", "DELETE /orders/{id}", "AWS_IAM", false, false],
            ]);
        });

        it("makes app1's production API PRIVATE, with the execute-api endpoint the spoke lists", () => {
            const request = load("spoke-app1-prod");
            expect(lambdaApiOf(request).endpointType).to.equal("PRIVATE");
            expect(request.interfaceEndpoints).to.deep.equal(["execute-api"]);
        });

        it("sizes the petstore services per environment, with the remaining ecs-api defaults", () => {
            expect(ecsApiOf(load("spoke-petstore-dev"))).to.deep.equal({
                kind: "ecs-api",
                minCount: 1,
                maxCount: 2,
                rateLimitPerMinute: 1000,
                throttling: { rateLimit: 100, burstLimit: 200 },
                mfa: "OPTIONAL",
            });
            expect(ecsApiOf(load("spoke-petstore-prod"))).to.include({ minCount: 3, maxCount: 6 });
        });

        it("accepts every setting of each kind when the values are good", () => {
            const lambda = attempt(ORDERS, [
                ["api.routes.list", { authorization: "NONE", public: true, apiKeyRequired: true }],
                ["api.routes.create", { authorization: "NONE", public: true, publicWrite: true }],
                ["api.routes.get", { authorization: "CUSTOM" }],
                [
                    "api.authorizer",
                    {
                        issuer: "https://login.example.com",
                        audience: "orders-api",
                        jwksJson: '{"keys":[]}',
                        resultTtlSeconds: 0,
                    },
                ],
                ["api.rateLimitPerMinute", 10],
                ["api.throttling", { rateLimit: 50, burstLimit: 80 }],
                ["api.concurrency", { items: 5, authorizer: 2 }],
                ["api.alarms", { email: ["oncall@example.com"], p99LatencyMs: 1000 }],
                ["api.mfa", "ON"],
                ["api.advancedSecurity", true],
            ]).run();
            expect(lambdaApiOf(lambda)).to.deep.include({
                rateLimitPerMinute: 10,
                throttling: { rateLimit: 50, burstLimit: 80 },
                concurrency: { items: 5, authorizer: 2 },
                alarms: {
                    email: ["oncall@example.com"],
                    serverErrorRate: 0.05,
                    p99LatencyMs: 1000,
                    throttles: 0,
                    wafBlockedRequests: 100,
                },
                mfa: "ON",
                advancedSecurity: true,
            });
            expect(lambdaApiOf(lambda).authorizer).to.deep.equal({
                issuer: "https://login.example.com",
                audience: "orders-api",
                jwksJson: '{"keys":[]}',
                resultTtlSeconds: 0,
            });
            const ecs = attempt(PETSTORE, [
                ["api.desiredCount", 2],
                [
                    "api.https",
                    {
                        certificateArn: CERTIFICATE.replace("999999999999", "333333333333"),
                        serverName: "api.petstore.aws.example.internal",
                    },
                ],
            ]).run();
            expect(ecsApiOf(ecs)).to.deep.include({
                desiredCount: 2,
                https: {
                    certificateArn: CERTIFICATE.replace("999999999999", "333333333333"),
                    serverName: "api.petstore.aws.example.internal",
                },
            });
        });
    });

    describe("a spoke without a workload", () => {
        it("is network-only when the request names no workload, and one AZ is then enough", () => {
            const { run } = attempt(ORDERS, [
                ["workload", undefined],
                ["api", undefined],
                ["availabilityZones", 1],
            ]);
            const request = run();
            expect(request.workload).to.equal("none");
            expect(request.api).to.deep.equal({ kind: "none" });
            expect(request.availabilityZones).to.equal(1);
        });

        it("refuses an api block with workload none, and one AZ still for a shipped example", () => {
            expect(problems(ORDERS, [["workload", "none"]])).to.deep.equal([
                `${orders}:${lineOf(ORDERS, [["workload", "none"]], "api:")}: hub-network:spoke.api '{"collection":"orders","routes":{"list":{"apiKeyRequired":true},"delete":{"au...' is set but workload is none, which builds no workload to configure; expected no api block, or workload ecs-api or lambda-api`,
            ]);
            expect(problems(ORDERS, [["availabilityZones", 1]])).to.deep.equal([
                `${orders}:${lineOf(ORDERS, [], "availabilityZones:")}: hub-network:spoke.availabilityZones '1' is too few for the lambda-api workload, which runs in at least two AZs; expected at least 2`,
            ]);
        });
    });

    describe("bad values fail before any resource, naming the file, line, field, value and fix", () => {
        const cases: [string, string, Edit[], (line: (needle: string) => number) => string][] = [
            [
                "an unknown authorization mode",
                ORDERS,
                [["api.routes.list.authorization", "OPEN"]],
                (line) =>
                    `${orders}:${line("authorization: OPEN")}: hub-network:spoke.api.routes.list.authorization 'OPEN' is not an authorization mode; expected one of COGNITO_USER_POOLS, CUSTOM, AWS_IAM, NONE`,
            ],
            [
                "a route without authorization that is not marked public",
                ORDERS,
                [["api.routes.get", { authorization: "NONE" }]],
                (line) =>
                    `${orders}:${line("authorization: NONE")}: hub-network:spoke.api.routes.get.authorization 'NONE' lets anyone call GET /orders/{id}; expected public: true next to it if that is intended, or COGNITO_USER_POOLS, CUSTOM or AWS_IAM`,
            ],
            [
                "a public write route without the publicWrite flag",
                ORDERS,
                [["api.routes.create", { authorization: "NONE", public: true }]],
                (line) =>
                    `${orders}:${line("authorization: NONE")}: hub-network:spoke.api.routes.create.authorization 'NONE' lets anyone change data with POST /orders; expected publicWrite: true as well if that is intended, or COGNITO_USER_POOLS, CUSTOM or AWS_IAM`,
            ],
            [
                "a public flag on a route that has an authorization",
                ORDERS,
                [["api.routes.update", { authorization: "AWS_IAM", public: true }]],
                (line) =>
                    `${orders}:${line("public: true")}: hub-network:spoke.api.routes.update.public 'true' is set but PUT /orders/{id} uses AWS_IAM; expected no public flag, or authorization: NONE`,
            ],
            [
                "a rate limit under WAF's minimum",
                ORDERS,
                [["api.rateLimitPerMinute", 5]],
                (line) =>
                    `${orders}:${line("rateLimitPerMinute")}: hub-network:spoke.api.rateLimitPerMinute '5' is too small; expected a whole number from 10 to 2000000000 (requests per IP per minute; 10 is WAF's minimum)`,
            ],
            [
                "a PRIVATE API in a spoke without the execute-api interface endpoint",
                ORDERS,
                [["api.endpointType", "PRIVATE"]],
                (line) =>
                    `${orders}:${line("endpointType")}: hub-network:spoke.api.endpointType 'PRIVATE' needs the spoke's execute-api interface endpoint, the API's only way in; expected execute-api in interfaceEndpoints`,
            ],
            [
                "a CUSTOM route without the authorizer settings",
                ORDERS,
                [["api.routes.get", { authorization: "CUSTOM" }]],
                (line) =>
                    `${orders}:${line("api:")}: hub-network:spoke.api.authorizer is missing; expected the Lambda authorizer's issuer, audience and key source, since GET /orders/{id} uses CUSTOM`,
            ],
            [
                "an authorizer with two key sources",
                ORDERS,
                [
                    ["api.routes.get", { authorization: "CUSTOM" }],
                    [
                        "api.authorizer",
                        {
                            issuer: "https://login.example.com",
                            audience: "orders",
                            jwksJson: '{"keys":[]}',
                            jwksUrl: "https://login.example.com/jwks.json",
                        },
                    ],
                ],
                (line) =>
                    `${orders}:${line("authorizer:")}: hub-network:spoke.api.authorizer '{"issuer":"https://login.example.com","audience":"orders","jwksJson":"{\\"keys...' has 2 key sources (jwksJson, jwksUrl); expected exactly one of jwksJson, publicKey, jwksUrl`,
            ],
            [
                "an authorizer that no route uses",
                ORDERS,
                [
                    [
                        "api.authorizer",
                        { issuer: "https://login.example.com", audience: "orders", jwksJson: '{"keys":[]}' },
                    ],
                ],
                (line) =>
                    `${orders}:${line("authorizer:")}: hub-network:spoke.api.authorizer '{"issuer":"https://login.example.com","audience":"orders","jwksJson":"{\\"keys...' is set but no route uses CUSTOM; expected a route with authorization: CUSTOM, or no authorizer`,
            ],
            [
                "an issuer that is not https and a key that is not PEM",
                ORDERS,
                [
                    ["api.routes.get", { authorization: "CUSTOM" }],
                    [
                        "api.authorizer",
                        { issuer: "http://login.example.com", audience: "orders", publicKey: "nope" },
                    ],
                ],
                (line) =>
                    `${orders}:${line("issuer:")}: hub-network:spoke.api.authorizer.issuer 'http://login.example.com' is not an https URL; expected the tokens' issuer (iss), e.g. https://login.example.com\n` +
                    `${orders}:${line("publicKey:")}: hub-network:spoke.api.authorizer.publicKey 'nope' is not a PEM public key; expected -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----`,
            ],
            [
                "a partner route without partners",
                ORDERS,
                [["api.partners", undefined]],
                (line) =>
                    `${orders}:${line("api:")}: hub-network:spoke.api.partners is missing; expected at least one partner name (e.g. [acme]), since GET /orders requires an API key`,
            ],
            [
                "partners without a partner route",
                ORDERS,
                [["api.routes.list", undefined]],
                (line) =>
                    `${orders}:${line("partners:")}: hub-network:spoke.api.partners '["acme-logistics"]' names partners but no route has apiKeyRequired: true; expected a partner route, or no partners`,
            ],
            [
                "a partner listed twice",
                ORDERS,
                [["api.partners", ["acme", "acme"]]],
                (line) =>
                    // the second item of the block list under partners:
                    `${orders}:${line("partners:") + 2}: hub-network:spoke.api.partners[1] 'acme' is listed twice; expected each partner once`,
            ],
            [
                "a misspelt field",
                ORDERS,
                [["api.endpointTyp", "PRIVATE"]],
                (line) =>
                    `${orders}:${line("endpointTyp")}: hub-network:spoke.api.endpointTyp is not a known field; expected one of the fields documented for hub-network:spoke.api, or remove it`,
            ],
            [
                "an ecs-api setting on a lambda-api spoke",
                ORDERS,
                [["api.minCount", 1]],
                (line) =>
                    `${orders}:${line("minCount")}: hub-network:spoke.api.minCount is not a known field; expected one of the fields documented for hub-network:spoke.api, or remove it`,
            ],
            [
                "an api block that is not a mapping",
                ORDERS,
                [["api", "PRIVATE"]],
                (line) =>
                    `${orders}:${line("api:")}: hub-network:spoke.api 'PRIVATE' is not a mapping; expected the lambda-api settings (see docs/configuration.md)`,
            ],
            [
                "one AZ for a workload that needs two",
                ORDERS,
                [["availabilityZones", 1]],
                (line) =>
                    `${orders}:${line("availabilityZones")}: hub-network:spoke.availabilityZones '1' is too few for the lambda-api workload, which runs in at least two AZs; expected at least 2`,
            ],
            [
                "reserved concurrency of 0 and an alarm subscriber that is not an address",
                ORDERS,
                [
                    ["api.concurrency.items", 0],
                    ["api.alarms.email", ["not-an-address"]],
                ],
                (line) =>
                    `${orders}:${line("items: 0")}: hub-network:spoke.api.concurrency.items '0' is too small; expected a whole number from 1 to 1000 (reserved concurrency)\n` +
                    `${orders}:${line("not-an-address")}: hub-network:spoke.api.alarms.email[0] 'not-an-address' is not an email address; expected e.g. oncall@example.com`,
            ],
            [
                "an api problem next to a problem elsewhere in the request (both reported)",
                ORDERS,
                [
                    ["account", "12"],
                    ["api.throttling.burstLimit", 0],
                ],
                (line) =>
                    `${orders}:13: hub-network:spoke.account '12' is not an AWS account ID; expected exactly 12 digits, e.g. "111111111111"\n` +
                    `${orders}:${line("burstLimit")}: hub-network:spoke.api.throttling.burstLimit '0' is too small; expected a whole number from 1 to 5000 (requests above the rate)`,
            ],
            [
                "a lambda-api setting on an ecs-api spoke",
                PETSTORE,
                [["api.endpointType", "PRIVATE"]],
                (line) =>
                    `${petstore}:${line("endpointType")}: hub-network:spoke.api.endpointType is not a known field; expected one of the fields documented for hub-network:spoke.api, or remove it`,
            ],
            [
                "a maximum task count below the minimum",
                PETSTORE,
                [["api.minCount", 3]],
                (line) =>
                    `${petstore}:${line("maxCount")}: hub-network:spoke.api.maxCount '2' is below minCount 3; expected at least 3`,
            ],
            [
                "a desired count outside the autoscaling range",
                PETSTORE,
                [["api.desiredCount", 5]],
                (line) =>
                    `${petstore}:${line("desiredCount")}: hub-network:spoke.api.desiredCount '5' is outside minCount 1 to maxCount 2; expected a count in that range`,
            ],
            [
                "a certificate of another account",
                PETSTORE,
                [["api.https", { certificateArn: CERTIFICATE, serverName: "api.petstore.example" }]],
                (line) =>
                    `${petstore}:${line("certificateArn")}: hub-network:spoke.api.https.certificateArn 'arn:aws:acm:eu-west-1:999999999999:certificate/12345678-1234-1234-1234-123456...' is in account 999999999999; expected a certificate of the spoke's account 333333333333`,
            ],
            [
                "a certificate that is not an ACM ARN, without its server name",
                PETSTORE,
                [["api.https", { certificateArn: "nope" }]],
                (line) =>
                    `${petstore}:${line("certificateArn")}: hub-network:spoke.api.https.certificateArn 'nope' is not an ACM certificate ARN; expected arn:aws:acm:<region>:<account>:certificate/<id>\n` +
                    `${petstore}:${line("https:")}: hub-network:spoke.api.https.serverName is missing; expected the name on the certificate`,
            ],
            [
                "an unknown MFA mode",
                PETSTORE,
                [["api.mfa", "SMS"]],
                (line) =>
                    `${petstore}:${line("mfa")}: hub-network:spoke.api.mfa 'SMS' is not an MFA mode; expected OPTIONAL or ON`,
            ],
        ];
        for (const [title, stack, edits, expected] of cases) {
            it(`reports ${title}`, () => {
                const line = (needle: string) => lineOf(stack, edits, needle);
                expect(problems(stack, edits).join("\n")).to.equal(expected(line));
            });
        }
    });
});
