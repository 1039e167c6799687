import Module from "node:module";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { lambdaArchive } from "../../../services/bundle";
import { AUTHORIZER_HANDLER, ITEMS_HANDLER, lambdaItemRoutes } from "../../../services/contract";
import type { ApiRoute } from "../../../components/workloads/api-routes";
import { LambdaApi } from "../../../components/workloads/lambda-api";
import { UserPool } from "../../../components/workloads/user-pool";
import { runProgram, type Recorded } from "../../harness";

const REGION = "eu-west-1";
const ACCOUNT = "333344445555";
const REPOSITORY_ROOT = path.resolve(__dirname, "../../..");

/** Node's module loader, to load a bundle from its text as Lambda would load `index.js`. */
interface LoadableModule {
    exports: Record<string, unknown>;
    paths: string[];
    filename: string;
    _compile(code: string, filename: string): void;
}
const NodeModule = Module as unknown as {
    new (id: string): LoadableModule;
    _nodeModulePaths(dir: string): string[];
};

/** The exports of `text` loaded as a CommonJS module (its externals resolved from the repository). */
function load(text: string, name: string): Record<string, unknown> {
    const filename = path.join(REPOSITORY_ROOT, `${name}.bundle.js`);
    const loaded = new NodeModule(filename);
    loaded.filename = filename;
    loaded.paths = NodeModule._nodeModulePaths(REPOSITORY_ROOT);
    loaded._compile(text, filename);
    return loaded.exports;
}

/** The items routes the handler serves, public reads and user-pool writes, one read behind the authorizer. */
const ROUTES: ApiRoute[] = lambdaItemRoutes("items").map((route): ApiRoute => {
    if (route.method === "GET" && route.path === "/items") {
        return { ...route, authorization: "NONE", public: true };
    }
    if (route.method === "GET") return { ...route, authorization: "CUSTOM" };
    return { ...route, authorization: "COGNITO_USER_POOLS" };
});

describe("LambdaApi with the services' packages", () => {
    let run: Recorded;

    before(async () => {
        run = await runProgram(
            () => {
                const provider = new aws.Provider("spoke", { region: REGION });
                const pool = new UserPool("orders-users", { region: REGION }, { provider });
                new LambdaApi(
                    "orders",
                    {
                        accountId: ACCOUNT,
                        region: REGION,
                        network: {
                            vpcId: "vpc-0123456789abcdef0",
                            vpcCidr: "10.70.0.0/20",
                            subnets: [
                                { subnetId: "subnet-0aaaaaaaaaaaaaaaa", availabilityZone: `${REGION}a` },
                                { subnetId: "subnet-0bbbbbbbbbbbbbbbb", availabilityZone: `${REGION}b` },
                            ],
                        },
                        dynamoDbPrefixListId: "pl-6da54004",
                        routes: ROUTES,
                        itemsCode: lambdaArchive("items"),
                        authorizer: {
                            code: lambdaArchive("authorizer"),
                            environment: {
                                JWT_ISSUER: pool.issuerUrl,
                                JWT_AUDIENCE: pool.clientId,
                                JWT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----",
                            },
                        },
                        userPool: pool,
                        logs: { kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/abc`, retentionDays: 30 },
                    },
                    { provider },
                );
            },
            { accountId: ACCOUNT, region: REGION },
        );
    });

    /** The single `index.js` of a function's deployment package. */
    async function packageOf(functionName: string): Promise<string> {
        const code = run.find("aws:lambda/function:Function", functionName).inputs.code as {
            assets: Promise<Record<string, { text: Promise<string> | string }>>;
        };
        const assets = await code.assets;
        expect(Object.keys(assets)).to.deep.equal(["index.js"]);
        return String(await assets["index.js"].text);
    }

    it("declares every route the items handler serves", () => {
        const methods = run.all("aws:apigateway/method:Method").map((m) => m.inputs.httpMethod);
        expect(methods.sort()).to.deep.equal(["DELETE", "GET", "GET", "POST", "PUT"]);
    });

    it("deploys packages whose index.js exports the handlers the functions name", async () => {
        for (const [functionName, handler] of [
            ["orders-items", ITEMS_HANDLER],
            ["orders-authorizer", AUTHORIZER_HANDLER],
        ] as const) {
            const fn = run.find("aws:lambda/function:Function", functionName);
            expect(fn.inputs.handler).to.equal(handler);
            const [file, exported] = handler.split(".");
            expect(file).to.equal("index");
            const module = load(await packageOf(functionName), functionName);
            expect(typeof module[exported], `${functionName} ${handler}`).to.equal("function");
        }
    });

    it("points the authorizer at the user pool's issuer and API client", () => {
        const pool = run.find("aws:cognito/userPool:UserPool", "orders-users-pool");
        const client = run.find("aws:cognito/userPoolClient:UserPoolClient", "orders-users-api-client");
        const env = (
            run.find("aws:lambda/function:Function", "orders-authorizer").inputs.environment as {
                variables: Record<string, string>;
            }
        ).variables;
        expect(env.JWT_ISSUER).to.equal(`https://cognito-idp.${REGION}.amazonaws.com/${String(pool.id)}`);
        expect(env.JWT_AUDIENCE).to.equal(client.id);
    });
});
