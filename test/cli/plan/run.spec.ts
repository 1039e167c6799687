import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { runStacks, type StackResult } from "../../../cli/plan/run";
import { stacksOf, withDependencies } from "../../../cli/plan/stacks";
import { fromTransfer, toTransfer } from "../../../cli/plan/transfer";

function shape(results: readonly StackResult[]) {
    return results.map((r) => ({
        stack: r.stack.name,
        error: r.error,
        urns: (r.run?.resources ?? []).map((x) => x.urn).sort(),
        ids: (r.deployed?.resources ?? []).map((x) => x.id ?? "").sort(),
        unknownIds: (r.run?.resources ?? []).filter((x) => x.custom && x.id === undefined).length,
    }));
}

describe("running the stacks of a plan", function () {
    this.timeout(180000);

    it("gives the same records on worker threads as in this thread, levels in order, unknowns kept", async () => {
        const stacks = withDependencies(stacksOf("dev"), "spoke-orders-dev");
        expect(stacks.map((s) => s.level)).to.deep.equal([...stacks.map((s) => s.level)].sort());
        const order: string[] = [];
        const inThread = await runStacks("dev", stacks, true, () => undefined, { workers: 1 });
        const onWorkers = await runStacks(
            "dev",
            stacks,
            true,
            (e) => {
                if (e.phase !== "start") order.push(e.stack);
            },
            { workers: 2 },
        );
        expect(shape(onWorkers)).to.deep.equal(shape(inThread));
        expect(onWorkers.every((r) => !r.error)).to.equal(true);
        // The hub finishes before the spoke that references it starts.
        expect(order.indexOf("network-dev")).to.be.lessThan(order.indexOf("spoke-orders-dev"));
        // Values unknown in a preview come back from the worker as the SDK's unknown value.
        const vpc = onWorkers
            .find((r) => r.stack.name === "spoke-orders-dev")!
            .run!.resources.find((x) => x.type === "aws:ec2/subnet:Subnet")!;
        expect(pulumi.isUnknown(vpc.inputs.vpcId)).to.equal(true);
        // In a preview the hub is evaluated as deployed too: its IDs are known there.
        expect(onWorkers[0].deployed?.resources.find((x) => x.type === "aws:ec2/vpc:Vpc")?.id).to.match(
            /^vpc-/,
        );
    });

    it("carries unknown values across threads as a marker and back", () => {
        const value = { a: pulumi.unknown, b: [1, pulumi.unknown, { c: "x", d: undefined }] };
        const sent = toTransfer(value) as { a: unknown; b: unknown[] };
        expect(JSON.parse(JSON.stringify(sent))).to.deep.equal({
            a: { __hubNetworkUnknown: true },
            b: [1, { __hubNetworkUnknown: true }, { c: "x" }],
        });
        const back = fromTransfer(structuredClone(sent)) as { a: unknown; b: unknown[] };
        expect(pulumi.isUnknown(back.a)).to.equal(true);
        expect(pulumi.isUnknown(back.b[1])).to.equal(true);
        expect(back.b[2]).to.deep.equal({ c: "x" });
    });
});
