import { expect } from "chai";
import { runShippedStack } from "../harness";
import { analyzeRun } from "./recorded";

describe("the policy pack over the shipped stacks", () => {
    for (const stack of ["network-dev", "network-prod"]) {
        for (const preview of [false, true]) {
            it(`passes ${stack} (${preview ? "preview" : "update"}) with zero mandatory violations`, async () => {
                const findings = await analyzeRun(await runShippedStack(stack, { preview }));
                const mandatory = findings.filter((f) => f.level === "mandatory");
                expect(mandatory.map((f) => `${f.policy}: ${f.message}`)).to.deep.equal([]);
            });
        }
    }

    it("reports only the relaxations development chose, as advisories", async () => {
        const findings = await analyzeRun(await runShippedStack("network-dev"));
        expect([...new Set(findings.map((f) => `${f.level} ${f.policy}`))]).to.deep.equal([
            "advisory networkfirewall-firewall-protection",
        ]);
    });
});
