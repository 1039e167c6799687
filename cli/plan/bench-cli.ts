/**
 * The command line of `npm run bench` (see cli/plan/bench.ts). It runs the plan as `npm run plan`
 * does: the policy pack is started first, and the SDK and the program load while it starts.
 */
import "./compile-cache";
import { parseArgs } from "node:util";
import { startPolicyThread } from "./pack-start";

const USAGE = `usage: npm run bench -- [--spokes N] [--workers N] [--no-policy] [--keep]
  --spokes N   generated spokes, 1 to 256 (default 10)
  --workers N  threads evaluating stacks (default: as the plan chooses)
  --no-policy  plan without the policy pack
  --keep       keep the generated folder and print its path`;

/** Exits 2 with `message` and the usage. */
function usage(message: string): never {
    console.error(`error: ${message}\n${USAGE}`);
    process.exit(2);
}

let values: { spokes: string; workers?: string; "no-policy"?: boolean; keep?: boolean; help?: boolean };
try {
    values = parseArgs({
        args: process.argv.slice(2),
        options: {
            spokes: { type: "string", default: "10" },
            workers: { type: "string" },
            "no-policy": { type: "boolean" },
            keep: { type: "boolean" },
            help: { type: "boolean" },
        },
    }).values;
} catch (error) {
    usage((error as Error).message);
}
if (values.help) {
    console.log(USAGE);
    process.exit(0);
}
const spokes = Number(values.spokes);
if (!Number.isInteger(spokes) || spokes < 1 || spokes > 256) {
    usage(`--spokes '${values.spokes}' is not a whole number from 1 to 256`);
}
const workers = values.workers === undefined ? undefined : Number(values.workers);
if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64)) {
    usage(`--workers '${values.workers}' is not a whole number from 1 to 64`);
}
const early = values["no-policy"] ? undefined : startPolicyThread(undefined);

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the pack is starting
const { runBench } = require("./bench") as typeof import("./bench");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the SDK, after the pack
const { withoutStackTraces } = require("./traces") as typeof import("./traces");
withoutStackTraces();
runBench(
    {
        spokes,
        ...(workers === undefined ? {} : { workers }),
        noPolicy: values["no-policy"] === true,
        keep: values.keep === true,
    },
    early,
).then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
