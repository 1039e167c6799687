/**
 * The analyzer client for a plan, run on a worker thread (cli/policy/thread-worker.ts), connected to
 * one or more processes of the pack that share the stacks (as separate previews would). The plan's own
 * thread evaluates stacks, and a stack's evaluation holds its event loop for long stretches: a gRPC
 * call made from there waits for those to end at each of its steps, so the analysis of the first
 * stacks would trail behind the evaluation of all the others. Here the plan's thread only encodes a
 * stack's requests (cli/policy/requests) and hands them over in one message; the worker thread makes
 * the calls (ConfigureStack, one Analyze per resource, all in flight at once, then AnalyzeStack) as
 * soon as they come.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { ConfigProblem } from "../../stacks/schema/errors";
import type { AnalyzerDiagnostic, PackInfo, PolicyConfigEntry, StackContext } from "./analyzer";
import { PolicyConfigError, type PolicyConfigFile } from "./config";
import { typescriptWorkerSource } from "../worker-source";

/** What the plan's thread asks of the worker thread. */
export type ThreadRequest = { readonly id: number } & (
    | {
          readonly op: "start";
          readonly packDir: string;
          readonly execArgv: readonly string[];
          /** How many processes of the pack share the stacks. */
          readonly packs: number;
          /** The policy config file, reconciled against the pack's policies for Configure. */
          readonly given?: PolicyConfigFile;
      }
    | {
          readonly op: "stack";
          readonly context: StackContext;
          /** The resources' URNs, in the order of their requests. */
          readonly urns: readonly string[];
          /** Where each Analyze request starts in `bytes`, and where the last one ends. */
          readonly offsets: readonly number[];
          readonly bytes: Uint8Array;
          readonly stackRequest: Uint8Array;
      }
    | { readonly op: "close" }
);

/** What the worker thread answers (`id` -1: a message the pack logged). */
export interface ThreadReply {
    readonly id: number;
    readonly error?: string;
    /** What a config the policies reject is wrong with (start). */
    readonly configProblems?: readonly ConfigProblem[];
    readonly info?: PackInfo;
    readonly config?: Record<string, PolicyConfigEntry>;
    /** The pack's processes (start), or the one that analysed the stack (stack). */
    readonly pids?: readonly (number | undefined)[];
    readonly diagnostics?: AnalyzerDiagnostic[];
    readonly log?: string;
}

/** Loads the TypeScript worker the way `npm run plan` loads the plan itself. */
const BOOTSTRAP = typescriptWorkerSource(path.join(__dirname, "thread-worker.ts"));

/** A stack's encoded requests, as {@link PolicyThread.analyzeStack} takes them. */
export interface EncodedStack {
    readonly urns: readonly string[];
    readonly requests: readonly Uint8Array[];
    readonly stackRequest: Uint8Array;
}

/** What the pack told when it started. */
export interface StartedPack {
    readonly info: PackInfo;
    /** The reconciled config it was configured with. */
    readonly config: Readonly<Record<string, PolicyConfigEntry>>;
    /** The process ID of each of its processes. */
    readonly pids: readonly (number | undefined)[];
}

/** The policy pack, served to a client on a worker thread. */
export class PolicyThread {
    /** Messages the pack logged through the engine. */
    readonly engineLogs: string[] = [];
    /** How many stacks each process of the pack has analysed, by process ID. */
    readonly stacksPerProcess = new Map<number | undefined, number>();
    /**
     * Settles once the pack has started and is configured; rejects with a `PolicyConfigError` for a
     * config its policies reject. Stacks handed over before wait for it in the thread.
     */
    readonly started: Promise<StartedPack>;
    private readonly worker: Worker;
    private readonly pending = new Map<
        number,
        { resolve: (r: ThreadReply) => void; reject: (e: Error) => void }
    >();
    private nextId = 0;
    private failure?: Error;

    /**
     * Starts the worker thread and, from it, `packs` processes of the pack in `packDir`, configured with
     * `given` (the policy config file) reconciled against its policies; see {@link started}.
     */
    constructor(packDir: string, given?: PolicyConfigFile, execArgv: readonly string[] = [], packs = 1) {
        this.worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [] });
        this.worker.on("message", (message: ThreadReply) => this.receive(message));
        this.worker.on("error", (error) => this.fail(error));
        this.worker.on("exit", () => this.fail(new Error("the policy client thread stopped")));
        this.started = this.request({
            id: this.nextId++,
            op: "start",
            packDir,
            execArgv,
            packs,
            given,
        }).then((reply) => ({ info: reply.info!, config: reply.config!, pids: reply.pids ?? [] }));
        // Seen by the caller through `started` or the analyses that wait for it.
        this.started.catch(() => undefined);
    }

    private receive(reply: ThreadReply): void {
        if (reply.id === -1) {
            this.engineLogs.push(reply.log!);
            return;
        }
        const pending = this.pending.get(reply.id);
        if (!pending) return;
        this.pending.delete(reply.id);
        if (reply.configProblems) pending.reject(new PolicyConfigError(reply.configProblems));
        else if (reply.error !== undefined) pending.reject(new Error(reply.error));
        else pending.resolve(reply);
    }

    private fail(error: Error): void {
        this.failure ??= error;
        for (const pending of this.pending.values()) pending.reject(error);
        this.pending.clear();
    }

    private request(request: ThreadRequest, transfer: ArrayBuffer[] = []): Promise<ThreadReply> {
        if (this.failure) return Promise.reject(this.failure);
        return new Promise((resolve, reject) => {
            this.pending.set(request.id, { resolve, reject });
            this.worker.postMessage(request, transfer);
        });
    }

    /**
     * One stack, as the engine analyses it: ConfigureStack with `context`, Analyze for every request,
     * AnalyzeStack. Resolves with the diagnostics of the resources in order, then the stack's; rejects
     * with the pack's start failure if it did not start.
     */
    async analyzeStack(context: StackContext, stack: EncodedStack): Promise<AnalyzerDiagnostic[]> {
        // The requests travel in one buffer of their own, handed over rather than copied.
        const offsets = [0];
        for (const r of stack.requests) offsets.push(offsets[offsets.length - 1] + r.length);
        const bytes = new Uint8Array(offsets[offsets.length - 1]);
        stack.requests.forEach((r, i) => bytes.set(r, offsets[i]));
        const stackRequest = new Uint8Array(stack.stackRequest);
        const reply = await this.request(
            { id: this.nextId++, op: "stack", context, urns: stack.urns, offsets, bytes, stackRequest },
            [bytes.buffer, stackRequest.buffer],
        );
        const pid = reply.pids?.[0];
        this.stacksPerProcess.set(pid, (this.stacksPerProcess.get(pid) ?? 0) + 1);
        return reply.diagnostics!;
    }

    /** Stops the pack and the thread. */
    async close(): Promise<void> {
        if (!this.failure) await this.request({ id: this.nextId++, op: "close" }).catch(() => undefined);
        this.failure ??= new Error("the policy pack was closed");
        await this.worker.terminate();
    }
}
