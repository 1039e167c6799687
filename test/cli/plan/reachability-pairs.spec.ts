import { expect } from "chai";
import { Inventory, TYPES, type InventoryStack } from "../../../cli/plan/inventory";
import { NetworkModel } from "../../../cli/plan/network-model";
import { Reachability, type PathResult } from "../../../cli/plan/reachability";
import { RouteClasses } from "../../../cli/plan/reachability-route-classes";
import { hostIn, range } from "../../../cli/plan/route-match";
import { BROKEN_TOPOLOGIES, hubAndSpokes, rec, type HubOptions } from "./topologies";

const ON_PREM = ["172.16.0.0/16"];
const ROUTE = "aws:ec2/route:Route";
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";
const AZS = ["eu-west-1a", "eu-west-1b"];

/**
 * Six spokes (a 10.72, b 10.73, c 10.74, d 10.75, e, f) where routes differ per destination: spoke
 * a's workload subnets send spoke c's range to a peering connection, the hub's spokes table sends
 * spoke b's range straight to b's attachment (past the firewall) and drops spoke d's range. Spokes e
 * and f have nothing of their own.
 */
function differing(options: HubOptions = {}): InventoryStack[] {
    const stacks = hubAndSpokes({ ...options, spokes: ["a", "b", "c", "d", "e", "f"] });
    const stack = (name: string) => stacks.find((s) => s.name === name)!;
    const find = (s: InventoryStack, name: string) => s.resources.find((r) => r.name === name)!;
    const [hub, a, b] = [stack("network-dev"), stack("spoke-a-dev"), stack("spoke-b-dev")];
    const add = (s: InventoryStack, ...resources: InventoryStack["resources"]) =>
        (s.resources as InventoryStack["resources"][number][]).push(...resources);
    for (const az of AZS) {
        add(
            a,
            rec(
                a.name,
                ROUTE,
                `a-workload-${az}-to-c`,
                { destinationCidrBlock: "10.74.0.0/20", vpcPeeringConnectionId: "pcx-0c" },
                { refs: { routeTableId: [find(a, `a-workload-${az}-rt`)] } },
            ),
        );
    }
    const spokesTable = find(hub, "hub-spokes");
    add(
        b,
        rec(
            b.name,
            TGW_ROUTE,
            "b-direct",
            { destinationCidrBlock: "10.73.0.0/20", transitGatewayRouteTableId: "tgw-rtb-spokes" },
            {
                refs: {
                    transitGatewayRouteTableId: [spokesTable],
                    transitGatewayAttachmentId: [find(b, "b-attachment")],
                },
            },
        ),
    );
    add(
        hub,
        rec(
            hub.name,
            TGW_ROUTE,
            "spokes-drop-d",
            {
                destinationCidrBlock: "10.75.0.0/20",
                transitGatewayRouteTableId: "tgw-rtb-spokes",
                blackhole: true,
            },
            { id: "tgw-route-drop-d", refs: { transitGatewayRouteTableId: [spokesTable] } },
        ),
    );
    return stacks;
}

function summary(paths: readonly PathResult[]): string[] {
    return paths
        .filter((p) => p.destinationKind === "spoke")
        .map(
            (p) =>
                `${p.source} → ${p.destination}: ${p.verdict}${p.verdict === "reachable" ? `, ${p.inspected ? "inspected" : "uninspected"}, ${p.symmetric === true ? "symmetric" : p.symmetric === false ? "asymmetric" : "?"}` : ""}`,
        );
}

/** The paths as the document lists them past its bound: clean paths without their branches. */
function withoutCleanBranches(paths: readonly PathResult[]): PathResult[] {
    return paths.map((p) =>
        p.verdict === "reachable" && p.violations.length === 0 ? { ...p, branches: [] } : p,
    );
}

describe("reachability of spoke pairs from shared halves", () => {
    it("gives each pair the verdict of its own routes when routes differ per destination", () => {
        const inventory = new Inventory(differing());
        const light = new Reachability(inventory, { onPremisesCidrs: ON_PREM, branchesOfCleanPathsUpTo: 0 });
        const paths = light.analyzeAll();
        expect(summary(paths)).to.deep.equal([
            // a: b's range skips the firewall (b's replies do not); c's range leaves by a peering
            // connection; d's is dropped.
            "spoke-a → spoke-b: reachable, uninspected, asymmetric",
            "spoke-a → spoke-c: unknown",
            "spoke-a → spoke-d: blackholed",
            "spoke-a → spoke-e: reachable, inspected, symmetric",
            "spoke-a → spoke-f: reachable, inspected, symmetric",
            // b: its replies from a, c, e and f skip the firewall its packets crossed.
            "spoke-b → spoke-a: reachable, inspected, asymmetric",
            "spoke-b → spoke-c: reachable, inspected, asymmetric",
            "spoke-b → spoke-d: blackholed",
            "spoke-b → spoke-e: reachable, inspected, asymmetric",
            "spoke-b → spoke-f: reachable, inspected, asymmetric",
            // c: a's replies leave by the peering connection.
            "spoke-c → spoke-a: reachable, inspected, asymmetric",
            "spoke-c → spoke-b: reachable, uninspected, asymmetric",
            "spoke-c → spoke-d: blackholed",
            "spoke-c → spoke-e: reachable, inspected, symmetric",
            "spoke-c → spoke-f: reachable, inspected, symmetric",
            // d: every reply to it is dropped.
            "spoke-d → spoke-a: reachable, inspected, asymmetric",
            "spoke-d → spoke-b: reachable, uninspected, asymmetric",
            "spoke-d → spoke-c: reachable, inspected, asymmetric",
            "spoke-d → spoke-e: reachable, inspected, asymmetric",
            "spoke-d → spoke-f: reachable, inspected, asymmetric",
            "spoke-e → spoke-a: reachable, inspected, symmetric",
            "spoke-e → spoke-b: reachable, uninspected, asymmetric",
            "spoke-e → spoke-c: reachable, inspected, symmetric",
            "spoke-e → spoke-d: blackholed",
            "spoke-e → spoke-f: reachable, inspected, symmetric",
            "spoke-f → spoke-a: reachable, inspected, symmetric",
            "spoke-f → spoke-b: reachable, uninspected, asymmetric",
            "spoke-f → spoke-c: reachable, inspected, symmetric",
            "spoke-f → spoke-d: blackholed",
            "spoke-f → spoke-e: reachable, inspected, symmetric",
        ]);
        const full = new Reachability(inventory, { onPremisesCidrs: ON_PREM }).analyzeAll();
        expect(paths).to.deep.equal(withoutCleanBranches(full));
        expect(
            paths.find((p) => p.destination === "spoke-c" && p.source === "spoke-a")?.branches[0].forward
                .reason,
        ).to.equal("route target vpcPeeringConnectionId pcx-0c is not followed");
    });

    it("lists the clean paths of the designed topology without branches, as tracing each pair finds them", () => {
        const inventory = new Inventory(
            hubAndSpokes({ spokes: ["a", "b", "c", "d", "e"], azs: ["a", "b", "c"] }),
        );
        const paths = new Reachability(inventory, {
            onPremisesCidrs: ON_PREM,
            branchesOfCleanPathsUpTo: 0,
        }).analyzeAll();
        const full = new Reachability(inventory, { onPremisesCidrs: ON_PREM }).analyzeAll();
        expect(paths).to.deep.equal(withoutCleanBranches(full));
        expect(paths.filter((p) => p.destinationKind === "spoke" && p.branches.length === 0)).to.have.length(
            20,
        );
    });

    it("gives the same paths with and without their branches in every broken topology", () => {
        for (const variant of BROKEN_TOPOLOGIES) {
            for (const stacks of [
                hubAndSpokes({ ...variant, spokes: ["a", "b", "c"] }),
                differing(variant),
            ]) {
                const inventory = new Inventory(stacks);
                const options = { onPremisesCidrs: [...ON_PREM, "10.78.0.0/16"] };
                expect(
                    new Reachability(inventory, { ...options, branchesOfCleanPathsUpTo: 0 }).analyzeAll(),
                    JSON.stringify(variant),
                ).to.deep.equal(withoutCleanBranches(new Reachability(inventory, options).analyzeAll()));
            }
        }
    });
});

describe("RouteClasses", () => {
    it("names the spokes a table routes otherwise than most, asking it once per run of addresses", () => {
        const net = new NetworkModel(new Inventory(differing()));
        const vpc = (name: string) => net.vpcs().find((v) => v.name === name)!;
        const addresses = ["a", "b", "c", "d", "e", "f"].flatMap((letter, s) =>
            [0, 1].map((a) => {
                const address = hostIn(`10.${72 + s}.${a}.0/24`, 10)!;
                return { value: Number(range(address)!.start), address, spoke: vpc(`${letter}-vpc`) };
            }),
        );
        const classes = new RouteClasses(net, addresses);
        const subnet = net.subnetsOf(vpc("a-vpc")).find((s) => s.name === "a-workload-eu-west-1a")!;
        const workload = classes.vpc(vpc("a-vpc"), net.routeTableOf(subnet));
        expect(workload.route?.destination).to.equal("0.0.0.0/0");
        expect(workload.route?.target.kind).to.equal("tgw");
        // Its own VPC (local) and spoke c (the peering connection).
        expect([...workload.exceptions].map((v) => v.name).sort()).to.deep.equal(["a-vpc", "c-vpc"]);
        const spokes = classes.tgw(
            net.inventory.ofType(TYPES.tgwRouteTable).find((t) => t.name === "hub-spokes")!,
        );
        expect(spokes.route?.destination).to.equal("10.64.0.0/12");
        expect([...spokes.exceptions].map((v) => v.name).sort()).to.deep.equal(["b-vpc", "d-vpc"]);
    });
});
