import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { plan } from "../../../../cli/plan/main";
import type { PlanDocument } from "../../../../cli/plan/preview-json";
import type { SarifLog } from "../../../../cli/plan/sarif";
import { FIXTURE_ROOT } from "../../../harness/fixture";

/** A plan step with the fields a comparison adds. */
type Step = PlanDocument["steps"][number] & {
    readonly op: string;
    readonly diffReasons?: string[];
    readonly replaceReasons?: string[];
    readonly detailedDiff?: Record<string, { kind: string }> | null;
    readonly oldState?: { readonly protect?: boolean };
};

/** Runs the plan of `root`'s dev without the pack; returns its exit code and output. */
async function planDev(root: string, out: string, extra: string[] = []) {
    const lines: string[] = [];
    const code = await plan(
        ["--env", "dev", "--root", root, "--out", out, "--no-policy", "--quiet", ...extra],
        (l) => lines.push(l),
        undefined,
        (l) => lines.push(l),
    );
    return { code, output: lines.join("\n") };
}

/** Replaces `from` by `to` in `file` under `root`, checking it was there. */
function edit(root: string, file: string, from: string, to: string): void {
    const at = path.join(root, file);
    const text = fs.readFileSync(at, "utf8");
    expect(text, `${file} holds ${from}`).to.include(from);
    fs.writeFileSync(at, text.replace(from, to));
}

describe("plan changes against a baseline, from the stack files", function () {
    this.timeout(180_000);
    let dir: string;
    let doc: PlanDocument;
    let steps: Step[];
    let baseline: PlanDocument;
    let run: { code: number; output: string };
    let summary: string;

    const stackOf = (s: Step) => s.urn.slice("urn:pulumi:".length, s.urn.indexOf("::"));
    const step = (stack: string, name: string) => {
        const found = steps.filter((s) => stackOf(s) === stack && s.urn.endsWith(`::${name}`));
        expect(found, `${stack} ${name}`).to.have.length(1);
        return found[0];
    };

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-changes-"));
        const root = path.join(dir, "project");
        fs.cpSync(FIXTURE_ROOT, root, { recursive: true });
        const base = await planDev(root, path.join(dir, "base"));
        expect(base.code, base.output).to.equal(0);
        baseline = JSON.parse(fs.readFileSync(path.join(dir, "base", "plan.json"), "utf8")) as PlanDocument;

        // One change of each kind, each in its own stack.
        // 1. The security team adds a domain to the egress allow-list.
        edit(
            root,
            "stacks/environments/dev.yaml",
            "        - registry.npmjs.org\n",
            "        - registry.npmjs.org\n        - pypi.org\n",
        );
        // 2. orders moves to another range: its VPC cannot change CIDR in place.
        edit(
            root,
            "stacks/config/Pulumi.spoke-orders-dev.yaml",
            "cidr: 10.72.16.0/20",
            "cidr: 10.72.64.0/20",
        );
        // 3. app1 is removed, and 4. app2 is added in its account.
        const app1 = path.join(root, "stacks/config/Pulumi.spoke-app1-dev.yaml");
        const request = fs.readFileSync(app1, "utf8");
        fs.rmSync(app1);
        fs.writeFileSync(
            path.join(root, "stacks/config/Pulumi.spoke-app2-dev.yaml"),
            request.replace(/app1/g, "app2").replace("cidr: 10.72.32.0/20", "cidr: 10.72.48.0/20"),
        );

        run = await planDev(root, path.join(dir, "head"), [
            "--baseline",
            path.join(dir, "base", "plan.json"),
        ]);
        doc = JSON.parse(fs.readFileSync(path.join(dir, "head", "plan.json"), "utf8")) as PlanDocument;
        steps = doc.steps as Step[];
        summary = fs.readFileSync(path.join(dir, "head", "summary.md"), "utf8");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("updates the edited firewall rule group in place and leaves the rest of the hub alone", () => {
        const group = step("network-dev", "inspection-egress-allow-list");
        expect(group.op).to.equal("update");
        expect(group.diffReasons).to.deep.equal(["ruleGroup"]);
        expect(group.replaceReasons).to.equal(undefined);
        expect(group.detailedDiff).to.deep.equal({
            "ruleGroup.rulesSource.rulesSourceList.targets[3]": { kind: "add", inputDiff: true },
        });
        const hub = steps.filter((s) => stackOf(s) === "network-dev");
        expect(hub.filter((s) => s.op !== "same").map((s) => s.urn)).to.deep.equal([group.urn]);
        expect(steps.filter((s) => stackOf(s) === "security-dev").every((s) => s.op === "same")).to.equal(
            true,
        );
        expect(run.output).to.match(
            /~ {2}network-dev: RuleGroup inspection-egress-allow-list: .*→ pypi\.org/,
        );
    });

    it("creates every resource of the added spoke", () => {
        const added = steps.filter((s) => stackOf(s) === "spoke-app2-dev");
        const resources = doc.hubNetwork.stacks.find((s) => s.name === "spoke-app2-dev")?.resources;
        expect(added.length).to.be.greaterThan(0);
        expect(added).to.have.length(resources ?? -1);
        expect(added.every((s) => s.op === "create" && s.oldState === undefined)).to.equal(true);
    });

    it("replaces the spoke VPC whose CIDR changed, and what takes the VPC's ID where it cannot change", () => {
        const vpc = step("spoke-orders-dev", "orders-vpc");
        expect(vpc.op).to.equal("replace");
        expect(vpc.replaceReasons).to.deep.equal(["cidrBlock"]);
        expect(vpc.detailedDiff).to.deep.equal({ cidrBlock: { kind: "update-replace", inputDiff: true } });
        expect(step("spoke-orders-dev", "orders-attachment").replaceReasons).to.include("vpcId");
        // Data outlives the network: the table is untouched.
        const table = steps.find(
            (s) => stackOf(s) === "spoke-orders-dev" && s.urn.includes("aws:dynamodb/table:Table"),
        );
        expect(table?.op).to.equal("same");
        expect(run.output).to.include(
            "+- spoke-orders-dev: Vpc orders-vpc: cidrBlock: CloudFormation AWS::EC2::VPC.CidrBlock: update requires replacement",
        );
    });

    it("deletes every resource of the removed spoke and refuses its protected ones unless allowed", () => {
        const before = baseline.steps
            .filter((s) => stackOf(s as Step) === "spoke-app1-dev")
            .map((s) => s.urn);
        const deleted = steps.filter((s) => stackOf(s) === "spoke-app1-dev");
        expect(deleted.map((s) => s.urn).sort()).to.deep.equal([...before].sort());
        expect(deleted.every((s) => s.op === "delete" && s.oldState !== undefined)).to.equal(true);
        const protectedOnes = deleted.filter((s) => s.oldState?.protect).length;
        expect(protectedOnes).to.be.greaterThan(0);
        expect(run.code).to.equal(1);
        expect(run.output).to.include(`error: ${protectedOnes} critical resource(s) replaced or deleted`);
        expect(doc.changeSummary.delete).to.equal(before.length);
    });

    it("writes a pull-request summary with the critical changes first, then stacks by what they replace", () => {
        const order = [
            "#### Critical resources replaced or deleted",
            "#### Changes by stack",
            "#### Replacements",
            "#### Deletions",
            "#### Updates in place",
            "#### Flows and paths whose verdict changed",
        ].map((h) => summary.indexOf(h));
        expect(order.every((i) => i >= 0)).to.equal(true);
        expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
        const byStack = summary
            .slice(order[1], order[2])
            .split("\n")
            .filter((l) => l.startsWith("| `"));
        expect(byStack[0]).to.match(/^\| `spoke-orders-dev` \| \*\*\d+\*\* \|/);
        expect(summary).to.match(/\*\*dev\*\* \(preview\): 5 stack\(s\), .*; \*\*fails\*\*: \d+ critical/);
        expect(summary).to.include(
            "| `spoke-petstore-dev:petstore VPC->app1 VPC:tcp/443` | allowed | removed |",
        );
    });

    it("writes a SARIF log beside the plan", () => {
        const sarif = JSON.parse(fs.readFileSync(path.join(dir, "head", "plan.sarif"), "utf8")) as SarifLog;
        expect(sarif.version).to.equal("2.1.0");
        expect(sarif.runs[0].automationDetails.id).to.equal("hub-network-plan/dev/");
    });
});
