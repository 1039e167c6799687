/** Runs the stacks of an environment in dependency order under the mock cloud. */
import { runStack, StackRunError, type StackRun } from "../mock-cloud/run";
import { program } from "../../stacks/program";
import { loadEnvironment } from "../../stacks/schema/stack-config";
import type { PlannedStack } from "./stacks";

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
    /** Stops the run before the next stack starts. */
    readonly signal?: AbortSignal;
}

/** The account a stack deploys into, from its environment file (spokes: their request). */
function accountOf(stack: PlannedStack, env: string): string {
    const allowed = stack.config["aws:allowedAccountIds"];
    if (allowed) {
        const list = JSON.parse(allowed) as unknown;
        if (Array.isArray(list) && list.length > 0) return String(list[0]);
    }
    const { environment } = loadEnvironment(env);
    if (stack.role === "security") return environment.accounts.security;
    if (stack.role === "spoke") {
        const request = JSON.parse(stack.config["hub-network:spoke"] ?? "{}") as { account?: string };
        return request.account ?? environment.accounts.network;
    }
    return environment.accounts.network;
}

/** Runs one stack's program under the mock cloud; a program error is thrown once the run settled. */
async function evaluateStack(
    stack: PlannedStack,
    scope: {
        accountId: string;
        region: string;
        preview: boolean;
        stackOutputs: Readonly<Record<string, Record<string, unknown>>>;
    },
): Promise<StackRun> {
    let programError: { error: unknown } | undefined;
    const run = await runStack({
        project: "hub-network",
        stack: stack.name,
        config: stack.config,
        ...scope,
        // A program error is kept here rather than thrown through the runtime, whose stack resource
        // would leave its rejected outputs unhandled; it is rethrown once the run settled.
        program: async () => {
            try {
                return await program(stack.name, stack.config);
            } catch (error) {
                programError = { error };
                return {};
            }
        },
    });
    if (programError) throw programError.error;
    return run;
}

/**
 * Evaluates `stacks` (already in run order) one after another in this process, each under a fresh
 * mock runtime; every stack's exports feed the StackReferences of the stacks after it. A failing stack
 * is reported and the stacks that could reference it are skipped.
 */
export async function runStacks(
    env: string,
    stacks: readonly PlannedStack[],
    preview: boolean,
    progress: Progress = () => undefined,
    hooks: RunHooks = {},
): Promise<StackResult[]> {
    const outputs: Record<string, Record<string, unknown>> = {};
    const results: StackResult[] = [];
    let failedLevel = Infinity;
    for (const stack of stacks) {
        if (hooks.signal?.aborted) break;
        const accountId = accountOf(stack, env);
        const region = stack.config["aws:region"] ?? "";
        if (stack.level > failedLevel) {
            results.push({
                stack,
                accountId,
                region,
                error: "skipped: a stack it may reference failed",
                durationMs: 0,
            });
            progress({ stack: stack.name, phase: "failed", detail: "skipped" });
            continue;
        }
        progress({ stack: stack.name, phase: "start" });
        const started = performance.now();
        try {
            const evaluate = (asPreview: boolean) =>
                evaluateStack(stack, { accountId, region, preview: asPreview, stackOutputs: outputs });
            const run = await evaluate(preview);
            // StackReferences read the state of a deployed stack, where every ID is known: in a
            // preview, a stack that later stacks may reference is also evaluated as after an update,
            // and those exports feed the references (as in a preview of a spoke once its hub is up).
            const referenced = stacks.some((s) => s.level > stack.level);
            const deployed = preview && referenced ? await evaluate(false) : undefined;
            outputs[stack.name] = (deployed ?? run).outputs;
            const durationMs = performance.now() - started;
            const result = { stack, accountId, region, run, ...(deployed ? { deployed } : {}), durationMs };
            results.push(result);
            hooks.onResult?.(result);
            progress({ stack: stack.name, phase: "done", detail: `${run.resources.length} resources` });
        } catch (error) {
            const cause = error instanceof StackRunError ? error.cause : error;
            const message = cause instanceof Error ? cause.message : String(cause);
            failedLevel = Math.min(failedLevel, stack.level);
            results.push({
                stack,
                accountId,
                region,
                error: message,
                durationMs: performance.now() - started,
            });
            progress({ stack: stack.name, phase: "failed", detail: message });
        }
    }
    return results;
}
