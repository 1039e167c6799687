import { expect } from "chai";
import { runEnvironment, runFixtureStack, type Recorded } from "../harness";
import { analyzeRun } from "./recorded";

describe("the policy pack over the fixture project's stacks", () => {
    for (const env of ["dev", "prod"]) {
        it(`passes every stack of ${env} (update) with zero mandatory violations`, async () => {
            const runs: Record<string, Recorded> = await runEnvironment(env);
            expect(Object.keys(runs)).to.include.members([`network-${env}`, `security-${env}`]);
            const mandatory: string[] = [];
            for (const [stack, run] of Object.entries(runs)) {
                for (const f of await analyzeRun(run)) {
                    if (f.level === "mandatory") mandatory.push(`${stack}: ${f.policy}: ${f.message}`);
                }
            }
            expect(mandatory).to.deep.equal([]);
        });
    }

    for (const stack of ["network-dev", "network-prod"]) {
        it(`passes ${stack} (preview) with zero mandatory violations`, async () => {
            const findings = await analyzeRun(await runFixtureStack(stack, { preview: true }));
            const mandatory = findings.filter((f) => f.level === "mandatory");
            expect(mandatory.map((f) => `${f.policy}: ${f.message}`)).to.deep.equal([]);
        });
    }

    it("reports only the relaxations development chose, as advisories", async () => {
        const findings = await analyzeRun((await runEnvironment("dev"))["network-dev"]);
        expect([...new Set(findings.map((f) => `${f.level} ${f.policy}`))]).to.deep.equal([
            "advisory networkfirewall-firewall-protection",
        ]);
    });
});
