/**
 * The plan prints error messages, never stack traces, and keeps no source positions, so its threads
 * capture neither. Left to itself the SDK takes most of the time of a stack evaluation doing so:
 *
 * - it wraps every promise it makes (about a hundred per resource) in `debuggablePromise`, which
 *   captures a stack trace and tags the promise with it, for a report of leaked promises that only
 *   `PULUMI_DEBUG_PROMISE_LEAKS` prints;
 * - it records where each resource was declared, from a full stack trace it formats and parses, for
 *   the engine to show; the mock monitor drops it;
 * - with source maps on (cli/register.js turns them on), every frame of a formatted trace is mapped
 *   back to TypeScript.
 */
import * as pulumi from "@pulumi/pulumi";

/** What the plan uses of the SDK's promise bookkeeping (`runtime/debuggable`, `runtime/state`). */
interface PromiseBookkeeping {
    readonly debuggable: {
        readonly debugPromiseLeaks?: unknown;
        debuggablePromise?: unknown;
    };
    readonly state: { readonly getStore?: unknown };
}

type Wrap = <T>(promise: Promise<T>, context: unknown) => Promise<T>;

/** Stops capturing stack traces and source positions in this thread (see above). */
export function withoutStackTraces(): void {
    Error.stackTraceLimit = 0;
    process.setSourceMapsEnabled(false);
    withoutSdkDebugInfo();
}

/**
 * Keeps the SDK's bookkeeping of pending promises (the set it reports leaks from when a program exits)
 * and drops what only a debugging session reads: the stack trace and context tagged on every promise,
 * and the source position of every resource. Does nothing when `PULUMI_DEBUG_PROMISE_LEAKS` asks for
 * those, or when the SDK is not shaped as expected (the plan is then slower, not different). Returns
 * a function that puts the SDK back as it was.
 */
export function withoutSdkDebugInfo(
    sdk: PromiseBookkeeping = {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal modules, no typings
        debuggable: require("@pulumi/pulumi/runtime/debuggable") as PromiseBookkeeping["debuggable"],
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal modules, no typings
        state: require("@pulumi/pulumi/runtime/state") as PromiseBookkeeping["state"],
    },
): () => void {
    const { debuggable, state } = sdk;
    const resource = pulumi.Resource as unknown as { callsites?: unknown };
    const original = debuggable.debuggablePromise;
    const originalCallsites = resource.callsites;
    if (
        debuggable.debugPromiseLeaks ||
        typeof original !== "function" ||
        typeof state.getStore !== "function" ||
        typeof originalCallsites !== "function"
    ) {
        return () => undefined;
    }
    const wrap = original as Wrap;
    let first = true;
    const light: Wrap = (promise, context) => {
        const store = (state.getStore as () => { leakCandidates?: unknown } | undefined)();
        // The first promise goes through the SDK: it schedules the leak report at exit.
        if (first || !(store?.leakCandidates instanceof Set)) {
            first = false;
            return wrap(promise, context);
        }
        const tracked = store as { leakCandidates: Set<Promise<unknown>> };
        tracked.leakCandidates.add(promise);
        // Chained as the SDK chains it, so that registrations keep their order.
        return promise
            .then((value) => {
                tracked.leakCandidates.delete(promise);
                return value;
            })
            .catch((error: unknown) => {
                tracked.leakCandidates.delete(promise);
                (error as { promise?: unknown }).promise = promise;
                throw error;
            });
    };
    debuggable.debuggablePromise = light;
    // No frames: no source position is sent with a registration.
    resource.callsites = () => [];
    return () => {
        debuggable.debuggablePromise = original;
        resource.callsites = originalCallsites;
    };
}
