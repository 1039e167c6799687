/**
 * Mocha root hooks: say which Node runs the suite, so CI logs show it, and run the SDK as the plan
 * runs it (test/harness/sdk.ts).
 */
import { planSdk } from "./harness/sdk";

export const mochaHooks = {
    beforeAll(): void {
        console.log(`  (tests running on Node ${process.version})`);
        planSdk();
    },
};
