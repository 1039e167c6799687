import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";

/** Cognito's bounds on password length. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 99;

/** The only sign-in flows the API client allows: SRP (no password on the wire) and refresh. */
export const CLIENT_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;

/** Lifetimes of the tokens the API client issues. */
export interface TokenValidity {
    /** Access token lifetime in minutes (5-1440). @default 60 */
    readonly accessTokenMinutes?: number;
    /** ID token lifetime in minutes (5-1440). @default 60 */
    readonly idTokenMinutes?: number;
    /** Refresh token lifetime in days (1-3650). @default 30 */
    readonly refreshTokenDays?: number;
}

/** Arguments of {@link UserPool}. */
export interface UserPoolArgs {
    /** Region of the pool (the provider's region): part of the token issuer URL. */
    readonly region: string;
    /**
     * Multi-factor authentication with a software token (TOTP): `OPTIONAL` lets each user turn it on,
     * `ON` requires it of every user at sign-in.
     * @default "OPTIONAL"
     */
    readonly mfa?: "OPTIONAL" | "ON";
    /**
     * Threat protection (advanced security) in `ENFORCED` mode: blocks sign-ins with compromised
     * credentials and risky sign-ins. Needs the `PLUS` feature plan, which this turns on. Set in prod.
     * @default false - `ESSENTIALS` plan, advanced security off
     */
    readonly advancedSecurity?: boolean;
    /**
     * Minimum password length; passwords also need a lowercase and an uppercase letter, a number and
     * a symbol. From 12 to 99.
     * @default 14
     */
    readonly passwordMinimumLength?: number;
    /**
     * Whether users may sign themselves up. When false, only administrators create users.
     * @default false
     */
    readonly selfSignUp?: boolean;
    /** Lifetimes of the API client's tokens. @default 60 minutes (access, ID), 30 days (refresh) */
    readonly tokenValidity?: TokenValidity;
    /** Tags for the pool, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What other components need of a user pool: the authorizers' provider ARN, issuer and audience. */
export interface UserPoolRef {
    /** The pool ID, `<region>_<id>`. */
    readonly userPoolId: pulumi.Output<string>;
    /** The pool's ARN: the Cognito authorizer's provider. */
    readonly userPoolArn: pulumi.Output<string>;
    /** The API client's ID: the `aud` (ID token) / `client_id` (access token) of its tokens. */
    readonly clientId: pulumi.Output<string>;
    /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` of its tokens. */
    readonly issuerUrl: pulumi.Output<string>;
}

const between = (value: number, min: number, max: number) =>
    Number.isInteger(value) && value >= min && value <= max;

/**
 * A Cognito user pool for API callers: email as the username (case-insensitive, auto-verified), a
 * strong password policy, TOTP MFA (optional or required), optional threat protection, deletion
 * protection on and `protect`ed; and a public API client (no secret) limited to SRP and refresh
 * sign-in, with token revocation and without revealing whether a user exists.
 */
export class UserPool extends pulumi.ComponentResource implements UserPoolRef {
    readonly userPool: aws.cognito.UserPool;
    readonly client: aws.cognito.UserPoolClient;
    readonly userPoolId: pulumi.Output<string>;
    readonly userPoolArn: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly issuerUrl: pulumi.Output<string>;
    /** The pool's signing keys (`<issuer>/.well-known/jwks.json`), for token verification. */
    readonly jwksUrl: pulumi.Output<string>;

    constructor(name: string, args: UserPoolArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:workloads:UserPool", name, {}, opts);
        const minimumLength = args.passwordMinimumLength ?? 14;
        if (!between(minimumLength, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)) {
            throw new Error(
                `UserPool ${name}: passwordMinimumLength ${minimumLength} is too weak or invalid; ` +
                    `expected a whole number from ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH}`,
            );
        }
        const mfa = args.mfa ?? "OPTIONAL";
        if (mfa !== "OPTIONAL" && mfa !== "ON") {
            throw new Error(
                `UserPool ${name}: mfa '${String(mfa)}' is not supported; expected OPTIONAL or ON`,
            );
        }
        const validity = {
            access: args.tokenValidity?.accessTokenMinutes ?? 60,
            id: args.tokenValidity?.idTokenMinutes ?? 60,
            refresh: args.tokenValidity?.refreshTokenDays ?? 30,
        };
        for (const [field, value, min, max] of [
            ["accessTokenMinutes", validity.access, 5, 1440],
            ["idTokenMinutes", validity.id, 5, 1440],
            ["refreshTokenDays", validity.refresh, 1, 3650],
        ] as const) {
            if (!between(value, min, max)) {
                throw new Error(
                    `UserPool ${name}: tokenValidity.${field} ${value} is out of range; expected ${min} to ${max}`,
                );
            }
        }

        this.userPool = new aws.cognito.UserPool(
            `${name}-pool`,
            {
                name,
                usernameAttributes: ["email"],
                usernameConfiguration: { caseSensitive: false },
                autoVerifiedAttributes: ["email"],
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                adminCreateUserConfig: { allowAdminCreateUserOnly: !(args.selfSignUp ?? false) },
                passwordPolicy: {
                    minimumLength,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: 3,
                },
                mfaConfiguration: mfa,
                softwareTokenMfaConfiguration: { enabled: true },
                userPoolTier: args.advancedSecurity ? "PLUS" : "ESSENTIALS",
                userPoolAddOns: { advancedSecurityMode: args.advancedSecurity ? "ENFORCED" : "OFF" },
                deletionProtection: "ACTIVE",
                tags: withName(args.tags, name),
            },
            { parent: this, protect: true },
        );
        this.client = new aws.cognito.UserPoolClient(
            `${name}-api-client`,
            {
                name: `${name}-api`,
                userPoolId: this.userPool.id,
                generateSecret: false,
                explicitAuthFlows: [...CLIENT_AUTH_FLOWS],
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
                supportedIdentityProviders: ["COGNITO"],
                accessTokenValidity: validity.access,
                idTokenValidity: validity.id,
                refreshTokenValidity: validity.refresh,
                tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
                authSessionValidity: 3,
            },
            { parent: this },
        );
        this.userPoolId = this.userPool.id;
        this.userPoolArn = this.userPool.arn;
        this.clientId = this.client.id;
        this.issuerUrl = pulumi.interpolate`https://cognito-idp.${args.region}.amazonaws.com/${this.userPool.id}`;
        this.jwksUrl = pulumi.interpolate`${this.issuerUrl}/.well-known/jwks.json`;
        this.registerOutputs({
            userPoolId: this.userPoolId,
            userPoolArn: this.userPoolArn,
            clientId: this.clientId,
            issuerUrl: this.issuerUrl,
        });
    }
}
