/**
 * `npm run bench:load [-- --runs N]`: how long a stack program and the policy pack take to load as the
 * Pulumi CLI loads them, against a transpile-only load, as whole processes (cli/bench/load-child.js).
 *
 * - program, as the CLI loads it: Pulumi.yaml's runtime options applied as the Node.js language host
 *   applies them (`nodeargs` on node's command line; ts-node only if `typescript` is on);
 * - program, as the CLI loaded it with `typescript: true` (ts-node, type-checking);
 * - policy pack, as the CLI loads it (ts-node with type-checking registered, then the pack's main);
 * - policy pack, its TypeScript loaded straight through that ts-node;
 * - each against ts-node in transpile-only mode, the reference.
 *
 * Prints the median, minimum and maximum wall and CPU time of each and the ratios of the medians.
 * Wall time on a busy machine varies; CPU time less so. No test asserts on these figures.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../stacks/schema/root";
import { stats } from "./stats";

interface Sample {
    readonly wallMs: number;
    readonly cpuMs: number;
}

const CHILD = path.join(__dirname, "load-child.js");

/** The Node.js arguments and environment the language host gives the program, from Pulumi.yaml. */
export function cliLaunch(root = PROJECT_ROOT): { nodeArgs: string[]; env: Record<string, string> } {
    const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as {
        runtime?: { options?: { typescript?: boolean; nodeargs?: string } };
    };
    const options = project.runtime?.options ?? {};
    return {
        nodeArgs: (options.nodeargs ?? "").split(" ").filter((a) => a.length > 0),
        // The language host sets this from `typescript` (default on), and run.js reads it.
        env: { PULUMI_NODEJS_TYPESCRIPT: options.typescript === false ? "false" : "true" },
    };
}

function sample(mode: string, nodeArgs: string[] = [], env: Record<string, string> = {}): Sample {
    const started = performance.now();
    const child = spawnSync(process.execPath, [...nodeArgs, CHILD, mode], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
    });
    const wallMs = performance.now() - started;
    const last = child.stdout.trim().split("\n").pop() ?? "";
    if (child.status !== 0 || !last.startsWith("{")) {
        throw new Error(`load (${mode}) failed (exit ${child.status}):\n${child.stderr || child.stdout}`);
    }
    return { wallMs, cpuMs: (JSON.parse(last) as { cpuMs: number }).cpuMs };
}

function main(): void {
    const runsArg = process.argv.indexOf("--runs");
    const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
    if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number of runs, e.g. 3");
    const cli = cliLaunch();
    const cases: [label: string, run: () => Sample][] = [
        ["program, as the CLI loads it (Pulumi.yaml)", () => sample("program-cli", cli.nodeArgs, cli.env)],
        ["program, ts-node type-checking (typescript: true)", () => sample("program-typecheck")],
        ["program, ts-node transpile-only (reference)", () => sample("program-transpile-only")],
        ["policy pack, as the CLI loads it (its main)", () => sample("pack-cli")],
        ["policy pack, ts-node type-checking (index.ts)", () => sample("pack-typecheck")],
        ["policy pack, ts-node transpile-only (reference)", () => sample("pack-transpile-only")],
    ];
    // One load of each first: caches (esbuild's, the file system's) are warm for every measured run.
    for (const [, run] of cases) run();
    const results = new Map<string, Sample[]>();
    for (let i = 0; i < runs; i++) {
        for (const [label, run] of cases) results.set(label, [...(results.get(label) ?? []), run()]);
    }
    const fmt = (n: number) => (n / 1000).toFixed(2).padStart(6);
    console.log(`load times over ${runs} run(s) each: median (min-max), seconds`);
    const medians = new Map<string, { wall: number; cpu: number }>();
    for (const [label, samples] of results) {
        const wall = stats(samples.map((s) => s.wallMs));
        const cpu = stats(samples.map((s) => s.cpuMs));
        medians.set(label, { wall: wall.median, cpu: cpu.median });
        console.log(
            `  ${label.padEnd(52)} wall ${fmt(wall.median)} (${fmt(wall.min).trim()}-${fmt(wall.max).trim()})  cpu ${fmt(cpu.median)} (${fmt(cpu.min).trim()}-${fmt(cpu.max).trim()})`,
        );
    }
    const ratio = (a: string, b: string) => {
        const x = medians.get(a)!;
        const y = medians.get(b)!;
        return `wall ${(x.wall / y.wall).toFixed(2)}x, cpu ${(x.cpu / y.cpu).toFixed(2)}x`;
    };
    const [programCli, programCheck, programRef, packCli, packCheck, packRef] = cases.map(([label]) => label);
    console.log("ratios (target: the CLI's load within 1.5x of the transpile-only one)");
    console.log(`  program as the CLI loads it / transpile-only: ${ratio(programCli, programRef)}`);
    console.log(`  program type-checking / transpile-only:      ${ratio(programCheck, programRef)}`);
    console.log(`  pack as the CLI loads it / transpile-only:    ${ratio(packCli, packRef)}`);
    console.log(`  pack type-checking / transpile-only:         ${ratio(packCheck, packRef)}`);
}

if (require.main === module) main();
