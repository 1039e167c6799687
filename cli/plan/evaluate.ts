/** Evaluates one stack's program under the mock cloud (in this thread or in a worker). */
import { threadId } from "node:worker_threads";
import { runStack, type StackRun } from "../mock-cloud/run";
import { program } from "../../stacks/program";
import type { PlannedStack } from "./stacks";

/** One evaluation: a stack in a mode, with the exports of the stacks it may reference. */
export interface EvaluateJob {
    readonly stack: PlannedStack;
    readonly accountId: string;
    readonly region: string;
    readonly preview: boolean;
    readonly stackOutputs: Readonly<Record<string, Record<string, unknown>>>;
    /** The project folder whose `stacks/` holds the config and environment files. */
    readonly root: string;
}

/** Runs one stack's program under the mock cloud; a program error is thrown once the run settled. */
export async function evaluateStack(job: EvaluateJob): Promise<StackRun> {
    const { stack } = job;
    let programError: { error: unknown } | undefined;
    const run = await runStack({
        project: "hub-network",
        stack: stack.name,
        config: stack.config,
        accountId: job.accountId,
        region: job.region,
        preview: job.preview,
        stackOutputs: job.stackOutputs,
        // A program error is kept here rather than thrown through the runtime, whose stack resource
        // would leave its rejected outputs unhandled; it is rethrown once the run settled.
        program: async () => {
            try {
                return await program(stack.name, stack.config, job.root);
            } catch (error) {
                programError = { error };
                return {};
            }
        },
    });
    if (programError) throw programError.error;
    return run;
}

/** What one floor stack did, and on which thread (`worker_threads.threadId`, 0 for the main thread). */
export interface FloorResult {
    readonly count: number;
    readonly thread: number;
}

/** The SDK floor: `count` registrations of a trivial resource in one stack, under the same mocks. */
export async function floorStack(name: string, count: number): Promise<FloorResult> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for the benchmark
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const run = await runStack({
        project: "hub-network",
        stack: name,
        config: { "aws:region": "eu-west-1" },
        accountId: "111111111111",
        region: "eu-west-1",
        preview: true,
        program: async () => {
            for (let i = 0; i < count; i++) {
                new aws.ec2.Subnet(`floor-${i}`, { vpcId: "vpc-floor", cidrBlock: "10.0.0.0/28" });
            }
            return {};
        },
    });
    return { count: run.resources.length, thread: threadId };
}
