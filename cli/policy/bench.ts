/**
 * `node --require ./cli/register.js cli/policy/bench.ts --spokes N`: the policy pack's share of a
 * plan. Evaluates the stacks of the benchmark environment (the shipped hub and N generated spokes,
 * as `npm run bench` does) or of a shipped environment (`--env dev`), then starts the pack and
 * hands it every stack at once (the plan hands each over as it is evaluated), and prints the pack's
 * start-up time, the analysis wall time, and the CPU time of the pack's processes and of this one.
 * `--packs N` starts N processes of the pack that share the stacks; `--pack-flags FLAGS` adds
 * Node.js flags to them. `--findings FILE` writes every finding, sorted, to compare runs;
 * `--pack-cpu-prof DIR` writes a CPU profile of the pack's process, `--cpu-prof DIR` one of this
 * process while it starts the pack and analyses the stacks; `--pack DIR` runs another copy of the
 * pack; `--rounds N` analyses every stack N times over (the later rounds warm).
 */
import * as fs from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_ROOT } from "../../stacks/schema/yaml-file";
import { generateEnvironment } from "../plan/bench";
import { PlanPolicy, type PolicyFinding } from "../plan/policy";
import { runStacks } from "../plan/run";
import { stacksOf } from "../plan/stacks";
import { withoutStackTraces } from "../plan/traces";

const PROJECT = "hub-network";

/**
 * CPU seconds (user and system) the processes have used so far, together, from `/proc`; undefined
 * elsewhere.
 */
function processCpuSeconds(pids: readonly (number | undefined)[]): number | undefined {
    let total = 0;
    for (const pid of pids) {
        if (pid === undefined) return undefined;
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            // Fields 14 and 15 of stat (utime, stime), counted from the state field (3).
            total += (Number(fields[11]) + Number(fields[12])) / 100;
        } catch {
            return undefined;
        }
    }
    return total;
}

const ownCpuSeconds = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
};

const sortKey = (f: PolicyFinding): string =>
    [f.stack, f.policyName, f.urn ?? "", f.message, f.enforcementLevel].join("\u0000");

async function main(): Promise<number> {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: {
            spokes: { type: "string", default: "20" },
            env: { type: "string" },
            workers: { type: "string", default: "1" },
            update: { type: "boolean" },
            findings: { type: "string" },
            "pack-cpu-prof": { type: "string" },
            "cpu-prof": { type: "string" },
            pack: { type: "string" },
            rounds: { type: "string", default: "1" },
            packs: { type: "string", default: "1" },
            "pack-flags": { type: "string" },
        },
    });
    const preview = !values.update;
    let root = PROJECT_ROOT;
    let env = values.env ?? "bench";
    let generated: string | undefined;
    if (!values.env) {
        generated = fs.mkdtempSync(path.join(tmpdir(), "hub-network-policy-bench-"));
        generateEnvironment(generated, Number(values.spokes));
        root = generated;
        env = "bench";
    }
    try {
        const evaluated = performance.now();
        const results = await runStacks(env, stacksOf(env, root), preview, undefined, {
            root,
            workers: Number(values.workers),
        });
        const stacksMs = performance.now() - evaluated;
        const failed = results.filter((r) => r.error !== undefined);
        if (failed.length > 0) {
            console.error(failed.map((r) => `${r.stack.name}: ${r.error}`).join("\n"));
            return 1;
        }
        const resources = results.reduce((n, r) => n + (r.run?.resources.length ?? 0), 0);

        let execArgv: string[] = values["pack-flags"]?.split(/\s+/).filter(Boolean) ?? [];
        const profileDir = values["pack-cpu-prof"];
        if (profileDir) {
            // Node writes the profile on a normal exit only: turn the stop signal into one.
            const preload = path.join(fs.mkdtempSync(path.join(tmpdir(), "pack-prof-")), "exit.js");
            fs.writeFileSync(preload, 'process.on("SIGTERM", () => process.exit(0));\n');
            execArgv = [
                ...execArgv,
                "--require",
                preload,
                "--cpu-prof",
                "--cpu-prof-dir",
                path.resolve(profileDir),
            ];
        }

        const session = values["cpu-prof"] ? new Session() : undefined;
        if (session) {
            session.connect();
            await session.post("Profiler.enable");
            await session.post("Profiler.start");
        }
        const ownBefore = ownCpuSeconds();
        const started = performance.now();
        const policy = await PlanPolicy.start(
            undefined,
            values.pack ? path.resolve(values.pack) : undefined,
            execArgv,
            Number(values.packs),
        );
        await policy.ready();
        const startMs = performance.now() - started;
        const startCpu = { pack: processCpuSeconds(policy.pids), own: ownCpuSeconds() - ownBefore };
        // Each round analyses every stack again on the same pack: the first is what a plan costs, the
        // least of the others the same work warm and with the least interference from other processes.
        const rounds: { wallMs: number; pack?: number; own: number }[] = [];
        let findings: PolicyFinding[] = [];
        for (let round = 0; round < Number(values.rounds); round++) {
            const packBefore = processCpuSeconds(policy.pids);
            const own = ownCpuSeconds();
            const analysed = performance.now();
            const perStack = await Promise.all(results.map((r) => policy.analyze(r, PROJECT, preview)));
            findings = perStack.flat();
            const packAfter = processCpuSeconds(policy.pids);
            rounds.push({
                wallMs: performance.now() - analysed,
                pack:
                    packBefore !== undefined && packAfter !== undefined ? packAfter - packBefore : undefined,
                own: ownCpuSeconds() - own,
            });
        }
        await policy.close();
        if (session) {
            const { profile } = await session.post("Profiler.stop");
            const dir = path.resolve(values["cpu-prof"]!);
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(dir, `client-${process.pid}.cpuprofile`), JSON.stringify(profile));
            session.disconnect();
        }

        const cpu = (s: number | undefined) => (s === undefined ? "n/a" : `${s.toFixed(2)} s`);
        const describe = (r: (typeof rounds)[number]) =>
            `wall ${(r.wallMs / 1000).toFixed(2)} s, pack CPU ${cpu(r.pack)}, client CPU ${cpu(r.own)}`;
        const least = (key: "wallMs" | "pack" | "own") =>
            Math.min(...rounds.slice(1).map((r) => r[key] ?? Number.NaN));
        const table = [
            ["environment", `${env} (${preview ? "preview" : "update"})`],
            ["stacks", String(results.length)],
            ["resources", String(resources)],
            ["stack evaluation", `${(stacksMs / 1000).toFixed(1)} s`],
            [
                "pack start",
                `${(startMs / 1000).toFixed(2)} s (pack CPU ${cpu(startCpu.pack)}, client CPU ${cpu(startCpu.own)})`,
            ],
            ["analysis", describe(rounds[0])],
            ...(rounds.length > 1
                ? [
                      [
                          `least of ${rounds.length - 1} more`,
                          describe({ wallMs: least("wallMs"), pack: least("pack"), own: least("own") }),
                      ],
                  ]
                : []),
            ["findings", String(findings.length)],
        ];
        const width = Math.max(...table.map(([k]) => k.length));
        console.log(table.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n"));

        if (values.findings) {
            const sorted = [...findings].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
            fs.writeFileSync(values.findings, `${JSON.stringify(sorted, null, 1)}\n`);
        }
        return 0;
    } finally {
        if (generated) fs.rmSync(generated, { recursive: true, force: true });
    }
}

if (require.main === module) {
    withoutStackTraces();
    main().then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(error instanceof Error ? error.message : String(error));
            process.exit(1);
        },
    );
}
