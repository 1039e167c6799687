/** A pool of plan worker threads: a job goes to an idle worker; each worker runs one job at a time. */
import { getPriority, setPriority } from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { StackRun } from "../mock-cloud/run";
import { evaluateStack, floorStack, type EvaluateJob, type FloorResult } from "./evaluate";
import { runFromTransfer, toTransfer } from "./transfer";
import { typescriptWorkerSource } from "../worker-source";

interface Pending {
    readonly id: number;
    readonly message: Record<string, unknown>;
    readonly resolve: (reply: { run?: unknown; floor?: FloorResult }) => void;
    readonly reject: (error: Error) => void;
}

interface Slot {
    worker: Worker;
    current?: Pending;
}

/** Loads the TypeScript worker the way `npm run plan` loads the plan itself. */
const BOOTSTRAP = typescriptWorkerSource(path.join(__dirname, "worker.ts"));

export class WorkerPool {
    private readonly slots: Slot[] = [];
    private readonly queue: Pending[] = [];
    private nextId = 0;
    private failures = 0;

    constructor(size: number) {
        for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    }

    private spawn(): Slot {
        const slot: Slot = { worker: new Worker(BOOTSTRAP, { eval: true, execArgv: [] }) };
        slot.worker.on(
            "message",
            (message: { id: number; run?: unknown; floor?: FloorResult; error?: string }) => {
                const pending = slot.current;
                if (!pending || pending.id !== message.id) return;
                slot.current = undefined;
                if (message.error !== undefined) pending.reject(new Error(message.error));
                else pending.resolve(message);
                this.dispatch();
            },
        );
        slot.worker.on("error", (error) => {
            // The thread is gone: fail its job and put a fresh worker in its place.
            const pending = slot.current;
            slot.current = undefined;
            pending?.reject(error);
            const index = this.slots.indexOf(slot);
            if (++this.failures > this.slots.length * 2) {
                // Workers keep dying (they cannot even start): fail what is left rather than respawn.
                if (index >= 0) this.slots.splice(index, 1);
                for (const queued of this.queue.splice(0)) queued.reject(error);
                return;
            }
            if (index >= 0) this.slots[index] = this.spawn();
            this.dispatch();
        });
        return slot;
    }

    private dispatch(): void {
        for (const slot of this.slots) {
            if (slot.current || this.queue.length === 0) continue;
            const pending = this.queue.shift()!;
            slot.current = pending;
            slot.worker.postMessage({ id: pending.id, ...pending.message });
        }
    }

    private send(message: Record<string, unknown>): Promise<{ run?: unknown; floor?: FloorResult }> {
        return new Promise((resolve, reject) => {
            this.queue.push({ id: this.nextId++, message, resolve, reject });
            this.dispatch();
        });
    }

    /** Evaluates `job` on the first idle worker. */
    async run(job: EvaluateJob): Promise<StackRun> {
        const reply = await this.send({ job: { ...job, stackOutputs: toTransfer(job.stackOutputs) } });
        return runFromTransfer(reply.run);
    }

    /** The SDK floor on the first idle worker: `count` trivial registrations. */
    async floor(name: string, count: number): Promise<FloorResult> {
        return (await this.send({ floor: { name, count } })).floor!;
    }

    /** Stops every worker. */
    async close(): Promise<void> {
        await Promise.all(this.slots.map((s) => s.worker.terminate()));
    }
}

/** Serial jobs of one thread. */
interface Runner {
    run(job: EvaluateJob): Promise<StackRun>;
    floor(name: string, count: number): Promise<FloorResult>;
}

/**
 * The threads a plan evaluates stacks on: this thread, which has the program loaded already, and
 * `threads - 1` worker threads. Each runs one job at a time; a job goes to the first free thread.
 */
export class StackThreads {
    private readonly pool?: WorkerPool;
    private readonly idle: Runner[];
    private readonly waiting: (() => void)[] = [];
    /** This thread. */
    private readonly local: Runner = { run: evaluateStack, floor: floorStack };

    constructor(threads: number) {
        const pool = threads > 1 ? new WorkerPool(threads - 1) : undefined;
        this.pool = pool;
        this.idle = [
            this.local,
            ...Array.from({ length: threads - 1 }, (): Runner => ({
                run: (job) => pool!.run(job),
                floor: (name, count) => pool!.floor(name, count),
            })),
        ];
    }

    private async onFree<T>(work: (runner: Runner) => Promise<T>): Promise<T> {
        while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
        const runner = this.idle.shift()!;
        try {
            return await work(runner);
        } finally {
            // A stack evaluated on this thread runs to its end in microtasks, so a worker's reply
            // waits for the event loop: give it a turn first, or this thread would take every job
            // while the workers sit finished and unheard.
            if (runner === this.local) await new Promise((resolve) => setImmediate(resolve));
            this.idle.push(runner);
            this.waiting.shift()?.();
        }
    }

    /** Evaluates `job` on the first free thread. */
    run(job: EvaluateJob): Promise<StackRun> {
        return this.onFree((runner) => runner.run(job));
    }

    /** The SDK floor on the first free thread: `count` trivial registrations. */
    floor(name: string, count: number): Promise<FloorResult> {
        return this.onFree((runner) => runner.floor(name, count));
    }

    /** Stops the worker threads. */
    async close(): Promise<void> {
        await this.pool?.close();
    }
}

/**
 * Lowers the scheduling priority of this thread by `steps` (nice values; threads it starts from then
 * on inherit it), and returns a function that puts it back. Raising a priority takes a privilege most
 * users lack: without it the thread keeps the lower one. Does nothing where priorities cannot be set.
 */
export function lowerThreadPriority(steps: number): () => void {
    let before: number;
    try {
        before = getPriority(0);
        setPriority(0, Math.min(19, before + steps));
    } catch {
        return () => undefined;
    }
    return () => {
        try {
            setPriority(0, before);
        } catch {
            // Not allowed to raise it again: the rest of the run has little to share the cores with.
        }
    };
}
