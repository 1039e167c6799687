import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { runStack, type StackRun } from "../../../cli/mock-cloud/run";
import { withoutSdkDebugInfo } from "../../../cli/plan/traces";
import { planSdk, shippedSdk } from "../../harness/sdk";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internal modules
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internal modules
const state = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { leakCandidates: Set<Promise<unknown>> };
};
const callsites = () => (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites();

/** A small stack: a VPC, a subnet that takes its ID, both inside a component. */
function smallStack(): Promise<StackRun> {
    return runStack({
        project: "hub-network",
        stack: "traces",
        config: { "aws:region": "eu-west-1" },
        accountId: "111111111111",
        region: "eu-west-1",
        preview: true,
        program: async () => {
            const group = new pulumi.ComponentResource("hub:test:Group", "group");
            const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, { parent: group });
            const subnet = new aws.ec2.Subnet(
                "subnet",
                { vpcId: vpc.id, cidrBlock: "10.0.0.0/24" },
                { parent: group },
            );
            return { subnetId: subnet.id };
        },
    });
}

describe("the plan's SDK without debug info", () => {
    // These compare the SDK as it ships with the plan's; the rest of the suite runs the plan's.
    before(shippedSdk);
    after(planSdk);

    it("keeps tracking pending promises as the SDK does, without tagging them", async () => {
        const restore = withoutSdkDebugInfo();
        try {
            // The first promise goes through the SDK itself, which schedules its leak report.
            await debuggable.debuggablePromise(Promise.resolve(0), "first");
            let resolve!: (value: number) => void;
            const pending = new Promise<number>((r) => (resolve = r));
            const wrapped = debuggable.debuggablePromise(pending, "pending");
            expect(state.getStore().leakCandidates.has(pending)).to.equal(true);
            expect(Object.getOwnPropertyNames(pending)).to.deep.equal([]);
            resolve(42);
            expect(await wrapped).to.equal(42);
            expect(state.getStore().leakCandidates.has(pending)).to.equal(false);

            const failing = Promise.reject(new Error("boom"));
            const error = await debuggable.debuggablePromise(failing, "failing").catch((e: unknown) => e);
            expect((error as Error).message).to.equal("boom");
            expect((error as { promise?: unknown }).promise).to.equal(failing);
            expect(state.getStore().leakCandidates.has(failing)).to.equal(false);

            expect(callsites()).to.deep.equal([]);
        } finally {
            restore();
        }
        // Put back: the SDK tags its promises and finds frames again.
        const tagged = Promise.resolve(1);
        await debuggable.debuggablePromise(tagged, "after");
        expect(Object.getOwnPropertyNames(tagged)).to.include("_debugCtx");
        expect(callsites().length).to.be.greaterThan(0);
    });

    it("records the same registrations as the SDK left as it is", async () => {
        const plain = await smallStack();
        const restore = withoutSdkDebugInfo();
        let light: StackRun;
        try {
            light = await smallStack();
        } finally {
            restore();
        }
        expect(light.resources).to.deep.equal(plain.resources);
        expect(light.resources.map((r) => r.type)).to.include.members([
            "hub:test:Group",
            "aws:ec2/vpc:Vpc",
            "aws:ec2/subnet:Subnet",
        ]);
        expect(light.outputs).to.deep.equal(plain.outputs);
    });

    it("leaves the SDK alone when leak debugging is on or its modules are shaped otherwise", () => {
        const wrap = (p: Promise<unknown>) => p;
        const debugging = { debugPromiseLeaks: true, debuggablePromise: wrap };
        withoutSdkDebugInfo({ debuggable: debugging, state: { getStore: () => ({}) } })();
        expect(debugging.debuggablePromise).to.equal(wrap);
        const reshaped = { debuggablePromise: wrap };
        withoutSdkDebugInfo({ debuggable: reshaped, state: {} });
        expect(reshaped.debuggablePromise).to.equal(wrap);
        expect(callsites().length).to.be.greaterThan(0);
    });
});
