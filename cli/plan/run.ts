/**
 * Runs the stacks of an environment in dependency order under the mock cloud: the stacks of one level
 * are independent, so they run in parallel, on this thread and on worker threads (one mock runtime per
 * stack, one stack at a time per thread); each level's exports feed the StackReferences of the next
 * levels.
 */
import { StackRunError, type StackRun } from "../mock-cloud/run";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { holdSpokeFiles } from "../../stacks/schema/spoke";
import type { EvaluateJob } from "./evaluate";
import { accountOf, type PlannedStack } from "./stacks";
import { StackThreads } from "./worker-pool";

/** One stack's result. */
export interface StackResult {
    readonly stack: PlannedStack;
    readonly accountId: string;
    readonly region: string;
    readonly run?: StackRun;
    /**
     * In a preview, the same stack evaluated as after an update, when later stacks reference it: its
     * exports feed their StackReferences, and its known IDs let the analyses follow references.
     */
    readonly deployed?: StackRun;
    /** Why the stack could not be evaluated (a config error names file, field and fix). */
    readonly error?: string;
    readonly durationMs: number;
}

/** Progress callback: called when a stack starts and when it ends. */
export type Progress = (event: {
    stack: string;
    phase: "start" | "done" | "failed";
    detail?: string;
}) => void;

/** Optional hooks into a run. */
export interface RunHooks {
    /** Called with each stack evaluated successfully, as soon as it is done. */
    readonly onResult?: (result: StackResult) => void;
    /** Stops the run before the next level starts. */
    readonly signal?: AbortSignal;
    /**
     * Threads to evaluate stacks on, this one included (default 1: this thread only). This thread has
     * the program loaded already, so `n` adds `n - 1` worker threads, each of which loads it first.
     */
    readonly workers?: number;
    /** The project folder whose `stacks/` holds the config and environment files. */
    readonly root?: string;
}

/** Evaluates a job in this thread or on the pool. */
type Evaluator = (job: EvaluateJob) => Promise<StackRun>;

/**
 * Evaluates `stacks` (already in run order) level by level: the stacks of a level (and, in a preview,
 * the evaluation as deployed of those that later stacks reference) run in parallel, each under a fresh
 * mock runtime; every stack's exports feed the StackReferences of the levels after it. A failing stack
 * is reported and the stacks that could reference it are skipped.
 */
export async function runStacks(
    env: string,
    stacks: readonly PlannedStack[],
    preview: boolean,
    progress: Progress = () => undefined,
    hooks: RunHooks = {},
): Promise<StackResult[]> {
    const root = hooks.root ?? PROJECT_ROOT;
    const threads = new StackThreads(Math.max(1, Math.min(hooks.workers ?? 1, stacks.length * 2)));
    // The files do not change while the stacks are evaluated: each spoke stack reads the others once.
    const release = holdSpokeFiles();
    try {
        return await runLevels(env, stacks, preview, progress, hooks, root, (job) => threads.run(job));
    } finally {
        release();
        await threads.close();
    }
}

async function runLevels(
    env: string,
    stacks: readonly PlannedStack[],
    preview: boolean,
    progress: Progress,
    hooks: RunHooks,
    root: string,
    evaluate: Evaluator,
): Promise<StackResult[]> {
    const outputs: Record<string, Record<string, unknown>> = {};
    const byName = new Map<string, StackResult>();
    let failedLevel = Infinity;
    const levels = [...new Set(stacks.map((s) => s.level))].sort((a, b) => a - b);
    for (const level of levels) {
        if (hooks.signal?.aborted) break;
        const references = { ...outputs };
        await Promise.all(
            stacks
                .filter((s) => s.level === level)
                .map(async (stack) => {
                    const accountId = accountOf(stack, env, root);
                    const region = stack.config["aws:region"] ?? "";
                    if (stack.level > failedLevel) {
                        byName.set(stack.name, {
                            stack,
                            accountId,
                            region,
                            error: "skipped: a stack it may reference failed",
                            durationMs: 0,
                        });
                        progress({ stack: stack.name, phase: "failed", detail: "skipped" });
                        return;
                    }
                    progress({ stack: stack.name, phase: "start" });
                    const started = performance.now();
                    const job = (asPreview: boolean): EvaluateJob => ({
                        stack,
                        accountId,
                        region,
                        preview: asPreview,
                        stackOutputs: references,
                        root,
                    });
                    // StackReferences read the state of a deployed stack, where every ID is known: in a
                    // preview, a stack that later stacks may reference is also evaluated as after an
                    // update, and those exports feed the references (as in a preview of a spoke once its
                    // hub is up). Both evaluations run side by side.
                    const referenced = stacks.some((s) => s.level > stack.level);
                    const [run, deployed] = await Promise.allSettled([
                        evaluate(job(preview)),
                        preview && referenced ? evaluate(job(false)) : Promise.resolve(undefined),
                    ]);
                    const failure =
                        run.status === "rejected"
                            ? run.reason
                            : deployed.status === "rejected"
                              ? deployed.reason
                              : undefined;
                    if (run.status === "rejected" || deployed.status === "rejected") {
                        const cause = failure instanceof StackRunError ? failure.cause : failure;
                        const message = cause instanceof Error ? cause.message : String(cause);
                        failedLevel = Math.min(failedLevel, stack.level);
                        byName.set(stack.name, {
                            stack,
                            accountId,
                            region,
                            error: message,
                            durationMs: performance.now() - started,
                        });
                        progress({ stack: stack.name, phase: "failed", detail: message });
                        return;
                    }
                    outputs[stack.name] = (deployed.value ?? run.value).outputs;
                    const result: StackResult = {
                        stack,
                        accountId,
                        region,
                        run: run.value,
                        ...(deployed.value ? { deployed: deployed.value } : {}),
                        durationMs: performance.now() - started,
                    };
                    byName.set(stack.name, result);
                    hooks.onResult?.(result);
                    progress({
                        stack: stack.name,
                        phase: "done",
                        detail: `${run.value.resources.length} resources`,
                    });
                }),
        );
    }
    return stacks.map((s) => byName.get(s.name)).filter((r): r is StackResult => r !== undefined);
}
