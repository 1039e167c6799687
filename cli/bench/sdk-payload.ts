/**
 * `npm run bench:sdk -- [--spokes N] [--rounds N]`: what the
 * SDK's registration path alone costs with this program's resources, against the benchmark's SDK
 * floor (trivial subnets). Evaluates the stacks of the benchmark environment (the shipped hub and N
 * generated spokes, as `npm run bench` does) once on this thread, then, round after round, measures
 * on this thread under minimal mocks (every resource's state is its inputs):
 *
 * - the floor: as many registrations of a trivial `aws.ec2.Subnet` as each stack has resources;
 * - the replay: every recorded resource registered again with its type, name, parent, provider and
 *   recorded inputs (values unknown in the preview stay unknown), and each component's outputs, with
 *   none of the program, the mock cloud, the policies or the plan's analyses.
 *
 * Prints the median, minimum and maximum of each and the ratios of the medians: how many times the
 * floor the SDK itself needs for these resources (a lower bound for any plan of them on one thread),
 * and how many times the floor the evaluation of the stacks took (the program, the mock cloud and the
 * recording of every registration, without the policies or the plan's analyses). No test asserts on
 * these figures.
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { generateEnvironment } from "../plan/bench";
import { runStacks } from "../plan/run";
import { stacksOf } from "../plan/stacks";
import { withoutStackTraces } from "../plan/traces";
import { replay } from "./sdk-replay";
import { stats } from "./stats";

const PROJECT = "hub-network";

const runtime = pulumi.runtime as unknown as { waitForRPCs(): Promise<void> };

/** Runs `program` as a stack under mocks whose resources' state is their inputs. */
async function minimalStack(name: string, program: () => void): Promise<void> {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
            call: () => ({}),
        },
        PROJECT,
        name,
        true,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        program();
        return {};
    });
    await runtime.waitForRPCs();
}

/** `count` trivial registrations: what `npm run bench` calls the SDK floor. */
function floor(count: number): () => void {
    return () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the SDK
        const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
        for (let i = 0; i < count; i++) {
            new aws.ec2.Subnet(`floor-${i}`, { vpcId: "vpc-floor", cidrBlock: "10.0.0.0/28" });
        }
    };
}

/** Milliseconds as "median s (min-max)". */
function figure(values: readonly number[]): string {
    const { median, min, max } = stats(values);
    return `${(median / 1000).toFixed(2)} s (${(min / 1000).toFixed(2)}-${(max / 1000).toFixed(2)})`;
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: { spokes: { type: "string", default: "100" }, rounds: { type: "string", default: "3" } },
    });
    const spokes = Number(values.spokes);
    const rounds = Number(values.rounds);
    if (!Number.isInteger(spokes) || spokes < 1 || !Number.isInteger(rounds) || rounds < 1) {
        console.error("usage: cli/bench/sdk-payload.ts [--spokes N (>= 1)] [--rounds N (>= 1)]");
        return 2;
    }
    withoutStackTraces();
    const root = fs.mkdtempSync(path.join(tmpdir(), "hub-network-sdk-payload-"));
    try {
        generateEnvironment(root, spokes);
        const evaluated = performance.now();
        const results = await runStacks("bench", stacksOf("bench", root), true, undefined, {
            root,
            workers: 1,
        });
        const stacksMs = performance.now() - evaluated;
        const failed = results.filter((r) => r.error !== undefined || !r.run);
        if (failed.length > 0) {
            console.error(failed.map((r) => `${r.stack.name}: ${r.error}`).join("\n"));
            return 1;
        }
        const runs = results.map((r) => r.run!);
        const counts = runs.map(
            (run) => run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length,
        );
        const generic = new Set<string>();
        const floors: number[] = [];
        const replays: number[] = [];
        for (let round = 0; round < rounds; round++) {
            // Alternated, so that both see the same minutes of a shared machine.
            let started = performance.now();
            for (const [i, count] of counts.entries()) await minimalStack(`floor-${i}`, floor(count));
            floors.push(performance.now() - started);
            started = performance.now();
            for (const [i, run] of runs.entries())
                await minimalStack(`replay-${i}`, replay(run.resources, generic));
            replays.push(performance.now() - started);
        }
        const total = counts.reduce((a, b) => a + b, 0);
        const rows = [
            ["spokes", String(spokes)],
            ["stacks", String(runs.length)],
            ["resources", String(total)],
            [
                "stacks evaluated",
                `${(stacksMs / 1000).toFixed(2)} s (the program under the mock cloud, once)`,
            ],
            ["SDK floor", `${figure(floors)}, ${rounds} round(s)`],
            ["replay", `${figure(replays)}, ${rounds} round(s)`],
            ["replay / floor", (stats(replays).median / stats(floors).median).toFixed(2)],
            ["stacks evaluated / floor", (stacksMs / stats(floors).median).toFixed(2)],
            ["without a class", generic.size ? [...generic].sort().join(", ") : "none"],
        ];
        const width = Math.max(...rows.map(([k]) => k.length));
        console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n"));
        return 0;
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
