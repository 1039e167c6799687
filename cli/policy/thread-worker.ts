/**
 * The analyzer client on a thread of its own (see cli/policy/thread.ts): starts and configures the
 * pack's processes (the policy config file reconciled against its policies), and runs each stack's
 * calls (ConfigureStack, one Analyze per resource, AnalyzeStack) from the requests the plan's thread
 * encoded, on the process with the fewest resources still to analyse. The plan's thread is busy
 * evaluating stacks; here the gRPC calls progress meanwhile.
 */
import { parentPort } from "node:worker_threads";
import { PolicyAnalyzer, type AnalyzerDiagnostic } from "./analyzer";
import { PolicyConfigError, reconcilePolicyConfig } from "./config";
import type { ThreadReply, ThreadRequest } from "./thread";

/** One process of the pack: it analyses one stack at a time, in the order they come, as the engine does. */
interface Lane {
    readonly analyzer: PolicyAnalyzer;
    /** The stacks handed to it so far, chained. */
    queue: Promise<unknown>;
    /** Resources handed to it and not analysed yet. */
    load: number;
}

let lanes: Lane[] = [];
/** The pack's start: the stacks wait for it. */
let started: Promise<unknown> = Promise.reject(new Error("the policy pack was not started"));
started.catch(() => undefined);
const port = parentPort!;

async function start(request: Extract<ThreadRequest, { op: "start" }>): Promise<Omit<ThreadReply, "id">> {
    const onLog = (message: string) => port.postMessage({ id: -1, log: message } satisfies ThreadReply);
    const starts = Array.from({ length: Math.max(1, request.packs) }, () =>
        PolicyAnalyzer.start(request.packDir, undefined, request.execArgv, onLog),
    );
    const settled = await Promise.allSettled(starts);
    const packs = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    try {
        const failed = settled.find((s) => s.status === "rejected");
        if (failed) throw failed.reason;
        const info = await packs[0].info();
        const config = reconcilePolicyConfig(info.policies, request.given);
        await Promise.all(packs.map((pack) => pack.configure(config)));
        lanes = packs.map((analyzer) => ({ analyzer, queue: Promise.resolve(), load: 0 }));
        return { info, config, pids: packs.map((pack) => pack.pid) };
    } catch (error) {
        // The plan stops: so do the packs.
        await Promise.all(packs.map((pack) => pack.stop()));
        throw error;
    }
}

async function analyzeOn(
    analyzer: PolicyAnalyzer,
    request: Extract<ThreadRequest, { op: "stack" }>,
): Promise<Omit<ThreadReply, "id">> {
    const { context, urns, offsets, bytes, stackRequest } = request;
    await analyzer.configureStack(context);
    const perResource = await Promise.all(
        urns.map((urn, i) => analyzer.analyzeEncoded(bytes.subarray(offsets[i], offsets[i + 1]), urn)),
    );
    const perStack = await analyzer.analyzeStackEncoded(stackRequest);
    const diagnostics: AnalyzerDiagnostic[] = [...perResource.flat(), ...perStack];
    return { diagnostics, pids: [analyzer.pid] };
}

async function analyzeStack(
    request: Extract<ThreadRequest, { op: "stack" }>,
): Promise<Omit<ThreadReply, "id">> {
    await started;
    const lane = lanes.reduce((least, l) => (l.load < least.load ? l : least));
    const load = request.urns.length;
    lane.load += load;
    const reply = lane.queue.then(() => analyzeOn(lane.analyzer, request));
    lane.queue = reply.catch(() => undefined);
    try {
        return await reply;
    } finally {
        lane.load -= load;
    }
}

function handle(request: ThreadRequest): Promise<Omit<ThreadReply, "id">> {
    switch (request.op) {
        case "start": {
            const reply = start(request);
            started = reply;
            return reply;
        }
        case "stack":
            return analyzeStack(request);
        case "close":
            return started
                .catch(() => undefined)
                .then(async () => {
                    await Promise.all(lanes.map((lane) => lane.queue));
                    await Promise.all(lanes.map((lane) => lane.analyzer.stop()));
                    lanes = [];
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
