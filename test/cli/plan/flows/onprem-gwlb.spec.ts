import { expect } from "chai";
import { gwlbChecks } from "../../../../cli/plan/flows/gwlb";
import { flowContext } from "../../../../cli/plan/flows";
import { advertisements, onPremisesChecks } from "../../../../cli/plan/flows/onprem";
import { Inventory, TYPES, type RecordedLike } from "../../../../cli/plan/inventory";
import { Reachability } from "../../../../cli/plan/reachability";
import { hubAndSpokes, rec } from "../topologies";

const ON_PREM = ["172.16.0.0/16"];

function onPrem(association: "spokes" | "inspection") {
    const inventory = new Inventory(hubAndSpokes({ vpn: { association } }));
    const reach = new Reachability(inventory, { onPremisesCidrs: ON_PREM });
    const ctx = flowContext(inventory, reach);
    return { reach, result: onPremisesChecks(inventory, reach, ctx, ON_PREM) };
}

describe("flows: on premises over the VPN", () => {
    it("advertises every route of the table the VPN is associated with, static routes included", () => {
        const { reach, result } = onPrem("spokes");
        expect(advertisements(reach).map((a) => [...a.prefixes].sort())).to.deep.equal([
            ["0.0.0.0/0", "10.64.0.0/12"],
        ]);
        expect(result.findings.map((f) => f.message)).to.deep.equal([
            "VPN on-premises-vpn-connection (eu-west-1) advertises 0.0.0.0/0 over BGP (a route of the TGW table it is associated with): on premises would send its internet traffic into AWS; associate the VPN with a table of its own that holds only this region's ranges",
        ]);
    });

    it("advertises the spokes' ranges, not what it learns from on premises, from the inspection table", () => {
        const { reach, result } = onPrem("inspection");
        expect(advertisements(reach).map((a) => [...a.prefixes].sort())).to.deep.equal([
            ["10.72.0.0/20", "10.73.0.0/20"],
        ]);
        expect(result.findings).to.deep.equal([]);
    });

    it("reaches every spoke from on premises through the firewall, replies by the same endpoint", () => {
        const { result } = onPrem("spokes");
        const spokes = result.flows.filter((f) => f.category === "on-premises");
        expect(spokes.map((f) => `${f.destination}: ${f.verdict}`)).to.deep.equal([
            "spoke-a (10.72.0.10): allowed",
            "spoke-b (10.73.0.10): allowed",
        ]);
        expect(spokes[0].decidedBy).to.contain("inspected at firewall endpoint");
    });
});

/** A spoke with vpclink, workload and gwlbe subnets in two AZs and GWLB endpoints; `chosenBy` decides the replies' endpoint. */
function gwlbSpoke(chosenBy: "vpclink" | "workload"): Inventory {
    const stack = "spoke-p-dev";
    const out: RecordedLike[] = [];
    const add = (r: RecordedLike) => (out.push(r), r);
    const vpc = add(
        rec(stack, TYPES.vpc, "p-vpc", {
            cidrBlock: "10.72.0.0/20",
            tags: { "hub-network:vpc-role": "spoke", "hub-network:spoke": "p" },
        }),
    );
    const azs = ["a", "b"];
    const cidrs: Record<string, string> = {
        "workload-a": "10.72.0.0/24",
        "workload-b": "10.72.1.0/24",
        "vpclink-a": "10.72.4.0/24",
        "vpclink-b": "10.72.5.0/24",
        "gwlbe-a": "10.72.8.0/28",
        "gwlbe-b": "10.72.8.16/28",
    };
    const subnet: Record<string, RecordedLike> = {};
    const table: Record<string, RecordedLike> = {};
    for (const key of Object.keys(cidrs)) {
        const [tier, az] = key.split("-");
        subnet[key] = add(
            rec(
                stack,
                TYPES.subnet,
                `p-${key}`,
                {
                    cidrBlock: cidrs[key],
                    availabilityZone: `eu-west-1${az}`,
                    tags: { "hub-network:subnet-tier": tier },
                },
                { refs: { vpcId: [vpc] } },
            ),
        );
        table[key] = add(rec(stack, TYPES.routeTable, `p-${key}-rt`, {}, { refs: { vpcId: [vpc] } }));
        add(
            rec(
                stack,
                TYPES.routeTableAssociation,
                `p-${key}-assoc`,
                {},
                { refs: { subnetId: [subnet[key]], routeTableId: [table[key]] } },
            ),
        );
    }
    const endpoint: Record<string, RecordedLike> = {};
    for (const az of azs) {
        endpoint[az] = add(
            rec(
                stack,
                TYPES.vpcEndpoint,
                `p-gwlb-${az}`,
                { vpcEndpointType: "GatewayLoadBalancer" },
                { refs: { vpcId: [vpc], subnetIds: [subnet[`gwlbe-${az}`]] } },
            ),
        );
    }
    const route = (from: string, to: string, via: string) =>
        add(
            rec(
                stack,
                TYPES.route,
                `p-${from}-to-${to}`,
                { destinationCidrBlock: cidrs[to] },
                { refs: { routeTableId: [table[from]], vpcEndpointId: [endpoint[via]] } },
            ),
        );
    for (const x of azs) {
        for (const y of azs) {
            route(`vpclink-${x}`, `workload-${y}`, x);
            route(`workload-${y}`, `vpclink-${x}`, chosenBy === "vpclink" ? x : y);
        }
    }
    return new Inventory([{ name: stack, accountId: "333333333333", region: "eu-west-1", resources: out }]);
}

describe("flows: GWLB inspection of the VPC link", () => {
    it("reports replies that come back through the endpoint of the task's AZ", () => {
        const { flows, findings } = gwlbChecks(new Reachability(gwlbSpoke("workload")));
        expect(flows.map((f) => f.verdict)).to.deep.equal(["dropped"]);
        expect(findings.map((f) => f.message)).to.deep.equal([
            "p: 2 VPC-link flow(s) cross different GWLB endpoints each way (vpclink eu-west-1a → eu-west-1b: request through GWLB endpoint p-gwlb-a, reply through GWLB endpoint p-gwlb-b): route the workload subnets' replies through the endpoint the vpclink side chose",
        ]);
    });

    it("passes when the vpclink side's endpoint carries both directions", () => {
        const { flows, findings } = gwlbChecks(new Reachability(gwlbSpoke("vpclink")));
        expect(flows.map((f) => f.verdict)).to.deep.equal(["allowed"]);
        expect(findings).to.deep.equal([]);
    });
});
