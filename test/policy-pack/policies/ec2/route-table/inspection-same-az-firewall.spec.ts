import { expect } from "chai";
import { routeTableInspectionSameAzFirewall as policy } from "../../../../../policy-pack/policies/ec2/route-table/inspection-same-az-firewall";
import { mutate, networkDev } from "../../../recorded";
import { stackViolations } from "../../../support";

const ROUTE = "aws:ec2/route:Route";

describe("ec2-route-table-inspection-same-az-firewall", () => {
    for (const preview of [false, true]) {
        it(`passes the inspection VPC of network-dev (${preview ? "preview" : "update"})`, async () => {
            expect(await stackViolations(policy, await networkDev(preview))).to.deep.equal([]);
        });
    }

    it("flags a tgw-subnet route to another AZ's endpoint once IDs are known", async () => {
        const resources = await networkDev(false);
        const other = resources.find((r) => r.name === "inspection-public-eu-west-1b-supernet")!;
        const broken = mutate(
            resources,
            (r) => r.name === "inspection-tgw-eu-west-1a-default",
            (r) => ({ ...r, props: { ...r.props, vpcEndpointId: other.props.vpcEndpointId } }),
        );
        const violations = await stackViolations(policy, broken);
        expect(violations.map((v) => v.message)).to.deep.equal([
            "route table 'inspection-tgw-eu-west-1a-rt' (tgw, eu-west-1a) sends 0.0.0.0/0 to the firewall endpoint of eu-west-1b; use the endpoint of eu-west-1a.",
        ]);
        expect(violations[0].urn).to.match(/inspection-tgw-eu-west-1a-default$/);
    });

    it("flags a public-subnet return route that does not come from the firewall in a preview", async () => {
        const broken = mutate(
            await networkDev(true),
            (r) => r.type === ROUTE && r.name === "inspection-public-eu-west-1a-supernet",
            (r) => ({
                ...r,
                props: { ...r.props, gatewayId: "igw-1" },
                propertyDependencies: { routeTableId: r.propertyDependencies.routeTableId },
            }),
        );
        expect((await stackViolations(policy, broken)).map((v) => v.message)).to.deep.equal([
            "route table 'inspection-public-eu-west-1a-rt' (public, eu-west-1a) sends 10.64.0.0/12 past the firewall; route it to the firewall endpoint of eu-west-1a.",
        ]);
    });

    it("flags a tgw subnet whose default route is missing", async () => {
        const broken = mutate(
            await networkDev(true),
            (r) => r.name === "inspection-tgw-eu-west-1b-default",
            () => undefined,
        );
        expect((await stackViolations(policy, broken)).map((v) => v.message)).to.deep.equal([
            "route table 'inspection-tgw-eu-west-1b-rt' (tgw, eu-west-1b) has no route through the firewall.",
        ]);
    });
});
