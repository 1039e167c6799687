/**
 * The suite runs its stacks with the SDK as the plan runs it: without the stack trace the SDK captures
 * for every promise and the source position of every resource (`withoutSdkDebugInfo` in
 * cli/plan/traces.ts), which took two thirds of the suite's time and change no registration (see
 * test/cli/plan/traces.spec.ts). Assertion failures keep their stack traces.
 */
import { withoutSdkDebugInfo } from "../../cli/plan/traces";

let restore: (() => void) | undefined;

/** Runs the SDK as the plan does (the default for the suite, from test/setup.ts). */
export function planSdk(): void {
    restore ??= withoutSdkDebugInfo();
}

/** Puts the SDK back as it ships, for the specs that compare the two. */
export function shippedSdk(): void {
    restore?.();
    restore = undefined;
}
