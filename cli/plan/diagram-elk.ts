/**
 * Runs ELK off the plan's thread. elkjs in Node runs its layout synchronously on the calling thread
 * (its "fake worker" only defers the call with a timer); here it runs on a `worker_threads` Worker that
 * loads elkjs's own web-worker script and answers batches of graphs through the same messages
 * (`register`, `layout`) elkjs's API sends to a web worker. The plan's thread is free meanwhile, the
 * ELK code is compiled on that thread only, and a batch costs one message each way (elkjs's API
 * takes two timer turns per graph). One worker serves the whole process; it does not keep the process
 * alive while idle. If the worker cannot run, the layout runs on this thread through elkjs's API.
 */
import { Worker } from "node:worker_threads";
import type { ElkNode } from "elkjs/lib/elk-api";

/**
 * The worker: elkjs's web-worker script registers its message handler on `self`; it is called
 * directly, once per graph, and answers through `self.postMessage`.
 */
const WORKER_SOURCE = (elkWorker: string) => `"use strict";
const { parentPort } = require("node:worker_threads");
let answer;
globalThis.self = { postMessage: (message) => { answer = message; } };
require(${JSON.stringify(elkWorker)});
const dispatch = globalThis.self.onmessage;
const call = (message) => {
    answer = undefined;
    dispatch({ data: { id: 0, ...message } });
    if (answer === undefined) throw new Error("ELK did not answer");
    if (answer.error !== undefined) throw answer.error;
    return answer.data;
};
call({ cmd: "register", algorithms: ["layered"] });
parentPort.on("message", ({ id, graphs }) => {
    try {
        const laidOut = graphs.map((graph) => call({ cmd: "layout", graph, layoutOptions: {}, options: {} }));
        parentPort.postMessage({ id, graphs: laidOut });
    } catch (error) {
        parentPort.postMessage({ id, error: String((error && error.message) || error) });
    }
});
`;

interface Pending {
    readonly resolve: (graphs: ElkNode[]) => void;
    readonly reject: (error: Error) => void;
}

/** The ELK worker thread of this process. */
class ElkThread {
    private readonly worker: Worker;
    private readonly pending = new Map<number, Pending>();
    private nextId = 0;
    /** Set once the thread has failed or exited: it takes no more work. */
    failed?: Error;

    constructor() {
        this.worker = new Worker(WORKER_SOURCE(require.resolve("elkjs/lib/elk-worker.min.js")), {
            eval: true,
            execArgv: [],
        });
        this.worker.unref();
        this.worker.on("message", (message: { id: number; graphs?: ElkNode[]; error?: string }) => {
            const pending = this.pending.get(message.id);
            if (!pending) return;
            this.pending.delete(message.id);
            if (this.pending.size === 0) this.worker.unref();
            if (message.error !== undefined) pending.reject(new Error(message.error));
            else pending.resolve(message.graphs ?? []);
        });
        const fail = (error: Error) => {
            this.failed ??= error;
            for (const pending of this.pending.values()) pending.reject(this.failed);
            this.pending.clear();
            if (thread === this) thread = undefined;
        };
        this.worker.on("error", fail);
        this.worker.on("exit", (code) => fail(new Error(`the ELK worker exited (code ${code})`)));
    }

    layout(graphs: readonly ElkNode[]): Promise<ElkNode[]> {
        if (this.failed) return Promise.reject(this.failed);
        return new Promise((resolve, reject) => {
            const id = this.nextId++;
            this.pending.set(id, { resolve, reject });
            this.worker.ref();
            this.worker.postMessage({ id, graphs });
        });
    }
}

let thread: ElkThread | undefined;

/** Starts the worker (loading ELK takes a moment): call early to overlap that with other work. */
export function startElk(): void {
    try {
        thread ??= new ElkThread();
    } catch {
        // No worker threads here: the layout runs on this thread.
    }
}

/** Lays out each graph with ELK (the graphs' own layout options apply); in order. */
export async function layoutGraphs(graphs: readonly ElkNode[]): Promise<ElkNode[]> {
    if (graphs.length === 0) return [];
    startElk();
    const current = thread;
    if (current) {
        try {
            return await current.layout(graphs);
        } catch (error) {
            // ELK rejected a graph (the worker is fine): the same would happen on this thread.
            if (!current.failed) throw error;
        }
    }
    return layoutHere(graphs);
}

/** The layout on this thread, through elkjs's API. */
async function layoutHere(graphs: readonly ElkNode[]): Promise<ElkNode[]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ELK = require("elkjs/lib/elk.bundled.js") as typeof import("elkjs/lib/elk.bundled.js").default;
    const elk = new ELK();
    try {
        const laidOut: ElkNode[] = [];
        for (const graph of graphs) laidOut.push(await elk.layout(graph));
        return laidOut;
    } finally {
        elk.terminateWorker();
    }
}
