import { expect } from "chai";
import { gwlbChecks } from "../../../../cli/plan/flows/gwlb";
import { flowContext } from "../../../../cli/plan/flows";
import { advertisements, onPremisesChecks } from "../../../../cli/plan/flows/onprem";
import { Inventory, TYPES, type InventoryStack, type RecordedLike } from "../../../../cli/plan/inventory";
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

/**
 * `stacks` (one region's hub and spokes) copied into another region: stack and spoke names, the
 * region, every ID the hub's resources carry (and the references to them) and the spokes' ranges
 * renamed, so that the copy is a second Transit Gateway with its own VPN and spokes.
 */
function inAnotherRegion(stacks: readonly InventoryStack[]): InventoryStack[] {
    // The resources' IDs, and those the VPN's outputs carry (its attachment, its customer gateway).
    const ids = new Set([
        ...stacks.flatMap((s) => s.resources.flatMap((r) => (r.id ? [r.id] : []))),
        "tgw-attach-vpn",
        "cgw-1",
    ]);
    const rename = (value: unknown): unknown => {
        if (typeof value === "string") {
            const renamed = ids.has(value) ? `${value}-dr` : value;
            return renamed
                .replaceAll("eu-west-1", "eu-central-1")
                .replace(/^urn:pulumi:(network|spoke-[ab])-dev::/, "urn:pulumi:$1-dev-dr::")
                .replace(/^10\.(72|73)\./, (_, octet: string) => `10.${Number(octet) + 4}.`)
                .replace(/^10\.64\.0\.(\d+\/2[4-8])$/, "10.65.0.$1");
        }
        if (Array.isArray(value)) return value.map(rename);
        if (value && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
        }
        return value;
    };
    return stacks.map((s) => ({
        ...s,
        name: `${s.name}-dr`,
        region: "eu-central-1",
        resources: s.resources.map((r) => rename(r) as RecordedLike),
    }));
}

/** Two regions, each a hub with its VPN associated with `association`; `peered` adds a TGW peering. */
function twoRegions(association: "spokes" | "own", peered = false) {
    const primary = hubAndSpokes({ vpn: { association } });
    const dr = inAnotherRegion(primary);
    if (peered) {
        const [tgw, peer] = [primary[0], dr[0]].map(
            (s) => s.resources.find((r) => r.type === TYPES.tgw) as RecordedLike,
        );
        dr[0] = {
            ...dr[0],
            resources: [
                ...dr[0].resources,
                rec(
                    dr[0].name,
                    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
                    "peering",
                    { transitGatewayId: peer.id, peerTransitGatewayId: tgw.id, peerRegion: "eu-west-1" },
                    {
                        id: "tgw-attach-peering",
                        refs: { transitGatewayId: [peer], peerTransitGatewayId: [tgw] },
                    },
                ),
            ],
        };
    }
    const inventory = new Inventory([...primary, ...dr]);
    const reach = new Reachability(inventory, { onPremisesCidrs: ON_PREM });
    return { reach, result: onPremisesChecks(inventory, reach, flowContext(inventory, reach), ON_PREM) };
}

describe("flows: on premises over the VPNs of two regions", () => {
    it("flags two unpeered regions advertising the same prefixes, and follows the tie into the wrong region", () => {
        const { reach, result } = twoRegions("spokes");
        expect(
            advertisements(reach).map((a) => `${a.vpn.region}: ${[...a.prefixes].sort().join(" ")}`),
        ).to.deep.equal(["eu-west-1: 0.0.0.0/0 10.64.0.0/12", "eu-central-1: 0.0.0.0/0 10.64.0.0/12"]);
        expect(result.findings.map((f) => f.message)).to.include(
            "VPNs on-premises-vpn-connection (eu-west-1) and on-premises-vpn-connection (eu-central-1) both advertise 0.0.0.0/0, 10.64.0.0/12 and their Transit Gateways are not peered: on premises sends one region's traffic to the other, which has no route for it",
        );
        // On premises picks either VPN for 10.64.0.0/12: through the other region's TGW a spoke is unreachable.
        const spokes = result.flows.filter((f) => f.category === "on-premises");
        expect(spokes.map((f) => `${f.destination}: ${f.verdict}`)).to.deep.equal([
            "spoke-a@eu-west-1 (10.72.0.10): dropped",
            "spoke-b@eu-west-1 (10.73.0.10): dropped",
            "spoke-a@eu-central-1 (10.76.0.10): dropped",
            "spoke-b@eu-central-1 (10.77.0.10): dropped",
        ]);
        expect(spokes[0].steps[0].text).to.equal(
            "BGP: 10.64.0.0/12 from on-premises-vpn-connection (eu-central-1) (tie: on-premises-vpn-connection@eu-west-1, on-premises-vpn-connection@eu-central-1 advertise it)",
        );
        expect(spokes[0].decidedBy).to.contain("no route to 10.72.0.10");
    });

    it("does not flag the shared prefixes of peered Transit Gateways", () => {
        const { result } = twoRegions("spokes", true);
        expect(result.findings.map((f) => f.message.split(":")[0])).to.deep.equal([
            "VPN on-premises-vpn-connection (eu-west-1) advertises 0.0.0.0/0 over BGP (a route of the TGW table it is associated with)",
            "VPN on-premises-vpn-connection (eu-central-1) advertises 0.0.0.0/0 over BGP (a route of the TGW table it is associated with)",
        ]);
    });

    it("reaches every spoke of both regions when each VPN advertises only its region's ranges", () => {
        const { reach, result } = twoRegions("own");
        expect(advertisements(reach).map((a) => [...a.prefixes].sort())).to.deep.equal([
            ["10.72.0.0/14"],
            ["10.76.0.0/14"],
        ]);
        expect(result.findings).to.deep.equal([]);
        expect(
            result.flows
                .filter((f) => f.category === "on-premises")
                .map((f) => `${f.destination}: ${f.verdict}`),
        ).to.deep.equal([
            "spoke-a@eu-west-1 (10.72.0.10): allowed",
            "spoke-b@eu-west-1 (10.73.0.10): allowed",
            "spoke-a@eu-central-1 (10.76.0.10): allowed",
            "spoke-b@eu-central-1 (10.77.0.10): allowed",
        ]);
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
