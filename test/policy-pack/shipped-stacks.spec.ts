import { expect } from "chai";
import { runStacks, type StackResult } from "../../cli/plan/run";
import { stacksOf } from "../../cli/plan/stacks";
import { runShippedStack } from "../harness";
import { analyzeRun } from "./recorded";

const environments = new Map<string, Promise<StackResult[]>>();

/** Every stack of `env`, run in dependency order (exports feeding StackReferences), as after an update. */
function environment(env: string): Promise<StackResult[]> {
    if (!environments.has(env)) environments.set(env, runStacks(env, stacksOf(env), false));
    return environments.get(env)!;
}

describe("the policy pack over the shipped stacks", () => {
    for (const env of ["dev", "prod"]) {
        it(`passes every stack of ${env} (update) with zero mandatory violations`, async () => {
            const results = await environment(env);
            expect(results.map((r) => r.stack.name)).to.include.members([
                `network-${env}`,
                `security-${env}`,
            ]);
            expect(
                results.filter((r) => r.error !== undefined).map((r) => `${r.stack.name}: ${r.error}`),
            ).to.deep.equal([]);
            const mandatory: string[] = [];
            for (const { stack, run } of results) {
                for (const f of await analyzeRun(run!)) {
                    if (f.level === "mandatory") mandatory.push(`${stack.name}: ${f.policy}: ${f.message}`);
                }
            }
            expect(mandatory).to.deep.equal([]);
        });
    }

    for (const stack of ["network-dev", "network-prod"]) {
        it(`passes ${stack} (preview) with zero mandatory violations`, async () => {
            const findings = await analyzeRun(await runShippedStack(stack, { preview: true }));
            const mandatory = findings.filter((f) => f.level === "mandatory");
            expect(mandatory.map((f) => `${f.policy}: ${f.message}`)).to.deep.equal([]);
        });
    }

    it("reports only the relaxations development chose, as advisories", async () => {
        const network = (await environment("dev")).find((r) => r.stack.name === "network-dev")!;
        const findings = await analyzeRun(network.run!);
        expect([...new Set(findings.map((f) => `${f.level} ${f.policy}`))]).to.deep.equal([
            "advisory networkfirewall-firewall-protection",
        ]);
    });
});
