/**
 * Stack runs across worker threads: structured clone keeps plain data only, so values unknown in a
 * preview (the SDK's `Unknown` instances) travel as a marker object and are revived on arrival.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackRun } from "../mock-cloud/run";

const MARKER = "__hubNetworkUnknown";

/** A deep copy with unknown values (and live resource references) replaced by the marker. */
export function toTransfer(value: unknown): unknown {
    if (pulumi.isUnknown(value) || pulumi.Resource.isInstance(value)) return { [MARKER]: true };
    if (Array.isArray(value)) return value.map(toTransfer);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toTransfer(v);
        return out;
    }
    return value;
}

/** The inverse of {@link toTransfer}: markers become the SDK's unknown value again. */
export function fromTransfer(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(fromTransfer);
    if (value !== null && typeof value === "object") {
        if ((value as Record<string, unknown>)[MARKER] === true) return pulumi.unknown;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = fromTransfer(v);
        return out;
    }
    return value;
}

/** A stack run made transferable. */
export function runToTransfer(run: StackRun): unknown {
    return toTransfer(run);
}

/** A stack run revived. */
export function runFromTransfer(data: unknown): StackRun {
    return fromTransfer(data) as StackRun;
}
