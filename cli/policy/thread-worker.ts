/**
 * The analyzer client on a thread of its own (see cli/policy/thread.ts): starts and configures the pack
 * (the policy config file reconciled against its policies), and runs each stack's calls
 * (ConfigureStack, one Analyze per resource, AnalyzeStack) from the requests the plan's thread encoded.
 * The plan's thread is busy evaluating stacks; here the gRPC calls progress meanwhile.
 */
import { parentPort } from "node:worker_threads";
import { PolicyAnalyzer, type AnalyzerDiagnostic } from "./analyzer";
import { PolicyConfigError, reconcilePolicyConfig } from "./config";
import type { ThreadReply, ThreadRequest } from "./thread";

let analyzer: PolicyAnalyzer | undefined;
/** The pack's start: the stacks wait for it. */
let started: Promise<unknown> = Promise.reject(new Error("the policy pack was not started"));
started.catch(() => undefined);
const port = parentPort!;

async function start(request: Extract<ThreadRequest, { op: "start" }>): Promise<Omit<ThreadReply, "id">> {
    const pack = await PolicyAnalyzer.start(request.packDir, undefined, request.execArgv, (message) =>
        port.postMessage({ id: -1, log: message } satisfies ThreadReply),
    );
    try {
        const info = await pack.info();
        const config = reconcilePolicyConfig(info.policies, request.given);
        await pack.configure(config);
        analyzer = pack;
        return { info, config, pid: pack.pid };
    } catch (error) {
        // The plan stops: so does the pack.
        await pack.stop();
        throw error;
    }
}

async function analyzeStack(
    request: Extract<ThreadRequest, { op: "stack" }>,
): Promise<Omit<ThreadReply, "id">> {
    await started;
    const { context, urns, offsets, bytes, stackRequest } = request;
    await analyzer!.configureStack(context);
    const perResource = await Promise.all(
        urns.map((urn, i) => analyzer!.analyzeEncoded(bytes.subarray(offsets[i], offsets[i + 1]), urn)),
    );
    const perStack = await analyzer!.analyzeStackEncoded(stackRequest);
    const diagnostics: AnalyzerDiagnostic[] = [...perResource.flat(), ...perStack];
    return { diagnostics };
}

/** Stacks are analysed one at a time, in the order they come, as the engine analyses a stack. */
let stacks: Promise<unknown> = Promise.resolve();

function handle(request: ThreadRequest): Promise<Omit<ThreadReply, "id">> {
    switch (request.op) {
        case "start": {
            const reply = start(request);
            started = reply;
            return reply;
        }
        case "stack": {
            const reply = stacks.then(() => analyzeStack(request));
            stacks = reply.catch(() => undefined);
            return reply;
        }
        case "close":
            return stacks.then(async () => {
                await analyzer?.stop();
                analyzer = undefined;
                return {};
            });
    }
}

port.on("message", (request: ThreadRequest) => {
    handle(request).then(
        (reply) => port.postMessage({ id: request.id, ...reply } satisfies ThreadReply),
        (error: unknown) =>
            port.postMessage({
                id: request.id,
                ...(error instanceof PolicyConfigError
                    ? { configProblems: error.problems }
                    : { error: error instanceof Error ? error.message : String(error) }),
            } satisfies ThreadReply),
    );
});
