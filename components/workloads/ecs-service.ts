/**
 * One container service of an EcsApi: its ECR repository and image, table, log group, roles, task
 * definition, target group and listener rule, Fargate service and CPU target-tracking scaling.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import {
    CONTAINER_TABLE_ACTIONS,
    HEALTH_CHECK_PATH,
    SERVICE_PORT,
    TABLE_NAME_ENV,
} from "../../services/contract";
import { containerImage, SERVICE_COLLECTIONS, type ContainerServiceName } from "../../services/images";
import { partitionOf, withName, type AwsContext } from "../shared/aws-context";
import { encryptedLogGroup, type LogGroupSettings } from "../shared/log-group";
import { itemsTable, tableStatement } from "./items-table";

/** The user the containers run as: the images' unprivileged `node` user. */
export const CONTAINER_USER = "1000:1000";

/** What the task execution role may do: pull its image and write its log group. */
export const ECR_PULL_ACTIONS = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
];

/** Sizing and scaling of one service. */
export interface EcsServiceSettings {
    /** Tasks to start with (autoscaling moves it between `minCount` and `maxCount`). @default 2 */
    readonly desiredCount?: number;
    /** @default 2 */
    readonly minCount?: number;
    /** @default 4 */
    readonly maxCount?: number;
    /** Average CPU utilization (%) the scaling policy keeps the service at. @default 60 */
    readonly cpuTargetPercent?: number;
    /** Fargate CPU units. @default 256 */
    readonly cpu?: 256 | 512 | 1024 | 2048 | 4096;
    /** Memory in MiB, valid for the CPU (256: 512-2048; 512: 1024-4096; 1024: 2048-8192; ...). @default 512 */
    readonly memory?: number;
    /** Also run a container health check (`wget` of the health path inside the task). @default false */
    readonly containerHealthCheck?: boolean;
}

/** Settings for {@link ecsService}. */
export interface EcsServiceArgs extends AwsContext {
    /** Which service (its image, collection and names). */
    readonly service: ContainerServiceName;
    /** Sizing and scaling, defaults applied. */
    readonly settings: Required<EcsServiceSettings>;
    /** The cluster the service runs in. */
    readonly cluster: aws.ecs.Cluster;
    /** VPC of the target group. */
    readonly vpcId: pulumi.Input<string>;
    /** The `workload` subnets the tasks run in. */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /** Security group of the tasks. */
    readonly taskSecurityGroupId: pulumi.Input<string>;
    /** The ALB listener that routes the service's paths. */
    readonly listener: aws.lb.Listener;
    /** Listener rule priority (unique per listener). */
    readonly priority: number;
    /** Customer-managed key for the table and the repository. */
    readonly dataKeyArn: pulumi.Input<string>;
    /** KMS key and retention of the container log group. */
    readonly logs: LogGroupSettings;
    /** Tags for every taggable child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What {@link ecsService} declares that the component exposes. */
export interface EcsServiceParts {
    /** ECR repository of the image. */
    readonly repository: aws.ecr.Repository;
    /** The image built and pushed from `services/`. */
    readonly image: awsx.ecr.Image;
    /** The service's DynamoDB table. */
    readonly table: aws.dynamodb.Table;
    /** Role ECS uses to pull the image and write logs. */
    readonly executionRole: aws.iam.Role;
    /** Role of the service's code: its table only. */
    readonly taskRole: aws.iam.Role;
    /** The Fargate task definition. */
    readonly taskDefinition: aws.ecs.TaskDefinition;
    /** The ALB target group of the service's tasks. */
    readonly targetGroup: aws.lb.TargetGroup;
    /** The ECS service. */
    readonly service: aws.ecs.Service;
}

const trustEcsTasks = (args: AwsContext) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": args.accountId },
                    ArnLike: {
                        "aws:SourceArn": `arn:${partitionOf(args.region)}:ecs:${args.region}:${args.accountId}:*`,
                    },
                },
            },
        ],
    });

/** Declares service `args.service` of EcsApi `name` as children of `parent` (names `<name>-<service>-*`). */
export function ecsService(name: string, args: EcsServiceArgs, parent: pulumi.Resource): EcsServiceParts {
    const base = `${name}-${args.service}`;
    const tags = args.tags;
    const opts = { parent };
    const collection = SERVICE_COLLECTIONS[args.service];

    const repository = new aws.ecr.Repository(
        `${base}-repo`,
        {
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.dataKeyArn }],
            forceDelete: false,
            tags: withName(tags, `${base}-repo`),
        },
        opts,
    );
    const build = containerImage(args.service);
    const image = new awsx.ecr.Image(
        `${base}-image`,
        {
            repositoryUrl: repository.repositoryUrl,
            context: build.context,
            dockerfile: build.dockerfile,
            platform: build.platform,
        },
        opts,
    );
    const table = itemsTable(`${base}-items`, { kmsKeyArn: args.dataKeyArn, tags }, parent);
    const logGroup = encryptedLogGroup(`${base}-logs`, `/ecs/${name}/${args.service}`, args.logs, parent);

    const executionRole = new aws.iam.Role(
        `${base}-execution`,
        {
            description: `Pulls the ${args.service} image and writes its logs`,
            assumeRolePolicy: trustEcsTasks(args),
            tags: withName(tags, `${base}-execution`),
        },
        opts,
    );
    new aws.iam.RolePolicy(
        `${base}-execution`,
        {
            role: executionRole.id,
            policy: pulumi.all([repository.arn, logGroup.arn]).apply(([repositoryArn, logGroupArn]) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        // GetAuthorizationToken has no resource-level permissions.
                        {
                            Sid: "EcrLogin",
                            Effect: "Allow",
                            Action: "ecr:GetAuthorizationToken",
                            Resource: "*",
                        },
                        {
                            Sid: "PullOwnImage",
                            Effect: "Allow",
                            Action: ECR_PULL_ACTIONS,
                            Resource: repositoryArn,
                        },
                        {
                            Sid: "WriteOwnLogs",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: `${logGroupArn}:*`,
                        },
                    ],
                }),
            ),
        },
        opts,
    );
    const taskRole = new aws.iam.Role(
        `${base}-task`,
        {
            description: `Lets ${args.service} use its own table only`,
            assumeRolePolicy: trustEcsTasks(args),
            tags: withName(tags, `${base}-task`),
        },
        opts,
    );
    new aws.iam.RolePolicy(
        `${base}-task`,
        {
            role: taskRole.id,
            policy: table.arn.apply((arn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [tableStatement(CONTAINER_TABLE_ACTIONS, arn)],
                }),
            ),
        },
        opts,
    );

    const taskDefinition = new aws.ecs.TaskDefinition(
        `${base}-task`,
        {
            family: base,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(args.settings.cpu),
            memory: String(args.settings.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            // The root file system is read-only; the services write only to /tmp.
            volumes: [{ name: "tmp" }],
            containerDefinitions: pulumi.jsonStringify([
                {
                    name: args.service,
                    image: image.imageUri,
                    essential: true,
                    user: CONTAINER_USER,
                    privileged: false,
                    readonlyRootFilesystem: true,
                    linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
                    portMappings: [{ containerPort: SERVICE_PORT, protocol: "tcp" }],
                    environment: [
                        { name: TABLE_NAME_ENV, value: table.name },
                        { name: "PORT", value: String(SERVICE_PORT) },
                    ],
                    mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: {
                            "awslogs-group": logGroup.name,
                            "awslogs-region": args.region,
                            "awslogs-stream-prefix": args.service,
                        },
                    },
                    ...(args.settings.containerHealthCheck
                        ? {
                              healthCheck: {
                                  command: [
                                      "CMD-SHELL",
                                      `wget -q -O /dev/null http://127.0.0.1:${SERVICE_PORT}${HEALTH_CHECK_PATH} || exit 1`,
                                  ],
                                  interval: 30,
                                  timeout: 5,
                                  retries: 3,
                                  startPeriod: 10,
                              },
                          }
                        : {}),
                },
            ]),
            tags: withName(tags, `${base}-task`),
        },
        opts,
    );

    const targetGroup = new aws.lb.TargetGroup(
        `${base}-tg`,
        {
            vpcId: args.vpcId,
            targetType: "ip",
            protocol: "HTTP",
            port: SERVICE_PORT,
            deregistrationDelay: 30,
            healthCheck: {
                enabled: true,
                path: HEALTH_CHECK_PATH,
                protocol: "HTTP",
                matcher: "200",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
            tags: withName(tags, `${base}-tg`),
        },
        opts,
    );
    const rule = new aws.lb.ListenerRule(
        `${base}-route`,
        {
            listenerArn: args.listener.arn,
            priority: args.priority,
            conditions: [{ pathPattern: { values: [`/${collection}`, `/${collection}/*`] } }],
            actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            tags: withName(tags, `${base}-route`),
        },
        opts,
    );

    const service = new aws.ecs.Service(
        `${base}-service`,
        {
            cluster: args.cluster.arn,
            taskDefinition: taskDefinition.arn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            desiredCount: args.settings.desiredCount,
            networkConfiguration: {
                subnets: [...args.subnetIds],
                securityGroups: [args.taskSecurityGroupId],
                assignPublicIp: false,
            },
            loadBalancers: [
                { targetGroupArn: targetGroup.arn, containerName: args.service, containerPort: SERVICE_PORT },
            ],
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            healthCheckGracePeriodSeconds: 30,
            enableExecuteCommand: false,
            propagateTags: "SERVICE",
            tags: withName(tags, `${base}-service`),
        },
        // The target group must be attached to the load balancer first; autoscaling owns the count.
        { parent, dependsOn: [rule], ignoreChanges: ["desiredCount"] },
    );
    const scaling = new aws.appautoscaling.Target(
        `${base}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${args.cluster.name}/${service.name}`,
            minCapacity: args.settings.minCount,
            maxCapacity: args.settings.maxCount,
            tags: withName(tags, `${base}-scaling`),
        },
        opts,
    );
    new aws.appautoscaling.Policy(
        `${base}-cpu`,
        {
            policyType: "TargetTrackingScaling",
            serviceNamespace: scaling.serviceNamespace,
            scalableDimension: scaling.scalableDimension,
            resourceId: scaling.resourceId,
            targetTrackingScalingPolicyConfiguration: {
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                targetValue: args.settings.cpuTargetPercent,
                scaleInCooldown: 120,
                scaleOutCooldown: 60,
            },
        },
        opts,
    );
    return { repository, image, table, executionRole, taskRole, taskDefinition, targetGroup, service };
}
