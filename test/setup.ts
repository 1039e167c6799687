/** Mocha root hooks: say which Node runs the suite, so CI logs show it. */
export const mochaHooks = {
    beforeAll(): void {
        console.log(`  (tests running on Node ${process.version})`);
    },
};
