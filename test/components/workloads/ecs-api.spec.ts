import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { CONTAINER_TABLE_ACTIONS } from "../../../services/contract";
import { EcsApi, type EcsApiArgs } from "../../../components/workloads/ecs-api";
import { UserPool } from "../../../components/workloads/user-pool";
import { LogBucket } from "../../../components/shared/log-bucket";
import { StackRunError } from "../../../cli/mock-cloud/run";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";
import { analyzeRun } from "../../policy-pack/recorded";

const T = {
    cluster: "aws:ecs/cluster:Cluster",
    taskDef: "aws:ecs/taskDefinition:TaskDefinition",
    service: "aws:ecs/service:Service",
    repo: "aws:ecr/repository:Repository",
    image: "awsx:ecr:Image",
    table: "aws:dynamodb/table:Table",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    wafAssoc: "aws:wafv2/webAclAssociation:WebAclAssociation",
    api: "aws:apigatewayv2/api:Api",
    vpcLink: "aws:apigatewayv2/vpcLink:VpcLink",
    integration: "aws:apigatewayv2/integration:Integration",
    route: "aws:apigatewayv2/route:Route",
    authorizer: "aws:apigatewayv2/authorizer:Authorizer",
    stage: "aws:apigatewayv2/stage:Stage",
    key: "aws:kms/key:Key",
    pool: "aws:cognito/userPool:UserPool",
    poolClient: "aws:cognito/userPoolClient:UserPoolClient",
};

const ACCOUNT = "222233334444";
const REGION = "eu-central-1";
const LOG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VPC_CIDR = "10.90.0.0/20";
const DDB_PL = "pl-66a5400f";
const S3_PL = "pl-6ea54007";
const WORKLOAD = [
    { subnetId: "subnet-0w0000000000000a", availabilityZone: `${REGION}a`, cidr: "10.90.0.0/23" },
    { subnetId: "subnet-0w0000000000000b", availabilityZone: `${REGION}b`, cidr: "10.90.2.0/23" },
];
const VPCLINK = [
    { subnetId: "subnet-0v0000000000000a", availabilityZone: `${REGION}a`, cidr: "10.90.8.0/26" },
    { subnetId: "subnet-0v0000000000000b", availabilityZone: `${REGION}b`, cidr: "10.90.8.64/26" },
];
const SERVICES_DIR = path.resolve(__dirname, "../../../services");

type Overrides = Partial<EcsApiArgs> | ((args: EcsApiArgs) => EcsApiArgs);

function runEcs(overrides: Overrides = {}, preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            const provider = new aws.Provider("spoke", { region: REGION });
            const pool = new UserPool("pets-users", { region: REGION }, { provider });
            const base: EcsApiArgs = {
                accountId: ACCOUNT,
                region: REGION,
                network: { vpcId: "vpc-0123456789abcdef0", vpcCidr: VPC_CIDR, subnets: WORKLOAD },
                vpcLinkSubnets: VPCLINK,
                dynamoDbPrefixListId: DDB_PL,
                s3PrefixListId: S3_PL,
                userPool: pool,
                logs: { kmsKeyArn: LOG_KEY, retentionDays: 30 },
                serviceSettings: { foodstore: { desiredCount: 3, maxCount: 6, cpu: 512, memory: 2048 } },
                tags: { owner: "pets-team" },
            };
            const args = typeof overrides === "function" ? overrides(base) : { ...base, ...overrides };
            const api = new EcsApi("pets", args, { provider });
            return {
                apiEndpoint: api.apiEndpoint,
                clusterName: api.clusterName,
                tableNames: api.tableNames,
                userPoolId: api.userPoolId,
                userPoolClientId: api.userPoolClientId,
            };
        },
        { preview, accountId: ACCOUNT, region: REGION },
    );
}

interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}
const statementsOf = (policy: unknown): Statement[] =>
    (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

interface Container {
    name: string;
    image: string;
    user: string;
    privileged: boolean;
    readonlyRootFilesystem: boolean;
    essential: boolean;
    portMappings: { containerPort: number; protocol: string }[];
    environment: { name: string; value: string }[];
    mountPoints: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
    logConfiguration: { logDriver: string; options: Record<string, string> };
    linuxParameters: { capabilities: { drop: string[] } };
    healthCheck?: { command: string[] };
}

describe("EcsApi", () => {
    let run: Recorded;
    let https: Recorded;
    let preview: Recorded;

    const containerOf = (recorded: Recorded, service: string): Container =>
        (
            JSON.parse(
                String(recorded.find(T.taskDef, `pets-${service}-task`).inputs.containerDefinitions),
            ) as Container[]
        )[0];
    const rulesOf = (recorded: Recorded, type: string, group: string): string[] => {
        const sg = recorded.find(T.sg, group);
        const nameOf = (id: unknown) => recorded.all(T.sg).find((g) => g.id === id)?.name;
        return recorded
            .all(type)
            .filter((r) => r.inputs.securityGroupId === sg.id)
            .map(
                (r) =>
                    `${String(r.inputs.ipProtocol)} ${String(r.inputs.fromPort)}-${String(r.inputs.toPort)} ${String(
                        r.inputs.cidrIpv4 ??
                            r.inputs.prefixListId ??
                            nameOf(r.inputs.referencedSecurityGroupId),
                    )}`,
            )
            .sort();
    };

    before(async () => {
        run = await runEcs();
        https = await runEcs({
            https: {
                certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`,
                serverName: "pets.internal.example.com",
            },
            services: ["petstore"],
            serviceSettings: undefined,
            containerInsights: "enhanced",
        });
        preview = await runEcs({}, true);
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

    describe("load balancer", () => {
        it("is internal, in the workload subnets, drops invalid headers and logs to its own bucket", () => {
            const alb = run.find(T.alb, "pets-alb");
            const bucket = run.find(T.bucket, "pets-alb-logs-bucket");
            expect(alb.inputs).to.deep.include({
                internal: true,
                loadBalancerType: "application",
                subnets: WORKLOAD.map((s) => s.subnetId),
                securityGroups: [run.find(T.sg, "pets-alb-sg").id],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: true,
            });
            expect(alb.inputs.accessLogs).to.deep.equal({ bucket: bucket.outputs.bucket, enabled: true });
            expect(alb.dependencies).to.include(run.find(T.bucketPolicy, "pets-alb-logs-policy").urn);
        });

        it("stores access logs with SSE-S3, writable by ELB log delivery of the region and this account", () => {
            const encryption = run.find(T.encryption, "pets-alb-logs-encryption");
            expect(encryption.inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            const bucketArn = String(run.find(T.bucket, "pets-alb-logs-bucket").outputs.arn);
            const statements = statementsOf(run.find(T.bucketPolicy, "pets-alb-logs-policy").inputs.policy);
            const writers = statements.filter((s) => s.Sid?.startsWith("Elb"));
            expect(writers).to.deep.equal([
                {
                    Sid: "ElbLogDeliveryWrite",
                    Effect: "Allow",
                    Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
                },
                {
                    Sid: "ElbRegionalAccountWrite",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::054676820928:root" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
                },
            ]);
            expect(statements.find((s) => s.Sid === "DenyInsecureTransport")?.Effect).to.equal("Deny");
            expect(run.find(T.bucket, "pets-alb-logs-bucket").protect).to.equal(true);
        });

        it("listens on HTTP 80 inside the VPC and answers unknown paths 404", () => {
            const listener = run.find(T.listener, "pets-listener");
            expect(listener.inputs).to.deep.include({
                port: 80,
                protocol: "HTTP",
                loadBalancerArn: run.find(T.alb, "pets-alb").id,
            });
            expect(listener.inputs.certificateArn).to.equal(undefined);
            expect(listener.inputs.defaultActions).to.deep.equal([
                {
                    type: "fixed-response",
                    fixedResponse: {
                        statusCode: "404",
                        contentType: "application/json",
                        messageBody: '{"message":"Not found"}',
                    },
                },
            ]);
        });

        it("listens on HTTPS 443 with the certificate and a TLS 1.2+ policy when one is given", () => {
            expect(https.find(T.listener, "pets-listener").inputs).to.deep.include({
                port: 443,
                protocol: "HTTPS",
                certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`,
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            });
            expect(https.find(T.integration, "pets-alb").inputs.tlsConfig).to.deep.equal({
                serverNameToVerify: "pets.internal.example.com",
            });
        });

        it("routes /pets* to petstore and /food* to foodstore", () => {
            const listener = run.find(T.listener, "pets-listener");
            const routes = run.all(T.listenerRule).map((r) => ({
                priority: r.inputs.priority,
                paths: (r.inputs.conditions as { pathPattern: { values: string[] } }[])[0].pathPattern.values,
                target: run
                    .all(T.targetGroup)
                    .find(
                        (tg) =>
                            tg.id === (r.inputs.actions as { targetGroupArn: string }[])[0].targetGroupArn,
                    )?.name,
                listener: r.inputs.listenerArn === listener.id,
            }));
            expect(routes).to.deep.equal([
                { priority: 10, paths: ["/pets", "/pets/*"], target: "pets-petstore-tg", listener: true },
                { priority: 20, paths: ["/food", "/food/*"], target: "pets-foodstore-tg", listener: true },
            ]);
        });

        it("checks target health on /health of each task's port", () => {
            for (const service of ["petstore", "foodstore"]) {
                const tg = run.find(T.targetGroup, `pets-${service}-tg`);
                expect(tg.inputs).to.deep.include({ targetType: "ip", protocol: "HTTP", port: 8080 });
                expect(tg.inputs.healthCheck).to.deep.include({
                    path: "/health",
                    matcher: "200",
                    protocol: "HTTP",
                });
            }
        });

        it("is protected by a web ACL with the common and known-bad-inputs rule groups and the rate rule", () => {
            const acl = run.find(T.webAcl, "pets-waf-acl");
            expect(run.find(T.wafAssoc, "pets-waf-assoc-alb").inputs).to.deep.equal({
                resourceArn: run.find(T.alb, "pets-alb").id,
                webAclArn: acl.outputs.arn,
            });
            expect((acl.inputs.rules as { name: string }[]).map((r) => r.name)).to.deep.equal([
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "rate-limit-per-ip",
            ]);
        });
    });

    describe("security groups", () => {
        it("lets the VPC link out only to the ALB port in the workload subnets", () => {
            expect(rulesOf(run, T.egress, "pets-vpclink-sg")).to.deep.equal([
                "tcp 80-80 10.90.0.0/23",
                "tcp 80-80 10.90.2.0/23",
            ]);
            expect(rulesOf(run, T.ingress, "pets-vpclink-sg")).to.deep.equal([]);
        });

        it("lets the listener port into the ALB only from the VPC link, and the ALB out only to the tasks", () => {
            expect(rulesOf(run, T.ingress, "pets-alb-sg")).to.deep.equal(["tcp 80-80 pets-vpclink-sg"]);
            expect(rulesOf(run, T.egress, "pets-alb-sg")).to.deep.equal(["tcp 8080-8080 pets-tasks-sg"]);
            expect(rulesOf(https, T.ingress, "pets-alb-sg")).to.deep.equal(["tcp 443-443 pets-vpclink-sg"]);
        });

        it("lets tasks in only from the ALB, and out only on HTTPS to the endpoints, DynamoDB and S3", () => {
            expect(rulesOf(run, T.ingress, "pets-tasks-sg")).to.deep.equal(["tcp 8080-8080 pets-alb-sg"]);
            expect(rulesOf(run, T.egress, "pets-tasks-sg")).to.deep.equal(
                [`tcp 443-443 ${VPC_CIDR}`, `tcp 443-443 ${DDB_PL}`, `tcp 443-443 ${S3_PL}`].sort(),
            );
        });

        it("declares no inline rules on any group", () => {
            for (const sg of run.all(T.sg)) {
                expect(sg.inputs.ingress, sg.name).to.equal(undefined);
                expect(sg.inputs.egress, sg.name).to.equal(undefined);
            }
        });
    });

    describe("HTTP API", () => {
        it("puts the VPC link in the vpclink subnets with its security group", () => {
            expect(run.find(T.vpcLink, "pets-vpc-link").inputs).to.deep.include({
                subnetIds: VPCLINK.map((s) => s.subnetId),
                securityGroupIds: [run.find(T.sg, "pets-vpclink-sg").id],
            });
        });

        it("proxies to the ALB listener through the VPC link", () => {
            const integration = run.find(T.integration, "pets-alb");
            expect(integration.inputs).to.deep.include({
                apiId: run.find(T.api, "pets-http-api").id,
                integrationType: "HTTP_PROXY",
                integrationMethod: "ANY",
                integrationUri: run.find(T.listener, "pets-listener").id,
                connectionType: "VPC_LINK",
                connectionId: run.find(T.vpcLink, "pets-vpc-link").id,
            });
            expect(run.find(T.api, "pets-http-api").inputs.protocolType).to.equal("HTTP");
        });

        it("declares the four routes of each service, with the JWT authorizer on exactly the write routes", () => {
            const authorizer = run.find(T.authorizer, "pets-jwt");
            const integration = run.find(T.integration, "pets-alb");
            const routes = run
                .all(T.route)
                .map((r) => {
                    expect(r.inputs.target).to.equal(`integrations/${String(integration.id)}`);
                    const auth =
                        r.inputs.authorizationType === "JWT" && r.inputs.authorizerId === authorizer.id
                            ? "JWT"
                            : String(r.inputs.authorizationType);
                    expect(r.inputs.authorizerId === undefined).to.equal(auth === "NONE");
                    return `${String(r.inputs.routeKey)} ${auth}`;
                })
                .sort();
            expect(routes).to.deep.equal(
                [
                    "GET /pets NONE",
                    "GET /pets/{id} NONE",
                    "PUT /pets/{id} JWT",
                    "DELETE /pets/{id} JWT",
                    "GET /food NONE",
                    "GET /food/{id} NONE",
                    "PUT /food/{id} JWT",
                    "DELETE /food/{id} JWT",
                ].sort(),
            );
        });

        it("checks tokens of the user pool: its issuer and its API client as audience", () => {
            const pool = run.find(T.pool, "pets-users-pool");
            const client = run.find(T.poolClient, "pets-users-api-client");
            expect(run.find(T.authorizer, "pets-jwt").inputs).to.deep.include({
                authorizerType: "JWT",
                identitySources: ["$request.header.Authorization"],
                jwtConfiguration: {
                    issuer: `https://cognito-idp.${REGION}.amazonaws.com/${String(pool.id)}`,
                    audiences: [client.id],
                },
            });
        });

        it("deploys a default stage with JSON access logs to an encrypted group and default throttling", () => {
            const stage = run.find(T.stage, "pets-http-stage");
            const group = run.find(T.logGroup, "pets-http-access-logs");
            expect(stage.inputs).to.deep.include({ name: "$default", autoDeploy: true });
            const logs = stage.inputs.accessLogSettings as { destinationArn: string; format: string };
            expect(logs.destinationArn).to.equal(group.outputs.arn);
            expect(group.inputs).to.deep.include({ kmsKeyId: LOG_KEY, retentionInDays: 30 });
            expect(JSON.parse(logs.format)).to.deep.include({
                requestId: "$context.requestId",
                sourceIp: "$context.identity.sourceIp",
                routeKey: "$context.routeKey",
                status: "$context.status",
                responseLatency: "$context.responseLatency",
            });
            expect(stage.inputs.defaultRouteSettings).to.deep.equal({
                throttlingRateLimit: 100,
                throttlingBurstLimit: 200,
                detailedMetricsEnabled: true,
            });
            for (const route of run.all(T.route)) expect(stage.dependencies).to.include(route.urn);
        });
    });

    describe("outputs and structure", () => {
        it("exports the API endpoint, cluster, tables and user pool after an update, unknown in a preview", () => {
            const api = run.find(T.api, "pets-http-api");
            expect(run.outputs.apiEndpoint).to.equal(
                `https://${String(api.id)}.execute-api.${REGION}.amazonaws.com`,
            );
            expect(run.outputs.clusterName).to.equal(run.find(T.cluster, "pets-cluster").outputs.name);
            expect(run.outputs.tableNames).to.deep.equal({
                petstore: run.find(T.table, "pets-petstore-items").outputs.name,
                foodstore: run.find(T.table, "pets-foodstore-items").outputs.name,
            });
            expect(run.outputs.userPoolId).to.equal(run.find(T.pool, "pets-users-pool").id);
            expect(isUnknown(preview.outputs.apiEndpoint)).to.equal(true);
            expect(isUnknown(preview.outputs.userPoolId)).to.equal(true);
            expect(preview.resources.map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal(
                run.resources.map((r) => `${r.type}::${r.name}`).sort(),
            );
        });

        it("parents every child to the component and passes the provider on", () => {
            const component = run.find("hub-network:workloads:EcsApi", "pets");
            const inside = (r: RecordedResource): boolean =>
                r.parent === component.urn || (r.parent !== undefined && inside(run.byUrn(r.parent)));
            const declared = run.resources.filter(
                (r) =>
                    r !== component && r.type !== "pulumi:providers:aws" && r.type !== "pulumi:pulumi:Stack",
            );
            expect(
                declared.filter((r) => !inside(r) && !r.name.startsWith("pets-users")).map((r) => r.name),
            ).to.deep.equal([]);
            for (const r of declared.filter((x) => x.custom))
                expect(r.provider, r.name).to.match(/::spoke::/);
        });

        it("breaks no policy of the pack", async () => {
            for (const recorded of [run, https, preview]) {
                // The user pool of the test (dev settings) is covered by its own spec.
                const findings = (await analyzeRun(recorded)).filter(
                    (f) => f.urn === undefined || f.urn.includes("workloads:EcsApi"),
                );
                expect(findings.map((f) => `${f.policy} ${f.message}`)).to.deep.equal([]);
            }
        });
    });

    describe("bad input", () => {
        async function failure(overrides: Overrides): Promise<{ message: string; declared: string[] }> {
            try {
                await runEcs(overrides);
            } catch (e) {
                const declared =
                    e instanceof StackRunError
                        ? e.resources
                              .filter((r) => r.type.startsWith("aws:") && !r.name.startsWith("pets-users"))
                              .map((r) => r.name)
                        : [];
                return { message: String(e), declared };
            }
            throw new Error("expected the program to fail");
        }

        it("rejects workload subnets in one AZ before declaring anything", async () => {
            const { message, declared } = await failure((args) => ({
                ...args,
                network: { ...args.network, subnets: [WORKLOAD[0]] },
            }));
            expect(message).to.include(
                `EcsApi pets: network.subnets spans 1 AZ (${REGION}a); expected subnets in at least 2 AZs`,
            );
            expect(declared).to.deep.equal([]);
        });

        it("rejects VPC link subnets in one AZ", async () => {
            const { message } = await failure({ vpcLinkSubnets: [VPCLINK[1]] });
            expect(message).to.include(`EcsApi pets: vpcLinkSubnets spans 1 AZ (${REGION}b)`);
        });

        it("rejects workload subnets without their CIDR", async () => {
            const { message } = await failure((args) => ({
                ...args,
                network: {
                    ...args.network,
                    subnets: WORKLOAD.map((s) => ({
                        subnetId: s.subnetId,
                        availabilityZone: s.availabilityZone,
                    })),
                },
            }));
            expect(message).to.include("EcsApi pets: network.subnets need their cidr");
        });

        it("rejects an unknown service and settings for a service it does not run", async () => {
            expect((await failure({ services: ["catstore" as "petstore"] })).message).to.include(
                "EcsApi pets: services lists unknown service 'catstore'; expected petstore, foodstore",
            );
            expect((await failure({ services: ["petstore"] })).message).to.include(
                "EcsApi pets: serviceSettings has 'foodstore', which is not in services",
            );
        });

        it("rejects memory that does not fit the CPU, and a desired count above the maximum", async () => {
            expect(
                (await failure({ serviceSettings: { petstore: { cpu: 256, memory: 4096 } } })).message,
            ).to.include(
                "EcsApi pets: serviceSettings.petstore.memory 4096 does not fit cpu 256; expected 512 to 2048 in steps of 512",
            );
            expect(
                (await failure({ serviceSettings: { petstore: { desiredCount: 9, maxCount: 4 } } })).message,
            ).to.include(
                "EcsApi pets: serviceSettings.petstore.desiredCount 9 is out of range; expected a whole number from 2 to 4",
            );
        });

        it("rejects a WAF rate limit under WAF's minimum", async () => {
            const { message, declared } = await failure({ waf: { rateLimitPerMinute: 1 } });
            expect(message).to.include("EcsApi pets: rateLimitPerMinute 1 is outside what WAF accepts");
            expect(declared).to.deep.equal([]);
        });
    });

    describe("LogBucket for ELB access logs", () => {
        it("takes exactly one of a KMS key and elbAccessLogs", async () => {
            for (const args of [{}, { kmsKeyArn: LOG_KEY, elbAccessLogs: true }]) {
                let message = "";
                try {
                    await runProgram(() => {
                        new LogBucket("logs", {
                            accountId: ACCOUNT,
                            region: REGION,
                            retentionDays: 30,
                            ...args,
                        });
                    });
                } catch (e) {
                    message = String(e);
                }
                expect(message).to.include(
                    "LogBucket logs: give exactly one of kmsKeyArn (SSE-KMS) or elbAccessLogs (SSE-S3, as ELB requires)",
                );
            }
        });

        it("allows only the service principal in Regions opened after August 2022", async () => {
            const recorded = await runProgram(
                () => {
                    new LogBucket("logs", {
                        accountId: ACCOUNT,
                        region: "eu-central-2",
                        retentionDays: 30,
                        elbAccessLogs: true,
                    });
                },
                { accountId: ACCOUNT, region: "eu-central-2" },
            );
            const sids = statementsOf(recorded.find(T.bucketPolicy, "logs-policy").inputs.policy).map(
                (s) => s.Sid,
            );
            expect(sids).to.include("ElbLogDeliveryWrite").and.not.to.include("ElbRegionalAccountWrite");
        });
    });
});
