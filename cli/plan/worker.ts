/**
 * A worker thread of the plan: evaluates the stacks it is sent, one at a time, each under a fresh mock
 * runtime, and posts the recorded runs back. Stack traces are off: the SDK captures one for every
 * promise it creates, which is half of the time of an evaluation, and the plan reports messages only.
 */
import "./compile-cache";
import "./source-maps-off";
import { parentPort } from "node:worker_threads";
import { StackRunError } from "../mock-cloud/run";
import { evaluateStack, floorStack, type EvaluateJob } from "./evaluate";
import { fromTransfer, runToTransfer } from "./transfer";
import { withoutStackTraces } from "./traces";
import { holdSpokeFiles } from "../../stacks/schema/spoke";

withoutStackTraces();
// A worker lives for one plan, whose files do not change meanwhile: each spoke file is read once.
holdSpokeFiles();

// A rejection the runtime leaves behind after a failed program is reported through the job already.
process.on("unhandledRejection", () => undefined);

let queue: Promise<void> = Promise.resolve();

parentPort?.on(
    "message",
    (message: { id: number; job?: EvaluateJob; floor?: { name: string; count: number } }) => {
        queue = queue.then(async () => {
            if (message.floor) {
                const floor = await floorStack(message.floor.name, message.floor.count);
                parentPort?.postMessage({ id: message.id, floor });
                return;
            }
            if (!message.job) return;
            try {
                const job = {
                    ...message.job,
                    stackOutputs: fromTransfer(message.job.stackOutputs) as EvaluateJob["stackOutputs"],
                };
                const run = await evaluateStack(job);
                parentPort?.postMessage({ id: message.id, run: runToTransfer(run) });
            } catch (error) {
                const cause = error instanceof StackRunError ? error.cause : error;
                parentPort?.postMessage({
                    id: message.id,
                    error: cause instanceof Error ? cause.message : String(cause),
                });
            }
        });
    },
);
