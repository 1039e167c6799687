import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { plan } from "../../cli/plan/main";
import { QA_STACKS, writeFixtureProject } from "../support/project-fixture";

/** Runs the plan; stdout and stderr apart. */
async function runPlan(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await plan(
        argv,
        (l) => out.push(l),
        undefined,
        (l) => err.push(l),
    );
    return { code, out, err };
}

describe("offline plan: its command line and its errors", () => {
    let root: string;
    beforeEach(() => {
        root = writeFixtureProject();
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("prints its help on stdout with exit 0, for -h and --help", async () => {
        for (const flag of ["-h", "--help"]) {
            const { code, out, err } = await runPlan([flag]);
            expect([code, err]).to.deep.equal([0, []]);
            expect(out.join("\n")).to.contain("usage: npm run plan -- --env <env>");
        }
    });

    it("puts usage mistakes on stderr with the usage, and nothing on stdout", async () => {
        const { code, out, err } = await runPlan(["--env", "qa", "--env", "qa", "--root", root]);
        expect(code).to.equal(2);
        expect(out).to.deep.equal([]);
        expect(err[0]).to.equal(
            "error: --env is given more than once; expected it once (the values differ or repeat by mistake)",
        );
        expect(err[1]).to.match(/^usage: npm run plan/);
    });

    it("refuses an --out under /proc at once instead of hanging", async () => {
        const { code, err } = await runPlan(["--env", "qa", "--root", root, "--out", "/proc/plan-out"]);
        expect(code).to.equal(2);
        expect(err[0]).to.equal(
            "error: --out '/proc/plan-out' is under /proc, the kernel's files; expected a folder for plan.json and topology.svg",
        );
    });

    it("refuses a broken stack file with exit 1, without the usage", async () => {
        fs.writeFileSync(path.join(root, "stacks/config/Pulumi.spoke-web-qa.yaml"), "");
        const { code, err } = await runPlan([
            "--env",
            "qa",
            "--root",
            root,
            "--no-policy",
            "--out",
            path.join(root, "out"),
        ]);
        expect(code).to.equal(1);
        expect(err).to.deep.equal([
            "error: invalid configuration (1 problem):\n  stacks/config/Pulumi.spoke-web-qa.yaml: (file) is empty; expected a YAML mapping (key: value lines)",
            "error: qa: not planned; fix the stack files above (see docs/troubleshooting.md)",
        ]);
    });

    it("ends with an error line, never a line that reads like success, when a stack fails", async () => {
        const text = QA_STACKS["network-qa"].replace("aws:region: eu-west-1", "aws:region: eu-west-2");
        fs.writeFileSync(path.join(root, "stacks/config/Pulumi.network-qa.yaml"), text);
        const { code, out, err } = await runPlan([
            "--env",
            "qa",
            "--root",
            root,
            "--stack",
            "network-qa",
            "--no-policy",
            "--out",
            path.join(root, "out"),
        ]);
        expect(code).to.equal(1);
        expect(err[0]).to.match(
            /^ERR network-qa \([^]*aws:region 'eu-west-2' differs from stacks\/environments\/qa\.yaml/,
        );
        expect(err[err.length - 1]).to.equal(
            "error: 1 of 1 stack(s) failed: network-qa; see the ERR lines above",
        );
        expect(out.join("\n")).to.not.match(/^error/m);
    });
});
