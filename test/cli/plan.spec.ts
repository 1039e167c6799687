import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { parsePlanArgs, UsageError } from "../../cli/plan/args";
import { plan } from "../../cli/plan/main";
import type { PlanDocument } from "../../cli/plan/preview-json";
import { startPolicyThread } from "../../cli/plan/pack-start";
import { readStackConfig, stacksOf, withDependencies } from "../../cli/plan/stacks";
import { accountZones } from "../../cli/mock-cloud/zones";
import { chooseZonesById, sortZoneIds } from "../../components/shared/availability-zones";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import { FIXTURE_ROOT } from "../harness/fixture";
import { elements, parseXml } from "./support/xml";

/**
 * The plan of the suite's own project (`--root` the fixture), with `args`; `output` is stdout and
 * stderr as a terminal shows them, `errors` stderr alone.
 */
async function runPlan(args: string[]): Promise<{ code: number; output: string; errors: string }> {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await plan(
        [...args, "--root", FIXTURE_ROOT],
        (line) => lines.push(line),
        undefined,
        (line) => {
            lines.push(line);
            errors.push(line);
        },
    );
    return { code, output: lines.join("\n"), errors: errors.join("\n") };
}

/** petstore's first AZ in dev, by the name its account gives the region's first AZ ID. */
function petstoreAz(): string {
    const config = readStackConfig("spoke-petstore-dev", FIXTURE_ROOT);
    const account = (JSON.parse(config["aws:allowedAccountIds"]) as string[])[0];
    const zones = accountZones(config["aws:region"], account);
    return chooseZonesById(zones, sortZoneIds(zones.zoneIds).slice(0, 1)).names[0];
}

describe("offline plan", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-plan-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("finds every stack of an environment from its config files, hub first", () => {
        const prod = stacksOf("prod", FIXTURE_ROOT).map((s) => [s.name, s.level]);
        expect(prod[0]).to.deep.equal(["network-prod", 0]);
        expect(prod.map(([name]) => name)).to.include("network-prod-dr");
        expect(
            stacksOf("dev", FIXTURE_ROOT).every((s) => s.config["hub-network:environment"] === "dev"),
        ).to.equal(true);
    });

    it("plans one stack with the stacks it may reference", () => {
        const names = withDependencies(stacksOf("prod", FIXTURE_ROOT), "network-prod-dr").map((s) => s.name);
        expect(names).to.deep.equal(["network-prod", "network-prod-dr"]);
    });

    it("plans dev end to end and writes JSON in the shape of pulumi preview --json", async () => {
        const file = path.join(dir, "dev.json");
        const out = path.join(dir, "dev");
        const { code, output } = await runPlan(["--env", "dev", "--json", file, "--out", out, "--quiet"]);
        // every reachable path of dev is inspected and symmetric, every required flow is allowed, and
        // no policy is mandatory-violated
        expect(code, output).to.equal(0);
        expect(output).to.contain(
            "Reachability: 15 path(s) from 3 spoke(s): 15 reachable, inspected and symmetric; 0 violating the design; 0 not reachable.",
        );
        const doc = JSON.parse(fs.readFileSync(file, "utf8")) as PlanDocument;
        expect(doc.changeSummary.create).to.equal(doc.steps.length).and.to.be.greaterThan(50);
        // The table counts resources as the preview does, per stack and in total.
        const network = doc.steps.filter((s) => s.urn.startsWith("urn:pulumi:network-dev::")).length;
        expect(output).to.match(new RegExp(`network-dev\\s+111111111111\\s+eu-west-1\\s+${network}\\s`));
        expect(output).to.match(new RegExp(`^total\\s+${doc.changeSummary.create}\\s`, "m"));
        expect(doc.steps.every((s) => s.op === "create" && s.urn === s.newState.urn)).to.equal(true);
        const tgw = doc.steps.find(
            (s) => s.newState.type === "aws:ec2transitgateway/transitGateway:TransitGateway",
        );
        expect(tgw?.newState.inputs.defaultRouteTableAssociation).to.equal("disable");
        expect(tgw?.newState.id).to.equal(undefined);
        // Resource options a diff needs: protection (off in development) and ignored properties.
        expect(tgw?.newState.protect).to.equal(false);
        const resolverGroup = doc.steps.find((s) => s.urn.endsWith("SecurityGroup::resolver-inbound"));
        expect(resolverGroup?.newState.ignoreChanges).to.deep.equal(["description"]);
        expect(doc.hubNetwork.mode).to.equal("preview");
        expect(doc.hubNetwork.stacks.map((s) => s.name)).to.include("network-dev");
        expect(doc.hubNetwork.stacks[0].exports.region).to.equal("eu-west-1");
        expect(doc.hubNetwork.stacks[0].exports.transitGatewayId).to.equal("[unknown]");
        // The pack ran over every resource: dev relaxes firewall protection, an advisory, and has no
        // mandatory violation; each violation is a diagnostic as the engine prints it.
        const policy = doc.hubNetwork.policy!;
        expect(policy).to.deep.include({
            policyPacks: { "hub-network": "0.1.0" },
            configFile: null,
            mandatory: 0,
        });
        expect(doc.diagnostics.map((d) => [d.prefix, d.severity])).to.deep.equal(
            policy.violations.map(() => ["advisory: ", "warning"]),
        );
        expect(
            doc.diagnostics.filter((d) => d.policyName === "networkfirewall-firewall-protection"),
        ).to.have.length(2);
        expect(policy.advisory).to.equal(doc.diagnostics.length);
        expect(output).to.match(/network-dev .* 0 +\d+ +- +[\d,]+\.\d\d +ok/);

        // Cost: per stack and in total, itemised, from the recorded resources and the price table.
        const cost = doc.hubNetwork.cost!;
        expect(cost.hoursPerMonth).to.equal(730);
        expect(cost.monthlyUsd).to.be.greaterThan(0);
        const hub = cost.stacks.find((s) => s.stack === "network-dev")!;
        const zones = doc.hubNetwork.stacks[0].exports.availabilityZones as string[];
        const firewall = hub.items.filter((i) => i.item === "Network Firewall endpoint");
        expect(firewall.map((i) => [i.quantity, i.unitUsd, i.monthlyUsd])).to.deep.equal([
            [zones.length, 0.395, zones.length * 0.395 * 730],
        ]);
        expect(hub.items.every((i) => i.source.startsWith("https://aws.amazon.com/"))).to.equal(true);
        expect(cost.monthlyUsd).to.equal(
            Math.round(cost.stacks.reduce((sum, s) => sum + s.monthlyUsd, 0) * 100) / 100,
        );
        expect(output).to.contain("Excludes every traffic-dependent charge");

        // The diagram: well-formed SVG naming every account, VPC and Transit Gateway of the plan.
        const svg = parseXml(fs.readFileSync(path.join(out, "topology.svg"), "utf8"));
        const texts = elements(svg, "text").map((t) => t.text);
        for (const stack of doc.hubNetwork.stacks) {
            expect(
                texts.some((t) => t.endsWith(`account ${stack.accountId}`)),
                stack.accountId,
            ).to.equal(true);
        }
        const vpcs = doc.steps.filter((s) => s.newState.type === "aws:ec2/vpc:Vpc");
        expect(vpcs.length).to.be.greaterThan(1);
        for (const vpc of vpcs) {
            const inputs = vpc.newState.inputs as { tags: Record<string, string> };
            const name = inputs.tags["hub-network:spoke"] ?? inputs.tags.Name;
            expect(texts, name).to.include(`${name} VPC (${inputs.tags["hub-network:vpc-role"]})`);
        }
        expect(texts).to.include("Transit Gateway");

        // Reachability: every spoke to the internet, the other spokes, on-premises and shared services.
        const reach = doc.hubNetwork.reachability!;
        const spokes = doc.hubNetwork.stacks.filter((s) => s.role === "spoke").length;
        expect(reach.paths).to.equal(spokes * (1 + (spokes - 1) + 1 + 1));
        // On premises included: through the firewall to the VPN, and back the same way.
        expect(reach.results.map((p) => [p.verdict, p.inspected, p.symmetric, p.violations])).to.deep.equal(
            reach.results.map(() => ["reachable", true, true, []]),
        );
        expect(reach.results.filter((p) => p.destinationKind === "internet")).to.have.length(spokes);
        const onPremises = reach.results.filter((p) => p.destinationKind === "on-premises");
        expect(onPremises).to.have.length(spokes);
        for (const path of onPremises) {
            expect(path.branches[0].forward.hops.at(-1)?.text).to.equal(
                "to on premises through VPN connection on-premises-vpn-connection (BGP)",
            );
        }
        expect(reach.results[0].branches[0].forward.hops.length).to.be.greaterThan(5);

        // Every required flow of the fixture's workloads and hub roles is allowed, with its deciding steps.
        const flows = doc.hubNetwork.flows!;
        expect(flows.results.filter((f) => f.verdict !== "allowed").map((f) => f.id)).to.deep.equal([]);
        expect(flows.findings.filter((f) => f.severity === "error")).to.deep.equal([]);
        // Every verdict names what decided it.
        expect(flows.results.filter((f) => f.decidedBy === "").map((f) => f.id)).to.deep.equal([]);
        const categories = new Set(flows.results.map((f) => f.category));
        for (const category of ["workload", "dns", "on-premises", "gwlb"] as const) {
            expect([...categories], category).to.include(category);
        }
        expect(
            flows.results.find((f) => f.category === "workload" && f.destination === "ecr.dkr")?.decidedBy,
        ).to.match(/^interface endpoint /);
    });

    it("answers one reachability question hop by hop with --reach", async () => {
        const { code, output } = await runPlan([
            "--env",
            "dev",
            "--no-policy",
            "--reach",
            `petstore:${petstoreAz()}`,
            "orders",
            "--out",
            path.join(dir, "reach"),
            "--quiet",
        ]);
        expect(code, output).to.equal(0);
        expect(output).to.contain("Reach petstore → orders (");
        expect(output).to.match(/: reachable, inspected, return symmetric\n/);
        expect(output).to.contain(
            "    → TGW route table spokes: 10.64.0.0/12 (static) → inspection attachment",
        );
        expect(output).to.contain("    return: reachable");
        const bad = await runPlan([
            "--env",
            "dev",
            "--no-policy",
            "--reach",
            "nowhere",
            "internet",
            "--out",
            dir,
        ]);
        expect(bad.code).to.equal(2);
        expect(bad.output).to.contain("error: --reach: unknown spoke 'nowhere'");
        expect(() => parsePlanArgs(["--env", "dev", "--reach", "petstore"])).to.throw(
            UsageError,
            "--reach takes a source and a destination",
        );
        expect(() => parsePlanArgs(["--env", "dev", "stray"])).to.throw(
            UsageError,
            "unexpected argument 'stray'",
        );
    });

    it("exits 1 on mandatory violations from the policy config file, reported in the engine's shapes", async () => {
        const file = path.join(dir, "strict.json");
        const config = path.resolve(__dirname, "../../policy-pack/policy-config.example.json");
        const { code, output } = await runPlan([
            "--env",
            "dev",
            "--stack",
            "network-dev",
            "--policy-config",
            config,
            "--json",
            file,
            "--out",
            path.join(dir, "strict"),
            "--quiet",
        ]);
        expect(code).to.equal(1);
        expect(output).to.contain(
            "[mandatory] networkfirewall-firewall-protection (medium)  network-dev: aws:networkfirewall/firewall:Firewall: inspection-firewall",
        );
        const doc = JSON.parse(fs.readFileSync(file, "utf8")) as PlanDocument;
        expect(output).to.contain(`error: ${doc.hubNetwork.policy?.mandatory} mandatory policy violation(s)`);
        const firewall = doc.hubNetwork.policy?.violations.find(
            (v) => v.policyName === "networkfirewall-firewall-protection",
        );
        expect(firewall).to.deep.include({
            policyPackName: "hub-network",
            enforcementLevel: "mandatory",
            severity: "medium",
            stack: "network-dev",
            message:
                "Network Firewalls must have delete and subnet-change protection on.\ndeleteProtection is false; set it to true.",
        });
        expect(firewall?.resourceUrn).to.match(
            /\$aws:networkfirewall\/firewall:Firewall::inspection-firewall$/,
        );
        const ram = doc.diagnostics.filter(
            (d) => d.policyName === "ram-principal-association-allowed-principals",
        );
        expect(ram).to.have.length(6);
        expect(ram[0]).to.include({
            prefix: "mandatory: ",
            severity: "error",
            enforcementLevel: "mandatory",
        });
        expect(ram[0].message).to.match(/^\[ram-principal-association-allowed-principals\] AWS RAM shares/);
        expect(doc.hubNetwork.policy?.configFile).to.equal(config);
    });

    it("skips the pack with --no-policy and rejects a policy config the pack's policies reject", async () => {
        const file = path.join(dir, "no-policy.json");
        const skipped = await runPlan([
            "--env",
            "dev",
            "--stack",
            "network-dev",
            "--no-policy",
            "--json",
            file,
            "--out",
            dir,
            "--quiet",
        ]);
        expect(skipped.code).to.equal(0);
        const doc = JSON.parse(fs.readFileSync(file, "utf8")) as PlanDocument;
        expect(doc.hubNetwork.policy).to.equal(null);
        expect(doc.diagnostics).to.deep.equal([]);
        expect(skipped.output).to.not.contain("Policies:");

        const bad = path.join(dir, "bad-policy.json");
        fs.writeFileSync(bad, '{\n  "kms-key-rotation": { "rotationDays": 90 }\n}\n');
        const rejected = await runPlan([
            "--env",
            "dev",
            "--stack",
            "network-dev",
            "--policy-config",
            bad,
            "--out",
            dir,
            "--quiet",
        ]);
        expect(rejected.code).to.equal(2);
        expect(rejected.output).to.contain(
            `${bad}:2: kms-key-rotation.rotationDays is not a setting of this policy; expected no settings (only enforcementLevel)`,
        );
        const notJson = await runPlan([
            "--env",
            "dev",
            "--policy-config",
            path.join(dir, "missing.json"),
            "--out",
            dir,
        ]);
        expect(notJson.code).to.equal(2);
        expect(notJson.errors).to.contain(
            `error: --policy-config '${path.join(dir, "missing.json")}' does not exist; expected a policy config file (JSON)`,
        );
    });

    it("knows every ID in update mode and keeps same-named resources of two stacks apart", async () => {
        const { code } = await runPlan(["--env", "prod", "--update", "--out", dir, "--quiet", "--no-policy"]);
        expect(code).to.equal(0);
        const doc = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as PlanDocument;
        const urns = doc.steps.map((s) => s.urn);
        expect(new Set(urns).size).to.equal(urns.length);
        const tgws = doc.steps.filter(
            (s) => s.newState.type === "aws:ec2transitgateway/transitGateway:TransitGateway",
        );
        expect(tgws.map((t) => t.urn.split("::")[1] && t.urn.split(":")[2])).to.have.length(2);
        expect(tgws[0].newState.id).to.match(/^tgw-/);
        expect(tgws[0].newState.id).to.not.equal(tgws[1].newState.id);
        const svg = elements(parseXml(fs.readFileSync(path.join(dir, "topology.svg"), "utf8")), "text");
        expect(svg.filter((t) => t.text === "Transit Gateway")).to.have.length(2);
        expect(svg.map((t) => t.text)).to.include.members(["eu-west-1", "eu-central-1"]);
        // prod: a NAT gateway per AZ and appliance mode: every reachable path is inspected and symmetric.
        const reach = doc.hubNetwork.reachability!;
        expect(reach.violations).to.equal(0);
        const reachable = reach.results.filter((p) => p.verdict === "reachable");
        expect(reachable.length).to.be.greaterThan(reach.paths / 2);
        expect(reachable.every((p) => p.inspected && p.symmetric === true)).to.equal(true);
        const regions = doc.hubNetwork.stacks.map((s) => [s.name, s.exports.region]);
        expect(regions).to.deep.include.members([
            ["network-prod", "eu-west-1"],
            ["network-prod-dr", "eu-central-1"],
        ]);
    });

    it("exits 2 with a clear message on bad flags, an unknown environment or an unknown stack", async () => {
        expect(await runPlan(["--env", "dev", "--bogus"])).to.include({ code: 2 });
        expect((await runPlan(["--env", "dev", "--bogus"])).errors).to.contain(
            "error: unknown option '--bogus'; expected one of --env,",
        );
        const unknownEnv = await runPlan(["--env", "qa"]);
        expect(unknownEnv.code).to.equal(2);
        expect(unknownEnv.output).to.contain("unknown environment 'qa'; expected one of dev, prod");
        const unknownStack = await runPlan(["--env", "dev", "--stack", "network-qa"]);
        expect(unknownStack.code).to.equal(2);
        expect(unknownStack.output).to.contain(
            "unknown stack 'network-qa' in dev; did you mean network-dev? expected one of network-dev",
        );
        expect(() => parsePlanArgs(["--env", "dev", "--preview", "--update"])).to.throw(
            UsageError,
            /exclude each other/,
        );
        expect(() => parsePlanArgs([])).to.throw(UsageError, "--env is required");
        expect(() => parsePlanArgs(["--env", "dev", "--no-policy", "--policy-config", "p.json"])).to.throw(
            UsageError,
            /exclude each other/,
        );
    });

    it("uses a pack started before it, or stops it when the plan wants another or none", async () => {
        const lines: string[] = [];
        const early = startPolicyThread(undefined);
        const code = await plan(
            [
                "--env",
                "dev",
                "--stack",
                "network-dev",
                "--quiet",
                "--out",
                path.join(dir, "early"),
                "--root",
                FIXTURE_ROOT,
            ],
            (line) => lines.push(line),
            early,
        );
        expect(code, lines.join("\n")).to.equal(0);
        const [pid] = (await early.started).pids;
        // It analysed the stack (as preview and as deployed: one stack), then the plan closed it.
        expect([...early.stacksPerProcess.entries()]).to.deep.equal([[pid, 1]]);
        expect(() => process.kill(pid!, 0)).to.throw(/ESRCH/);

        const unused = startPolicyThread(undefined);
        expect(
            await plan(["--env", "dev", "--bogus", "--root", FIXTURE_ROOT], () => undefined, unused),
        ).to.equal(2);
        const unusedPid = (await unused.started).pids[0];
        expect(unused.stacksPerProcess.size).to.equal(0);
        expect(() => process.kill(unusedPid!, 0)).to.throw(/ESRCH/);
    });

    it("runs as npm run plan does, from its command line", async () => {
        const cli = path.join(PROJECT_ROOT, "cli", "plan", "cli.ts");
        const run = (args: string[]) =>
            spawnSync(
                process.execPath,
                ["--require", path.join(PROJECT_ROOT, "cli", "register.js"), cli, ...args],
                {
                    cwd: PROJECT_ROOT,
                    encoding: "utf8",
                },
            );
        const planned = run([
            ...["--env", "dev", "--stack", "network-dev", "--out", path.join(dir, "cli")],
            ...["--root", FIXTURE_ROOT],
        ]);
        expect(planned.status, planned.stdout + planned.stderr).to.equal(0);
        expect(planned.stdout).to.match(/dev: 1 stack\(s\), \d+ resources to create \(preview\)/);
        expect(planned.stdout).to.contain("hub-network@v");
        const bad = run(["--env", "dev", "--bogus", "--root", FIXTURE_ROOT]);
        expect(bad.status).to.equal(2);
        expect(bad.stderr).to.contain("error: unknown option '--bogus'");
        expect(bad.stdout).to.equal("");
    });
});
