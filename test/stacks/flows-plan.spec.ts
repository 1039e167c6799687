import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { plan } from "../../cli/plan/main";
import type { PlanDocument } from "../../cli/plan/preview-json";
import { FLOWS_FIXTURE, flowsProject } from "./flows-fixture";

/** `npm run plan` of the lab environment under `root` with `args`: exit code, console, plan.json. */
async function planLab(
    root: string,
    args: string[],
): Promise<{ code: number; output: string; doc: PlanDocument }> {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-flows-plan-"));
    const lines: string[] = [];
    try {
        const code = await plan(
            ["--env", "lab", "--no-policy", "--quiet", "--root", root, "--out", out, ...args],
            (l) => lines.push(l),
            undefined,
            (l) => lines.push(l),
        );
        const doc = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as PlanDocument;
        return { code, output: lines.join("\n"), doc };
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

describe("the plan proves the lab's flows (lab fixture)", function () {
    this.timeout(180_000);

    it("allows every required flow, each declared one by the rule that carries it", async () => {
        const { code, output, doc } = await planLab(FLOWS_FIXTURE, []);
        expect(code, output).to.equal(0);
        const flows = doc.hubNetwork.flows!;
        expect(flows.results.filter((f) => f.verdict !== "allowed").map((f) => f.id)).to.deep.equal([]);
        expect(flows.findings).to.deep.equal([]);
        const declared = flows.results.filter((f) => f.category === "declared");
        expect(declared.map((f) => f.destination).sort()).to.deep.equal([
            "192.168.40.0/24",
            "api.bank.example.com",
        ]);
        const bank = declared.find((f) => f.destination === "api.bank.example.com")!;
        expect(bank.decidedBy).to.contain("ledger-fn-sg egress tcp 443 to 0.0.0.0/0");
        expect(bank.decidedBy).to.contain('stateful rule web-allow-list sid 3 "pass tls $HOME_NET any');
        const database = declared.find((f) => f.destination === "192.168.40.0/24")!;
        expect(database.decidedBy).to.contain("ledger-fn-sg egress tcp 1521 to 192.168.40.0/24");
        expect(database.decidedBy).to.contain("stateful rule allow-ledger-database sid 1");
    });

    describe("a host the firewall's allow-list does not name", () => {
        let root: string;
        before(() => {
            root = flowsProject({
                "stacks/config/Pulumi.spoke-ledger-lab.yaml": (doc) =>
                    doc.setIn(
                        ["config", "hub-network:spoke", "flows", 0, "destination"],
                        "api.other.example.com",
                    ),
            });
        });
        after(() => fs.rmSync(root, { recursive: true, force: true }));

        it("fails the plan, naming the flow and the firewall rule that drops it", async () => {
            const { code, output } = await planLab(root, ["--stack", "spoke-ledger-lab"]);
            expect(code).to.equal(1);
            expect(output).to.contain(
                "  - ledger functions → api.other.example.com tls/tcp/443: DROPPED — inspection-firewall: stateful rule web-allow-list",
            );
            expect(output).to.contain(
                "error: 1 required flow(s) not allowed; see Flows above (every verdict is in plan.json under hubNetwork.flows), or pass --allow-dropped-flows",
            );
        });

        it("reports the flow without failing with --allow-dropped-flows", async () => {
            const { code, output } = await planLab(root, [
                "--stack",
                "spoke-ledger-lab",
                "--allow-dropped-flows",
            ]);
            expect(code, output).to.equal(0);
            expect(output).to.contain("ledger functions → api.other.example.com tls/tcp/443: DROPPED");
            expect(output).to.contain("warning: 1 required flow(s) not allowed; see Flows above");
        });
    });
});
