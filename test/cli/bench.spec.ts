import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import type { PlanDocument } from "../../cli/plan/preview-json";

/** Runs the benchmark as `npm run bench` does; returns its exit code, its table by row, and its output. */
function bench(args: string[]): { status: number | null; rows: Map<string, string>; output: string } {
    const result = spawnSync(
        process.execPath,
        [
            "--require",
            path.join(PROJECT_ROOT, "cli", "register.js"),
            path.join(PROJECT_ROOT, "cli", "plan", "bench-cli.ts"),
            ...args,
        ],
        { cwd: PROJECT_ROOT, encoding: "utf8" },
    );
    const rows = new Map<string, string>();
    for (const line of result.stdout.split("\n")) {
        const row = /^(\S+(?: \S+)*) {2,}(.+)$/.exec(line);
        if (row) rows.set(row[1], row[2]);
    }
    return { status: result.status, rows, output: result.stdout + result.stderr };
}

/** Whether the pack's CPU time and memory can be read: Linux's /proc. */
const PROC = fs.existsSync("/proc/self/stat");

describe("npm run bench", function () {
    // Each case runs the benchmark as a child process with the policy pack: on a loaded CI machine that
    // takes minutes, not the suite's default minute.
    this.timeout(600_000);

    it("plans the hub with generated spokes and prints time, memory and CPU of the plan and of the pack", () => {
        const { status, rows, output } = bench(["--spokes", "2", "--keep"]);
        const kept = /^kept (.+)$/m.exec(output)?.[1];
        try {
            expect(status, output).to.equal(0);
            expect(rows.get("spokes")).to.equal("2");
            // The shipped hub (network and security) and the two spokes.
            expect(rows.get("stacks")).to.equal("4");
            expect(rows.get("policy pack")).to.equal("on");
            expect(rows.get("plan exit code")).to.equal("0");
            const plan = JSON.parse(
                fs.readFileSync(path.join(kept!, "out", "plan.json"), "utf8"),
            ) as PlanDocument;
            expect(plan.hubNetwork.stacks.map((s) => s.name)).to.deep.equal([
                "network-bench",
                "security-bench",
                "spoke-s001-bench",
                "spoke-s002-bench",
            ]);
            expect(Number(rows.get("resources"))).to.equal(plan.changeSummary.create);

            const wall = Number(/^([\d.]+) s$/.exec(rows.get("wall time") ?? "")?.[1]);
            const resources = Number(rows.get("resources"));
            // The whole process: start-up before the plan counts too.
            const processWall = Number(
                /^([\d.]+) s \(start-up and plan\)$/.exec(rows.get("process wall time") ?? "")?.[1],
            );
            expect(processWall, rows.get("process wall time")).to.be.at.least(wall);
            // The wall time is printed to a tenth of a second.
            expect(Number(rows.get("ms per resource"))).to.be.closeTo(
                (wall * 1000) / resources,
                50 / resources + 0.01,
            );
            if (!PROC) {
                // The pack's figures come from /proc: elsewhere, the rows give this process's alone.
                expect(rows.get("peak RSS")).to.match(/^\d+ MB this process$/);
                expect(rows.get("CPU time")).to.match(/^[\d.]+ s: [\d.]+ s this process; /);
                return;
            }
            const rss = /^(\d+) MB this process, (\d+) MB the policy pack's$/.exec(
                rows.get("peak RSS") ?? "",
            );
            expect(rss, rows.get("peak RSS")).to.not.equal(null);
            expect(Number(rss![2])).to.be.greaterThan(0);
            const cpu =
                /^([\d.]+) s: ([\d.]+) s this process, ([\d.]+) s the policy pack's; ([\d.]+) s per core on (\d+) cores$/.exec(
                    rows.get("CPU time") ?? "",
                );
            expect(cpu, rows.get("CPU time")).to.not.equal(null);
            const [total, own, pack, perCore, cores] = cpu!.slice(1).map(Number);
            expect(pack).to.be.greaterThan(0);
            expect(total).to.be.closeTo(own + pack, 0.11);
            expect(perCore).to.be.closeTo(total / cores, 0.1);
        } finally {
            if (kept) fs.rmSync(kept, { recursive: true, force: true });
        }
    });

    it("without the pack, counts this process only", () => {
        const { status, rows, output } = bench(["--spokes", "1", "--no-policy"]);
        expect(status, output).to.equal(0);
        expect(rows.get("policy pack")).to.equal("off");
        expect(rows.get("stacks")).to.equal("3");
        expect(rows.get("peak RSS")).to.match(/^\d+ MB this process$/);
        const cpu = /^([\d.]+) s: ([\d.]+) s this process; ([\d.]+) s per core on (\d+) cores$/.exec(
            rows.get("CPU time") ?? "",
        );
        expect(cpu, rows.get("CPU time")).to.not.equal(null);
        expect(cpu![1]).to.equal(cpu![2]);
    });

    it("refuses a bad command line with the usage and exit 2", () => {
        for (const [args, message] of [
            [["--spokes", "0"], "--spokes '0' is not a whole number from 1 to 2000"],
            [["--spokes", "2.5"], "--spokes '2.5' is not a whole number from 1 to 2000"],
            [["--workers", "none"], "--workers 'none' is not a whole number from 1 to 64"],
            [["--bogus"], "unknown option '--bogus'; expected one of --spokes,"],
        ] as const) {
            const { status, output } = bench([...args]);
            expect(status, output).to.equal(2);
            expect(output).to.contain(`error: ${message}`);
            expect(output).to.contain("usage: npm run bench -- [--spokes N]");
        }
    });
});
