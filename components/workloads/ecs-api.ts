import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_PORT } from "../../services/contract";
import type { ContainerServiceName } from "../../services/images";
import { withName, type AwsContext } from "../shared/aws-context";
import { LogBucket } from "../shared/log-bucket";
import type { LogGroupSettings } from "../shared/log-group";
import { validateEcsApiArgs } from "./ecs-api-validation";
import { CLIENT_IP_HEADER, httpApi, type HttpApiParts } from "./ecs-http-api";
import { ecsService, type EcsServiceParts, type EcsServiceSettings } from "./ecs-service";
import { workloadKey } from "./keys";
import { declareFlowEgress, type WorkloadNetwork, type WorkloadSubnet } from "./network";
import type { StageThrottling } from "./rest-stage";
import type { UserPoolRef } from "./user-pool";
import { DEFAULT_MANAGED_RULE_GROUPS, WebAcl, type WebAclRules } from "./web-acl";

/** The ALB's managed rule groups unless told otherwise: common rule set and known bad inputs. */
export const ECS_API_MANAGED_RULE_GROUPS = DEFAULT_MANAGED_RULE_GROUPS.filter(
    (g) => g === "AWSManagedRulesCommonRuleSet" || g === "AWSManagedRulesKnownBadInputsRuleSet",
);

/** An HTTPS listener on the internal ALB. */
export interface EcsApiHttps {
    /** ACM certificate of the listener. */
    readonly certificateArn: pulumi.Input<string>;
    /** The name on the certificate, which API Gateway verifies when it connects through the VPC link. */
    readonly serverName: string;
}

/** Arguments of {@link EcsApi}. */
export interface EcsApiArgs extends AwsContext {
    /**
     * The spoke VPC and its `workload` subnets (at least two AZs, each with its `cidr`, as
     * `workloadSubnetsOf(spoke.tier("workload"))` gives): the tasks and the internal ALB.
     */
    readonly network: WorkloadNetwork;
    /** The spoke's `vpclink` subnets (at least two AZs): the VPC link's network interfaces. */
    readonly vpcLinkSubnets: readonly WorkloadSubnet[];
    /** Prefix list of the DynamoDB gateway endpoint (`pl-...`): the tasks reach their tables through it. */
    readonly dynamoDbPrefixListId: pulumi.Input<string>;
    /** Prefix list of the S3 gateway endpoint: ECR serves image layers from S3. */
    readonly s3PrefixListId: pulumi.Input<string>;
    /** The user pool whose tokens the write routes require (a {@link UserPool}). */
    readonly userPool: UserPoolRef;
    /** The container services to run. @default ["petstore", "foodstore"] */
    readonly services?: readonly ContainerServiceName[];
    /** Sizing and scaling per service. @default see {@link EcsServiceSettings} */
    readonly serviceSettings?: Partial<Record<ContainerServiceName, EcsServiceSettings>>;
    /** HTTPS on 443 instead of HTTP on 80 for the internal listener. @default undefined - HTTP 80 inside the VPC */
    readonly https?: EcsApiHttps;
    /**
     * Web ACL rules of the ALB. Its rate rule counts each caller by the address the HTTP API passes in
     * the `x-client-ip` header (behind the VPC link every source is a VPC-link interface).
     * @default common rule set and known bad inputs, 1000 requests per client IP per minute
     */
    readonly waf?: WebAclRules;
    /** Default throttling of the HTTP API's routes. @default 100 requests/s, burst 200 */
    readonly throttling?: StageThrottling;
    /** KMS key and retention of every log group (tasks, API access logs, WAF). */
    readonly logs: LogGroupSettings;
    /** Days the ALB's access logs are kept. @default 90 */
    readonly accessLogRetentionDays?: number;
    /** CloudWatch Container Insights mode of the cluster. @default "enabled" */
    readonly containerInsights?: "enabled" | "enhanced";
    /** Turn on the ALB's deletion protection. @default true */
    readonly albDeletionProtection?: boolean;
    /** Prefix of the KMS key alias (`<prefix>/data`). @default `hub-network/<name>` */
    readonly keyAliasPrefix?: string;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Container services on Fargate behind API Gateway: one service per API (its own ECR repository,
 * image, table, roles and target group) in the `workload` subnets without public IPs, an internal ALB
 * with path routing, access logs and a web ACL, and an HTTP API reaching the ALB through a VPC link in
 * the `vpclink` subnets, with reads public and writes behind the user pool's JWT authorizer.
 * Security groups chain VPC link -> ALB listener port -> tasks' port, and the tasks' only egress is
 * HTTPS to the interface endpoints (VPC CIDR) and the DynamoDB and S3 prefix lists.
 */
export class EcsApi extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly dataKey: aws.kms.Key;
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly listener: aws.lb.Listener;
    readonly accessLogs: LogBucket;
    readonly webAcl: WebAcl;
    readonly taskSecurityGroup: aws.ec2.SecurityGroup;
    readonly albSecurityGroup: aws.ec2.SecurityGroup;
    readonly vpcLinkSecurityGroup: aws.ec2.SecurityGroup;
    readonly services: Readonly<Record<string, EcsServiceParts>>;
    readonly http: HttpApiParts;
    /** Base URL of the HTTP API, `https://<id>.execute-api.<region>.amazonaws.com`. */
    readonly apiEndpoint: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    /** Table name per service. */
    readonly tableNames: Readonly<Record<string, pulumi.Output<string>>>;
    readonly userPoolId: pulumi.Output<string>;
    readonly userPoolClientId: pulumi.Output<string>;
    /** The internal listener's port: 80 (HTTP) or 443 (HTTPS). */
    readonly listenerPort: 80 | 443;

    constructor(name: string, args: EcsApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:workloads:EcsApi", name, {}, opts);
        const settings = validateEcsApiArgs(`EcsApi ${name}`, args);
        const tags = args.tags;
        const port = settings.listenerPort;
        this.listenerPort = port;

        this.dataKey = workloadKey(
            `${name}-data`,
            {
                accountId: args.accountId,
                region: args.region,
                alias: `${args.keyAliasPrefix ?? `hub-network/${name}`}/data`,
                purpose: "the services' tables and image repositories",
                tags,
            },
            this,
        );
        this.cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                settings: [{ name: "containerInsights", value: args.containerInsights ?? "enabled" }],
                tags: withName(tags, `${name}-cluster`),
            },
            { parent: this },
        );
        this.clusterName = this.cluster.name;

        const group = (key: string, description: string) =>
            new aws.ec2.SecurityGroup(
                `${name}-${key}-sg`,
                { vpcId: args.network.vpcId, description, tags: withName(tags, `${name}-${key}-sg`) },
                { parent: this },
            );
        this.vpcLinkSecurityGroup = group(
            "vpclink",
            `VPC link of ${name}: only the ALB port to the workload subnets`,
        );
        this.albSecurityGroup = group("alb", `Internal ALB of ${name}: port ${port} from the VPC link only`);
        this.taskSecurityGroup = group(
            "tasks",
            `Tasks of ${name}: port ${SERVICE_PORT} from the ALB; HTTPS out to endpoints`,
        );
        const rule = (
            kind: "ingress" | "egress",
            key: string,
            groupId: pulumi.Input<string>,
            rulePort: number,
            peer: {
                cidrIpv4?: pulumi.Input<string>;
                prefixListId?: pulumi.Input<string>;
                referencedSecurityGroupId?: pulumi.Input<string>;
            },
            description: string,
        ) => {
            const ruleArgs = {
                securityGroupId: groupId,
                ipProtocol: "tcp",
                fromPort: rulePort,
                toPort: rulePort,
                ...peer,
                description,
                tags: withName(tags, `${name}-${key}`),
            };
            return kind === "ingress"
                ? new aws.vpc.SecurityGroupIngressRule(`${name}-${key}`, ruleArgs, { parent: this })
                : new aws.vpc.SecurityGroupEgressRule(`${name}-${key}`, ruleArgs, { parent: this });
        };
        args.network.subnets.forEach((subnet) => {
            rule(
                "egress",
                `vpclink-to-alb-${subnet.availabilityZone}`,
                this.vpcLinkSecurityGroup.id,
                port,
                { cidrIpv4: subnet.cidr },
                `ALB port ${port} in the workload subnet of ${subnet.availabilityZone}`,
            );
        });
        rule(
            "ingress",
            "alb-from-vpclink",
            this.albSecurityGroup.id,
            port,
            { referencedSecurityGroupId: this.vpcLinkSecurityGroup.id },
            `Port ${port} from the VPC link`,
        );
        rule(
            "egress",
            "alb-to-tasks",
            this.albSecurityGroup.id,
            SERVICE_PORT,
            { referencedSecurityGroupId: this.taskSecurityGroup.id },
            `Port ${SERVICE_PORT} to the tasks`,
        );
        rule(
            "ingress",
            "tasks-from-alb",
            this.taskSecurityGroup.id,
            SERVICE_PORT,
            { referencedSecurityGroupId: this.albSecurityGroup.id },
            `Port ${SERVICE_PORT} from the ALB`,
        );
        // Fargate 1.4+ pulls images and ships awslogs through the task's ENI: ECR API and registry
        // and CloudWatch Logs through the interface endpoints, image layers from S3 through the
        // gateway endpoint (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html,
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html).
        if (args.network.endpointSecurityGroupId) {
            rule(
                "egress",
                "tasks-https-endpoints",
                this.taskSecurityGroup.id,
                443,
                { referencedSecurityGroupId: args.network.endpointSecurityGroupId },
                "HTTPS to the interface endpoints (ECR API and registry, CloudWatch Logs)",
            );
        } else {
            rule(
                "egress",
                "tasks-https-vpc",
                this.taskSecurityGroup.id,
                443,
                { cidrIpv4: args.network.vpcCidr },
                "HTTPS to interface endpoints in the VPC (ECR, logs)",
            );
        }
        rule(
            "egress",
            "tasks-https-dynamodb",
            this.taskSecurityGroup.id,
            443,
            { prefixListId: args.dynamoDbPrefixListId },
            "HTTPS to DynamoDB (gateway endpoint)",
        );
        rule(
            "egress",
            "tasks-https-s3",
            this.taskSecurityGroup.id,
            443,
            { prefixListId: args.s3PrefixListId },
            "HTTPS to S3 (gateway endpoint; ECR image layers)",
        );
        declareFlowEgress(`${name}-tasks`, this.taskSecurityGroup.id, args.network.egress ?? [], tags, this);

        this.accessLogs = new LogBucket(
            `${name}-alb-logs`,
            {
                accountId: args.accountId,
                region: args.region,
                elbAccessLogs: true,
                retentionDays: args.accessLogRetentionDays ?? 90,
                tags,
            },
            { parent: this },
        );
        const subnetIds = args.network.subnets.map((s) => s.subnetId);
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                internal: true,
                loadBalancerType: "application",
                subnets: subnetIds,
                securityGroups: [this.albSecurityGroup.id],
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "defensive",
                enableDeletionProtection: args.albDeletionProtection ?? true,
                accessLogs: { bucket: this.accessLogs.bucketName, enabled: true },
                tags: withName(tags, `${name}-alb`),
            },
            // The bucket policy must let ELB write before access logging is turned on.
            { parent: this, dependsOn: [this.accessLogs] },
        );
        this.listener = new aws.lb.Listener(
            `${name}-listener`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                port,
                protocol: args.https ? "HTTPS" : "HTTP",
                certificateArn: args.https?.certificateArn,
                sslPolicy: args.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : undefined,
                defaultActions: [
                    {
                        type: "fixed-response",
                        fixedResponse: {
                            statusCode: "404",
                            contentType: "application/json",
                            messageBody: '{"message":"Not found"}',
                        },
                    },
                ],
                tags: withName(tags, `${name}-listener`),
            },
            { parent: this },
        );

        const services: Record<string, EcsServiceParts> = {};
        const tableNames: Record<string, pulumi.Output<string>> = {};
        settings.services.forEach((service, index) => {
            services[service] = ecsService(
                name,
                {
                    accountId: args.accountId,
                    region: args.region,
                    service,
                    settings: settings.serviceSettings[service],
                    cluster: this.cluster,
                    vpcId: args.network.vpcId,
                    subnetIds,
                    taskSecurityGroupId: this.taskSecurityGroup.id,
                    listener: this.listener,
                    priority: (index + 1) * 10,
                    dataKeyArn: this.dataKey.arn,
                    logs: args.logs,
                    tags,
                },
                this,
            );
            tableNames[service] = services[service].table.name;
        });
        this.services = services;
        this.tableNames = tableNames;

        this.webAcl = new WebAcl(
            `${name}-waf`,
            {
                managedRuleGroups: ECS_API_MANAGED_RULE_GROUPS,
                ...args.waf,
                // Behind the VPC link every source is a VPC-link interface: count callers by the
                // address the HTTP API passes on instead.
                rateLimitForwardedIpHeader: CLIENT_IP_HEADER,
                accountId: args.accountId,
                region: args.region,
                logging: args.logs,
                associations: { alb: this.loadBalancer.arn },
                tags,
            },
            { parent: this },
        );

        this.http = httpApi(
            name,
            {
                services: settings.services,
                vpcLinkSubnetIds: args.vpcLinkSubnets.map((s) => s.subnetId),
                vpcLinkSecurityGroupId: this.vpcLinkSecurityGroup.id,
                listener: this.listener,
                tlsServerName: args.https?.serverName,
                userPool: args.userPool,
                throttling: settings.throttling,
                logs: args.logs,
                tags,
            },
            this,
        );
        this.apiEndpoint = this.http.api.apiEndpoint;
        this.userPoolId = args.userPool.userPoolId;
        this.userPoolClientId = args.userPool.clientId;
        this.registerOutputs({
            apiEndpoint: this.apiEndpoint,
            clusterName: this.clusterName,
            tableNames: this.tableNames,
            userPoolId: this.userPoolId,
            userPoolClientId: this.userPoolClientId,
        });
    }
}
