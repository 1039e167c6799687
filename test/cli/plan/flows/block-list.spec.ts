/**
 * From a GuardDuty finding to a flow verdict: the block-list function (against the local EC2 fake)
 * puts the finding's remote address on the network stack's prefix list, and the firewall model of the
 * plan, reading the list through the block-list group's IP set reference, drops flows to and from that
 * address by the block list's own rule, before any rule of the environment file; then the same through
 * the plan's whole flow analysis, from a spoke of the environment, hop by hop.
 */
import { expect } from "chai";
import { analyzeFlows, type FlowResult } from "../../../../cli/plan/flows";
import { flowLine } from "../../../../cli/plan/flows/report";
import { firewallPolicies } from "../../../../cli/plan/flows/firewall-model";
import { Reachability } from "../../../../cli/plan/reachability";
import { evaluateFirewall } from "../../../../cli/plan/flows/firewall-eval";
import { EPHEMERAL_PORT, type Packet } from "../../../../cli/plan/flows/types";
import { Inventory } from "../../../../cli/plan/inventory";
import type { RecordedResource } from "../../../../cli/mock-cloud/run";
import { createBlockListHandler } from "../../../../services/block-list/block-list";
import { configFromEnvironment } from "../../../../services/block-list/config";
import { ec2PrefixListApi } from "../../../../services/block-list/ec2";
import { copyProject, runEnvironment, runFixtureStack, type Recorded } from "../../../harness";
import { startFakeEc2 } from "../../../services/support/ec2";
import { memoryLogger } from "../../../services/support/http";
import { findingEvent } from "../../../services/block-list/findings";

const LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";

const https = (source: string, destination: string): Packet => ({
    source,
    destination,
    transport: "tcp",
    sourcePort: EPHEMERAL_PORT,
    destinationPort: 443,
    app: "tls",
    serverName: "attacker.example",
});

/** An entry of the block list. */
type ListEntry = { cidr: string; description?: string };

/** The firewall policy of `run` with the block list holding `entries` (what the function put there). */
function policyWith(run: Recorded, entries: readonly ListEntry[]) {
    const resources: RecordedResource[] = run.resources.map((r) =>
        r.type === LIST ? { ...r, outputs: { ...r.outputs, entries: [...entries] } } : r,
    );
    const inventory = new Inventory([
        { name: "network-dev", accountId: "111111111111", region: "eu-west-1", resources },
    ]);
    const [model] = [...firewallPolicies(inventory, () => ["10.64.0.0/24"]).values()];
    return model;
}

/**
 * Runs the block-list function of `run`'s network stack, with its own configuration (less the
 * endpoint: the local EC2 fake's here), on a GuardDuty finding of a backdoor instance calling its
 * command-and-control server; returns what it added and the list's entries after.
 */
async function blockFinding(run: Recorded): Promise<{ added: readonly string[]; entries: ListEntry[] }> {
    const list = run.all(LIST)[0];
    const vars = (
        run.find("aws:lambda/function:Function", "block-list-function").inputs.environment as {
            variables: Record<string, string>;
        }
    ).variables;
    const ec2 = await startFakeEc2({ prefixListId: String(list.id), maxEntries: Number(vars.MAX_ENTRIES) });
    try {
        const handler = createBlockListHandler({
            api: ec2PrefixListApi(ec2.client, ec2.prefixListId),
            config: configFromEnvironment({ ...vars, EC2_ENDPOINT: undefined }),
            logger: memoryLogger(),
            sleep: async () => {},
        });
        const outcome = await handler(
            findingEvent({ type: "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom", severity: 8 }),
        );
        return { added: outcome.added, entries: [...ec2.entries] };
    } finally {
        await ec2.stop();
    }
}

describe("flows: the block list decides first", function () {
    let run: Recorded;
    before(async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": (doc) => doc.set("detection", doc.createNode({ enabled: true })),
        });
        run = await runFixtureStack("network-dev", { root });
    });

    it("drops a spoke's connection to the address of a GuardDuty finding, naming the block list's rule", async () => {
        const { added, entries } = await blockFinding(run);
        expect(added).to.deep.equal(["198.51.100.7/32"]);

        const before = evaluateFirewall(policyWith(run, []), https("10.72.0.10", "198.51.100.7"));
        expect(before.by).to.not.contain("block-list");

        const policy = policyWith(run, entries);
        expect(policy.stateful[0].name).to.equal("block-list");
        const out = evaluateFirewall(policy, https("10.72.0.10", "198.51.100.7"));
        expect(out.verdict).to.equal("drop");
        expect(out.by).to.contain('block-list sid 9100002 "drop ip any any -> @BLOCK_LIST any');
        expect(out.by).to.contain("to a blocked address");
        // The attacker's own connections in: dropped by the other rule of the group.
        const inbound = evaluateFirewall(policy, https("198.51.100.7", "10.72.0.10"));
        expect(inbound).to.include({ verdict: "drop" });
        expect(inbound.by).to.contain("block-list sid 9100001");
        // Any other address is decided as before.
        const other = evaluateFirewall(policy, https("10.72.0.10", "198.51.100.8"));
        expect(other.by).to.equal(
            evaluateFirewall(policyWith(run, []), https("10.72.0.10", "198.51.100.8")).by,
        );
    });

    it("shows the block list as the deciding rule of the plan's flow verdict, from a finding fixture to a spoke's flow", async () => {
        const root = copyProject({
            "stacks/environments/dev.yaml": (doc) => doc.set("detection", doc.createNode({ enabled: true })),
        });
        const runs = await runEnvironment("dev", {
            root,
            only: (stack) => stack === "network-dev" || stack === "spoke-orders-dev",
        });
        const network = runs["network-dev"];
        const { added, entries } = await blockFinding(network);
        expect(added).to.deep.equal(["198.51.100.7/32"]);

        /** The plan's verdict of spoke orders' HTTPS to 198.51.100.7, with the list as the function left it. */
        const verdict = (listEntries: readonly ListEntry[]): FlowResult => {
            // What `pulumi refresh` reads back into the list's state: the entries the function added.
            const stacks = [
                { name: "network-dev", accountId: "111111111111", run: network },
                { name: "spoke-orders-dev", accountId: "444444444444", run: runs["spoke-orders-dev"] },
            ].map(({ name, accountId, run }) => ({
                name,
                accountId,
                region: "eu-west-1",
                resources: run.resources.map((r) =>
                    r.type === LIST ? { ...r, outputs: { ...r.outputs, entries: [...listEntries] } } : r,
                ),
            }));
            const inventory = new Inventory(stacks);
            const reach = new Reachability(inventory, { onPremisesCidrs: ["172.16.0.0/16"] });
            const spoke = reach.net.vpcs().find((v) => v.stack === "spoke-orders-dev") as Parameters<
                typeof reach.hostSubnets
            >[0];
            const flow = {
                category: "internet" as const,
                reason: "a connection to the address of a GuardDuty finding",
                required: false,
                origin: {
                    label: `${reach.label(spoke)} VPC`,
                    stack: spoke.stack,
                    vpc: spoke,
                    subnets: reach.hostSubnets(spoke),
                    groups: [],
                },
                target: { kind: "address" as const, label: "198.51.100.7", address: "198.51.100.7" },
                transport: "tcp" as const,
                port: 443,
                app: "tls" as const,
                networkOnly: true,
            };
            const report = analyzeFlows(inventory, reach, {
                onPremisesCidrs: ["172.16.0.0/16"],
                extra: [flow],
            });
            const found = report.flows.find((f) => f.destination === "198.51.100.7");
            expect(found, "the flow is in the plan's report").to.not.equal(undefined);
            return found as FlowResult;
        };

        const before = verdict([]);
        expect(before.decidedBy).to.not.contain("block-list");
        const after = verdict(entries);
        expect(after.verdict).to.equal("dropped");
        expect(after.decidedBy).to.contain('block-list sid 9100002 "drop ip any any -> @BLOCK_LIST any');
        const firewall = after.steps.find((s) => s.kind === "firewall");
        expect(firewall?.verdict).to.equal("dropped");
        expect(flowLine(after)).to.match(
            /^orders VPC .*→ 198\.51\.100\.7 tls\/tcp\/443: DROPPED — .*block-list sid 9100002/,
        );
    });
});
