import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { SpokeVpc, type SpokeVpcArgs } from "../../../components/network/spoke-vpc";
import { spokeTiers } from "../../../components/network/spoke-plan";
import { planSubnets } from "../../../components/network/subnet-plan";
import { isUnknown, runProgram, type Recorded, type RecordedResource } from "../../harness";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const ACCEPTER = "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter";
const TGW_ASSOC = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation";
const TGW_PROP = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const PROVIDER = "pulumi:providers:aws";

const TGW = "tgw-0123456789abcdef0";
const SPOKES = "tgw-rtb-0000000000000spoke";
const INSPECTION = "tgw-rtb-00000000000inspect";
const AZS = ["eu-west-1a", "eu-west-1b"];
const REGISTRAR = "arn:aws:lambda:eu-west-1:111111111111:function:hub-network-dev-onboarding-registrar";
const INVOCATION = "aws:lambda/invocation:Invocation";

const tags = (r: RecordedResource) => (r.inputs.tags ?? {}) as Record<string, string>;

function runSpoke(extra: Partial<SpokeVpcArgs> = {}, preview = false): Promise<Recorded> {
    return runProgram(
        () => {
            const hub = new aws.Provider("hub", { region: "eu-west-1" });
            const vpc = new SpokeVpc("pets", {
                accountId: "333333333333",
                region: "eu-west-1",
                cidrBlock: "10.72.0.0/20",
                availabilityZones: AZS,
                transitGatewayId: TGW,
                spokeRouteTableId: SPOKES,
                inspectionRouteTableId: INSPECTION,
                hubProvider: hub,
                registrarFunctionArn: REGISTRAR,
                flowLogs: {
                    kmsKeyArn: "arn:aws:kms:eu-west-1:333333333333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                    retentionDays: 30,
                    logGroupPrefix: "/test/flow-logs",
                },
                tags: { owner: "pets-team" },
                ...extra,
            });
            return { vpcId: vpc.vpcId, cidr: vpc.cidrBlock, attachmentId: vpc.attachmentId };
        },
        { accountId: "333333333333", preview },
    );
}

/** True when `resource` was declared with the provider named `name`. */
function usesProvider(run: Recorded, resource: RecordedResource, name: string): boolean {
    const provider = run.find(PROVIDER, name);
    return (resource.provider ?? "").startsWith(`${provider.urn}::`);
}

describe("SpokeVpc", () => {
    describe("with every optional tier (update)", () => {
        let run: Recorded;
        before(async () => {
            run = await runSpoke({
                optionalTiers: { vpclink: true, gwlbe: true },
                interfaceEndpoints: ["ssm", "ecr.api"],
            });
        });

        it("tags the VPC spoke and lays out workload, tgw, vpclink and gwlbe subnets per AZ", () => {
            expect(tags(run.find(VPC, "pets-vpc"))["hub-network:vpc-role"]).to.equal("spoke");
            expect(
                run
                    .all(SUBNET)
                    .map((s) => `${tags(s)["hub-network:subnet-tier"]} ${String(s.inputs.cidrBlock)}`),
            ).to.deep.equal([
                "workload 10.72.0.0/23",
                "workload 10.72.2.0/23",
                "tgw 10.72.8.0/28",
                "tgw 10.72.8.16/28",
                "vpclink 10.72.8.64/26",
                "vpclink 10.72.8.128/26",
                "gwlbe 10.72.9.64/28",
                "gwlbe 10.72.9.80/28",
            ]);
            expect(run.all(SUBNET).every((s) => s.inputs.mapPublicIpOnLaunch === false)).to.equal(true);
        });

        it("has no internet edge: no internet gateway, NAT gateway or Elastic IP", () => {
            const counts = run.counts();
            expect(counts["aws:ec2/internetGateway:InternetGateway"]).to.equal(undefined);
            expect(counts["aws:ec2/natGateway:NatGateway"]).to.equal(undefined);
            expect(counts["aws:ec2/eip:Eip"]).to.equal(undefined);
        });

        it("attaches from the tgw subnets, leaving the shared TGW's default tables to the accepter", () => {
            const attachment = run.find(ATTACHMENT, "pets-attachment");
            const tgwSubnets = run.all(SUBNET).filter((s) => tags(s)["hub-network:subnet-tier"] === "tgw");
            expect(attachment.inputs.subnetIds).to.deep.equal(tgwSubnets.map((s) => s.id));
            expect(attachment.inputs.transitGatewayId).to.equal(TGW);
            // The provider reads these back as true on a TGW of another account (RAM share): set to
            // false they would show a diff in every preview (transitgateway_vpc_attachment.go).
            expect(attachment.inputs).to.not.have.any.keys(
                "transitGatewayDefaultRouteTableAssociation",
                "transitGatewayDefaultRouteTablePropagation",
            );
            const accepter = run.find(ACCEPTER, "pets-accepter");
            expect(accepter.inputs.transitGatewayDefaultRouteTableAssociation).to.equal(false);
            expect(accepter.inputs.transitGatewayDefaultRouteTablePropagation).to.equal(false);
        });

        it("has the hub's registrar register the attachment before accepting it, through the hub provider", () => {
            const attachment = run.find(ATTACHMENT, "pets-attachment");
            const registration = run.find(INVOCATION, "pets-registration");
            expect(registration.inputs).to.deep.include({
                functionName: REGISTRAR,
                input: JSON.stringify({ attachment: attachment.id }),
            });
            expect(usesProvider(run, registration, "hub")).to.equal(true);
            expect(run.find(ACCEPTER, "pets-accepter").dependencies).to.include(registration.urn);
        });

        it("accepts, associates with spokes and propagates into inspection through the hub provider", () => {
            const attachment = run.find(ATTACHMENT, "pets-attachment");
            const accepter = run.find(ACCEPTER, "pets-accepter");
            const association = run.find(TGW_ASSOC, "pets-spokes-association");
            const propagation = run.find(TGW_PROP, "pets-inspection-propagation");
            expect(accepter.inputs.transitGatewayAttachmentId).to.equal(attachment.id);
            expect(tags(accepter)["hub-network:vpc-role"]).to.equal("spoke");
            expect(association.inputs).to.include({
                transitGatewayAttachmentId: attachment.id,
                transitGatewayRouteTableId: SPOKES,
            });
            expect(propagation.inputs).to.include({
                transitGatewayAttachmentId: attachment.id,
                transitGatewayRouteTableId: INSPECTION,
            });
            for (const hubSide of [accepter, association, propagation]) {
                expect(usesProvider(run, hubSide, "hub"), hubSide.name).to.equal(true);
            }
        });

        it("keeps every spoke-side resource on the default provider", () => {
            const hubSide = new Set([ACCEPTER, TGW_ASSOC, TGW_PROP, INVOCATION]);
            const spokeSide = run.resources.filter(
                (r) => r.custom && !r.type.startsWith("pulumi:providers:") && !hubSide.has(r.type),
            );
            expect(spokeSide.length).to.be.greaterThan(20);
            for (const r of spokeSide) {
                expect(usesProvider(run, r, "hub"), `${r.type} ${r.name}`).to.equal(false);
            }
        });

        it("sends every route table's default route to the TGW, after the acceptance", () => {
            const tables = run.all(ROUTE_TABLE);
            const accepter = run.find(ACCEPTER, "pets-accepter");
            const defaults = run.all(ROUTE).filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0");
            expect(defaults.map((r) => r.inputs.routeTableId).sort()).to.deep.equal(
                tables.map((t) => t.id).sort(),
            );
            for (const route of defaults) {
                expect(route.inputs.transitGatewayId).to.equal(TGW);
                expect(route.dependencies).to.include(accepter.urn);
            }
            expect(run.all(ROUTE)).to.have.length(tables.length);
        });

        it("puts S3 and DynamoDB gateway endpoints on every route table", () => {
            const tables = run
                .all(ROUTE_TABLE)
                .map((t) => t.id)
                .sort();
            for (const service of ["s3", "dynamodb"]) {
                const endpoint = run.find(ENDPOINT, `pets-${service}`);
                expect(endpoint.inputs.serviceName).to.equal(`com.amazonaws.eu-west-1.${service}`);
                expect(endpoint.inputs.vpcEndpointType).to.equal("Gateway");
                expect([...(endpoint.inputs.routeTableIds as string[])].sort()).to.deep.equal(tables);
            }
        });

        it("puts requested interface endpoints in the workload subnets behind HTTPS-from-the-VPC", () => {
            const workload = run
                .all(SUBNET)
                .filter((s) => tags(s)["hub-network:subnet-tier"] === "workload")
                .map((s) => s.id);
            const sg = run.find(SG, "pets-endpoints");
            expect(sg.inputs.ingress).to.deep.equal([
                {
                    description: "HTTPS from the spoke VPC",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["10.72.0.0/20"],
                },
            ]);
            expect(sg.inputs.egress).to.deep.equal([]);
            for (const [service, child] of [
                ["ssm", "pets-ssm"],
                ["ecr.api", "pets-ecr-api"],
            ]) {
                const endpoint = run.find(ENDPOINT, child);
                expect(endpoint.inputs).to.include({
                    serviceName: `com.amazonaws.eu-west-1.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                });
                expect(endpoint.inputs.subnetIds).to.deep.equal(workload);
                expect(endpoint.inputs.securityGroupIds).to.deep.equal([sg.id]);
            }
        });

        it("logs all traffic to the encrypted flow-log group", () => {
            const flowLog = run.find(FLOW_LOG, "pets-flow-logs-flow-log");
            expect(flowLog.inputs.trafficType).to.equal("ALL");
            expect(flowLog.inputs.vpcId).to.equal(run.find(VPC, "pets-vpc").id);
        });
    });

    describe("with only the required tiers", () => {
        it("lays out workload and tgw subnets where the full layout puts them, and no endpoint group", async () => {
            const run = await runSpoke();
            expect(run.all(SUBNET).map((s) => String(s.inputs.cidrBlock))).to.deep.equal([
                "10.72.0.0/23",
                "10.72.2.0/23",
                "10.72.8.0/28",
                "10.72.8.16/28",
            ]);
            expect(run.all(SG)).to.have.length(0);
            expect(run.all(ENDPOINT).map((e) => e.name)).to.deep.equal(["pets-s3", "pets-dynamodb"]);
        });

        it("refuses more AZs than the layout reserves, and a service listed twice", async () => {
            const five = ["a", "b", "c", "d", "e"].map((l) => `eu-west-1${l}`);
            let error: unknown;
            try {
                await runSpoke({ availabilityZones: five });
            } catch (e) {
                error = e;
            }
            expect(String(error)).to.include("SpokeVpc pets: 5 availability zones given; expected 1 to 4");
            error = undefined;
            try {
                await runSpoke({ interfaceEndpoints: ["ssm", "ssm"] });
            } catch (e) {
                error = e;
            }
            expect(String(error)).to.include("SpokeVpc pets: interface endpoint ssm is listed twice");
        });
    });

    describe("with a CIDR from IPAM", () => {
        const ipam = { ipamPoolId: "ipam-pool-0123456789abcdef0", netmaskLength: 20 };

        it("asks the pool for a /20 and leaves subnet CIDRs unknown in a preview", async () => {
            const run = await runSpoke({ cidrBlock: ipam, optionalTiers: { vpclink: true } }, true);
            const vpc = run.find(VPC, "pets-vpc");
            expect(vpc.inputs.ipv4IpamPoolId).to.equal(ipam.ipamPoolId);
            expect(vpc.inputs.ipv4NetmaskLength).to.equal(20);
            expect(vpc.inputs.cidrBlock).to.equal(undefined);
            expect(run.all(SUBNET)).to.have.length(6);
            expect(run.all(SUBNET).every((s) => isUnknown(s.inputs.cidrBlock))).to.equal(true);
            expect(run.all(ROUTE)).to.have.length(6);
        });

        it("plans the subnets inside the allocated CIDR once it is known", async () => {
            const run = await runSpoke({ cidrBlock: ipam, optionalTiers: { vpclink: true } });
            const allocated = String(run.outputs.cidr);
            const expected = planSubnets({
                vpcCidr: allocated,
                availabilityZones: AZS,
                tiers: spokeTiers(20, { vpclink: true, gwlbe: false }),
                reservedAzSlots: 4,
            });
            expect(allocated).to.match(/^10\.\d+\.\d+\.0\/20$/);
            expect(run.all(SUBNET).map((s) => s.inputs.cidrBlock)).to.deep.equal(
                expected.subnets.map((s) => s.cidr),
            );
        });
    });
});
