import { expect } from "chai";
import { vpcSpokeNoInternetEdge as policy } from "../../../../../policy-pack/policies/ec2/vpc/spoke-no-internet-edge";
import { res, stackViolations } from "../../../support";

const tags = { "hub-network:vpc-role": "spoke" };
const vpc = res("aws:ec2/vpc:Vpc", "app", { cidrBlock: "10.64.32.0/24", tags });
const subnet = res("aws:ec2/subnet:Subnet", "app-a", {}, { propertyDependencies: { vpcId: [vpc] } });

describe("ec2-vpc-spoke-no-internet-edge", () => {
    it("passes a spoke with only subnets", async () => {
        expect(await stackViolations(policy, [vpc, subnet])).to.deep.equal([]);
    });

    it("flags an internet gateway in a spoke (matched by ID once known)", async () => {
        const known = res("aws:ec2/vpc:Vpc", "app", {
            ...vpc.props,
            arn: "arn:aws:ec2:eu-west-1:1:vpc/vpc-1",
        });
        const igw = res("aws:ec2/internetGateway:InternetGateway", "app-igw", { vpcId: "vpc-1" });
        expect((await stackViolations(policy, [known, igw])).map((v) => v.message)).to.deep.equal([
            "spoke VPC 'app' has internet gateway 'app-igw'; spokes reach the internet through the hub.",
        ]);
    });

    it("flags a public NAT gateway and its Elastic IP in a preview", async () => {
        const eip = res("aws:ec2/eip:Eip", "app-nat", { domain: "vpc" });
        const nat = res(
            "aws:ec2/natGateway:NatGateway",
            "app-nat",
            {},
            { propertyDependencies: { subnetId: [subnet], allocationId: [eip] } },
        );
        expect((await stackViolations(policy, [vpc, subnet, eip, nat])).map((v) => v.message)).to.deep.equal([
            "spoke VPC 'app' has public NAT gateway 'app-nat'; spokes reach the internet through the hub.",
            "spoke VPC 'app' uses Elastic IP 'app-nat'; spokes have no public addresses.",
        ]);
    });

    it("leaves hub VPCs alone", async () => {
        const hub = res("aws:ec2/vpc:Vpc", "hub", { tags: { "hub-network:vpc-role": "inspection" } });
        const igw = res(
            "aws:ec2/internetGateway:InternetGateway",
            "hub-igw",
            {},
            { propertyDependencies: { vpcId: [hub] } },
        );
        expect(await stackViolations(policy, [hub, igw])).to.deep.equal([]);
    });
});
