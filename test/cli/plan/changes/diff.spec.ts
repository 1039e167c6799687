import { expect } from "chai";
import { byStack, diffPlans, type ResourceSnapshot } from "../../../../cli/plan/changes/diff";
import { changesText } from "../../../../cli/plan/changes/report";
import { applyChanges } from "../../../../cli/plan/changes/steps";
import { childPath, diffValues } from "../../../../cli/plan/changes/values";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    rg: "aws:networkfirewall/ruleGroup:RuleGroup",
    route: "aws:ec2/route:Route",
    sg: "aws:ec2/securityGroup:SecurityGroup",
};

function res(
    stack: string,
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<ResourceSnapshot> = {},
): ResourceSnapshot {
    return {
        urn: `urn:pulumi:${stack}::hub-network::${type}::${name}`,
        type,
        custom: true,
        inputs,
        protect: false,
        ...extra,
    };
}

const tags = (role: string) => ({ tags: { "hub-network:vpc-role": role } });

function network(capacity = 100, domains = ["a.example.com"]): ResourceSnapshot[] {
    return [
        res("network-dev", T.vpc, "inspection-vpc", { cidrBlock: "10.64.0.0/24", ...tags("inspection") }),
        res("network-dev", T.rg, "allow-domains", {
            capacity,
            type: "STATEFUL",
            ruleGroup: { rulesSource: { rulesSourceList: { targets: domains } } },
        }),
    ];
}

function spoke(name: string, cidr: string): ResourceSnapshot[] {
    const stack = `spoke-${name}-dev`;
    const vpc = res(stack, T.vpc, `${name}-vpc`, { cidrBlock: cidr, ...tags("spoke") });
    return [
        vpc,
        res(
            stack,
            T.subnet,
            `${name}-a`,
            { vpcId: "[unknown]", cidrBlock: cidr, availabilityZone: "eu-west-1a" },
            {
                propertyDependencies: { vpcId: [vpc.urn] },
            },
        ),
        res(
            stack,
            T.sg,
            `${name}-sg`,
            { vpcId: "[unknown]", description: "api" },
            {
                propertyDependencies: { vpcId: [vpc.urn] },
            },
        ),
    ];
}

describe("plan changes", () => {
    it("names property paths as the engine does", () => {
        expect(childPath("", "tags")).to.equal("tags");
        expect(childPath("tags", "hub-network:role")).to.equal('tags["hub-network:role"]');
        expect(childPath("targets", 3)).to.equal("targets[3]");
        expect(diffValues({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).to.deep.equal([
            { path: "a.b[1]", kind: "update", property: "a", old: "2", new: "3" },
        ]);
        // Unknown on both sides is the same; unknown against known may change.
        expect(diffValues({ id: "[unknown]" }, { id: "[unknown]" })).to.deep.equal([]);
        expect(diffValues({ id: "vpc-1" }, { id: "[unknown]" })).to.have.length(1);
    });

    it("reports nothing for the same plan", () => {
        const plan = byStack([...network(), ...spoke("orders", "10.1.0.0/20")]);
        const changes = diffPlans(plan, plan, "all");
        expect(changes.counts).to.deep.equal({ create: 0, update: 0, replace: 0, delete: 0, same: 5 });
        expect(changes.stacks.flatMap((s) => s.changes)).to.deep.equal([]);
    });

    it("updates a rule group in place when its rules change, with the changed path", () => {
        const before = byStack(network(100, ["a.example.com"]));
        const after = byStack(network(100, ["a.example.com", "b.example.com"]));
        const changes = diffPlans(before, after, "all");
        const [change] = changes.stacks[0].changes;
        expect(change).to.deep.include({ op: "update", name: "allow-domains" });
        expect(change.diffs).to.deep.equal([
            {
                path: "ruleGroup.rulesSource.rulesSourceList.targets[1]",
                kind: "add",
                property: "ruleGroup",
                new: "b.example.com",
            },
        ]);
        expect(changes.violations).to.deep.equal([]);
    });

    it("replaces a rule group whose capacity changes, a critical change unless allowed", () => {
        const before = byStack(network(100));
        const after = byStack(network(200));
        const refused = diffPlans(before, after, "all");
        expect(refused.counts.replace).to.equal(1);
        expect(refused.violations.map((c) => c.name)).to.deep.equal(["allow-domains"]);
        expect(refused.violations[0].critical).to.equal("a Network Firewall rule group");
        const text = changesText(refused, "main (abc)");
        expect(text).to.contain("Changes against main (abc): 1 replace, 1 same.");
        expect(text).to.contain(
            "! REPLACE network-dev: RuleGroup allow-domains: a Network Firewall rule group (capacity: CloudFormation AWS::NetworkFirewall::RuleGroup.Capacity: update requires replacement)",
        );
        for (const allow of [
            "allow-domains",
            "network-dev:allow-domains",
            `urn:pulumi:network-dev::hub-network::${T.rg}::allow-domains`,
        ]) {
            const allowed = diffPlans(before, after, "all", [allow]);
            expect(allowed.violations, allow).to.deep.equal([]);
            expect(allowed.stacks[0].changes[0].allowed).to.equal(true);
            expect(allowed.unusedAllows).to.deep.equal([]);
        }
        expect(diffPlans(before, after, "all", ["other"]).unusedAllows).to.deep.equal(["other"]);
    });

    it("replaces a spoke VPC whose CIDR changes, and what takes its ID in a replace-causing input", () => {
        const before = byStack(spoke("orders", "10.1.0.0/20"));
        const after = byStack(spoke("orders", "10.1.16.0/20"));
        const changes = diffPlans(before, after, "all");
        const ops = Object.fromEntries(changes.stacks[0].changes.map((c) => [c.name, c.op]));
        expect(ops).to.deep.equal({ "orders-vpc": "replace", "orders-a": "replace", "orders-sg": "replace" });
        const sg = changes.stacks[0].changes.find((c) => c.name === "orders-sg");
        expect(sg?.replaceReasons).to.deep.equal([
            { property: "vpcId", why: "its value comes from orders-vpc, which is replaced" },
        ]);
        // A spoke's VPC is not critical: the hub's are.
        expect(changes.violations).to.deep.equal([]);
        const hub = diffPlans(
            byStack(network()),
            byStack([
                { ...network()[0], inputs: { cidrBlock: "10.65.0.0/24", ...tags("inspection") } },
                network()[1],
            ]),
            "all",
        );
        expect(hub.violations.map((c) => c.critical)).to.deep.equal(["the hub's inspection VPC"]);
    });

    it("creates an added spoke's stack and deletes a removed one's, but never a stack outside a one-stack plan", () => {
        const before = byStack([...network(), ...spoke("orders", "10.1.0.0/20")]);
        const after = byStack([...network(), ...spoke("billing", "10.2.0.0/20")]);
        const all = diffPlans(before, after, "all");
        expect(all.counts).to.deep.include({ create: 3, delete: 3, same: 2 });
        expect(all.stacks.map((s) => [s.stack, s.counts.create, s.counts.delete])).to.deep.equal([
            ["network-dev", 0, 0],
            ["spoke-billing-dev", 3, 0],
            ["spoke-orders-dev", 0, 3],
        ]);
        const one = diffPlans(before, byStack([...network()]), ["network-dev"]);
        expect(one.counts).to.deep.include({ delete: 0, same: 2 });
    });

    it("refuses to delete a protected resource unless allowed, and keeps a renamed (aliased) one", () => {
        const vpc = res(
            "spoke-orders-dev",
            T.vpc,
            "orders-vpc",
            { cidrBlock: "10.1.0.0/20" },
            { protect: true },
        );
        expect(diffPlans(byStack([vpc]), new Map(), "all").violations[0].critical).to.equal(
            "protected (protect: true)",
        );
        const renamed = { ...vpc, urn: vpc.urn.replace("orders-vpc", "orders-main-vpc"), aliases: [vpc.urn] };
        const changes = diffPlans(byStack([vpc]), byStack([renamed]), "all");
        expect(changes.stacks[0].changes.map((c) => [c.op, c.oldUrn])).to.deep.equal([["update", vpc.urn]]);
    });

    it("ignores the inputs the program ignores (ignoreChanges)", () => {
        const [vpc] = spoke("orders", "10.1.0.0/20");
        const changed = {
            ...vpc,
            inputs: { ...vpc.inputs, cidrBlock: "10.9.0.0/20" },
            ignoreChanges: ["cidrBlock"],
        };
        expect(diffPlans(byStack([vpc]), byStack([changed]), "all").counts.same).to.equal(1);
    });

    it("writes the steps as pulumi preview --json does: op, diffReasons, replaceReasons, detailedDiff, oldState", () => {
        const before = [...network(100), ...spoke("orders", "10.1.0.0/20")];
        const after = [...network(200, ["a.example.com", "b.example.com"])];
        const changes = diffPlans(byStack(before), byStack(after), "all");
        const step = (r: ResourceSnapshot) => ({
            op: "create",
            urn: r.urn,
            newState: { type: r.type, inputs: r.inputs },
        });
        const steps = after.map(step);
        const summary = applyChanges(steps, { steps: before.map(step) }, changes);
        expect(summary).to.deep.equal({ replace: 1, delete: 3, same: 1 });
        const rg = steps.find((s) => s.urn.endsWith("allow-domains")) as Record<string, unknown>;
        expect(rg.op).to.equal("replace");
        expect(rg.diffReasons).to.deep.equal(["capacity", "ruleGroup"]);
        expect(rg.replaceReasons).to.deep.equal(["capacity"]);
        expect(rg.detailedDiff).to.deep.equal({
            capacity: { kind: "update-replace", inputDiff: true },
            "ruleGroup.rulesSource.rulesSourceList.targets[1]": { kind: "add", inputDiff: true },
        });
        expect((rg.oldState as { inputs: { capacity: number } }).inputs.capacity).to.equal(100);
        const same = steps.find((s) => s.urn.endsWith("inspection-vpc")) as Record<string, unknown>;
        expect(same).to.deep.include({ op: "same", detailedDiff: null });
        expect(same).not.to.have.property("oldState");
        const deleted = steps.filter((s) => s.op === "delete") as Record<string, unknown>[];
        expect(deleted.map((s) => s.urn)).to.deep.equal(spoke("orders", "").map((r) => r.urn));
        expect(deleted[0]).not.to.have.property("newState");
        expect(deleted[0]).to.have.property("oldState");
    });
});
