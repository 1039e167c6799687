import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { PolicyConfigError } from "../../../cli/policy/config";
import { transpiledPack } from "../../../cli/policy/pack";
import { StackRequests, type AnalyzableResource } from "../../../cli/policy/requests";
import { analyzable } from "../support/analyzable";
import { PolicyThread } from "../../../cli/policy/thread";

const STACK = "urn:pulumi:dev::hub-network";

const resource = (type: string, name: string, extra: Partial<AnalyzableResource> = {}) =>
    analyzable(STACK, type, name, extra);

const context = {
    stack: "dev",
    project: "hub-network",
    organization: "organization",
    dryRun: true,
    config: {},
};

/** A VPC without flow log (AnalyzeStack) and a security group open to the world on SSH (Analyze). */
function encodedStack() {
    const vpc = resource("aws:ec2/vpc:Vpc", "spoke", { inputs: { cidrBlock: "10.1.0.0/16" } });
    const web = resource("aws:ec2/securityGroup:SecurityGroup", "web", {
        inputs: {
            ingress: [
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], description: "ssh" },
            ],
        },
    });
    const resources = [vpc, web];
    const requests = new StackRequests(resources, { ...context, providerVersions: {} });
    return {
        urns: resources.map((r) => r.urn),
        requests: resources.map((r) => requests.encodedAnalyzeRequest(r)),
        stackRequest: requests.encodedAnalyzeStackRequest(),
    };
}

describe("the analyzer client on a worker thread", function () {
    this.timeout(120000);

    it("takes stacks before the pack is up and analyses them once it is, one at a time", async () => {
        const thread = new PolicyThread(transpiledPack());
        let pid: number | undefined;
        try {
            const [first, second] = await Promise.all([
                thread.analyzeStack(context, encodedStack()),
                thread.analyzeStack({ ...context, stack: "prod" }, encodedStack()),
            ]);
            const started = await thread.started;
            [pid] = started.pids;
            expect(started.info.name).to.equal("hub-network");
            expect(started.config["ec2-vpc-flow-logs"].enforcementLevel).to.equal("advisory");
            for (const diagnostics of [first, second]) {
                expect(diagnostics.map((d) => [d.policyName, d.urn])).to.deep.include.members([
                    [
                        "ec2-security-group-no-world-admin-ports",
                        `${STACK}::aws:ec2/securityGroup:SecurityGroup::web`,
                    ],
                    ["ec2-vpc-flow-logs", `${STACK}::aws:ec2/vpc:Vpc::spoke`],
                ]);
            }
        } finally {
            await thread.close();
        }
        // Closing waits for the pack's process to end: it is gone, not left unreaped.
        expect(pid).to.be.a("number");
        expect(() => process.kill(pid!, 0)).to.throw(/ESRCH/);
    });

    it("shares the stacks between processes of the pack, each finding the same", async () => {
        const thread = new PolicyThread(transpiledPack(), undefined, [], 2);
        let pids: readonly (number | undefined)[] = [];
        try {
            const stacks = ["dev", "test", "stage", "prod"];
            const found = await Promise.all(
                stacks.map((stack) => thread.analyzeStack({ ...context, stack }, encodedStack())),
            );
            pids = (await thread.started).pids;
            expect(new Set(pids).size).to.equal(2);
            const shape = (diagnostics: (typeof found)[number]) =>
                diagnostics.map((d) => `${d.policyName} ${d.urn}`).sort();
            for (const diagnostics of found) expect(shape(diagnostics)).to.deep.equal(shape(found[0]));
            expect(shape(found[0])).to.include(`ec2-vpc-flow-logs ${STACK}::aws:ec2/vpc:Vpc::spoke`);
            // Handed over together, the stacks go to the process with the fewest resources to analyse.
            expect([...thread.stacksPerProcess.entries()].sort()).to.deep.equal(
                pids.map((pid) => [pid, 2]).sort(),
            );
        } finally {
            await thread.close();
        }
        for (const pid of pids) expect(() => process.kill(pid!, 0)).to.throw(/ESRCH/);
    });

    it("rejects a config the policies reject, for the start and the stacks, and stops the pack", async () => {
        const given = {
            file: "policy-config.json",
            text: '{ "no-such-policy": "mandatory" }',
            entries: { "no-such-policy": { enforcementLevel: "mandatory" as const, properties: {} } },
        };
        const thread = new PolicyThread(transpiledPack(), given);
        try {
            const analysis = thread.analyzeStack(context, encodedStack());
            const error = await thread.started.then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(error).to.be.instanceOf(PolicyConfigError);
            expect((error as Error).message).to.include("no-such-policy");
            expect(
                await analysis.then(
                    () => undefined,
                    (e: unknown) => e,
                ),
            ).to.be.instanceOf(PolicyConfigError);
        } finally {
            await thread.close();
        }
    });

    it("fails the analyses with the reason when the pack cannot start", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-pack-"));
        fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.writeFileSync(
            path.join(dir, "package.json"),
            JSON.stringify({ name: "broken", main: "index.js" }),
        );
        fs.writeFileSync(path.join(dir, "index.js"), 'throw new Error("this pack is broken");\n');
        const thread = new PolicyThread(dir);
        try {
            const error = await thread.analyzeStack(context, encodedStack()).then(
                () => undefined,
                (e: unknown) => e as Error,
            );
            expect(error?.message).to.match(/exited with code/);
            expect(error?.message).to.include("this pack is broken");
        } finally {
            await thread.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
