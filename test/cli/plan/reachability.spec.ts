import { expect } from "chai";
import { Inventory, TYPES } from "../../../cli/plan/inventory";
import { NetworkModel } from "../../../cli/plan/network-model";
import { longestMatch } from "../../../cli/plan/route-match";
import { INTERNET_ADDRESS, Reachability, type PathResult } from "../../../cli/plan/reachability";
import { BROKEN_TOPOLOGIES, hubAndSpokes, type HubOptions } from "./topologies";

const ON_PREM = ["172.16.0.0/16"];

function analyze(options: HubOptions = {}): Reachability {
    return new Reachability(new Inventory(hubAndSpokes(options)), { onPremisesCidrs: ON_PREM });
}

function summary(paths: readonly PathResult[]): string[] {
    return paths.map(
        (p) =>
            `${p.source} → ${p.destination}: ${p.verdict}${p.verdict === "reachable" ? `, ${p.inspected ? "inspected" : "uninspected"}, ${p.symmetric === true ? "symmetric" : p.symmetric === false ? "asymmetric" : "?"}` : ""}${p.violations.length ? ` [${p.violations.join(", ")}]` : ""}`,
    );
}

describe("reachability", () => {
    it("finds every spoke path reachable, inspected and symmetric in the designed topology", () => {
        expect(summary(analyze().analyzeAll())).to.deep.equal([
            "spoke-a → internet: reachable, inspected, symmetric",
            "spoke-a → spoke-b: reachable, inspected, symmetric",
            "spoke-a → 172.16.0.0/16: blackholed",
            "spoke-b → internet: reachable, inspected, symmetric",
            "spoke-b → spoke-a: reachable, inspected, symmetric",
            "spoke-b → 172.16.0.0/16: blackholed",
        ]);
    });

    it("follows a packet hop by hop, both ways, through the firewall endpoint of the AZ the TGW picks", () => {
        const answer = analyze().question("spoke-a:a", "internet");
        expect(answer.address).to.equal(INTERNET_ADDRESS);
        // Appliance mode: the TGW may pick either AZ of the inspection attachment; both are traced.
        expect(answer.branches.map((b) => [b.sourceAz, b.symmetric])).to.deep.equal([
            ["eu-west-1a", true],
            ["eu-west-1a", true],
        ]);
        const [viaA, viaB] = answer.branches;
        expect(viaA.forward.hops.map((h) => h.text)).to.deep.equal([
            "subnet spoke-a/workload a (route table a-workload-eu-west-1a-rt)",
            "0.0.0.0/0 → Transit Gateway hub-tgw",
            "into hub-tgw through a-attachment (a)",
            "TGW route table spokes: 0.0.0.0/0 (static) → inspection attachment",
            "out of hub-tgw into inspection (a, appliance mode: one AZ per flow)",
            "subnet inspection/tgw a (route table inspection-tgw-eu-west-1a-rt)",
            "0.0.0.0/0 → firewall endpoint a",
            "firewall endpoint a vpce-fw-eu-west-1a (inspection-firewall)",
            "subnet inspection/firewall a (route table inspection-firewall-eu-west-1a-rt)",
            "0.0.0.0/0 → NAT gateway nat-eu-west-1a",
            "NAT gateway nat-eu-west-1a",
            "subnet inspection/public a (route table inspection-public-eu-west-1a-rt)",
            "0.0.0.0/0 → internet gateway inspection-igw",
            "to the internet through the internet gateway",
        ]);
        expect(viaA.return?.hops.map((h) => h.text)).to.deep.equal([
            "subnet inspection/public a (route table inspection-public-eu-west-1a-rt)",
            "10.64.0.0/12 → firewall endpoint a",
            "firewall endpoint a vpce-fw-eu-west-1a (inspection-firewall)",
            "subnet inspection/firewall a (route table inspection-firewall-eu-west-1a-rt)",
            "10.64.0.0/12 → Transit Gateway hub-tgw",
            "into hub-tgw through inspection-attachment (a)",
            "TGW route table inspection: 10.72.0.0/20 (propagated) → spoke-a attachment",
            "out of hub-tgw into spoke-a (a)",
            "subnet spoke-a/tgw a (route table a-tgw-eu-west-1a-rt)",
            "10.72.0.0/20 → local",
            "delivered in spoke-a (workload a)",
        ]);
        expect(viaB.forward.inspections.map((i) => i.label)).to.deep.equal(["firewall endpoint b"]);
        expect(viaB.return?.inspections.map((i) => i.label)).to.deep.equal(["firewall endpoint b"]);
    });

    it("reaches on premises through the VPN, inspected by the same firewall endpoint both ways", () => {
        expect(summary(analyze({ vpn: {} }).analyzeAll())).to.deep.equal([
            "spoke-a → internet: reachable, inspected, symmetric",
            "spoke-a → spoke-b: reachable, inspected, symmetric",
            "spoke-a → 172.16.0.0/16: reachable, inspected, symmetric",
            "spoke-b → internet: reachable, inspected, symmetric",
            "spoke-b → spoke-a: reachable, inspected, symmetric",
            "spoke-b → 172.16.0.0/16: reachable, inspected, symmetric",
        ]);
        const answer = analyze({ vpn: {} }).question("spoke-a:a", "172.16.0.10");
        expect(answer.destinationKind).to.equal("on-premises");
        const [viaA] = answer.branches;
        expect(viaA.forward.hops.slice(-5).map((h) => h.text)).to.deep.equal([
            "subnet inspection/firewall a (route table inspection-firewall-eu-west-1a-rt)",
            "172.16.0.0/16 → Transit Gateway hub-tgw",
            "into hub-tgw through inspection-attachment (a)",
            "TGW route table inspection: 172.16.0.0/16 (propagated) → VPN connection on-premises-vpn-connection",
            "to on premises through VPN connection on-premises-vpn-connection (BGP)",
        ]);
        // The reply enters at the VPN and keeps the AZ appliance mode picked for the flow.
        expect(viaA.return?.hops.slice(0, 6).map((h) => h.text)).to.deep.equal([
            "into hub-tgw through VPN connection on-premises-vpn-connection",
            "TGW route table spokes: 10.64.0.0/12 (static) → inspection attachment",
            "out of hub-tgw into inspection (a, appliance mode: one AZ per flow)",
            "subnet inspection/tgw a (route table inspection-tgw-eu-west-1a-rt)",
            "0.0.0.0/0 → firewall endpoint a",
            "firewall endpoint a vpce-fw-eu-west-1a (inspection-firewall)",
        ]);
        expect(viaA.return?.hops.at(-1)?.text).to.equal("delivered in spoke-a (workload a)");
        expect(answer.branches.map((b) => b.symmetric)).to.deep.equal([true, true]);
    });

    it("blackholes on-premises traffic the firewall subnets send to the NAT gateway", () => {
        const answer = analyze({ vpn: { onPremisesRoute: false } }).question("spoke-a", "172.16.0.0/16");
        expect(answer.verdict).to.equal("blackholed");
        expect(answer.branches[0].forward.reason).to.equal(
            "172.16.0.10 is a private address: the internet gateway drops it",
        );
    });

    it("flags on premises as asymmetric when the VPN's replies skip the firewall", () => {
        const answer = analyze({ vpn: { association: "inspection" } }).question("spoke-a", "172.16.0.0/16");
        expect(answer).to.deep.include({ verdict: "reachable", inspected: true, symmetric: false });
        expect(answer.violations).to.deep.equal(["asymmetric"]);
        expect(answer.branches[0].return?.inspections).to.deep.equal([]);
        expect(answer.branches[0].note).to.equal(
            "forward through firewall endpoint a, return through no inspection",
        );
    });

    it("blackholes a spoke whose workload subnets miss their default route", () => {
        const paths = analyze({ missingSpokeRoute: true }).analyzeAll();
        const out = paths.find((p) => p.source === "spoke-a" && p.destination === "internet")!;
        expect(out.verdict).to.equal("blackholed");
        expect(out.branches[0].forward.reason).to.equal(
            `no route to ${INTERNET_ADDRESS} in route table a-workload-eu-west-1a-rt`,
        );
        // spoke-b reaches spoke-a, but the answer cannot come back.
        const toA = paths.find((p) => p.source === "spoke-b" && p.destination === "spoke-a")!;
        expect(toA).to.deep.include({ verdict: "reachable", symmetric: false, violations: ["asymmetric"] });
        expect(toA.branches[0].note).to.match(
            /^return path blackholed: no route to 10\.73\.0\.10 in route table/,
        );
    });

    it("calls a path through the firewall endpoint of another AZ asymmetric", () => {
        const answer = analyze({ crossAzEndpoint: { from: "b", to: "a" } }).question("spoke-a:b", "spoke-b");
        expect(answer.symmetric).to.equal(false);
        expect(answer.violations).to.deep.equal(["asymmetric"]);
        const crossing = answer.branches.find((b) => b.note?.includes("sends to the firewall endpoint in a"));
        expect(crossing?.note).to.equal(
            "a subnet in b sends to the firewall endpoint in a, not the endpoint of its own AZ",
        );
        expect(crossing?.forward.hops.some((h) => h.text.endsWith("— from a subnet in b"))).to.equal(true);
    });

    it("finds spoke-to-spoke traffic asymmetric without appliance mode on the inspection attachment", () => {
        const paths = analyze({ applianceMode: false }).analyzeAll();
        expect(summary(paths).filter((s) => !s.includes("172.16"))).to.deep.equal([
            "spoke-a → internet: reachable, inspected, symmetric",
            "spoke-a → spoke-b: reachable, inspected, asymmetric [asymmetric]",
            "spoke-b → internet: reachable, inspected, symmetric",
            "spoke-b → spoke-a: reachable, inspected, asymmetric [asymmetric]",
        ]);
        const toB = paths.find((p) => p.source === "spoke-a" && p.destination === "spoke-b")!;
        // Same AZ both ends stays symmetric; across AZs the return crosses the other endpoint.
        expect(
            toB.branches.map((b) => [b.sourceAz.slice(-1), b.destinationAz?.slice(-1), b.symmetric]),
        ).to.deep.equal([
            ["a", "a", true],
            ["a", "b", false],
            ["b", "a", false],
            ["b", "b", true],
        ]);
        expect(toB.branches[1].note).to.equal(
            "forward through firewall endpoint a, return through firewall endpoint b",
        );
    });

    it("keeps the branches of clean paths only up to the number of paths it is given", () => {
        const inventory = new Inventory(hubAndSpokes({ applianceMode: false }));
        const full = new Reachability(inventory, { onPremisesCidrs: ON_PREM }).analyzeAll();
        // Six paths: within a bound of six every path keeps its branches; past it, only the unclean ones.
        const within = new Reachability(inventory, {
            onPremisesCidrs: ON_PREM,
            branchesOfCleanPathsUpTo: 6,
        }).analyzeAll();
        const light = new Reachability(inventory, {
            onPremisesCidrs: ON_PREM,
            branchesOfCleanPathsUpTo: 5,
        }).analyzeAll();
        expect(within).to.deep.equal(full);
        expect(summary(light)).to.deep.equal(summary(full));
        expect(light.map((p) => [p.destination, p.branches.length])).to.deep.equal([
            ["internet", 0],
            ["spoke-b", 4],
            ["172.16.0.0/16", 2],
            ["internet", 0],
            ["spoke-a", 4],
            ["172.16.0.0/16", 2],
        ]);
        expect(light[1]).to.deep.equal(full[1]);
    });

    it("finds internet egress asymmetric when the firewall subnets of every AZ share one NAT gateway", () => {
        const out = analyze({ natPerAz: false }).question("spoke-a:a", "internet");
        expect(out.branches.map((b) => b.symmetric)).to.deep.equal([true, false]);
        expect(out.branches[1].note).to.equal(
            "forward through firewall endpoint b, return through firewall endpoint a",
        );
        expect(out.violations).to.deep.equal(["asymmetric"]);
    });

    it("detects a route loop", () => {
        const toB = analyze({ loop: true }).question("spoke-a:a", "spoke-b");
        expect(toB.verdict).to.equal("looping");
        expect(toB.violations).to.include("looping");
        expect(toB.branches[0].forward.reason).to.equal(
            "back at firewall endpoint a: the routes form a loop",
        );
    });

    it("gives the paths a trace from the first hop gives when paths share the part after the TGW", () => {
        // Spoke a and spoke b both reach the inspection VPC for 10.78.0.10; the inspection table sends it
        // on to spoke a, whose default route sends it back to the TGW. From spoke b that part is the
        // same as from an empty start, up to the loop back into the inspection VPC; from spoke a it
        // goes back into the TGW through the attachment the path started with.
        const stray = "10.78.0.0/16";
        const inventory = new Inventory(hubAndSpokes({ strayRoute: stray }));
        const options = { onPremisesCidrs: [...ON_PREM, stray] };
        const shared = new Reachability(inventory, options).analyzeAll();
        const full = new Reachability(inventory, { ...options, shareSuffixes: false }).analyzeAll();
        expect(shared).to.deep.equal(full);
        const toStray = shared.filter((p) => p.destination === stray);
        const intoA = "back into hub-tgw from a-attachment: the routes form a loop";
        const inspection = (az: string) =>
            `back in subnet inspection-tgw-eu-west-1${az} (${az}): the routes form a loop`;
        // Branches: source AZ a then b, each through the inspection VPC in AZ a then b.
        expect(
            toStray.map((p) => [p.source, p.verdict, p.branches.map((b) => b.forward.reason)]),
        ).to.deep.equal([
            ["spoke-a", "looping", [intoA, inspection("b"), inspection("a"), intoA]],
            ["spoke-b", "looping", [inspection("a"), inspection("b"), inspection("a"), inspection("b")]],
        ]);
        // Each source alone, in either order, with nothing traced before it.
        for (const order of [
            ["spoke-a", "spoke-b"],
            ["spoke-b", "spoke-a"],
        ]) {
            const r = new Reachability(inventory, options);
            const alone = order.map((source) => r.question(source, stray));
            expect(alone).to.deep.equal(order.map((source) => toStray.find((p) => p.source === source)));
        }
    });

    it("gives the same paths with and without shared suffixes in every broken topology", () => {
        for (const variant of BROKEN_TOPOLOGIES) {
            const inventory = new Inventory(hubAndSpokes(variant));
            const options = { onPremisesCidrs: [...ON_PREM, "10.78.0.0/16"] };
            expect(new Reachability(inventory, options).analyzeAll(), JSON.stringify(variant)).to.deep.equal(
                new Reachability(inventory, { ...options, shareSuffixes: false }).analyzeAll(),
            );
        }
    });

    it("looks routes up as longestMatch does: most specific, static before propagated on a tie", () => {
        const net = new NetworkModel(new Inventory(hubAndSpokes({ strayRoute: "10.73.0.0/20" })));
        const addresses = [
            "0.0.0.0",
            "10.64.0.20",
            "10.72.0.10",
            "10.73.0.10",
            "10.73.8.10",
            "10.79.255.255",
            "172.16.0.10",
            INTERNET_ADDRESS,
            "not an address",
        ];
        const tables = net.inventory.ofType(TYPES.tgwRouteTable);
        for (const table of tables) {
            for (const address of addresses) {
                expect(net.lookupTgw(table, address), `${table.name} ${address}`).to.equal(
                    longestMatch(net.tgwRoutes(table), address),
                );
            }
        }
        const inspection = tables.find((t) => t.name === "hub-inspection")!;
        expect(net.lookupTgw(inspection, "10.73.0.10")).to.deep.include({
            destination: "10.73.0.0/20",
            origin: "static",
        });
        for (const subnet of net.inventory.ofType(TYPES.subnet)) {
            const vpc = net.vpcOf(subnet)!;
            const table = net.routeTableOf(subnet);
            for (const address of addresses) {
                expect(net.lookup(vpc, table, address), `${subnet.name} ${address}`).to.equal(
                    longestMatch(net.routesOf(vpc, table), address),
                );
            }
        }
    });

    it("blackholes traffic the spokes table drops, and flags traffic that bypasses inspection", () => {
        const dropped = analyze({ spokesDefault: "blackhole" }).question("spoke-a", "internet");
        expect(dropped.verdict).to.equal("blackholed");
        expect(dropped.branches[0].forward.reason).to.equal("blackhole route in TGW route table spokes");
        const bypass = analyze({ spokesDefault: "spoke-b" }).question("spoke-a:a", "spoke-b");
        expect(bypass).to.deep.include({ verdict: "reachable", inspected: false });
        expect(bypass.violations).to.include("uninspected");
        expect(bypass.branches[0].forward.inspections).to.deep.equal([]);
    });

    it("answers questions about a CIDR, naming on-premises destinations, and rejects unknown names", () => {
        const r = analyze();
        const onPrem = r.question("spoke-b:b", "172.16.0.0/16");
        expect(onPrem).to.deep.include({
            destinationKind: "on-premises",
            address: "172.16.0.10",
            verdict: "blackholed",
        });
        expect(onPrem.branches.every((b) => b.sourceAz === "eu-west-1b")).to.equal(true);
        expect(onPrem.branches[0].forward.reason).to.equal(
            "172.16.0.10 is a private address: the internet gateway drops it",
        );
        expect(r.question("spoke-a", "8.8.8.8")).to.deep.include({
            destinationKind: "cidr",
            verdict: "reachable",
        });
        expect(() => r.question("spoke-z", "internet")).to.throw(
            "unknown spoke 'spoke-z'; expected one of spoke-a, spoke-b",
        );
        expect(() => r.question("spoke-a", "nowhere")).to.throw("unknown destination 'nowhere'");
    });

    it("reads a preview through the deployed evaluation of the hub; without it, says what is not known", () => {
        const withDeployed = analyze({ previewHub: true, deployedHub: true }).analyzeAll();
        expect(summary(withDeployed)).to.deep.equal(summary(analyze().analyzeAll()));
        const bare = analyze({ previewHub: true }).analyzeAll();
        expect(bare.every((p) => p.verdict === "unknown")).to.equal(true);
        expect(bare[0].branches[0].forward.reason).to.equal(
            "route target transitGatewayId tgw-hub is not followed",
        );

        // Inside the hub, references hold through property dependencies: the firewall's endpoints are
        // known by AZ from its subnet mappings, and a route to an endpoint not yet created names the firewall.
        const net = new NetworkModel(new Inventory(hubAndSpokes({ previewHub: true })));
        const firewall = net.inventory.ofType(TYPES.firewall)[0];
        expect(
            net.firewallEndpoints(firewall).map((e) => [e.az, e.endpointId, e.subnet?.name]),
        ).to.deep.equal([
            ["eu-west-1a", undefined, "inspection-firewall-eu-west-1a"],
            ["eu-west-1b", undefined, "inspection-firewall-eu-west-1b"],
        ]);
        const tgwA = net.inventory.ofType(TYPES.subnet).find((s) => s.name === "inspection-tgw-eu-west-1a")!;
        const vpc = net.vpcOf(tgwA)!;
        const route = net.routesOf(vpc, net.routeTableOf(tgwA)).find((r) => r.destination === "0.0.0.0/0");
        expect(route?.target).to.deep.include({ kind: "firewall", firewall });
        expect(route?.target).to.not.have.property("endpoint");
    });
});
