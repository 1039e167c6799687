import { expect } from "chai";
import { FlowLogs, type FlowLogsArgs } from "../../../components/shared/flow-logs";
import { LogBucket } from "../../../components/shared/log-bucket";
import { LogKey, type LogKeyArgs } from "../../../components/shared/log-key";
import { runProgram, type Recorded, type RecordedResource } from "../../harness";

// Not the harness defaults, so that a hard-coded account or region would show.
const ACCOUNT = "222233334444";
const REGION = "eu-central-1";
const SCOPE = { accountId: ACCOUNT, region: REGION };
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

interface Statement {
    Sid?: string;
    Effect: string;
    Principal: string | Record<string, string>;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}

const statementsOf = (policy: unknown): Statement[] =>
    (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

const run = (build: () => void) => runProgram(build, { accountId: ACCOUNT, region: REGION });

describe("shared components", () => {
    describe("LogKey", () => {
        const keyRun = (args: Partial<LogKeyArgs> = {}) =>
            run(() => {
                new LogKey("logs", { ...SCOPE, alias: "hub-network/test/logs", ...args });
            });
        const keyOf = (rec: Recorded) => rec.find("aws:kms/key:Key", "logs-key");

        let rec: Recorded;
        before(async () => {
            rec = await keyRun();
        });

        it("turns rotation on, keeps 30 days of deletion window and protects the key", () => {
            const key = keyOf(rec);
            expect(key.inputs.enableKeyRotation).to.equal(true);
            expect(key.inputs.deletionWindowInDays).to.equal(30);
            expect(key.protect).to.equal(true);
        });

        it("lets the account administer the key", () => {
            const admin = statementsOf(keyOf(rec).inputs.policy).find(
                (s) => s.Sid === "AccountAdministration",
            );
            expect(admin).to.deep.include({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "kms:*",
            });
        });

        it("lets CloudWatch Logs of the region use it only for log groups of this account and region", () => {
            const statements = statementsOf(keyOf(rec).inputs.policy);
            const logs = statements.filter(
                (s) =>
                    typeof s.Principal === "object" && s.Principal.Service === `logs.${REGION}.amazonaws.com`,
            );
            expect(logs).to.have.length(1);
            expect(logs[0].Effect).to.equal("Allow");
            expect(logs[0].Action).to.include("kms:GenerateDataKey*").and.to.include("kms:Decrypt*");
            expect(logs[0].Condition).to.deep.equal({
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`,
                },
            });
        });

        it("grants AWS log delivery nothing unless allowLogDelivery is set", () => {
            const principals = statementsOf(keyOf(rec).inputs.policy).map((s) => JSON.stringify(s.Principal));
            expect(principals.join(" ")).not.to.include("delivery.logs.amazonaws.com");
            expect(principals).to.have.length(2);
        });

        it("grants AWS log delivery of this account only with allowLogDelivery", async () => {
            const withDelivery = await keyRun({ allowLogDelivery: true, deletionWindowInDays: 7 });
            const key = keyOf(withDelivery);
            expect(key.inputs.deletionWindowInDays).to.equal(7);
            const delivery = statementsOf(key.inputs.policy).filter(
                (s) =>
                    typeof s.Principal === "object" && s.Principal.Service === "delivery.logs.amazonaws.com",
            );
            expect(delivery).to.have.length(1);
            expect(delivery[0].Effect).to.equal("Allow");
            expect(delivery[0].Action).to.include("kms:GenerateDataKey*");
            expect(delivery[0].Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });

        it("names the key with an alias", () => {
            const alias = rec.find("aws:kms/alias:Alias", "logs-alias");
            expect(alias.inputs.name).to.equal("alias/hub-network/test/logs");
            expect(alias.inputs.targetKeyId).to.equal(keyOf(rec).outputs.keyId);
            expect(keyOf(rec).inputs.tags).to.deep.include({ Name: "hub-network/test/logs" });
        });
    });

    describe("LogBucket", () => {
        let rec: Recorded;
        let bucket: RecordedResource;
        const child = (type: string, name: string) => {
            const found = rec.find(`aws:s3/${type}`, `logs-${name}`);
            expect(found.inputs.bucket, `${type} bucket`).to.equal(bucket.id);
            return found;
        };
        before(async () => {
            rec = await run(() => {
                new LogBucket("logs", { ...SCOPE, kmsKeyArn: KMS_KEY_ARN, retentionDays: 365 });
            });
            bucket = rec.find("aws:s3/bucket:Bucket", "logs-bucket");
        });

        it("protects the bucket and never force-destroys it", () => {
            expect(bucket.protect).to.equal(true);
            expect(bucket.inputs.forceDestroy).to.equal(false);
        });

        it("blocks every kind of public access", () => {
            expect(
                child("bucketPublicAccessBlock:BucketPublicAccessBlock", "public-access").inputs,
            ).to.deep.include({
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
        });

        it("disables ACLs with BucketOwnerEnforced", () => {
            expect(
                child("bucketOwnershipControls:BucketOwnershipControls", "ownership").inputs.rule,
            ).to.deep.equal({
                objectOwnership: "BucketOwnerEnforced",
            });
        });

        it("encrypts with SSE-KMS under the given key", () => {
            const sse = child(
                "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "encryption",
            );
            expect(sse.inputs.rules).to.deep.equal([
                {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: KMS_KEY_ARN,
                    },
                    bucketKeyEnabled: true,
                },
            ]);
        });

        it("turns versioning on", () => {
            expect(
                child("bucketVersioning:BucketVersioning", "versioning").inputs.versioningConfiguration,
            ).to.deep.equal({ status: "Enabled" });
        });

        it("expires objects after retentionDays", () => {
            const rules = child("bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lifecycle")
                .inputs.rules as { status: string; expiration: { days: number } }[];
            expect(rules).to.have.length(1);
            expect(rules[0].status).to.equal("Enabled");
            expect(rules[0].expiration).to.deep.equal({ days: 365 });
        });

        it("denies every request without TLS", () => {
            const policy = child("bucketPolicy:BucketPolicy", "policy");
            const arn = String(bucket.outputs.arn);
            const deny = statementsOf(policy.inputs.policy).filter((s) => s.Effect === "Deny");
            expect(deny).to.deep.equal([
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [arn, `${arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]);
        });

        it("allows only log delivery, and only for this account", () => {
            const policy = child("bucketPolicy:BucketPolicy", "policy");
            const allows = statementsOf(policy.inputs.policy).filter((s) => s.Effect === "Allow");
            expect(allows.map((s) => s.Action).sort()).to.deep.equal(["s3:GetBucketAcl", "s3:PutObject"]);
            for (const statement of allows) {
                expect(statement.Principal, statement.Sid).to.deep.equal({
                    Service: "delivery.logs.amazonaws.com",
                });
                expect(statement.Condition?.StringEquals).to.deep.equal({ "aws:SourceAccount": ACCOUNT });
                expect(statement.Condition?.ArnLike).to.deep.equal({
                    "aws:SourceArn": `arn:aws:logs:${REGION}:${ACCOUNT}:*`,
                });
            }
            const write = allows.find((s) => s.Action === "s3:PutObject");
            expect(write?.Resource).to.equal(`${String(bucket.outputs.arn)}/AWSLogs/${ACCOUNT}/*`);
        });

        it("applies the policy only after the public access block", () => {
            const publicAccess = rec.find(
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                "logs-public-access",
            );
            expect(child("bucketPolicy:BucketPolicy", "policy").dependencies).to.include(publicAccess.urn);
        });
    });

    describe("FlowLogs", () => {
        const flowLogsArgs = (target: Partial<FlowLogsArgs>): FlowLogsArgs => ({
            ...SCOPE,
            kmsKeyArn: KMS_KEY_ARN,
            retentionDays: 90,
            logGroupName: "/hub-network/test/flow-logs/vpc",
            ...target,
        });

        let rec: Recorded;
        let logGroup: RecordedResource;
        let role: RecordedResource;
        before(async () => {
            rec = await run(() => {
                new FlowLogs("vpc-flow", flowLogsArgs({ vpcId: "vpc-0123456789abcdef0" }));
            });
            logGroup = rec.find("aws:cloudwatch/logGroup:LogGroup", "vpc-flow-logs");
            role = rec.find("aws:iam/role:Role", "vpc-flow-role");
        });

        it("writes to a KMS-encrypted log group with the retention", () => {
            expect(logGroup.inputs).to.deep.include({
                name: "/hub-network/test/flow-logs/vpc",
                kmsKeyId: KMS_KEY_ARN,
                retentionInDays: 90,
            });
        });

        it("lets only the flow-logs service of this account assume the role", () => {
            expect(statementsOf(role.inputs.assumeRolePolicy)).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: { "aws:SourceArn": `arn:aws:ec2:${REGION}:${ACCOUNT}:*` },
                    },
                },
            ]);
        });

        it("lets the role write to its log group only", () => {
            const rolePolicies = rec.all("aws:iam/rolePolicy:RolePolicy");
            expect(rolePolicies).to.have.length(1);
            expect(rolePolicies[0].inputs.role).to.equal(role.id);
            const arn = String(logGroup.outputs.arn);
            expect(arn).to.equal(
                `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/hub-network/test/flow-logs/vpc`,
            );
            const statements = statementsOf(rolePolicies[0].inputs.policy);
            expect(statements).to.have.length(2);
            expect(statements[0].Effect).to.equal("Allow");
            expect(statements[0].Resource).to.deep.equal([arn, `${arn}:*`]);
            for (const action of [statements[0].Action].flat()) {
                expect(action).to.match(/^logs:[A-Za-z]+$/);
            }
            expect(statements[0].Action)
                .to.include("logs:PutLogEvents")
                .and.to.include("logs:CreateLogStream");
            // DescribeLogGroups takes no resource (Service Authorization Reference): `*` or nothing.
            expect(statements[1]).to.deep.include({
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "*",
            });
        });

        it("captures ALL traffic of a VPC into the log group through the role", () => {
            const flowLogs = rec.all("aws:ec2/flowLog:FlowLog");
            expect(flowLogs).to.have.length(1);
            expect(flowLogs[0].inputs).to.deep.include({
                vpcId: "vpc-0123456789abcdef0",
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.outputs.arn,
                iamRoleArn: role.outputs.arn,
            });
            expect(flowLogs[0].inputs).not.to.have.property("transitGatewayId");
        });

        it("captures a Transit Gateway without a VPC", async () => {
            const tgw = await run(() => {
                new FlowLogs("tgw-flow", flowLogsArgs({ transitGatewayId: "tgw-0123456789abcdef0" }));
            });
            const flowLog = tgw.find("aws:ec2/flowLog:FlowLog", "tgw-flow-flow-log");
            expect(flowLog.inputs.transitGatewayId).to.equal("tgw-0123456789abcdef0");
            expect(flowLog.inputs).not.to.have.property("vpcId");
            expect(flowLog.inputs.maxAggregationInterval).to.equal(60);
        });

        it("rejects both a VPC and a Transit Gateway, and neither", async () => {
            await run(() => {
                for (const target of [
                    { vpcId: "vpc-0123456789abcdef0", transitGatewayId: "tgw-0123456789abcdef0" },
                    {},
                ]) {
                    expect(() => new FlowLogs("bad", flowLogsArgs(target)), JSON.stringify(target)).to.throw(
                        "FlowLogs bad: give exactly one of vpcId or transitGatewayId",
                    );
                }
            });
        });
    });
});
