import { expect } from "chai";
import type { Document } from "yaml";
import { readStackConfig } from "../../cli/plan/stacks";
import { ConfigError, formatProblem } from "../../stacks/schema/errors";
import { loadSpokeRequest } from "../../stacks/schema/spoke";
import { loadStackContext } from "../../stacks/schema/stack-config";
import { runEnvironment, type Recorded } from "../harness";
import { FLOWS_FIXTURE, flowsProject } from "./flows-fixture";

const TGW_TABLE = "aws:ec2transitgateway/routeTable:RouteTable";
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";
const ASSOCIATION = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation";
const PROPAGATION = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation";

/** The static routes of TGW route table `table` of `run`: destination -> attachment. */
function routesOf(run: Recorded, table: string): Record<string, unknown> {
    const id = run.find(TGW_TABLE, table).id;
    return Object.fromEntries(
        run
            .all(TGW_ROUTE)
            .filter((r) => r.inputs.transitGatewayRouteTableId === id)
            .map((r) => [r.inputs.destinationCidrBlock, r.inputs.transitGatewayAttachmentId]),
    );
}

describe("on-premises routing: each region advertises only its own ranges (lab fixture)", () => {
    let lab: Record<string, Recorded>;
    before(async function () {
        this.timeout(180_000);
        lab = await runEnvironment("lab", { root: FLOWS_FIXTURE, only: (s) => s !== "security-lab-dr" });
    });

    for (const [stack, sharedServices, spokes] of [
        ["network-lab", "10.32.1.0/24", "10.40.0.0/14"],
        ["network-lab-dr", "10.32.5.0/24", "10.44.0.0/14"],
    ] as const) {
        it(`${stack}: the VPN's own table holds the region's shared services and spoke half, to inspection`, () => {
            const run = lab[stack];
            const inspection = run.outputs.inspectionAttachmentId;
            expect(routesOf(run, "on-premises-vpn-routes")).to.deep.equal({
                [sharedServices]: inspection,
                [spokes]: inspection,
            });
            const association = run.find(ASSOCIATION, "on-premises-vpn-association");
            expect(association.inputs.transitGatewayRouteTableId).to.equal(
                run.find(TGW_TABLE, "on-premises-vpn-routes").id,
            );
        });
    }

    it("never associates the VPN with the spokes table, whose default route a BGP peer would learn", () => {
        for (const stack of ["network-lab", "network-lab-dr"]) {
            const run = lab[stack];
            const vpnAttachment = run.outputs.vpnAttachmentId;
            const spokesTable = run.outputs.spokeRouteTableId;
            const vpnAssociations = run
                .all(ASSOCIATION)
                .filter((a) => a.inputs.transitGatewayAttachmentId === vpnAttachment);
            expect(vpnAssociations.map((a) => a.inputs.transitGatewayRouteTableId)).to.not.include(
                spokesTable,
            );
            expect(vpnAssociations).to.have.length(1);
            expect(Object.keys(routesOf(run, "on-premises-vpn-routes"))).to.not.include("0.0.0.0/0");
        }
    });

    it("still sends inspected traffic to on premises through the VPN (propagated into inspection)", () => {
        const run = lab["network-lab"];
        const propagation = run.find(PROPAGATION, "on-premises-vpn-inspection-propagation");
        expect(propagation.inputs).to.include({
            transitGatewayAttachmentId: run.outputs.vpnAttachmentId,
            transitGatewayRouteTableId: run.outputs.inspectionRouteTableId,
        });
    });

    it("refuses a DR spoke range outside the DR region's half of the pool, with a free one as example", () => {
        const file = "stacks/config/Pulumi.spoke-ledger-lab.yaml";
        const root = flowsProject({
            [file]: (doc: Document) => doc.setIn(["config", "hub-network:spoke", "drCidr"], "10.40.32.0/20"),
        });
        const stack = "spoke-ledger-lab";
        let problems: string[] = [];
        try {
            loadSpokeRequest(loadStackContext(stack, readStackConfig(stack, root), root));
        } catch (error) {
            expect(error).to.be.instanceOf(ConfigError);
            problems = (error as ConfigError).problems.map((p) => formatProblem({ ...p, line: undefined }));
        }
        expect(problems).to.deep.equal([
            `${file}: hub-network:spoke.drCidr '10.40.32.0/20' is outside 10.44.0.0/14, the DR region's half of the spoke pool 10.40.0.0/13 of stacks/environments/lab.yaml: each region's VPN advertises only its own half to on premises; expected a range inside it, e.g. 10.44.0.0/20`,
        ]);
    });
});
