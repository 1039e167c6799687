import { expect } from "chai";
import { runEnvironment, type Recorded, type RecordedResource } from "../harness";
import { FLOWS_FIXTURE } from "./flows-fixture";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SUBNET = "aws:ec2/subnet:Subnet";
const FUNCTION = "aws:lambda/function:Function";

const interfaceEndpoints = (run: Recorded) =>
    run
        .all(ENDPOINT)
        .filter((e) => e.inputs.vpcEndpointType === "Interface")
        .map((e) => String(e.inputs.serviceName));
const egressOf = (run: Recorded, group: RecordedResource) =>
    run.all(EGRESS).filter((r) => r.inputs.securityGroupId === group.id);

describe("workload flows have endpoints and security-group rules (lab fixture)", () => {
    let lab: Record<string, Recorded>;
    before(async function () {
        this.timeout(180_000);
        lab = await runEnvironment("lab", { root: FLOWS_FIXTURE, only: (s) => s !== "security-lab-dr" });
    });

    describe("ecs-api: Fargate tasks can pull their images and ship their logs", () => {
        it("gets ECR API, ECR registry and Logs interface endpoints with private DNS in the workload subnets", () => {
            const shop = lab["spoke-shop-lab"];
            expect(interfaceEndpoints(shop)).to.have.members([
                "com.amazonaws.us-east-2.ecr.api",
                "com.amazonaws.us-east-2.ecr.dkr",
                "com.amazonaws.us-east-2.logs",
            ]);
            const workloadSubnets = shop
                .all(SUBNET)
                .filter(
                    (s) =>
                        (s.inputs.tags as Record<string, string>)["hub-network:subnet-tier"] === "workload",
                )
                .map((s) => s.id);
            const group = shop.find(SG, "shop-endpoints");
            for (const e of shop.all(ENDPOINT).filter((x) => x.inputs.vpcEndpointType === "Interface")) {
                expect(e.inputs.privateDnsEnabled, e.name).to.equal(true);
                expect(e.inputs.subnetIds).to.have.members(workloadSubnets);
                expect(e.inputs.securityGroupIds).to.deep.equal([group.id]);
            }
            // HTTPS in from the VPC (the tasks among it)
            const ingress = group.inputs.ingress as Record<string, unknown>[];
            expect(ingress).to.deep.equal([
                {
                    description: "HTTPS from the spoke VPC",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: [shop.outputs.vpcCidr],
                },
            ]);
        });

        it("lets the tasks out on 443 to the endpoints' group and the S3 and DynamoDB prefix lists only", () => {
            const shop = lab["spoke-shop-lab"];
            const tasks = shop.find(SG, "shop-tasks-sg");
            const endpoints = shop.find(SG, "shop-endpoints");
            const s3 = shop.find(ENDPOINT, "shop-s3");
            const dynamodb = shop.find(ENDPOINT, "shop-dynamodb");
            const peers = egressOf(shop, tasks).map((r) => [
                r.inputs.ipProtocol,
                r.inputs.fromPort,
                r.inputs.toPort,
                r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId ?? r.inputs.cidrIpv4,
            ]);
            expect(peers).to.have.deep.members([
                ["tcp", 443, 443, endpoints.id],
                ["tcp", 443, 443, s3.outputs.prefixListId],
                ["tcp", 443, 443, dynamodb.outputs.prefixListId],
            ]);
        });
    });

    describe("the S3 gateway endpoint admits the organization's buckets and ECR's layers only", () => {
        const policyOf = (run: Recorded, name: string) =>
            JSON.parse(String(run.find(ENDPOINT, name).inputs.policy)) as {
                Statement: Record<string, unknown>[];
            };

        it("allows the organization's buckets to its principals, and GetObject on the region's ECR layer bucket", () => {
            expect(policyOf(lab["spoke-shop-lab"], "shop-s3").Statement).to.deep.equal([
                {
                    Sid: "OrganizationBuckets",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "aws:ResourceOrgID": "o-lab0000001",
                            "aws:PrincipalOrgID": "o-lab0000001",
                        },
                    },
                },
                {
                    Sid: "AwsOwnedObjects",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: ["arn:aws:s3:::prod-us-east-2-starport-layer-bucket/*"],
                },
            ]);
        });

        it("admits no AWS-owned bucket where no flow reads one (a lambda-api spoke, its DR VPC)", () => {
            for (const name of ["ledger-s3", "ledger-dr-s3"]) {
                expect(policyOf(lab["spoke-ledger-lab"], name).Statement.map((s) => s.Sid)).to.deep.equal([
                    "OrganizationBuckets",
                ]);
            }
        });
    });

    describe("lambda-api: active tracing reaches X-Ray", () => {
        it("gets an X-Ray interface endpoint, and the functions' group may reach it on 443", () => {
            const ledger = lab["spoke-ledger-lab"];
            expect(interfaceEndpoints(ledger)).to.deep.equal(["com.amazonaws.us-east-2.xray"]);
            for (const fn of ledger.all(FUNCTION)) {
                expect(fn.inputs.tracingConfig).to.deep.equal({ mode: "Active" });
            }
            const functions = ledger.find(SG, "ledger-fn-sg");
            const endpoints = ledger.find(SG, "ledger-endpoints");
            const peers = egressOf(ledger, functions)
                .filter((r) => r.inputs.cidrIpv4 === undefined)
                .map((r) => r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId);
            expect(peers).to.have.members([
                endpoints.id,
                ledger.find(ENDPOINT, "ledger-dynamodb").outputs.prefixListId,
            ]);
        });

        it("lets the functions out to what the spoke declares: a host on its port, a range on its port", () => {
            // A security group names addresses, never host names: the host's flow leaves on its port
            // to any address, and the hub firewall's allow-list decides by the name the client asks for.
            const ledger = lab["spoke-ledger-lab"];
            const functions = ledger.find(SG, "ledger-fn-sg");
            const declared = egressOf(ledger, functions)
                .filter((r) => r.inputs.cidrIpv4 !== undefined)
                .map((r) => [
                    r.name,
                    r.inputs.ipProtocol,
                    r.inputs.fromPort,
                    r.inputs.toPort,
                    r.inputs.cidrIpv4,
                ]);
            expect(declared).to.have.deep.members([
                ["ledger-fn-egress-api-bank-example-com-tcp-443", "tcp", 443, 443, "0.0.0.0/0"],
                ["ledger-fn-egress-192-168-40-0-24-tcp-1521", "tcp", 1521, 1521, "192.168.40.0/24"],
            ]);
        });

        it("builds no workload endpoints in the DR VPC, where the workload does not run", () => {
            const ledger = lab["spoke-ledger-lab"];
            const drVpc = ledger.find("aws:ec2/vpc:Vpc", "ledger-dr-vpc");
            const drInterface = ledger
                .all(ENDPOINT)
                .filter((e) => e.inputs.vpcId === drVpc.id && e.inputs.vpcEndpointType === "Interface");
            expect(drInterface).to.deep.equal([]);
        });
    });
});
