/** What the EcsApi specs share: args, a runner, helpers, and the runs they all read. */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { EcsApi, type EcsApiArgs } from "../../../components/workloads/ecs-api";
import { UserPool } from "../../../components/workloads/user-pool";
import { runProgram, type Recorded } from "../../harness";

export const T = {
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

export const ACCOUNT = "222233334444";
export const REGION = "eu-central-1";
export const LOG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VPC_CIDR = "10.90.0.0/20";
export const DDB_PL = "pl-66a5400f";
export const S3_PL = "pl-6ea54007";
export const WORKLOAD = [
    { subnetId: "subnet-0w0000000000000a", availabilityZone: `${REGION}a`, cidr: "10.90.0.0/23" },
    { subnetId: "subnet-0w0000000000000b", availabilityZone: `${REGION}b`, cidr: "10.90.2.0/23" },
];
export const VPCLINK = [
    { subnetId: "subnet-0v0000000000000a", availabilityZone: `${REGION}a`, cidr: "10.90.8.0/26" },
    { subnetId: "subnet-0v0000000000000b", availabilityZone: `${REGION}b`, cidr: "10.90.8.64/26" },
];
export const SERVICES_DIR = path.resolve(__dirname, "../../../services");

export type Overrides = Partial<EcsApiArgs> | ((args: EcsApiArgs) => EcsApiArgs);

export function runEcs(overrides: Overrides = {}, preview = false): Promise<Recorded> {
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

export interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}
export const statementsOf = (policy: unknown): Statement[] =>
    (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

export interface Container {
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

/** The container definition of `service`'s task. */
export const containerOf = (recorded: Recorded, service: string): Container =>
    (
        JSON.parse(
            String(recorded.find(T.taskDef, `pets-${service}-task`).inputs.containerDefinitions),
        ) as Container[]
    )[0];
/** `protocol from-to peer` of every rule of `type` on security group `group`. */
export const rulesOf = (recorded: Recorded, type: string, group: string): string[] => {
    const sg = recorded.find(T.sg, group);
    const nameOf = (id: unknown) => recorded.all(T.sg).find((g) => g.id === id)?.name;
    return recorded
        .all(type)
        .filter((r) => r.inputs.securityGroupId === sg.id)
        .map(
            (r) =>
                `${String(r.inputs.ipProtocol)} ${String(r.inputs.fromPort)}-${String(r.inputs.toPort)} ${String(
                    r.inputs.cidrIpv4 ?? r.inputs.prefixListId ?? nameOf(r.inputs.referencedSecurityGroupId),
                )}`,
        )
        .sort();
};

/** The runs every EcsApi spec reads: HTTP with both services, HTTPS with petstore, and a preview. */
export interface EcsRuns {
    readonly run: Recorded;
    readonly https: Recorded;
    readonly preview: Recorded;
}

let runs: Promise<EcsRuns> | undefined;

/** The shared runs, made once per test process. */
export function ecsRuns(): Promise<EcsRuns> {
    runs ??= (async () => {
        const run = await runEcs();
        const https = await runEcs({
            https: {
                certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`,
                serverName: "pets.internal.example.com",
            },
            services: ["petstore"],
            serviceSettings: undefined,
            containerInsights: "enhanced",
        });
        const preview = await runEcs({}, true);
        return { run, https, preview };
    })();
    return runs;
}
