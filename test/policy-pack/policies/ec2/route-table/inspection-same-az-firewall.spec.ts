import { expect } from "chai";
import { routeTableInspectionSameAzFirewall as policy } from "../../../../../policy-pack/policies/ec2/route-table/inspection-same-az-firewall";
import { mutate, networkDev } from "../../../recorded";
import { stackViolations } from "../../../support";

const ROUTE = "aws:ec2/route:Route";

/** The inspection VPC's AZ names in the network account, in its AZ order (the mock maps names per account). */
function azsOf(resources: Awaited<ReturnType<typeof networkDev>>): string[] {
    return resources
        .filter((r) => r.type === "aws:ec2/subnet:Subnet" && r.name.startsWith("inspection-tgw-"))
        .map((r) => String(r.props.availabilityZone));
}

describe("ec2-route-table-inspection-same-az-firewall", () => {
    for (const preview of [false, true]) {
        it(`passes the inspection VPC of network-dev (${preview ? "preview" : "update"})`, async () => {
            expect(await stackViolations(policy, await networkDev(preview))).to.deep.equal([]);
        });
    }

    it("flags a tgw-subnet route to another AZ's endpoint once IDs are known", async () => {
        const resources = await networkDev(false);
        const [a, b] = azsOf(resources);
        const other = resources.find((r) => r.name === `inspection-public-${b}-supernet`)!;
        const broken = mutate(
            resources,
            (r) => r.name === `inspection-tgw-${a}-default`,
            (r) => ({ ...r, props: { ...r.props, vpcEndpointId: other.props.vpcEndpointId } }),
        );
        const violations = await stackViolations(policy, broken);
        expect(violations.map((v) => v.message)).to.deep.equal([
            `route table 'inspection-tgw-${a}-rt' (tgw, ${a}) sends 0.0.0.0/0 to the firewall endpoint of ${b}; use the endpoint of ${a}.`,
        ]);
        expect(violations[0].urn).to.match(new RegExp(`inspection-tgw-${a}-default$`));
    });

    it("flags a public-subnet return route that does not come from the firewall in a preview", async () => {
        const resources = await networkDev(true);
        const [a] = azsOf(resources);
        const broken = mutate(
            resources,
            (r) => r.type === ROUTE && r.name === `inspection-public-${a}-supernet`,
            (r) => ({
                ...r,
                props: { ...r.props, gatewayId: "igw-1" },
                propertyDependencies: { routeTableId: r.propertyDependencies.routeTableId },
            }),
        );
        expect((await stackViolations(policy, broken)).map((v) => v.message)).to.deep.equal([
            `route table 'inspection-public-${a}-rt' (public, ${a}) sends 10.64.0.0/12 past the firewall; route it to the firewall endpoint of ${a}.`,
        ]);
    });

    it("flags a tgw subnet whose default route is missing", async () => {
        const resources = await networkDev(true);
        const [, b] = azsOf(resources);
        const broken = mutate(
            resources,
            (r) => r.name === `inspection-tgw-${b}-default`,
            () => undefined,
        );
        expect((await stackViolations(policy, broken)).map((v) => v.message)).to.deep.equal([
            `route table 'inspection-tgw-${b}-rt' (tgw, ${b}) has no route through the firewall.`,
        ]);
    });
});
