import { expect } from "chai";
import { analyzeFlows, type FlowResult } from "../../../../cli/plan/flows";
import { Inventory } from "../../../../cli/plan/inventory";
import { Reachability } from "../../../../cli/plan/reachability";
import { withWorkload, type WorkloadOptions } from "./workload-fixture";

const ON_PREM = ["172.16.0.0/16"];

function intended(options: WorkloadOptions = {}): FlowResult[] {
    const inventory = new Inventory(withWorkload({ workload: "lambda", ...options }));
    const report = analyzeFlows(inventory, new Reachability(inventory, { onPremisesCidrs: ON_PREM }), {
        onPremisesCidrs: ON_PREM,
    });
    return report.flows.filter(
        (f) => ["east-west", "on-premises", "internet"].includes(f.category) && f.protocol !== "route",
    );
}

describe("flows: what the environment's firewall rules intend", () => {
    it("sends each spoke to the next spoke over HTTPS and to on premises for DNS, judged without workload groups", () => {
        const flows = intended({ vpn: { association: "spokes" } });
        expect(
            flows.map((f) => `${f.source} → ${f.destination} ${f.protocol}/${f.port}: ${f.verdict}`),
        ).to.deep.equal([
            "spoke-a VPC → on premises 172.16.0.10 dns/udp/53: allowed",
            "spoke-a VPC → spoke-b VPC tls/tcp/443: allowed",
            "spoke-b VPC → on premises 172.16.0.10 dns/udp/53: allowed",
            "spoke-b VPC → spoke-a VPC tls/tcp/443: allowed",
        ]);
        expect(flows[1].decidedBy).to.contain(
            'allow-east-west-https sid 1 "pass tls $HOME_NET any -> $HOME_NET 443"',
        );
        expect(flows[1].steps.some((s) => s.kind.startsWith("security-group"))).to.equal(false);
    });

    it("reports an intended flow the routes cannot carry: on-premises DNS without a VPN goes out to the internet", () => {
        const dns = intended().find((f) => f.destination === "on premises 172.16.0.10");
        expect(dns?.verdict).to.equal("dropped");
        expect(dns?.decidedBy).to.equal(
            "route from eu-west-1a: 172.16.0.10 is a private address: the internet gateway drops it",
        );
    });
});
