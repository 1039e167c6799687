import { expect } from "chai";
import Module from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import type { APIGatewayAuthorizerResult } from "aws-lambda";
import { bundleLambda, lambdaArchive, type LambdaEntry } from "../../services/bundle";
import { AUTHORIZER_HANDLER, ITEMS_HANDLER, LAMBDA_RUNTIME } from "../../services/contract";
import type { ProxyHandler } from "../../services/items-lambda/items";
import { LOCAL_REGION, startLocalDynamo, type LocalDynamo } from "./support/dynamo";
import { proxyEvent } from "./items-lambda/events";

const ROOT = path.resolve(__dirname, "../..");

interface CompilableModule {
    filename: string;
    paths: string[];
    exports: Record<string, unknown>;
    _compile(code: string, filename: string): void;
}

/**
 * Loads a bundle as the Lambda runtime loads `index.js`: one CommonJS file whose only outside requires
 * are Node built-ins and the AWS SDK (resolved here from the repository's node_modules, as the runtime
 * resolves them from its own).
 */
function loadBundle(entry: LambdaEntry): Record<string, unknown> {
    const filename = path.join(ROOT, ".lambda", entry, "index.js");
    const mod = new Module(filename) as unknown as CompilableModule;
    mod.filename = filename;
    mod.paths = [path.join(ROOT, "node_modules")];
    mod._compile(bundleLambda(entry), filename);
    return mod.exports;
}

/**
 * Runs `fn` with environment variables set (or removed, for `undefined`) and stdout captured, then
 * restores both; returns the result and the JSON lines written.
 */
async function withEnv<T>(
    vars: Record<string, string | undefined>,
    fn: () => Promise<T>,
): Promise<{ result?: T; error?: Error; lines: Array<Record<string, unknown>> }> {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    const setAll = (values: Record<string, string | undefined>): void => {
        for (const [k, v] of Object.entries(values)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    };
    const written: string[] = [];
    const write = process.stdout.write;
    setAll(vars);
    process.stdout.write = ((chunk: string | Uint8Array): boolean => {
        written.push(chunk.toString());
        return true;
    }) as typeof process.stdout.write;
    try {
        return { result: await fn(), lines: parseLines(written) };
    } catch (err) {
        return { error: err as Error, lines: parseLines(written) };
    } finally {
        process.stdout.write = write;
        setAll(saved);
    }
}

function parseLines(chunks: string[]): Array<Record<string, unknown>> {
    return chunks
        .join("")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function requiresOf(code: string): string[] {
    return [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();
}

describe("Lambda bundles", function () {
    this.timeout(30_000);
    let dynamo: LocalDynamo;

    before(async () => {
        dynamo = await startLocalDynamo();
        await dynamo.createTable("bundle-items");
    });

    after(async () => {
        await dynamo?.stop();
    });

    it("packs each handler as index.js in an in-memory asset archive", async () => {
        for (const entry of ["items", "authorizer"] as const) {
            const archive = lambdaArchive(entry);
            expect(archive).to.be.instanceOf(pulumi.asset.AssetArchive);
            const assets = await archive.assets;
            expect(Object.keys(assets)).to.deep.equal(["index.js"]);
            const asset = assets["index.js"];
            expect(asset).to.be.instanceOf(pulumi.asset.StringAsset);
            expect(await (asset as pulumi.asset.StringAsset).text).to.equal(bundleLambda(entry));
        }
        expect([ITEMS_HANDLER, AUTHORIZER_HANDLER, LAMBDA_RUNTIME]).to.deep.equal([
            "index.handler",
            "index.handler",
            "nodejs22.x",
        ]);
    });

    it("bundles zod, jose and the shared library, leaving only the AWS SDK and Node built-ins outside", () => {
        expect(requiresOf(bundleLambda("items"))).to.deep.equal([
            "@aws-sdk/client-dynamodb",
            "@aws-sdk/lib-dynamodb",
            "node:crypto",
        ]);
        for (const entry of ["items", "authorizer"] as const) {
            for (const dep of requiresOf(bundleLambda(entry))) {
                expect(
                    dep.startsWith("@aws-sdk/") || dep.startsWith("node:"),
                    `${entry} requires ${dep}`,
                ).to.equal(true);
            }
        }
        expect(bundleLambda("authorizer")).to.include("jwtVerify");
    });

    it("names sources relative to the repository root, with no absolute paths", () => {
        const code = bundleLambda("items");
        expect(code).to.not.include(ROOT);
        expect(code).to.include("// services/items-lambda/items.ts");
    });

    it("runs the items handler from the bundle with its table from TABLE_NAME", async () => {
        const exports = loadBundle("items");
        const handler = exports[ITEMS_HANDLER.split(".")[1]!] as ProxyHandler;
        expect(handler).to.be.a("function");

        const misconfigured = await withEnv({ TABLE_NAME: undefined }, () => handler(proxyEvent("GET")));
        expect(misconfigured.error?.message).to.equal("items function misconfigured");
        expect(misconfigured.lines).to.have.length(1);
        expect(misconfigured.lines[0]).to.include({
            level: "error",
            msg: "invalid configuration",
            service: "items",
            problem: "env.TABLE_NAME: must be a DynamoDB table name",
        });

        const env = {
            TABLE_NAME: "bundle-items",
            AWS_REGION: LOCAL_REGION,
            AWS_ACCESS_KEY_ID: "local",
            AWS_SECRET_ACCESS_KEY: "local",
            AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        };
        const run = await withEnv(env, async () => {
            const created = await handler(proxyEvent("POST", { body: { name: "Bundled" } }));
            expect(created.statusCode).to.equal(201);
            const id = (JSON.parse(created.body) as { id: string }).id;
            const read = await handler(proxyEvent("GET", { id }));
            expect(read.statusCode).to.equal(200);
            expect(JSON.parse(read.body)).to.include({ id, name: "Bundled" });
            const bad = await handler(proxyEvent("POST", { body: { name: 1 } }));
            expect(bad.statusCode).to.equal(400);
        });
        expect(run.error).to.equal(undefined);
        expect(run.lines.map((l) => [l.msg, l.method, l.resource, l.status])).to.deep.equal([
            ["request", "POST", "/items", 201],
            ["request", "GET", "/items/{id}", 200],
            ["request", "POST", "/items", 400],
        ]);
        for (const line of run.lines)
            expect(line).to.include.keys("time", "level", "requestId", "latencyMs", "service");
    });

    it("runs the authorizer from the bundle with its key from the environment", async () => {
        const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
        const exports = loadBundle("authorizer");
        const handler = exports[AUTHORIZER_HANDLER.split(".")[1]!] as (
            event: unknown,
        ) => Promise<APIGatewayAuthorizerResult>;
        const token = await new SignJWT({ sub: "bundle-user" })
            .setProtectedHeader({ alg: "RS256" })
            .setIssuer("https://issuer.example.com")
            .setAudience("bundle-api")
            .setExpirationTime("5m")
            .sign(privateKey);
        const methodArn = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/items";
        const env = {
            JWT_AUDIENCE: "bundle-api",
            JWT_ISSUER: "https://issuer.example.com",
            JWT_PUBLIC_KEY: await exportSPKI(publicKey),
        };
        const { result, lines } = await withEnv(env, () =>
            handler({ type: "TOKEN", methodArn, authorizationToken: `Bearer ${token}` }),
        );
        expect(lines).to.have.length(1);
        expect(lines[0]).to.include({
            msg: "authorization",
            outcome: "allow",
            sub: "bundle-user",
            resource: methodArn,
        });
        expect(JSON.stringify(lines)).to.not.include(token);
        expect(result?.principalId).to.equal("bundle-user");
        expect(result?.policyDocument.Statement).to.deep.equal([
            { Action: "execute-api:Invoke", Effect: "Allow", Resource: methodArn },
        ]);
    });
});
