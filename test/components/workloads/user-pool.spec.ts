import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { UserPool, type UserPoolArgs } from "../../../components/workloads/user-pool";
import { isUnknown, runProgram, type Recorded } from "../../harness";
import { analyzeRun } from "../../policy-pack/recorded";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const REGION = "eu-central-1";
const ACCOUNT = "222233334444";

function runPool(overrides: Partial<UserPoolArgs> = {}, preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            const provider = new aws.Provider("spoke", { region: REGION });
            const pool = new UserPool("orders-users", { region: REGION, ...overrides }, { provider });
            return {
                userPoolId: pool.userPoolId,
                userPoolArn: pool.userPoolArn,
                clientId: pool.clientId,
                issuerUrl: pool.issuerUrl,
                jwksUrl: pool.jwksUrl,
            };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

async function errorOf(overrides: Partial<UserPoolArgs>): Promise<string> {
    try {
        await runPool(overrides);
    } catch (e) {
        return String(e);
    }
    return "no error";
}

describe("UserPool", () => {
    let dev: Recorded;
    let prod: Recorded;
    let preview: Recorded;

    before(async () => {
        dev = await runPool();
        prod = await runPool({ mfa: "ON", advancedSecurity: true, passwordMinimumLength: 16 });
        preview = await runPool({}, true);
    });

    describe("pool", () => {
        it("signs users in by email, case-insensitively, with email verification and recovery", () => {
            const pool = dev.find(POOL, "orders-users-pool").inputs;
            expect(pool.usernameAttributes).to.deep.equal(["email"]);
            expect(pool.usernameConfiguration).to.deep.equal({ caseSensitive: false });
            expect(pool.autoVerifiedAttributes).to.deep.equal(["email"]);
            expect(pool.accountRecoverySetting).to.deep.equal({
                recoveryMechanisms: [{ name: "verified_email", priority: 1 }],
            });
            expect(pool.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: true });
        });

        it("requires passwords of 14 characters with every character class by default", () => {
            expect(dev.find(POOL, "orders-users-pool").inputs.passwordPolicy).to.deep.equal({
                minimumLength: 14,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: 3,
            });
            expect(prod.find(POOL, "orders-users-pool").inputs.passwordPolicy).to.deep.include({
                minimumLength: 16,
            });
        });

        it("offers optional TOTP MFA by default and requires it when mfa is ON", () => {
            const devPool = dev.find(POOL, "orders-users-pool").inputs;
            expect(devPool.mfaConfiguration).to.equal("OPTIONAL");
            expect(devPool.softwareTokenMfaConfiguration).to.deep.equal({ enabled: true });
            expect(prod.find(POOL, "orders-users-pool").inputs.mfaConfiguration).to.equal("ON");
        });

        it("enforces advanced security on the PLUS plan only when asked", () => {
            const devPool = dev.find(POOL, "orders-users-pool").inputs;
            expect(devPool.userPoolAddOns).to.deep.equal({ advancedSecurityMode: "OFF" });
            expect(devPool.userPoolTier).to.equal("ESSENTIALS");
            const prodPool = prod.find(POOL, "orders-users-pool").inputs;
            expect(prodPool.userPoolAddOns).to.deep.equal({ advancedSecurityMode: "ENFORCED" });
            expect(prodPool.userPoolTier).to.equal("PLUS");
        });

        it("turns deletion protection on and protects the pool in Pulumi", () => {
            const pool = dev.find(POOL, "orders-users-pool");
            expect(pool.inputs.deletionProtection).to.equal("ACTIVE");
            expect(pool.protect).to.equal(true);
            expect(pool.provider).to.match(/::spoke::/);
        });

        it("lets users sign themselves up only with selfSignUp", async () => {
            const open = await runPool({ selfSignUp: true });
            expect(open.find(POOL, "orders-users-pool").inputs.adminCreateUserConfig).to.deep.equal({
                allowAdminCreateUserOnly: false,
            });
        });
    });

    describe("API client", () => {
        it("is a public client: no secret, SRP and refresh only, existence errors hidden, revocable", () => {
            const client = dev.find(CLIENT, "orders-users-api-client");
            expect(client.inputs).to.deep.include({
                name: "orders-users-api",
                userPoolId: dev.find(POOL, "orders-users-pool").id,
                generateSecret: false,
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
            });
            expect(client.inputs.explicitAuthFlows).to.deep.equal([
                "ALLOW_USER_SRP_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH",
            ]);
            expect(client.inputs.supportedIdentityProviders).to.deep.equal(["COGNITO"]);
            expect(client.inputs.allowedOauthFlows).to.equal(undefined);
        });

        it("issues 60-minute access and ID tokens and 30-day refresh tokens unless told otherwise", async () => {
            expect(dev.find(CLIENT, "orders-users-api-client").inputs).to.deep.include({
                accessTokenValidity: 60,
                idTokenValidity: 60,
                refreshTokenValidity: 30,
                tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            });
            const short = await runPool({ tokenValidity: { accessTokenMinutes: 15, refreshTokenDays: 1 } });
            expect(short.find(CLIENT, "orders-users-api-client").inputs).to.deep.include({
                accessTokenValidity: 15,
                idTokenValidity: 60,
                refreshTokenValidity: 1,
            });
        });
    });

    describe("outputs", () => {
        it("gives the pool ID, ARN, client ID and the issuer URL of the pool's region after an update", () => {
            const poolId = String(dev.outputs.userPoolId);
            expect(poolId).to.match(new RegExp(`^${REGION}_[A-Za-z0-9]{9}$`));
            expect(dev.outputs.userPoolArn).to.equal(
                `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${poolId}`,
            );
            expect(dev.outputs.clientId).to.match(/^[a-z0-9]{26}$/);
            expect(dev.outputs.issuerUrl).to.equal(`https://cognito-idp.${REGION}.amazonaws.com/${poolId}`);
            expect(dev.outputs.jwksUrl).to.equal(
                `https://cognito-idp.${REGION}.amazonaws.com/${poolId}/.well-known/jwks.json`,
            );
        });

        it("leaves the IDs and the issuer unknown in a preview", () => {
            for (const key of ["userPoolId", "userPoolArn", "clientId", "issuerUrl"]) {
                expect(isUnknown(preview.outputs[key]), key).to.equal(true);
            }
        });
    });

    describe("policy pack", () => {
        it("meets every policy with prod settings, and only misses threat protection with dev defaults", async () => {
            expect(await analyzeRun(prod)).to.deep.equal([]);
            expect((await analyzeRun(dev)).map((f) => `${f.level} ${f.policy}`)).to.deep.equal([
                "advisory cognito-user-pool-advanced-security",
            ]);
        });
    });

    describe("bad input", () => {
        it("rejects a minimum password length under 12", async () => {
            expect(await errorOf({ passwordMinimumLength: 8 })).to.include(
                "UserPool orders-users: passwordMinimumLength 8 is too weak or invalid; expected a whole number from 12 to 99",
            );
        });

        it("rejects a minimum password length over Cognito's 99", async () => {
            expect(await errorOf({ passwordMinimumLength: 100 })).to.include("passwordMinimumLength 100");
        });

        it("rejects an MFA mode other than OPTIONAL or ON", async () => {
            expect(await errorOf({ mfa: "OFF" as "ON" })).to.include(
                "UserPool orders-users: mfa 'OFF' is not supported; expected OPTIONAL or ON",
            );
        });

        it("rejects token lifetimes Cognito does not accept", async () => {
            expect(await errorOf({ tokenValidity: { idTokenMinutes: 2 } })).to.include(
                "UserPool orders-users: tokenValidity.idTokenMinutes 2 is out of range; expected 5 to 1440",
            );
        });
    });
});
