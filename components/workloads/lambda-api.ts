import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    AUTHORIZER_HANDLER,
    AUTHORIZER_IDENTITY_SOURCE,
    AUTHORIZER_TYPE,
    ITEMS_HANDLER,
    LAMBDA_RUNTIME,
    LAMBDA_TABLE_ACTIONS,
    TABLE_NAME_ENV,
} from "../../services/contract";
import { withName, type AwsContext } from "../shared/aws-context";
import type { LogGroupSettings } from "../shared/log-group";
import { type AlarmSubscription } from "./alarms";
import { type ApiRoute, type JsonSchema } from "./api-routes";
import { itemsTable, tableStatement } from "./items-table";
import { workloadKey } from "./keys";
import { lambdaApiAlarms } from "./lambda-api-alarms";
import { declareRestApi, type RestApiParts } from "./lambda-api-rest";
import { validateLambdaApiArgs } from "./lambda-api-validation";
import { declareFlowEgress, requireAzSpread, type WorkloadNetwork, type WorkloadSubnet } from "./network";
import { restStage, type StageThrottling } from "./rest-stage";
import type { UserPoolRef } from "./user-pool";
import { vpcFunction, type VpcFunction } from "../shared/vpc-function";
import { WebAcl, type WebAclRules } from "./web-acl";

/** Functions of a LambdaApi run with active tracing unless told otherwise. */
export const LAMBDA_API_TRACING = true;

/** The Lambda authorizer of `CUSTOM` routes. */
export interface LambdaApiAuthorizer {
    /** Code of the authorizer function (`lambdaArchive("authorizer")`), handler `index.handler`. */
    readonly code: pulumi.asset.Archive;
    /**
     * Environment of the authorizer: `JWT_ISSUER`, `JWT_AUDIENCE` and exactly one key source,
     * `JWKS_URL` (needs a network path: the functions reach only the VPC's interface endpoints),
     * `JWKS_JSON` or `JWT_PUBLIC_KEY`.
     */
    readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
    /** Seconds API Gateway caches a decision, per token, method and path (0 turns caching off; at most 3600). @default 300 */
    readonly resultTtlSeconds?: number;
}

/** API keys and a usage plan for partner routes (`apiKeyRequired`). */
export interface PartnerAccess {
    /** One API key per partner, by a short name (letters, digits, `-`). */
    readonly partners: readonly string[];
    /** Requests per second each key may send. @default 10 */
    readonly rateLimit?: number;
    /** Burst per key. @default 20 */
    readonly burstLimit?: number;
    /** Requests per key per day. @default 10000 */
    readonly quotaPerDay?: number;
}

/** Alarms of the API and where they go. */
export interface LambdaApiAlarms {
    /** Subscribers of the alarm topic. @default [] - the topic only */
    readonly subscriptions?: readonly AlarmSubscription[];
    /** Fraction of requests answered 5XX over 5 minutes above which the alarm fires (0-1). @default 0.05 */
    readonly serverErrorRate?: number;
    /** p99 latency in milliseconds over 5 minutes above which the alarm fires. @default 2500 */
    readonly p99LatencyMs?: number;
    /** Throttled invocations per function over 5 minutes above which the alarm fires. @default 0 */
    readonly throttles?: number;
    /** Requests the web ACL blocks over 5 minutes above which the alarm fires. @default 100 */
    readonly wafBlockedRequests?: number;
}

/** Sizing of the Lambda functions. */
export interface LambdaApiFunctions {
    /**
     * Reserved concurrency of the items function (1-1000). AWS refuses a reservation that leaves the
     * account fewer than 100 unreserved executions, so a freshly vended account (a quota of 10) takes
     * none until its quota is raised.
     * @default undefined - none reserved: the account's unreserved pool
     */
    readonly itemsConcurrency?: number;
    /** Reserved concurrency of the authorizer function (1-1000). @default undefined - none reserved */
    readonly authorizerConcurrency?: number;
    /** Memory in MB. @default 256 */
    readonly memorySize?: number;
    /** Timeout in seconds (API Gateway gives up after 29). @default 10 */
    readonly timeoutSeconds?: number;
    /** @default "arm64" */
    readonly architecture?: "arm64" | "x86_64";
}

/** Arguments of {@link LambdaApi}. */
export interface LambdaApiArgs extends AwsContext {
    /** The spoke VPC and its `workload` subnets (at least two AZs): where the functions run. */
    readonly network: WorkloadNetwork;
    /**
     * Prefix list of the region's DynamoDB gateway endpoint (`pl-...`; the spoke's
     * `gatewayEndpoints.dynamodb.prefixListId`): the functions' only egress besides the VPC CIDR.
     */
    readonly dynamoDbPrefixListId: pulumi.Input<string>;
    /**
     * `REGIONAL`, or `PRIVATE`: reachable only through an execute-api interface endpoint of the spoke,
     * with a resource policy that allows that endpoint (`aws:SourceVpce`) and denies everything else.
     * **CAUTION** changing it replaces the API and its invoke URL.
     * @default "REGIONAL"
     */
    readonly endpointType?: "REGIONAL" | "PRIVATE";
    /**
     * `PRIVATE` only: an execute-api interface endpoint the spoke already has (with private DNS).
     * @default undefined - one is created in `endpointSubnets`
     */
    readonly executeApiEndpointId?: pulumi.Input<string>;
    /**
     * `PRIVATE` only: subnets for the execute-api interface endpoint created here.
     * @default network.subnets
     */
    readonly endpointSubnets?: readonly WorkloadSubnet[];
    /** The methods of the API, each with its authorization (see {@link ApiRoute}). */
    readonly routes: readonly ApiRoute[];
    /** JSON schema models by name (letters and digits), for routes' `requestModel`. @default {} */
    readonly models?: Readonly<Record<string, JsonSchema>>;
    /** Code of the items function (`lambdaArchive("items")`), handler `index.handler`; it serves every route. */
    readonly itemsCode: pulumi.asset.Archive;
    /** The Lambda authorizer; required when a route is `CUSTOM`, refused otherwise. @default undefined */
    readonly authorizer?: LambdaApiAuthorizer;
    /** The user pool of `COGNITO_USER_POOLS` routes (a {@link UserPool}); required when a route uses it. @default undefined */
    readonly userPool?: UserPoolRef;
    /** Stage name (letters, digits, `_`). **CAUTION** changing it changes the invoke URL. @default "v1" */
    readonly stageName?: string;
    /** Default throttling of every method of the stage. @default 100 requests/s, burst 200 */
    readonly throttling?: StageThrottling;
    /** API keys and usage plan for partner routes. Required when a route has `apiKeyRequired`. @default undefined */
    readonly partnerAccess?: PartnerAccess;
    /** Web ACL rules of the stage. @default DEFAULT_MANAGED_RULE_GROUPS, 1000 requests per IP per minute */
    readonly waf?: WebAclRules;
    /**
     * Active X-Ray tracing of the functions: they send trace segments to X-Ray from their VPC network
     * interfaces, so the VPC needs an `xray` interface endpoint (the spoke adds it).
     * @default true
     */
    readonly tracing?: boolean;
    /** Function sizing. @default see {@link LambdaApiFunctions} */
    readonly functions?: LambdaApiFunctions;
    /** KMS key and retention of every log group (access, execution, functions, WAF). */
    readonly logs: LogGroupSettings;
    /** Alarm thresholds and subscribers. @default see {@link LambdaApiAlarms} */
    readonly alarms?: LambdaApiAlarms;
    /**
     * Set the account's API Gateway CloudWatch Logs role in this region (needed for execution logs;
     * an account-wide setting: turn it on in one component per account and region).
     * @default true
     */
    readonly accountLoggingRole?: boolean;
    /** Prefix of the KMS key aliases (`<prefix>/data`, `<prefix>/alarms`). @default `hub-network/<name>` */
    readonly keyAliasPrefix?: string;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Lambda-backed REST API: the items function (every route) and an optional Lambda authorizer in the
 * workload subnets, one DynamoDB table, per-method authorization, request validation, generic error
 * responses, a stage with logs, tracing and throttling, a web ACL, API keys for partners, and alarms.
 * The functions share one security group whose only egress is HTTPS to the VPC CIDR (interface
 * endpoints) and to the DynamoDB prefix list; each has its own role.
 */
export class LambdaApi extends pulumi.ComponentResource {
    readonly table: aws.dynamodb.Table;
    readonly dataKey: aws.kms.Key;
    readonly functionSecurityGroup: aws.ec2.SecurityGroup;
    readonly items: VpcFunction;
    readonly authorizerFunction?: VpcFunction;
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly webAcl: WebAcl;
    readonly alarmTopic: aws.sns.Topic;
    /** The execute-api interface endpoint (PRIVATE APIs), created here or given. */
    readonly executeApiEndpointId?: pulumi.Input<string>;
    /** Invoke URL of the stage, `https://<id>.execute-api.<region>.amazonaws.com/<stage>`. */
    readonly apiEndpoint: pulumi.Output<string>;
    readonly restApiId: pulumi.Output<string>;
    readonly stageName: string;
    readonly tableName: pulumi.Output<string>;
    readonly tableArn: pulumi.Output<string>;
    readonly userPoolId?: pulumi.Output<string>;
    readonly userPoolClientId?: pulumi.Output<string>;
    /** Per `AWS_IAM` route (`GET /items`), the managed policy callers attach to invoke exactly that method. */
    readonly invokePolicyArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** API key IDs by partner. */
    readonly apiKeyIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** The functions run with active tracing: they send segments to X-Ray. */
    readonly tracing: boolean;

    constructor(name: string, args: LambdaApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:workloads:LambdaApi", name, {}, opts);
        const settings = validateLambdaApiArgs(`LambdaApi ${name}`, args);
        requireAzSpread(`LambdaApi ${name}`, "network.subnets", args.network.subnets);
        const tags = args.tags;
        const aliasPrefix = args.keyAliasPrefix ?? `hub-network/${name}`;
        this.stageName = settings.stageName;
        this.tracing = args.tracing ?? LAMBDA_API_TRACING;

        this.dataKey = workloadKey(
            `${name}-data`,
            {
                accountId: args.accountId,
                region: args.region,
                alias: `${aliasPrefix}/data`,
                purpose: "the items table and the functions' environment",
                tags,
            },
            this,
        );
        this.table = itemsTable(`${name}-items`, { kmsKeyArn: this.dataKey.arn, tags }, this);
        this.tableName = this.table.name;
        this.tableArn = this.table.arn;

        this.functionSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-fn-sg`,
            {
                vpcId: args.network.vpcId,
                description: `Functions of ${name}: HTTPS to interface endpoints in the VPC and DynamoDB only`,
                tags: withName(tags, `${name}-fn-sg`),
            },
            { parent: this },
        );
        const endpointGroup = args.network.endpointSecurityGroupId;
        const egress = [
            endpointGroup
                ? {
                      key: "endpoints",
                      referencedSecurityGroupId: endpointGroup,
                      what: `the interface endpoints${this.tracing ? " (X-Ray)" : ""}`,
                  }
                : { key: "vpc", cidrIpv4: args.network.vpcCidr, what: "interface endpoints in the VPC" },
            { key: "dynamodb", prefixListId: args.dynamoDbPrefixListId, what: "DynamoDB (gateway endpoint)" },
        ];
        for (const rule of egress) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-fn-https-${rule.key}`,
                {
                    securityGroupId: this.functionSecurityGroup.id,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: rule.cidrIpv4,
                    prefixListId: rule.prefixListId,
                    referencedSecurityGroupId: rule.referencedSecurityGroupId,
                    description: `HTTPS to ${rule.what}`,
                    tags: withName(tags, `${name}-fn-https-${rule.key}`),
                },
                { parent: this },
            );
        }
        declareFlowEgress(`${name}-fn`, this.functionSecurityGroup.id, args.network.egress ?? [], tags, this);
        const functionBase = {
            runtime: LAMBDA_RUNTIME,
            kmsKeyArn: this.dataKey.arn,
            subnetIds: args.network.subnets.map((s) => s.subnetId),
            securityGroupIds: [this.functionSecurityGroup.id],
            memorySize: settings.memorySize,
            timeoutSeconds: settings.timeoutSeconds,
            architecture: settings.architecture,
            tracing: this.tracing,
            logs: args.logs,
            tags,
        };
        this.items = vpcFunction(
            `${name}-items`,
            {
                ...functionBase,
                functionName: `${name}-items`,
                description: `Items API of ${name}`,
                code: args.itemsCode,
                handler: ITEMS_HANDLER,
                environment: { [TABLE_NAME_ENV]: this.table.name },
                reservedConcurrency: settings.itemsConcurrency,
                statements: this.table.arn.apply((arn) => [tableStatement(LAMBDA_TABLE_ACTIONS, arn)]),
            },
            this,
        );
        if (args.authorizer) {
            this.authorizerFunction = vpcFunction(
                `${name}-authorizer`,
                {
                    ...functionBase,
                    functionName: `${name}-authorizer`,
                    description: `Token authorizer of ${name}`,
                    code: args.authorizer.code,
                    handler: AUTHORIZER_HANDLER,
                    environment: { ...args.authorizer.environment },
                    reservedConcurrency: settings.authorizerConcurrency,
                    statements: [],
                },
                this,
            );
        }

        const rest: RestApiParts = declareRestApi(
            name,
            {
                ...args,
                settings,
                itemsFunction: this.items.fn,
                authorizerFunction: this.authorizerFunction?.fn,
                authorizerType: AUTHORIZER_TYPE,
                authorizerIdentitySource: AUTHORIZER_IDENTITY_SOURCE,
            },
            this,
        );
        this.restApi = rest.restApi;
        this.restApiId = rest.restApi.id;
        this.executeApiEndpointId = rest.executeApiEndpointId;
        this.invokePolicyArns = rest.invokePolicyArns;

        this.stage = restStage(
            name,
            {
                accountId: args.accountId,
                region: args.region,
                restApi: rest.restApi,
                deployment: rest.deployment,
                stageName: settings.stageName,
                throttling: settings.throttling,
                logs: args.logs,
                accountLoggingRole: args.accountLoggingRole ?? true,
                tags,
            },
            this,
        );
        this.apiEndpoint = this.stage.invokeUrl;

        this.webAcl = new WebAcl(
            `${name}-waf`,
            {
                ...args.waf,
                accountId: args.accountId,
                region: args.region,
                logging: args.logs,
                associations: { stage: this.stage.arn },
                tags,
            },
            { parent: this },
        );

        const apiKeyIds: Record<string, pulumi.Output<string>> = {};
        if (args.partnerAccess) {
            const plan = new aws.apigateway.UsagePlan(
                `${name}-partners`,
                {
                    description: `Partner access to ${name}`,
                    apiStages: [{ apiId: rest.restApi.id, stage: this.stage.stageName }],
                    throttleSettings: {
                        rateLimit: args.partnerAccess.rateLimit ?? 10,
                        burstLimit: args.partnerAccess.burstLimit ?? 20,
                    },
                    quotaSettings: { limit: args.partnerAccess.quotaPerDay ?? 10000, period: "DAY" },
                    tags: withName(tags, `${name}-partners`),
                },
                { parent: this },
            );
            for (const partner of args.partnerAccess.partners) {
                const key = new aws.apigateway.ApiKey(
                    `${name}-key-${partner}`,
                    {
                        description: `API key of partner ${partner} for ${name}`,
                        enabled: true,
                        tags: withName(tags, `${name}-key-${partner}`),
                    },
                    { parent: this },
                );
                new aws.apigateway.UsagePlanKey(
                    `${name}-key-${partner}`,
                    { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id },
                    { parent: this },
                );
                apiKeyIds[partner] = key.id;
            }
        }
        this.apiKeyIds = apiKeyIds;

        this.alarmTopic = lambdaApiAlarms(
            name,
            {
                accountId: args.accountId,
                region: args.region,
                keyAlias: `${aliasPrefix}/alarms`,
                restApiName: rest.restApi.name,
                stageName: settings.stageName,
                functionNames: {
                    items: this.items.fn.name,
                    ...(this.authorizerFunction ? { authorizer: this.authorizerFunction.fn.name } : {}),
                },
                webAclName: this.webAcl.webAclName,
                thresholds: settings.alarms,
                subscriptions: args.alarms?.subscriptions ?? [],
                tags,
            },
            this,
        );

        if (args.userPool) {
            this.userPoolId = args.userPool.userPoolId;
            this.userPoolClientId = args.userPool.clientId;
        }
        this.registerOutputs({
            apiEndpoint: this.apiEndpoint,
            restApiId: this.restApiId,
            stageName: this.stageName,
            tableName: this.tableName,
            tableArn: this.tableArn,
            userPoolId: this.userPoolId,
            userPoolClientId: this.userPoolClientId,
        });
    }
}
