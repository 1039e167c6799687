import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type {
    APIGatewayAuthorizerResult,
    APIGatewayRequestAuthorizerEvent,
    APIGatewayTokenAuthorizerEvent,
} from "aws-lambda";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import {
    authorizerConfigFromEnv,
    createAuthorizer,
    type AuthorizerHandler,
} from "../../../services/items-lambda/authorizer";
import { closedPort } from "../support/dynamo";
import { memoryLogger } from "../support/http";

const AUDIENCE = "items-api";
const ISSUER = "https://issuer.example.com";
const API = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5";

function tokenEvent(
    token: string | undefined,
    methodArn = `${API}/prod/GET/items`,
): APIGatewayTokenAuthorizerEvent {
    return { type: "TOKEN", methodArn, authorizationToken: token === undefined ? "" : `Bearer ${token}` };
}

function requestEvent(
    token: string | undefined,
    method: string,
    resource: string,
    path: string,
    methodArn = `${API}/prod/${method}${path}`,
): APIGatewayRequestAuthorizerEvent {
    return {
        type: "REQUEST",
        methodArn,
        resource,
        path,
        httpMethod: method,
        headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
        multiValueHeaders: {},
        pathParameters: {},
        queryStringParameters: {},
        multiValueQueryStringParameters: {},
        stageVariables: {},
        requestContext: {} as APIGatewayRequestAuthorizerEvent["requestContext"],
    };
}

function statementOf(result: APIGatewayAuthorizerResult): {
    Effect: string;
    Action: string;
    Resource: string;
} {
    expect(result.policyDocument.Version).to.equal("2012-10-17");
    expect(result.policyDocument.Statement).to.have.length(1);
    return result.policyDocument.Statement[0] as unknown as {
        Effect: string;
        Action: string;
        Resource: string;
    };
}

describe("Lambda authorizer", function () {
    let signingKey: CryptoKey;
    let otherKey: CryptoKey;
    let publicPem: string;
    let jwks: { keys: Array<Record<string, unknown>> };
    let jwksServer: http.Server;
    let jwksUrl: string;

    async function sign(
        claims: JWTPayload = {},
        options: { key?: CryptoKey; kid?: string; exp?: string | number } = {},
    ): Promise<string> {
        const jwt = new SignJWT({ sub: "user-1", ...claims })
            .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "key-1" })
            .setIssuedAt()
            .setIssuer((claims.iss as string | undefined) ?? ISSUER)
            .setAudience((claims.aud as string | undefined) ?? AUDIENCE);
        if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
        else if (!("exp" in claims)) jwt.setExpirationTime("10m");
        return jwt.sign(options.key ?? signingKey);
    }

    before(async () => {
        const pair = await generateKeyPair("RS256", { extractable: true });
        signingKey = pair.privateKey;
        publicPem = await exportSPKI(pair.publicKey);
        otherKey = (await generateKeyPair("RS256")).privateKey;
        jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "RS256", use: "sig" }] };
        jwksServer = http.createServer((_req, res) => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify(jwks));
        });
        await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", () => resolve()));
        jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    });

    after(async () => {
        jwksServer?.closeAllConnections();
        await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
    });

    for (const source of ["JWT_PUBLIC_KEY", "JWKS_JSON", "JWKS_URL"] as const) {
        describe(`with keys from ${source}`, () => {
            let authorize: AuthorizerHandler;
            let logger: ReturnType<typeof memoryLogger>;

            before(() => {
                const keyEnv = {
                    JWT_PUBLIC_KEY: publicPem,
                    JWKS_JSON: JSON.stringify(jwks),
                    JWKS_URL: jwksUrl,
                }[source];
                logger = memoryLogger();
                authorize = createAuthorizer(
                    authorizerConfigFromEnv({ JWT_AUDIENCE: AUDIENCE, JWT_ISSUER: ISSUER, [source]: keyEnv }),
                    logger,
                );
            });

            const lastReason = (): unknown => logger.lines.at(-1)?.reason;

            it("allows a valid token on exactly the method ARN asked (TOKEN event)", async () => {
                const methodArn = `${API}/prod/DELETE/items/abc`;
                const result = await authorize(tokenEvent(await sign(), methodArn));
                expect(result.principalId).to.equal("user-1");
                expect(statementOf(result)).to.deep.equal({
                    Action: "execute-api:Invoke",
                    Effect: "Allow",
                    Resource: methodArn,
                });
                expect(result.context).to.deep.equal({ sub: "user-1" });
            });

            it("denies an expired token", async () => {
                const token = await sign({}, { exp: Math.floor(Date.now() / 1000) - 60 });
                const methodArn = `${API}/prod/GET/items`;
                const result = await authorize(tokenEvent(token, methodArn));
                expect(statementOf(result)).to.deep.equal({
                    Action: "execute-api:Invoke",
                    Effect: "Deny",
                    Resource: methodArn,
                });
                expect(lastReason()).to.equal("expired");
            });

            it("denies a token for another audience", async () => {
                const result = await authorize(tokenEvent(await sign({ aud: "another-api" })));
                expect(statementOf(result).Effect).to.equal("Deny");
                expect(lastReason()).to.equal("claim aud");
            });

            it("denies a token from another issuer", async () => {
                const result = await authorize(tokenEvent(await sign({ iss: "https://evil.example.com" })));
                expect(statementOf(result).Effect).to.equal("Deny");
                expect(lastReason()).to.equal("claim iss");
            });

            it("denies a token signed with another key", async () => {
                const result = await authorize(tokenEvent(await sign({}, { key: otherKey })));
                expect(statementOf(result).Effect).to.equal("Deny");
                expect(lastReason()).to.equal("signature");
            });

            it("denies a token whose payload was altered after signing", async () => {
                const [header, , signature] = (await sign()).split(".");
                const forged = Buffer.from(
                    JSON.stringify({ sub: "admin", aud: AUDIENCE, iss: ISSUER, exp: 9999999999 }),
                ).toString("base64url");
                const result = await authorize(tokenEvent(`${header}.${forged}.${signature}`));
                expect(statementOf(result).Effect).to.equal("Deny");
                expect(lastReason()).to.equal("signature");
            });

            it("denies a token without exp", async () => {
                const token = await new SignJWT({ sub: "user-1" })
                    .setProtectedHeader({ alg: "RS256", kid: "key-1" })
                    .setIssuer(ISSUER)
                    .setAudience(AUDIENCE)
                    .sign(signingKey);
                expect(statementOf(await authorize(tokenEvent(token))).Effect).to.equal("Deny");
                expect(lastReason()).to.equal("claim exp");
            });

            it("denies a token signed with a shared secret (HS256)", async () => {
                const token = await new SignJWT({ sub: "user-1" })
                    .setProtectedHeader({ alg: "HS256", kid: "key-1" })
                    .setIssuer(ISSUER)
                    .setAudience(AUDIENCE)
                    .setExpirationTime("10m")
                    .sign(new TextEncoder().encode("a-shared-secret-of-at-least-32-bytes!"));
                expect(statementOf(await authorize(tokenEvent(token))).Effect).to.equal("Deny");
                expect(lastReason()).to.equal("algorithm");
            });
        });
    }

    describe("requests without a bearer token", () => {
        const authorize = createAuthorizer(
            authorizerConfigFromEnv({ JWT_AUDIENCE: AUDIENCE, JWT_ISSUER: ISSUER, JWKS_JSON: '{"keys":[]}' }),
            memoryLogger(),
        );

        it("fail with Unauthorized (401), for a missing header, another scheme or an unsigned token", async () => {
            const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x"}').toString("base64url")}.`;
            for (const event of [
                tokenEvent(undefined),
                { ...tokenEvent(undefined), authorizationToken: "Basic dXNlcjpwYXNz" },
                { ...tokenEvent(undefined), authorizationToken: "Bearer" },
                tokenEvent(unsigned),
                requestEvent(undefined, "GET", "/items", "/items"),
            ]) {
                let failure: unknown;
                await authorize(event).catch((err: unknown) => (failure = err));
                expect(failure).to.be.instanceOf(Error);
                expect((failure as Error).message).to.equal("Unauthorized");
            }
        });
    });

    describe("method ARN scoping", () => {
        let authorize: AuthorizerHandler;
        before(() => {
            authorize = createAuthorizer(
                authorizerConfigFromEnv({
                    JWT_AUDIENCE: AUDIENCE,
                    JWT_ISSUER: ISSUER,
                    JWT_PUBLIC_KEY: publicPem,
                }),
                memoryLogger(),
            );
        });

        it("allows a REQUEST for a collection route on exactly its method ARN", async () => {
            const result = await authorize(requestEvent(await sign(), "POST", "/items", "/items"));
            expect(statementOf(result)).to.deep.equal({
                Action: "execute-api:Invoke",
                Effect: "Allow",
                Resource: `${API}/prod/POST/items`,
            });
        });

        it("allows a REQUEST for an item route on that method and resource only, the path parameter as *", async () => {
            const result = await authorize(requestEvent(await sign(), "PUT", "/items/{id}", "/items/abc-1"));
            expect(statementOf(result).Resource).to.equal(`${API}/prod/PUT/items/*`);
        });

        it("never allows another stage, another method or the whole API", async () => {
            for (const [method, resource, path, allowed] of [
                ["GET", "/items", "/items", `${API}/prod/GET/items`],
                ["DELETE", "/items/{id}", "/items/x", `${API}/prod/DELETE/items/*`],
                [
                    "GET",
                    "/orders/{id}/lines/{line}",
                    "/orders/o1/lines/7",
                    `${API}/prod/GET/orders/*/lines/*`,
                ],
            ] as const) {
                const { Resource } = statementOf(
                    await authorize(requestEvent(await sign(), method, resource, path)),
                );
                expect(Resource).to.equal(allowed);
            }
        });

        it("denies a REQUEST whose method ARN does not match its method or resource", async () => {
            const token = await sign();
            const wrongMethod = requestEvent(
                token,
                "GET",
                "/items/{id}",
                "/items/a",
                `${API}/prod/DELETE/items/a`,
            );
            expect(statementOf(await authorize(wrongMethod))).to.deep.equal({
                Action: "execute-api:Invoke",
                Effect: "Deny",
                Resource: `${API}/prod/DELETE/items/a`,
            });
            const wrongPath = requestEvent(
                token,
                "GET",
                "/items/{id}",
                "/items/a",
                `${API}/prod/GET/orders/a`,
            );
            expect(statementOf(await authorize(wrongPath)).Effect).to.equal("Deny");
        });

        it("refuses a method ARN that is not an execute-api method ARN, or asks for a wildcard", async () => {
            for (const methodArn of [
                "arn:aws:s3:::bucket/key",
                `${API}/*/GET/items`,
                `${API}/prod/GET/*`,
                "not-an-arn",
            ]) {
                let failure: unknown;
                await authorize(tokenEvent(await sign(), methodArn)).catch((err: unknown) => (failure = err));
                expect((failure as Error | undefined)?.message, methodArn).to.equal("Unauthorized");
            }
        });
    });

    describe("key set outages", () => {
        it("fail the request instead of caching a Deny when the JWKS URL is unreachable", async () => {
            const logger = memoryLogger();
            const authorize = createAuthorizer(
                authorizerConfigFromEnv({
                    JWT_AUDIENCE: AUDIENCE,
                    JWT_ISSUER: ISSUER,
                    JWKS_URL: `http://127.0.0.1:${await closedPort()}/jwks.json`,
                }),
                logger,
            );
            let failure: unknown;
            await authorize(tokenEvent(await sign())).catch((err: unknown) => (failure = err));
            expect((failure as Error).message).to.equal("authorizer unavailable");
            expect(logger.lines.at(-1)).to.include({ level: "error", msg: "authorization failed" });
        });
    });

    describe("configuration", () => {
        const base = { JWT_AUDIENCE: AUDIENCE, JWT_ISSUER: ISSUER };
        const cases: Array<[string, NodeJS.ProcessEnv, string]> = [
            [
                "no audience",
                { JWT_ISSUER: ISSUER, JWKS_JSON: '{"keys":[]}' },
                "env.JWT_AUDIENCE: is required",
            ],
            [
                "no issuer",
                { JWT_AUDIENCE: AUDIENCE, JWKS_JSON: '{"keys":[]}' },
                "env.JWT_ISSUER: is required",
            ],
            [
                "no key source",
                base,
                "env: set exactly one of JWKS_URL, JWKS_JSON or JWT_PUBLIC_KEY (found 0)",
            ],
            [
                "two key sources",
                { ...base, JWKS_JSON: '{"keys":[]}', JWKS_URL: "https://x.example.com/jwks" },
                "env: set exactly one of JWKS_URL, JWKS_JSON or JWT_PUBLIC_KEY (found 2)",
            ],
            [
                "a plain-HTTP JWKS URL",
                { ...base, JWKS_URL: "http://issuer.example.com/jwks" },
                "env.JWKS_URL: must use https",
            ],
            ["a JWKS that is not JSON", { ...base, JWKS_JSON: "{keys" }, "env.JWKS_JSON: is not valid JSON"],
            [
                "a JWKS without keys",
                { ...base, JWKS_JSON: "{}" },
                "env.JWKS_JSON: must be a JWKS ({ keys: [...] })",
            ],
            [
                "a public key that is not PEM",
                { ...base, JWT_PUBLIC_KEY: "ssh-rsa AAAA" },
                "env.JWT_PUBLIC_KEY: must be an RSA public key in PEM (SPKI)",
            ],
        ];
        for (const [what, env, message] of cases) {
            it(`rejects ${what}`, async () => {
                let failure: unknown;
                await authorizerConfigFromEnv(env).catch((err: unknown) => (failure = err));
                expect((failure as Error | undefined)?.message).to.equal(message);
            });
        }
    });
});
