import { expect } from "chai";
import { routeTableSpokeDefaultRouteToTgw as policy } from "../../../../../policy-pack/policies/ec2/route-table/spoke-default-route-to-tgw";
import { res, stackViolations } from "../../../support";

const vpc = res("aws:ec2/vpc:Vpc", "app", { tags: { "hub-network:vpc-role": "spoke" } });
const table = res("aws:ec2/routeTable:RouteTable", "app-rt", {}, { propertyDependencies: { vpcId: [vpc] } });
const tgw = res("aws:ec2transitgateway/transitGateway:TransitGateway", "hub", {});
const igw = res("aws:ec2/internetGateway:InternetGateway", "igw", {});
const route = (target: Record<string, unknown>, deps: Record<string, (typeof tgw)[]> = {}) =>
    res(
        "aws:ec2/route:Route",
        "app-default",
        { destinationCidrBlock: "0.0.0.0/0", ...target },
        { propertyDependencies: { routeTableId: [table], ...deps } },
    );

describe("ec2-route-table-spoke-default-route-to-tgw", () => {
    it("passes a default route to the TGW, known or unknown (preview)", async () => {
        expect(
            await stackViolations(policy, [vpc, table, route({ transitGatewayId: "tgw-1" })]),
        ).to.deep.equal([]);
        expect(
            await stackViolations(policy, [vpc, table, tgw, route({}, { transitGatewayId: [tgw] })]),
        ).to.deep.equal([]);
    });

    it("flags a default route to an internet gateway", async () => {
        const broken = route({}, { gatewayId: [igw] });
        expect(
            (await stackViolations(policy, [vpc, table, igw, broken])).map((v) => v.message),
        ).to.deep.equal([
            "route table 'app-rt' of spoke VPC 'app' sends 0.0.0.0/0 to gatewayId; send it to the Transit Gateway.",
        ]);
    });

    it("flags an inline default route to a NAT gateway", async () => {
        const inline = res(
            "aws:ec2/routeTable:RouteTable",
            "app-rt",
            { routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }] },
            { propertyDependencies: { vpcId: [vpc] } },
        );
        expect((await stackViolations(policy, [vpc, inline])).map((v) => v.message)).to.deep.equal([
            "route table 'app-rt' of spoke VPC 'app' sends 0.0.0.0/0 to natGatewayId; send it to the Transit Gateway.",
        ]);
    });
});
