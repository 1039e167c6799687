import * as path from "node:path";
import { Worker } from "node:worker_threads";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { evaluateStack, type EvaluateJob } from "../../../cli/plan/evaluate";
import { defaultParallelism } from "../../../cli/plan/main";
import { runStacks, type StackResult } from "../../../cli/plan/run";
import { stacksOf, withDependencies } from "../../../cli/plan/stacks";
import { fromTransfer, toTransfer } from "../../../cli/plan/transfer";
import { StackThreads, WorkerPool } from "../../../cli/plan/worker-pool";
import { PROJECT_ROOT } from "../../../stacks/schema/yaml-file";
import { FIXTURE_ROOT } from "../../harness/fixture";

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

    it("gives the same records on several threads as in this thread, levels in order, unknowns kept", async () => {
        const stacks = withDependencies(stacksOf("dev", FIXTURE_ROOT), "spoke-orders-dev");
        expect(stacks.map((s) => s.level)).to.deep.equal([...stacks.map((s) => s.level)].sort());
        const order: string[] = [];
        const inThread = await runStacks("dev", stacks, true, () => undefined, {
            workers: 1,
            root: FIXTURE_ROOT,
        });
        const onWorkers = await runStacks(
            "dev",
            stacks,
            true,
            (e) => {
                if (e.phase !== "start") order.push(e.stack);
            },
            { workers: 3, root: FIXTURE_ROOT },
        );
        expect(shape(onWorkers)).to.deep.equal(shape(inThread));
        expect(onWorkers.every((r) => !r.error)).to.equal(true);
        // The hub finishes before the spoke that references it starts.
        expect(order.indexOf("network-dev")).to.be.lessThan(order.indexOf("spoke-orders-dev"));
        // In a preview the hub is evaluated as deployed too: its IDs are known there.
        expect(onWorkers[0].deployed?.resources.find((x) => x.type === "aws:ec2/vpc:Vpc")?.id).to.match(
            /^vpc-/,
        );

        // One stack on a worker thread: the same records as here, and values unknown in a preview come
        // back from the worker as the SDK's unknown value.
        const spoke = inThread.find((r) => r.stack.name === "spoke-orders-dev")!;
        const stackOutputs = Object.fromEntries(
            inThread.filter((r) => r !== spoke).map((r) => [r.stack.name, (r.deployed ?? r.run)!.outputs]),
        );
        const job: EvaluateJob = {
            stack: spoke.stack,
            accountId: spoke.accountId,
            region: spoke.region,
            preview: true,
            stackOutputs,
            root: FIXTURE_ROOT,
        };
        const pool = new WorkerPool(1);
        const onWorker = await pool.run(job).finally(() => pool.close());
        const here = await evaluateStack(job);
        expect(onWorker.resources.map((r) => r.urn)).to.deep.equal(here.resources.map((r) => r.urn));
        expect(onWorker.resources.map((r) => r.urn)).to.deep.equal(spoke.run!.resources.map((r) => r.urn));
        const subnet = onWorker.resources.find((x) => x.type === "aws:ec2/subnet:Subnet")!;
        expect(pulumi.isUnknown(subnet.inputs.vpcId)).to.equal(true);
    });

    it("shares the jobs between this thread and the workers", async () => {
        // A job run in this thread ends in microtasks; the worker's replies still get heard, so the
        // worker keeps taking jobs rather than one at the start.
        const threads = new StackThreads(2);
        try {
            await Promise.all([threads.floor("warm-up-0", 1), threads.floor("warm-up-1", 1)]);
            const floors = await Promise.all(
                Array.from({ length: 8 }, (_, i) => threads.floor(`share-${i}`, 150)),
            );
            expect(floors.map((f) => f.count)).to.deep.equal(Array(8).fill(151));
            const jobsOn = (thread: number) => floors.filter((f) => f.thread === thread).length;
            expect(jobsOn(0)).to.be.greaterThanOrEqual(2);
            expect(8 - jobsOn(0)).to.be.greaterThanOrEqual(2);
        } finally {
            await threads.close();
        }
    });

    it("shares the cores between the stacks and the policy pack from 8 stacks on", () => {
        expect(defaultParallelism(5, true, 4)).to.deep.equal({ threads: 1, packs: 1 });
        expect(defaultParallelism(7, false, 4)).to.deep.equal({ threads: 1, packs: 0 });
        expect(defaultParallelism(102, false, 2)).to.deep.equal({ threads: 2, packs: 0 });
        expect(defaultParallelism(102, true, 2)).to.deep.equal({ threads: 1, packs: 1 });
        expect(defaultParallelism(102, true, 4)).to.deep.equal({ threads: 2, packs: 2 });
        expect(defaultParallelism(102, true, 5)).to.deep.equal({ threads: 3, packs: 2 });
        expect(defaultParallelism(102, true, 1)).to.deep.equal({ threads: 1, packs: 1 });
    });

    it("lowers a thread's priority while the stacks are evaluated, and puts it back if allowed", async () => {
        // On a thread of its own: the test runner keeps its priority whatever happens.
        const module = path.join(PROJECT_ROOT, "cli", "plan", "worker-pool.ts");
        const register = path.join(PROJECT_ROOT, "cli", "register.js");
        const source = `require(${JSON.stringify(register)});
            const { getPriority } = require("node:os");
            const { lowerThreadPriority } = require(${JSON.stringify(module)});
            const before = getPriority(0);
            const restore = lowerThreadPriority(3);
            const lowered = getPriority(0);
            restore();
            require("node:worker_threads").parentPort.postMessage({ before, lowered, after: getPriority(0) });`;
        const seen = await new Promise<{ before: number; lowered: number; after: number }>(
            (resolve, reject) => {
                const worker = new Worker(source, { eval: true });
                worker.once("message", (m) =>
                    resolve(m as { before: number; lowered: number; after: number }),
                );
                worker.once("error", reject);
            },
        );
        expect(seen.lowered).to.equal(Math.min(19, seen.before + 3));
        // Raising it again takes a privilege: root has it; others keep the lower priority.
        expect(seen.after).to.equal(process.getuid?.() === 0 ? seen.before : seen.lowered);
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
