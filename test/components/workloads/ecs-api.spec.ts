import * as path from "node:path";
import { expect } from "chai";
import { CONTAINER_TABLE_ACTIONS } from "../../../services/contract";
import type { Recorded } from "../../harness";
import {
    T,
    ACCOUNT,
    REGION,
    LOG_KEY,
    WORKLOAD,
    SERVICES_DIR,
    runEcs,
    statementsOf,
    containerOf,
    ecsRuns,
} from "./ecs-api.fixture";

describe("EcsApi", () => {
    let run: Recorded;
    let https: Recorded;

    before(async () => {
        ({ run, https } = await ecsRuns());
    });

    describe("cluster and services", () => {
        it("turns Container Insights on for the cluster", () => {
            expect(run.find(T.cluster, "pets-cluster").inputs.settings).to.deep.equal([
                { name: "containerInsights", value: "enabled" },
            ]);
            expect(https.find(T.cluster, "pets-cluster").inputs.settings).to.deep.equal([
                { name: "containerInsights", value: "enhanced" },
            ]);
        });

        it("runs petstore and foodstore on Fargate in the workload subnets without public IPs", () => {
            const tasksSg = run.find(T.sg, "pets-tasks-sg");
            for (const service of ["petstore", "foodstore"]) {
                const svc = run.find(T.service, `pets-${service}-service`);
                expect(svc.inputs).to.deep.include({
                    launchType: "FARGATE",
                    cluster: run.find(T.cluster, "pets-cluster").outputs.arn,
                });
                expect(svc.inputs.networkConfiguration).to.deep.equal({
                    subnets: WORKLOAD.map((s) => s.subnetId),
                    securityGroups: [tasksSg.id],
                    assignPublicIp: false,
                });
                expect(svc.inputs.deploymentCircuitBreaker).to.deep.equal({ enable: true, rollback: true });
                expect(svc.inputs.taskDefinition).to.equal(
                    run.find(T.taskDef, `pets-${service}-task`).outputs.arn,
                );
                expect(svc.inputs.loadBalancers).to.deep.equal([
                    {
                        targetGroupArn: run.find(T.targetGroup, `pets-${service}-tg`).id,
                        containerName: service,
                        containerPort: 8080,
                    },
                ]);
                expect(svc.dependencies).to.include(run.find(T.listenerRule, `pets-${service}-route`).urn);
            }
            expect(run.all(T.service)).to.have.length(2);
        });

        it("takes desired count and CPU target-tracking bounds from args", () => {
            expect(run.find(T.service, "pets-petstore-service").inputs.desiredCount).to.equal(2);
            expect(run.find(T.service, "pets-foodstore-service").inputs.desiredCount).to.equal(3);
            const target = run.find(T.scalingTarget, "pets-foodstore-scaling");
            const cluster = run.find(T.cluster, "pets-cluster");
            const service = run.find(T.service, "pets-foodstore-service");
            expect(target.inputs).to.deep.include({
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: `service/${String(cluster.outputs.name)}/${String(service.outputs.name)}`,
                minCapacity: 2,
                maxCapacity: 6,
            });
            const policy = run.find(T.scalingPolicy, "pets-foodstore-cpu");
            expect(policy.inputs.policyType).to.equal("TargetTrackingScaling");
            expect(policy.inputs.targetTrackingScalingPolicyConfiguration).to.deep.include({
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                targetValue: 60,
            });
        });

        it("defines awsvpc Fargate tasks with a read-only root, a non-root unprivileged user and no capabilities", () => {
            for (const service of ["petstore", "foodstore"]) {
                const task = run.find(T.taskDef, `pets-${service}-task`);
                expect(task.inputs).to.deep.include({
                    family: `pets-${service}`,
                    networkMode: "awsvpc",
                    requiresCompatibilities: ["FARGATE"],
                    executionRoleArn: run.find(T.role, `pets-${service}-execution`).outputs.arn,
                    taskRoleArn: run.find(T.role, `pets-${service}-task`).outputs.arn,
                });
                const container = containerOf(run, service);
                expect(container).to.deep.include({
                    name: service,
                    user: "1000:1000",
                    privileged: false,
                    readonlyRootFilesystem: true,
                    essential: true,
                });
                expect(container.linuxParameters.capabilities).to.deep.equal({ drop: ["ALL"] });
                expect(container.portMappings).to.deep.equal([{ containerPort: 8080, protocol: "tcp" }]);
                expect(container.mountPoints).to.deep.equal([
                    { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
                ]);
                expect(container.healthCheck).to.equal(undefined);
            }
            expect(run.find(T.taskDef, "pets-petstore-task").inputs).to.deep.include({
                cpu: "256",
                memory: "512",
            });
            expect(run.find(T.taskDef, "pets-foodstore-task").inputs).to.deep.include({
                cpu: "512",
                memory: "2048",
            });
        });

        it("runs the image built for the service and gives it its own table's name", () => {
            for (const service of ["petstore", "foodstore"]) {
                const container = containerOf(run, service);
                const image = run.find(T.image, `pets-${service}-image`);
                expect(container.image).to.equal(image.outputs.imageUri);
                expect(container.environment).to.deep.equal([
                    { name: "TABLE_NAME", value: run.find(T.table, `pets-${service}-items`).outputs.name },
                    { name: "PORT", value: "8080" },
                ]);
            }
        });

        it("logs each container with awslogs to its own encrypted log group with retention", () => {
            for (const service of ["petstore", "foodstore"]) {
                const group = run.find(T.logGroup, `pets-${service}-logs`);
                expect(group.inputs).to.deep.include({
                    name: `/ecs/pets/${service}`,
                    kmsKeyId: LOG_KEY,
                    retentionInDays: 30,
                });
                expect(containerOf(run, service).logConfiguration).to.deep.equal({
                    logDriver: "awslogs",
                    options: {
                        "awslogs-group": `/ecs/pets/${service}`,
                        "awslogs-region": REGION,
                        "awslogs-stream-prefix": service,
                    },
                });
            }
        });

        it("adds a container health check only when asked", async () => {
            const checked = await runEcs({
                services: ["petstore"],
                serviceSettings: { petstore: { containerHealthCheck: true } },
            });
            expect(containerOf(checked, "petstore").healthCheck!.command).to.deep.equal([
                "CMD-SHELL",
                "wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1",
            ]);
        });
    });

    describe("images", () => {
        it("keeps a scanned, immutable, KMS-encrypted repository per service", () => {
            const key = run.find(T.key, "pets-data-key");
            for (const service of ["petstore", "foodstore"]) {
                expect(run.find(T.repo, `pets-${service}-repo`).inputs).to.deep.include({
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.outputs.arn }],
                    forceDelete: false,
                });
            }
        });

        it("builds each image from services/ with the service's Dockerfile for linux/amd64 into its repository", () => {
            for (const service of ["petstore", "foodstore"]) {
                const image = run.find(T.image, `pets-${service}-image`);
                expect(image.inputs).to.deep.equal({
                    repositoryUrl: run.find(T.repo, `pets-${service}-repo`).outputs.repositoryUrl,
                    context: SERVICES_DIR,
                    dockerfile: path.join(SERVICES_DIR, service, "Dockerfile"),
                    platform: "linux/amd64",
                });
                expect(String(image.outputs.imageUri)).to.match(
                    new RegExp(
                        `^${ACCOUNT}\\.dkr\\.ecr\\.${REGION}\\.amazonaws\\.com/pets-${service}-repo-[0-9a-f]{7}@sha256:[0-9a-f]{64}$`,
                    ),
                );
            }
        });
    });

    describe("roles", () => {
        const policyOf = (role: string) =>
            statementsOf(
                run.all(T.rolePolicy).find((p) => p.inputs.role === run.find(T.role, role).id)!.inputs.policy,
            );

        it("lets each task role act only on its own table, with only the actions the service uses", () => {
            for (const service of ["petstore", "foodstore"]) {
                const table = run.find(T.table, `pets-${service}-items`);
                expect(policyOf(`pets-${service}-task`)).to.deep.equal([
                    {
                        Sid: "ItemsTable",
                        Effect: "Allow",
                        Action: [...CONTAINER_TABLE_ACTIONS],
                        Resource: [table.outputs.arn],
                    },
                ]);
            }
            expect([...CONTAINER_TABLE_ACTIONS]).to.deep.equal([
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Scan",
            ]);
        });

        it("lets each execution role only pull its own image and write its own logs", () => {
            for (const service of ["petstore", "foodstore"]) {
                expect(policyOf(`pets-${service}-execution`)).to.deep.equal([
                    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                    {
                        Sid: "PullOwnImage",
                        Effect: "Allow",
                        Action: [
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:BatchGetImage",
                            "ecr:GetDownloadUrlForLayer",
                        ],
                        Resource: run.find(T.repo, `pets-${service}-repo`).outputs.arn,
                    },
                    {
                        Sid: "WriteOwnLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: `${String(run.find(T.logGroup, `pets-${service}-logs`).outputs.arn)}:*`,
                    },
                ]);
            }
        });

        it("lets only ECS tasks of this account assume the roles", () => {
            for (const role of [
                "pets-petstore-task",
                "pets-petstore-execution",
                "pets-foodstore-task",
                "pets-foodstore-execution",
            ]) {
                expect(statementsOf(run.find(T.role, role).inputs.assumeRolePolicy)).to.deep.equal([
                    {
                        Effect: "Allow",
                        Principal: { Service: "ecs-tasks.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": ACCOUNT },
                            ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` },
                        },
                    },
                ]);
            }
        });
    });

    describe("tables", () => {
        it("gives each service an on-demand, KMS-encrypted, recoverable, deletion-protected, protected table", () => {
            const key = run.find(T.key, "pets-data-key");
            expect(
                run
                    .all(T.table)
                    .map((t) => t.name)
                    .sort(),
            ).to.deep.equal(["pets-foodstore-items", "pets-petstore-items"]);
            for (const table of run.all(T.table)) {
                expect(table.inputs).to.deep.include({
                    billingMode: "PAY_PER_REQUEST",
                    hashKey: "id",
                    deletionProtectionEnabled: true,
                    serverSideEncryption: { enabled: true, kmsKeyArn: key.outputs.arn },
                    pointInTimeRecovery: { enabled: true },
                });
                expect(table.protect).to.equal(true);
            }
        });
    });
});
