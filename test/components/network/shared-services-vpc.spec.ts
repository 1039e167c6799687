import { expect } from "chai";
import { SharedServicesVpc } from "../../../components/network/shared-services-vpc";
import { runProgram, type Recorded } from "../../harness";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const TGW_ASSOC = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation";
const TGW_PROP = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

const TGW = "tgw-0123456789abcdef0";
const SPOKES = "tgw-rtb-0000000000000spoke";
const INSPECTION = "tgw-rtb-00000000000inspect";

function runVpc(): Promise<Recorded> {
    return runProgram(() => {
        const vpc = new SharedServicesVpc("shared-services", {
            accountId: "111111111111",
            region: "eu-west-1",
            cidrBlock: "10.64.1.0/24",
            availabilityZones: ["eu-west-1a", "eu-west-1b"],
            transitGatewayId: TGW,
            spokeRouteTableId: SPOKES,
            inspectionRouteTableId: INSPECTION,
            flowLogs: {
                kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                retentionDays: 30,
                logGroupPrefix: "/test/flow-logs",
            },
            tags: { owner: "network-team" },
        });
        return { vpcId: vpc.vpcId, attachmentId: vpc.attachmentId };
    });
}

describe("SharedServicesVpc", () => {
    let run: Recorded;
    before(async () => {
        run = await runVpc();
    });

    it("tags the VPC shared-services and plans a tgw and a resolver /28 per AZ", () => {
        const vpc = run.find(VPC, "shared-services-vpc");
        expect((vpc.inputs.tags as Record<string, string>)["hub-network:vpc-role"]).to.equal(
            "shared-services",
        );
        expect(
            run
                .all(SUBNET)
                .map(
                    (s) =>
                        `${String((s.inputs.tags as Record<string, string>)["hub-network:subnet-tier"])} ${String(s.inputs.cidrBlock)}`,
                ),
        ).to.deep.equal([
            "tgw 10.64.1.0/28",
            "tgw 10.64.1.16/28",
            "resolver 10.64.1.32/28",
            "resolver 10.64.1.48/28",
        ]);
        expect(run.all(SUBNET).every((s) => s.inputs.mapPublicIpOnLaunch === false)).to.equal(true);
        expect(run.all(FLOW_LOG)).to.have.length(1);
        expect(run.all(FLOW_LOG)[0].inputs).to.deep.include({ vpcId: vpc.id, trafficType: "ALL" });
    });

    it("attaches the tgw subnets with default association and propagation off", () => {
        const attachment = run.find(ATTACHMENT, "shared-services-attachment");
        const tgwSubnets = run.all(SUBNET).filter((s) => String(s.name).includes("-tgw-"));
        expect(attachment.inputs).to.deep.include({
            transitGatewayId: TGW,
            vpcId: run.outputs.vpcId,
            transitGatewayDefaultRouteTableAssociation: false,
            transitGatewayDefaultRouteTablePropagation: false,
        });
        expect(attachment.inputs.subnetIds).to.deep.equal(tgwSubnets.map((s) => s.id));
    });

    it("associates with the spokes table and propagates into the inspection table, like a spoke", () => {
        expect(run.all(TGW_ASSOC).map((a) => a.inputs)).to.deep.equal([
            { transitGatewayAttachmentId: run.outputs.attachmentId, transitGatewayRouteTableId: SPOKES },
        ]);
        expect(run.all(TGW_PROP).map((a) => a.inputs)).to.deep.equal([
            { transitGatewayAttachmentId: run.outputs.attachmentId, transitGatewayRouteTableId: INSPECTION },
        ]);
    });

    it("sends 0.0.0.0/0 from every route table to the Transit Gateway, after the attachment", () => {
        const attachment = run.find(ATTACHMENT, "shared-services-attachment");
        const tables = run.all(ROUTE_TABLE);
        expect(tables).to.have.length(4);
        expect(run.all(ROUTE)).to.have.length(4);
        for (const table of tables) {
            const routes = run.all(ROUTE).filter((r) => r.inputs.routeTableId === table.id);
            expect(
                routes.map((r) => [r.inputs.destinationCidrBlock, r.inputs.transitGatewayId]),
            ).to.deep.equal([["0.0.0.0/0", TGW]]);
            expect(routes[0].dependencies).to.include(attachment.urn);
        }
        expect(run.all("aws:ec2/internetGateway:InternetGateway")).to.have.length(0);
        expect(run.all("aws:ec2/natGateway:NatGateway")).to.have.length(0);
    });
});
