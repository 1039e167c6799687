/**
 * The shipped example project (`stacks/` of the repository) as CI sees it: whatever environments,
 * hub stacks and spokes it holds, each environment plans with no failed stack, no mandatory policy
 * violation and no path violating the design, and CI finds every stack file. Nothing here names an
 * environment, a spoke or a count: an adopter replaces these files, and this spec keeps checking theirs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { stacksTouched } from "../../cli/ci/stacks";
import { plan } from "../../cli/plan/main";
import { environmentNames } from "../../stacks/schema/stack-config";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";

/** The stack config files of the project under `root`, as stack names. */
function stackFiles(root: string): string[] {
    return fs
        .readdirSync(path.join(root, "stacks", "config"))
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((n): n is string => n !== undefined)
        .sort();
}

describe("the shipped project", function () {
    // A whole environment with the policy pack, on a loaded machine.
    this.timeout(300_000);
    const environments = environmentNames(PROJECT_ROOT);
    let out: string;
    before(() => {
        out = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-shipped-"));
    });
    after(() => fs.rmSync(out, { recursive: true, force: true }));

    it("has at least one environment", () => {
        expect(environments).to.not.deep.equal([]);
    });

    for (const env of environments) {
        it(`plans ${env} as CI does: every stack evaluated, no mandatory violation, no path against the design, every required flow allowed`, async () => {
            const lines: string[] = [];
            const code = await plan(
                ["--env", env, "--root", PROJECT_ROOT, "--out", path.join(out, env), "--quiet"],
                (line) => lines.push(line),
            );
            expect(code, lines.join("\n")).to.equal(0);
        });
    }

    it("gives CI every stack file, each to be previewed in its own account", () => {
        const touched = stacksTouched(["package.json"], PROJECT_ROOT);
        expect(touched.map((s) => s.stack).sort()).to.deep.equal(stackFiles(PROJECT_ROOT));
        for (const stack of touched) {
            expect(stack.account, stack.stack).to.match(/^\d{12}$/);
            expect(stack.roleArn, stack.stack).to.match(new RegExp(`^arn:aws:iam::${stack.account}:role/`));
        }
    });
});
